"""A translated unit from an XLIFF file, made safe to write into the course.

A target is text and protected codes. The codes must be the source's own
(links and their targets included): a translator moves them, never adds,
drops or changes one. The text is text: whatever Markdown, HTML or WebVTT
syntax a translator types is escaped, so it shows as typed and never becomes
a link, markup or a new block. Fields that are one line (titles, headings,
table cells, YAML texts) refuse line breaks.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from smab_pack.translation.inline import Code, Piece, protect, restore
from smab_pack.translation.segments import Unit

MARKDOWN = {"paragraph", "heading", "item", "answer", "quote", "cell"}
LINE_START = {"paragraph", "item", "quote"}  # a unit of these kinds begins a Markdown line
SINGLE_LINE = {"title", "heading", "block-title", "cell", "text"}
BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The ASCII punctuation that starts or ends Markdown inline syntax, an entity or an attribute list:
# escaped with a backslash, which CommonMark renders as the character itself.
INLINE = re.compile(r"([\\`*_\[\]<>&~{}|#])")
BACKSLASHED = re.compile(r"\\([!-/:-@\[-`{-~])")
# What makes a line a block of its own: a list, a heading underline, a container, a thematic break.
MARKER = re.compile(r"^([ \t]*)([-+=:])")
ORDERED = re.compile(r"^([ \t]*\d+)([.)])")
ASSETS = "md|svg|png|jpe?g|webp|gif|vtt"


class TargetError(ValueError):
    """Why a target cannot be written; the message names what is wrong, the caller the unit."""


def _codes(pieces: list[Piece]) -> Counter:
    return Counter(p.data for p in pieces if isinstance(p, Code))


def _same_language_free(codes: Counter, source: str, target: str) -> Counter:
    """Codes with links to pages and files of either language made alike (import links a new
    translation's pages to the pages in its own language)."""
    pattern = re.compile(rf"\.({re.escape(source)}|{re.escape(target)})\.({ASSETS})\b")
    alike: Counter = Counter()
    for data, count in codes.items():
        alike[pattern.sub(r".*.\2", data)] += count
    return alike


def _as_text(piece: str) -> str:
    """What the translator reads in a text piece: Markdown escapes and entities are the characters."""
    return html.unescape(BACKSLASHED.sub(r"\1", piece))


def _escape_markdown(pieces: list[Piece], line_start: bool) -> str:
    out: list[str] = []
    at_line_start = line_start
    for piece in pieces:
        if isinstance(piece, Code):
            out.append(piece.data)
            at_line_start = False
            continue
        lines = INLINE.sub(r"\\\1", _as_text(piece)).split("\n")
        for index, line in enumerate(lines):
            if index > 0 or at_line_start:
                lines[index] = ORDERED.sub(r"\1\\\2", MARKER.sub(r"\1\\\2", line, count=1), count=1)
        out.append("\n".join(lines))
        at_line_start = piece.endswith("\n")
    return "".join(out)


def _escape_vtt(pieces: list[Piece]) -> str:
    return "".join(
        p.data
        if isinstance(p, Code)
        else html.unescape(p).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        for p in pieces
    )


def _check_order(found: Counter, text: str) -> None:
    """The codes must still pair up where the translator put them: read as Markdown again, the text has
    every code it was given. A closing code moved before its opening one, or a link and an emphasis that
    cross, would leave their brackets and stars as text and lose the link or the formatting."""
    lost = found - _codes(protect(text))
    if lost:
        raise TargetError(
            f"the target's inline codes are out of order: {', '.join(map(repr, sorted(lost.elements())))} "
            "no longer pair up, so the link or formatting would be lost: move a link or an emphasis whole, "
            "its opening code before its closing one"
        )


def compose(pieces: list[Piece], unit: Unit, existing: str | None, source_lang: str, target_lang: str) -> str:
    """The text to write for ``unit`` from the target's pieces; raises TargetError."""
    raw = restore(pieces)
    if raw == unit.text or (existing is not None and raw == existing):
        return raw  # the source's or the translation's own text, untouched: written as it is
    found = _codes(pieces)
    allowed = [_codes(protect(unit.text))] + ([_codes(protect(existing))] if existing is not None else [])
    if found not in allowed and _same_language_free(found, source_lang, target_lang) != _same_language_free(
        allowed[0], source_lang, target_lang
    ):
        extra = sorted((found - allowed[0]).elements())
        missing = sorted((allowed[0] - found).elements())
        detail = "; ".join(
            part
            for part in (
                f"adds or changes {', '.join(map(repr, extra))}" if extra else "",
                f"drops {', '.join(map(repr, missing))}" if missing else "",
            )
            if part
        )
        raise TargetError(
            f"the target's inline codes are not the source's ({detail}): a translation moves "
            "the codes of links and formatting, it never adds, drops or changes one"
        )
    text_only = "".join(p for p in pieces if isinstance(p, str))
    if CONTROL.search(text_only):
        raise TargetError("the target holds a control character")
    one_line = unit.kind in SINGLE_LINE or (unit.kind == "answer" and len(unit.spans) <= 1)
    if one_line and BREAKS.search(text_only):
        raise TargetError(f"the target has a line break, but a {unit.kind.replace('-', ' ')} is one line")
    pieces = [BREAKS.sub("\n", p) if isinstance(p, str) else p for p in pieces]
    if unit.kind in MARKDOWN:
        text = _escape_markdown(pieces, unit.kind in LINE_START)
        text = re.sub(r"\n[ \t]*(?=\n)", "", text).strip("\n")  # a blank line would split the unit in two
        _check_order(found, text)
        return text
    if unit.kind == "caption":
        return _escape_vtt(pieces)
    return restore(pieces)  # plain text (titles, YAML texts): the writers quote and escape it
