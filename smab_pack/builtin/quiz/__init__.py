"""Quizzes: single choice, multiple choice, true/false, fill-in, matching, sequencing, numeric and
cloze questions, graded in the learner's browser and reported to the LMS as interactions, and free
text and likert items recorded without a score."""

from __future__ import annotations

from importlib.resources import files

from smab_pack.api import BlockType, ParseContext, RenderContext, hookimpl, rules_from

from .model import QuizBlock
from .parse import parse_quiz
from .render import render_quiz

_here = files(__name__)


class QuizType(BlockType):
    name = "quiz"
    js = (_here / "quiz.js").read_text(encoding="utf-8")
    css = (_here / "quiz.css").read_text(encoding="utf-8")

    def parse(self, info: str, tokens, ctx: ParseContext) -> QuizBlock | None:
        return parse_quiz(info, tokens, ctx, ctx.scratch.setdefault(self.name, {}))

    def render(self, block, ctx: RenderContext) -> str:
        return render_quiz(block, ctx)


class _KindCode(BlockType):
    """The run-time code of one question kind (quiz-<kind>.js and .css), shipped only to a course whose
    quizzes ask it (a question's interaction names it as its block). No container opens it."""

    def containers(self) -> tuple[str, ...]:
        return ()

    def parse(self, info: str, tokens, ctx: ParseContext) -> None:
        return None

    def render(self, block, ctx: RenderContext) -> str:
        return ""


@hookimpl
def smab_block_types():
    return [QuizType(), *(_kind_code(kind) for kind in ("matching", "numeric", "pool", "sequencing"))]


def _kind_code(kind: str) -> BlockType:
    code = (_here / f"quiz-{kind}.js").read_text(encoding="utf-8")
    style = _here / f"quiz-{kind}.css"
    css = style.read_text(encoding="utf-8") if style.is_file() else ""
    return type(f"Quiz{kind.title()}Code", (_KindCode,), {"name": f"quiz-{kind}", "js": code, "css": css})()


_CODES = [
    ("quiz-empty", "A quiz has no questions.", "Start each question with a heading (## …) inside the quiz."),
    (
        "quiz-no-answers",
        "A question has no answer list, or fewer than two answers.",
        "Add answers as a list: - [x] right, - [ ] wrong.",
    ),
    ("quiz-answer-mark", "An answer does not start with [x] or [ ].", "Mark each answer: [x] correct, [ ] wrong."),
    ("quiz-no-correct", "No answer of a question is marked correct.", "Mark the right answer(s) with [x]."),
    (
        "quiz-single",
        "A single-choice question marks several answers correct.",
        "Keep one [x], or add {type=multiple} after the question.",
    ),
    (
        "quiz-true-false",
        "A true-false question does not have exactly two answers with one marked.",
        "Write two answers, true then false, and mark the right one.",
    ),
    (
        "quiz-fill-in",
        "A fill-in question has an answer not marked [x].",
        "Every fill-in answer is accepted: mark each.",
    ),
    ("quiz-duplicate-answer", "Two answers of a question have the same text.", "Remove or reword one of them."),
    ("quiz-too-many-answers", "A question has more than 26 answers.", "Split the question."),
    (
        "quiz-type",
        "A question's type is not one the quiz knows.",
        "Use single, multiple, true-false, fill-in, matching, sequencing, numeric, cloze, text or likert.",
    ),
    (
        "quiz-matching-unmatched",
        "A matching item is matched with nothing.",
        "Write 'item → what it matches'; a target no item matches is written '→ target'.",
    ),
    ("quiz-matching-duplicate", "A matching item is paired twice.", "Keep one pair per item."),
    (
        "quiz-sequence-short",
        "A sequencing question has fewer than 2 steps (or more than 26).",
        "List 2 to 26 steps in the right order.",
    ),
    (
        "quiz-numeric",
        "A numeric question's answer is not one number, range or tolerance.",
        "Write one answer: - [x] 250, - [x] 240..260 or - [x] 7.5 ± 0.5 (a point for decimals).",
    ),
    ("quiz-numeric-range", "A numeric range starts above where it ends (min > max).", "Write min..max."),
    (
        "quiz-cloze-gap",
        "A cloze question has no gap, more than 10, or a gap with no accepted answer.",
        "Write each gap as [[answer]] or [[answer|another accepted answer]].",
    ),
    ("quiz-text-length", "max_length is not a whole number from 1 to 4000.", "Write e.g. {type=text max_length=1000}."),
    ("quiz-points", "points is not a number above 0.", "Write e.g. {points=2}."),
    (
        "quiz-tolerance",
        "tolerance is not 0 to 3, or stands on a question other than fill-in or cloze.",
        "Write e.g. {type=fill-in tolerance=1}: one typing slip (a letter missing, extra or wrong) accepted.",
    ),
    (
        "quiz-id",
        "A quiz or question id is not a plain identifier.",
        "Use lower-case letters, digits and hyphens: {#vat-threshold}.",
    ),
]


_RULES = [
    (
        "quiz-attempts",
        "A quiz's attempts is not a number from 1 to 100 or 'unlimited'.",
        "Write e.g. ::: quiz Final test {attempts=2}.",
    ),
    (
        "quiz-show-answers",
        "A quiz's show_answers is not never, after-last-attempt or always.",
        "Write e.g. {show_answers=after-last-attempt}.",
    ),
    ("quiz-shuffle", "A quiz's shuffle is not questions, options, both or none.", "Write e.g. {shuffle=both}."),
    (
        "quiz-draw",
        "A quiz's draw is not a whole number above 0, or is more than the questions it holds.",
        "Write draw=N with N at most the number of questions in the quiz (its pool).",
    ),
]


@hookimpl
def smab_lint_rules():
    return rules_from(
        "course",
        [(code, "error", summary, fix) for code, summary, fix in _CODES + _RULES]
        + [
            (
                "quiz-draw-points",
                "warning",
                "A quiz that draws from its pool holds questions worth different points: two learners' tests "
                "would weigh differently.",
                "Give the pool's questions the same points.",
            )
        ],
    )
