"""Quiz syntax: headings start questions, `[x]`/`[ ]` list items are answers,
a quote inside an answer is its feedback, a quote after the list is the
question's feedback. See docs/course-format.md."""

from __future__ import annotations

import itertools
import re
import string
from pathlib import PurePosixPath

from markdown_it.token import Token

from smab_pack.api import ATTRS, ID, ParseContext, Severity, parse_attrs

from . import kinds
from .model import Choice, Question, QuizBlock

MARK = re.compile(r"^\[( |x|X)\]\s+")
#: the kinds written as a marked answer list, then those with syntax of their own (kinds.py)
TYPES = ("single", "multiple", "true-false", "fill-in")
KINDS = ("matching", "sequencing", "numeric", "cloze", "text", "likert")


def _render(tokens: list[Token], ctx: ParseContext) -> str:
    return ctx.render(tokens)


def _render_inline(inline: Token, ctx: ParseContext) -> str:
    return ctx.render_inline(inline)


def _strip_trailing(inline: Token, chars: int) -> None:
    """Drop the last ``chars`` characters of text (the `{…}` attributes)."""
    for child in reversed(inline.children or []):
        if child.type == "text":
            child.content = child.content[: len(child.content) - chars].rstrip()
            return


def _strip_leading(inline: Token, chars: int) -> None:
    for child in inline.children or []:
        if child.type == "text":
            child.content = child.content[chars:]
            return


def _plain(inline: Token) -> str:
    """The answer's text as an LMS records it; an image counts by its alt text."""
    return "".join(c.content for c in (inline.children or []) if c.type in ("text", "code_inline", "image")).strip()


def _images(inline: Token) -> tuple[str, ...]:
    return tuple(str(c.attrGet("src") or "") for c in (inline.children or []) if c.type == "image")


def _split(tokens: list[Token], start: int) -> int:
    """Index after the block that opens at ``start`` (same nesting level)."""
    level = tokens[start].level
    index = start + 1
    if tokens[start].nesting != 1:
        return index
    while index < len(tokens) and not (tokens[index].level == level and tokens[index].nesting == -1):
        index += 1
    return index + 1


def parse_quiz(info: str, tokens: list[Token], ctx: ParseContext, counters: dict[str, int]) -> QuizBlock | None:
    title, attrs = parse_attrs(info[len("quiz") :])
    counters["quiz"] = counters.get("quiz", 0) + 1
    quiz_id = attrs.get("id") or f"quiz{counters['quiz']}"
    if not ID.match(quiz_id):
        ctx.report(
            "quiz-id", f"quiz id '{quiz_id}' must be lower-case letters, digits and hyphens", line=ctx.block_line
        )
    graded = attrs.get("graded", "true").lower() not in ("false", "no", "0")
    base = min((t.level for t in tokens), default=0)
    headings = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.level == base]
    if not headings:
        ctx.report(
            "quiz-empty", "quiz has no questions: start each question with a heading (## …)", line=ctx.block_line
        )
        return None
    questions: list[Question] = []
    bounds = headings + [len(tokens)]
    for start, end in itertools.pairwise(bounds):
        question = _question(tokens[start:end], ctx, counters)
        if question is not None:
            if not ctx.claim_id("interaction", question.id):  # the page's question ids, whatever block
                ctx.report("duplicate-id", f"question id '{question.id}' is used twice on this page", tokens[start])
                continue
            questions.append(question)
    return QuizBlock(
        id=quiz_id,
        title=title,
        title_seg=ctx.title_segment(),
        graded=graded,
        questions=questions,
        line=ctx.block_line,
        **_rules(attrs, questions, ctx),
    )


SHOW_ANSWERS = ("never", "after-last-attempt", "always")
SHUFFLE = {"none": (), "questions": ("questions",), "options": ("options",), "both": ("questions", "options")}


def _rules(attrs: dict[str, str], questions: list[Question], ctx: ParseContext) -> dict:
    """The quiz's attempt rules and pool: attempts, show_answers, draw and shuffle (docs/course-format.md)."""
    rules: dict = {}
    line = ctx.block_line
    if "attempts" in attrs:
        value = attrs["attempts"]
        if value == "unlimited":
            rules["attempts"] = 0
        elif value.isdigit() and 1 <= int(value) <= 100:
            rules["attempts"] = int(value)
        else:
            ctx.report("quiz-attempts", f"attempts='{value}' is not a number from 1 to 100 or 'unlimited'", line=line)
    if "show_answers" in attrs:
        if attrs["show_answers"] in SHOW_ANSWERS:
            rules["show_answers"] = attrs["show_answers"]
        else:
            ctx.report(
                "quiz-show-answers",
                f"show_answers='{attrs['show_answers']}' is not one of {', '.join(SHOW_ANSWERS)}",
                line=line,
            )
    if "shuffle" in attrs:
        if attrs["shuffle"] in SHUFFLE:
            rules["shuffle"] = SHUFFLE[attrs["shuffle"]]
        else:
            ctx.report("quiz-shuffle", f"shuffle='{attrs['shuffle']}' is not one of {', '.join(SHUFFLE)}", line=line)
    if "draw" in attrs:
        value = attrs["draw"]
        if not value.isdigit() or int(value) < 1:
            ctx.report("quiz-draw", f"draw='{value}' is not a whole number above 0", line=line)
        elif int(value) > len(questions):
            ctx.report(
                "quiz-draw",
                f"draw={value} is more questions than the quiz's pool of {len(questions)}",
                line=line,
                hint="write fewer to draw, or add questions to the pool",
            )
        else:
            rules["draw"] = int(value)
            points = {q.points for q in questions if q.scored}
            if len(points) > 1:
                ctx.report(
                    "quiz-draw-points",
                    f"the quiz draws {value} questions worth different points "
                    f"({', '.join(f'{p:g}' for p in sorted(points))}): learners' tests would not weigh the same",
                    line=line,
                    severity=Severity.WARNING,
                    hint="give the pool's questions the same points",
                )
    return rules


def _question(tokens: list[Token], ctx: ParseContext, counters: dict) -> Question | None:  # noqa: C901 (split pending; CONTRIBUTING.md)
    heading, inline = tokens[0], tokens[1]
    counters["question"] = counters.get("question", 0) + 1
    prompt, attrs = parse_attrs(inline.content)
    match = ATTRS.search(inline.content)
    if match:
        _strip_trailing(inline, len(match.group(0)))
    qid = attrs.get("id") or f"q{counters['question']}"
    ok = True
    if not ID.match(qid):
        ctx.report("quiz-id", f"question id '{qid}' must be lower-case letters, digits and hyphens", heading)
        ok = False
    try:
        points = float(attrs.get("points", "1"))
        if not 0 < points <= 1000:
            raise ValueError
    except ValueError:
        ctx.report("quiz-points", f"points='{attrs.get('points')}' must be a number above 0", heading, needle="points")
        points, ok = 1, False
    tolerance = attrs.get("tolerance", "0")
    if not (tolerance.isdigit() and int(tolerance) <= 3) or (
        tolerance != "0" and attrs.get("type") not in ("fill-in", "cloze")
    ):
        ctx.report(
            "quiz-tolerance",
            f"tolerance='{tolerance}' must be 0 to 3, on a fill-in or cloze question",
            heading,
            needle="tolerance",
            hint="e.g. {type=fill-in tolerance=1}: one typing slip accepted",
        )
        ok = False
    body = tokens[3:]
    if attrs.get("type") in KINDS:
        if not ok:
            return None
        return _kind(attrs, qid, prompt, points, tokens, ctx)
    list_at = next(
        (
            i
            for i, t in enumerate(body)
            if t.type in ("bullet_list_open", "ordered_list_open") and t.level == heading.level
        ),
        None,
    )
    if list_at is None:
        ctx.report("quiz-no-answers", f"question '{prompt}' has no answer list (- [x] right / - [ ] wrong)", heading)
        return None
    list_end = _split(body, list_at)
    details = _render(body[:list_at], ctx)
    feedback_tokens = body[list_end:]
    # The quote after the answers is the question's feedback; render its content.
    if feedback_tokens and feedback_tokens[0].type == "blockquote_open":
        feedback_tokens = feedback_tokens[1:-1]
    choices: list[Choice] = []
    pictures: list[tuple[str, ...]] = []  # the images of each answer, for telling answers apart
    items = body[list_at + 1 : list_end - 1]
    index = 0
    while index < len(items):
        if items[index].type != "list_item_open":
            index += 1
            continue
        end = _split(items, index)
        choice = _choice(items[index + 1 : end - 1], items[index], len(choices), ctx)
        if choice is None:
            ok = False
        else:
            choices.append(choice)
            pictures.append(_images(next(t for t in items[index + 1 : end - 1] if t.type == "inline")))
        index = end
    qtype = attrs.get("type")
    correct = [c for c in choices if c.correct]
    if qtype is not None and qtype not in TYPES:
        ctx.report(
            "quiz-type",
            f"unknown question type '{qtype}'",
            heading,
            needle="type=",
            hint=f"types: {', '.join(TYPES + KINDS)}",
        )
        return None
    if not ok:
        return None
    if not correct:
        ctx.report("quiz-no-correct", f"question '{prompt}' has no correct answer: mark one with [x]", heading)
        return None
    qtype = qtype or ("single" if len(correct) == 1 else "multiple")
    if qtype == "single" and len(correct) != 1:
        ctx.report(
            "quiz-single",
            f"single-choice question '{prompt}' marks {len(correct)} answers correct",
            heading,
            hint="use {type=multiple} if several answers are right",
        )
        return None
    if qtype == "true-false" and (len(choices) != 2 or len(correct) != 1):
        ctx.report(
            "quiz-true-false",
            "a true-false question has exactly two answers (true, then false), one marked [x]",
            heading,
        )
        return None
    if qtype == "fill-in" and len(correct) != len(choices):
        ctx.report(
            "quiz-fill-in", "every answer of a fill-in question is an accepted answer: mark each with [x]", heading
        )
        return None
    if qtype != "fill-in" and len(choices) < 2:
        ctx.report("quiz-no-answers", f"question '{prompt}' needs at least two answers", heading)
        return None
    seen: set[tuple] = set()
    for choice, images in zip(choices, pictures, strict=True):
        # two picture answers differ by their pictures even when their alt texts match
        key = (" ".join(choice.text.lower().split()), images)
        if key in seen:
            ctx.report("quiz-duplicate-answer", f"answer '{choice.text or ', '.join(images)}' appears twice", heading)
            return None
        seen.add(key)
    return Question(
        id=qid,
        type=qtype,
        prompt_html=_render_inline(inline, ctx),
        prompt_text=prompt,
        details_html=details,
        choices=choices,
        points=points,
        tolerance=int(attrs.get("tolerance", "0")),
        feedback_html=_render(feedback_tokens, ctx),
        line=ctx.line_of(heading),
    )


def _choice(tokens: list[Token], item: Token, position: int, ctx: ParseContext) -> Choice | None:
    inline = next((t for t in tokens if t.type == "inline"), None)
    if inline is None or not MARK.match(inline.content):
        ctx.report("quiz-answer-mark", "an answer starts with [x] (correct) or [ ] (wrong)", item)
        return None
    if position >= len(string.ascii_lowercase):
        ctx.report("quiz-too-many-answers", "a question has at most 26 answers", item)
        return None
    mark = MARK.match(inline.content)
    assert mark is not None
    _strip_leading(inline, len(mark.group(0)))
    first_end = tokens.index(inline) + 2  # inline, paragraph_close
    rest = tokens[first_end:]
    if rest and rest[0].type == "blockquote_open":
        rest = rest[1:-1]
    text = _plain(inline) or " ".join(PurePosixPath(src).name for src in _images(inline))
    return Choice(
        id=string.ascii_lowercase[position],
        html=_render_inline(inline, ctx),
        text=text,
        correct=mark.group(1).lower() == "x",
        feedback_html=_render(rest, ctx),
    )


def _feedback(tokens: list[Token]) -> list[Token]:
    """The question's feedback: the quote after its answers (the quote's content)."""
    return tokens[1:-1] if tokens and tokens[0].type == "blockquote_open" else []


def _kind(attrs: dict[str, str], qid: str, prompt: str, points: float, tokens: list[Token], ctx: ParseContext):
    """A question of one of KINDS: the fields its parser in kinds.py gives, around the common ones."""
    heading, inline, body = tokens[0], tokens[1], tokens[3:]
    qtype = attrs["type"]
    before, after = body, []
    fields: dict | None
    if qtype in ("matching", "sequencing", "numeric"):
        found = kinds.list_items(body, heading.level)
        if found is None:
            ctx.report("quiz-no-answers", f"question '{prompt}' has no list of {qtype} answers", heading)
            return None
        items, start, end = found
        before, after = body[:start], body[end:]
        if qtype == "matching":
            fields = kinds.parse_matching(qid, items, heading, ctx)
        elif qtype == "sequencing":
            fields = kinds.parse_sequencing(qid, items, heading, ctx)
        else:
            fields = kinds.parse_numeric(items, heading, ctx)
    elif qtype == "cloze":
        fields = kinds.parse_cloze(qid, body, heading, ctx)
        if fields is not None:
            at = fields.pop("cloze_at")  # the paragraph with the gaps: paragraph_open, inline, paragraph_close
            before, after = body[: at - 1], body[at + 2 :]
    elif qtype == "text":
        fields = kinds.parse_text(attrs, heading, ctx)
    else:
        fields = {}
    if fields is None:
        return None
    if after and after[0].type != "blockquote_open":
        after = []
    elif not after and before and before[0].type == "blockquote_open" and qtype in ("text", "likert"):
        before, after = [], before
    if qtype == "cloze":
        for gap in fields["gaps"]:
            if not ctx.claim_id("interaction", gap.id):
                ctx.report("duplicate-id", f"the gap id '{gap.id}' is used twice on this page", heading)
                return None
    return Question(
        id=qid,
        type=qtype,
        prompt_html=_render_inline(inline, ctx),
        prompt_text=prompt,
        details_html=_render(before, ctx),
        choices=fields.pop("choices", []),
        points=points,
        tolerance=int(attrs.get("tolerance", "0")),
        feedback_html=_render(_feedback(after), ctx),
        line=ctx.line_of(heading),
        **fields,
    )
