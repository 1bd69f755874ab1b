"""Quizzes: single choice, multiple choice, true/false and fill-in questions,
graded in the learner's browser and reported to the LMS as interactions."""

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


@hookimpl
def smab_block_types():
    return [QuizType()]


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
    ("quiz-type", "A question's type is not single, multiple, true-false or fill-in.", "Use one of those types."),
    ("quiz-points", "points is not a number above 0.", "Write e.g. {points=2}."),
    (
        "quiz-id",
        "A quiz or question id is not a plain identifier.",
        "Use lower-case letters, digits and hyphens: {#vat-threshold}.",
    ),
]


@hookimpl
def smab_lint_rules():
    return rules_from("course", [(code, "error", summary, fix) for code, summary, fix in _CODES])
