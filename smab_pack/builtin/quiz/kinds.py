"""The question kinds beyond choice and fill-in: matching, sequencing, numeric, cloze, free text
and likert. Each reads the tokens after its heading and gives the Question's fields, or reports a
located error and gives None. Syntax and examples: docs/course-format.md, "Quizzes"."""

from __future__ import annotations

import hashlib
import math
import re
import string
from typing import Any

from markdown_it.token import Token

from smab_pack.api import ParseContext

from .model import Choice, Gap

MARK = re.compile(r"^\[( |x|X)\]\s+")
#: "item → target" (also "->"); a line "→ target" adds a target no item is paired with
ARROW = re.compile(r"\s*(?:→|->)\s*")
#: a number as the author writes it (a point for decimals, whatever the course language)
_NUMBER = r"[-−]?\d+(?:\.\d+)?"
NUMERIC = re.compile(rf"^({_NUMBER})(?:\s*(?:\.\.|…)\s*({_NUMBER})|\s*(?:±|\+-|\+/-)\s*({_NUMBER}))?$")
#: a cloze gap: [[answer]] or [[answer|other accepted answer|…]]
GAP = re.compile(r"\[\[([^\[\]]*)\]\]")
#: matching items are 1-9 and targets a-z: SCORM 1.2 records each as one character
MAX_ITEMS, MAX_TARGETS, MAX_STEPS, MAX_GAPS = 9, 26, 26, 10


def shuffled(seed: str, ids: list[str]) -> list[str]:
    """A fixed shuffle (same course, same package bytes), never the given order itself."""
    order = sorted(ids, key=lambda i: hashlib.sha256(f"{seed}/{i}".encode()).hexdigest())
    return order[1:] + order[:1] if order == ids and len(ids) > 1 else order


def inline_html(ctx: ParseContext, text: str, of: Token | None = None) -> str:
    """``text`` (part of the inline token ``of``) as HTML; with ``of``, marked as its translation
    unit, for parallel text."""
    tokens = ctx.md.parseInline(text, {})
    if tokens and of is not None and of.meta.get("seg"):
        tokens[0].meta["seg"] = of.meta["seg"]
    return ctx.render_inline(tokens[0]) if tokens else ""


def plain(text: str) -> str:
    """Markdown inline text as the LMS records it (emphasis and link marks dropped)."""
    return re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", text).strip()


def list_items(body: list[Token], level: int) -> tuple[list[Token], int, int] | None:
    """The inline token of each item of the first list at ``level``, and where the list is."""
    start = next(
        (i for i, t in enumerate(body) if t.type in ("bullet_list_open", "ordered_list_open") and t.level == level),
        None,
    )
    if start is None:
        return None
    end = start + 1
    while not (body[end].level == level and body[end].nesting == -1):
        end += 1
    inlines = [
        body[i + 2] for i in range(start, end) if body[i].type == "list_item_open" and body[i].level == level + 1
    ]
    return [t for t in inlines if t.type == "inline"], start, end + 1


def _unmark(text: str) -> str:
    mark = MARK.match(text)
    return text[mark.end() :] if mark else text


def parse_matching(qid: str, items: list[Token], heading: Token, ctx: ParseContext) -> dict[str, Any] | None:
    sources: list[Choice] = []
    targets: dict[str, Choice] = {}  # by the target's text: two items may share a target
    pairs: list[tuple[str, str]] = []
    for item in items:
        text = _unmark(item.content.strip())
        parts = ARROW.split(text, maxsplit=1)
        left, right = (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else (text, "")
        if not right:
            ctx.report(
                "quiz-matching-unmatched",
                f"'{left}' is matched with nothing",
                item,
                hint="write 'item → what it matches' (an extra target alone: '→ target')",
            )
            return None
        key = " ".join(right.lower().split())
        if key not in targets:
            if len(targets) >= MAX_TARGETS:
                ctx.report("quiz-too-many-answers", f"a matching question has at most {MAX_TARGETS} targets", item)
                return None
            tid = string.ascii_lowercase[len(targets)]
            targets[key] = Choice(id=tid, html=inline_html(ctx, right), text=plain(right), correct=False)
        if not left:
            continue  # a target no item is paired with: a distractor
        if any(" ".join(s.text.lower().split()) == " ".join(plain(left).lower().split()) for s in sources):
            ctx.report("quiz-matching-duplicate", f"the item '{left}' is paired twice", item)
            return None
        if len(sources) >= MAX_ITEMS:
            ctx.report("quiz-too-many-answers", f"a matching question has at most {MAX_ITEMS} pairs", item)
            return None
        sid = str(len(sources) + 1)
        sources.append(Choice(id=sid, html=inline_html(ctx, left, item), text=plain(left), correct=True))
        pairs.append((sid, targets[key].id))
    if len(sources) < 2:
        ctx.report("quiz-no-answers", "a matching question needs at least two pairs", heading)
        return None
    ids = [t.id for t in targets.values()]
    return {"choices": sources, "targets": list(targets.values()), "pairs": pairs, "shown": shuffled(qid, ids)}


def parse_sequencing(qid: str, items: list[Token], heading: Token, ctx: ParseContext) -> dict[str, Any] | None:
    if not 2 <= len(items) <= MAX_STEPS:
        ctx.report(
            "quiz-sequence-short",
            f"a sequencing question has 2 to {MAX_STEPS} steps, not {len(items)}",
            heading,
            hint="list the steps in the right order, one item each",
        )
        return None
    steps: list[Choice] = []
    for n, item in enumerate(items):
        text = _unmark(item.content.strip())
        if any(" ".join(s.text.lower().split()) == " ".join(plain(text).lower().split()) for s in steps):
            ctx.report("quiz-duplicate-answer", f"the step '{text}' appears twice", item)
            return None
        steps.append(
            Choice(id=string.ascii_lowercase[n], html=inline_html(ctx, text, item), text=plain(text), correct=True)
        )
    return {"choices": steps, "shown": shuffled(qid, [s.id for s in steps])}


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


def parse_numeric(items: list[Token], heading: Token, ctx: ParseContext) -> dict[str, Any] | None:
    if len(items) != 1:
        ctx.report(
            "quiz-numeric",
            "a numeric question has one answer: a number, a range (10..20) or a tolerance (7.5 ± 0.5)",
            heading,
        )
        return None
    text = _unmark(items[0].content.strip())
    match = NUMERIC.match(text)
    if not match:
        ctx.report(
            "quiz-numeric",
            f"'{text}' is not a number, a range (10..20) or a tolerance (7.5 ± 0.5)",
            items[0],
            hint="write numbers with a point for decimals (7.5) and no thousands separator",
        )
        return None
    value = _number(match.group(1))
    if match.group(2) is not None:
        low, high = value, _number(match.group(2))
    elif match.group(3) is not None:
        tolerance = abs(_number(match.group(3)))
        low, high = value - tolerance, value + tolerance
    else:
        low = high = value
    if low > high:
        ctx.report(
            "quiz-numeric-range", f"the range {text} starts above where it ends", items[0], hint="write min..max"
        )
        return None
    low, high = (round(v, 7) for v in (low, high))  # real(10,7): what the LMS can hold
    if not all(math.isfinite(v) and abs(v) < 1e9 for v in (low, high)):
        ctx.report("quiz-numeric", f"'{text}' is too large for an LMS to record", items[0])
        return None
    return {"range": (low, high)}


def parse_cloze(qid: str, body: list[Token], heading: Token, ctx: ParseContext) -> dict[str, Any] | None:
    inline = next((t for t in body if t.type == "inline" and GAP.search(t.content)), None)
    if inline is None:
        ctx.report(
            "quiz-cloze-gap", "a cloze question has a paragraph with gaps: [[answer]] or [[answer|other]]", heading
        )
        return None
    pieces = GAP.split(inline.content)  # text, gap, text, gap, …, text
    texts, answers = pieces[0::2], pieces[1::2]
    if len(answers) > MAX_GAPS:
        ctx.report("quiz-cloze-gap", f"a cloze question has at most {MAX_GAPS} gaps", inline)
        return None
    gaps = []
    for n, answer in enumerate(answers, 1):
        accepted = [a.strip() for a in answer.split("|") if a.strip()]
        if not accepted:
            ctx.report(
                "quiz-cloze-gap",
                f"gap {n} has no accepted answer",
                inline,
                needle="[[" + answer + "]]",
                hint="write [[answer]] or [[answer|another accepted answer]]",
            )
            return None
        gaps.append(Gap(id=f"{qid}-{n}", accepted=accepted))
    return {"gaps": gaps, "cloze_html": [inline_html(ctx, t) for t in texts], "cloze_at": body.index(inline)}


def parse_text(attrs: dict[str, str], heading: Token, ctx: ParseContext) -> dict[str, Any] | None:
    # SCORM 1.2 keeps 255 characters: its format warns at build time (the scorm plugin's check)
    try:
        max_length = int(attrs.get("max_length", "2000"))
        if not 1 <= max_length <= 4000:
            raise ValueError
    except ValueError:
        ctx.report(
            "quiz-text-length",
            f"max_length='{attrs.get('max_length')}' must be a whole number from 1 to 4000",
            heading,
            needle="max_length",
            hint="SCORM 2004 keeps 4,000 characters of a free-text answer",
        )
        return None
    return {"max_length": max_length}
