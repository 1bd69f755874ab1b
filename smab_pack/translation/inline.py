"""Markdown inside a unit becomes protected codes, so translators move text,
not syntax: `code`, links' and images' targets, emphasis markers, HTML,
{attributes}, a quiz's matching arrow (→) and its cloze gaps' [[ | ]] are
codes; the words between them (a gap's accepted answers too) are text. Protecting is a
partition of the string, so restoring gives back the exact Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    kind: str  # "ph" (standalone), "open", "close"
    id: int
    data: str  # the Markdown this code stands for


Piece = str | Code

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_HTML = re.compile(r"<[A-Za-z/!][^<>]*>")
_ATTRS = re.compile(r"\{[#.a-z][^{}]*\}")
_EMPHASIS = ("**", "__", "~~", "*", "_")
#: a matching question's "item → target" (or "->"), with its spaces
_ARROW = re.compile(r"\s*(?:→|->)\s*")


def _closing_link(text: str, start: int) -> tuple[int, int] | None:
    """For '[' at start: (index of ']', end of '(…)') of an inline link, if any."""
    depth, index = 0, start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                if text[index + 1 : index + 2] != "(":
                    return None
                level, end = 0, index + 1
                while end < len(text):
                    if text[end] == "(":
                        level += 1
                    elif text[end] == ")":
                        level -= 1
                        if level == 0:
                            return index, end + 1
                    end += 1
                return None
        index += 1
    return None


def _placeholder(text: str, index: int, closers: list[tuple[int, str, int]]) -> str | None:
    """The Markdown at ``index`` that stands alone as one code: `code`, HTML, {attributes}, the |
    between a cloze gap's answers, a matching arrow with its spaces; None elsewhere."""
    char = text[index]
    match = (
        _CODE_SPAN.match(text, index)
        if char == "`"
        else _HTML.match(text, index)
        if char == "<"
        else _ATTRS.match(text, index)
        if char == "{"
        else _ARROW.match(text, index)
        if char in "→- \t"
        else None
    )
    if match:
        return match.group(0)
    return "|" if char == "|" and closers and closers[-1][1] == "]]" else None


def _gap_end(text: str, index: int, closers: list[tuple[int, str, int]]) -> int:
    """Where the ]] of a cloze gap opening at ``index`` is, or -1 when none opens there."""
    end = text.find("]]", index + 2) if text.startswith("[[", index) else -1
    return end if end > 0 and (not closers or end + 2 <= closers[-1][0]) else -1


def protect(text: str) -> list[Piece]:
    pieces: list[Piece] = []
    counter = [0]
    closers: list[tuple[int, str, int]] = []  # (position, marker, id) of closing codes still to come
    buffer: list[str] = []

    def code(kind: str, data: str, ident: int | None = None) -> int:
        if buffer:
            pieces.append("".join(buffer))
            buffer.clear()
        if ident is None:
            counter[0] += 1
            ident = counter[0]
        pieces.append(Code(kind, ident, data))
        return ident

    index = 0
    while index < len(text):
        if closers and closers[-1][0] == index:
            position, data, ident = closers.pop()
            code("close", data, ident)
            index += len(data)
            continue
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            buffer.append(text[index : index + 2])
            index += 2
            continue
        standalone = _placeholder(text, index, closers)
        if standalone:
            code("ph", standalone)
            index += len(standalone)
            continue
        end = _gap_end(text, index, closers)
        if end > 0:
            closers.append((end, "]]", code("open", "[[")))
            index += 2
            continue
        opener = "![" if text.startswith("![", index) else "[" if char == "[" else None
        if opener:
            link = _closing_link(text, index + len(opener) - 1)
            if link and (not closers or link[1] <= closers[-1][0]):
                ident = code("open", opener)
                closers.append((link[0], text[link[0] : link[1]], ident))
                index += len(opener)
                continue
        marker = next((m for m in _EMPHASIS if text.startswith(m, index)), None)
        if marker and index + len(marker) < len(text) and not text[index + len(marker)].isspace():
            end = text.find(marker, index + len(marker) + 1)
            while end > 0 and text[end - 1].isspace():
                end = text.find(marker, end + 1)
            limit = closers[-1][0] if closers else len(text)
            if end > 0 and end + len(marker) <= limit:
                ident = code("open", marker)
                closers.append((end, marker, ident))
                index += len(marker)
                continue
        buffer.append(char)
        index += 1
    if buffer:
        pieces.append("".join(buffer))
    return pieces


def restore(pieces: list[Piece]) -> str:
    return "".join(p.data if isinstance(p, Code) else p for p in pieces)
