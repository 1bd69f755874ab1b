"""How a page's Markdown is cut into translation units: the one segmentation that XLIFF export
(translation/segments.py) and the parallel text of the run-time (the ``data-seg`` marks the parser
puts on each unit's element) share, so that a help-language segment lands under its original.

A unit is a heading, paragraph, list item, quote paragraph, quiz answer, table cell or block
title; its id is its kind and its number among the page's units of that kind (``paragraph3``),
so the units of two files that line up (the same kinds in the same order) have the same ids.
Each unit knows the character spans it occupies in the text (one per line)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token

ATTRS = re.compile(r"\s*\{[^{}]*\}\s*$")
MARK = re.compile(r"^\[( |x|X)\]\s+")
#: a numeric answer (250, 240..260, 7.5 ± 0.5): the same in every language, so no unit
NUMBER = r"[-−]?\d+(?:\.\d+)?"
NUMERIC = re.compile(rf"^{NUMBER}(?:\s*(?:\.\.|…)\s*{NUMBER}|\s*(?:±|\+-|\+/-)\s*{NUMBER})?$")
CONTAINER = re.compile(r"^(\s*:{3,}\s*)([a-z][a-z0-9-]*)(\s+)(.*?)(\s*\{[^{}]*\})?\s*$")


@dataclass
class Unit:
    id: str
    kind: str  # title, heading, paragraph, item, quote, answer, cell, block-title
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # [start, end) character offsets, one per line


def line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in re.finditer("\n", text))]


def _inline_spans(
    text: str, starts: list[int], base_line: int, line_range: tuple[int, int], content: str
) -> list[tuple[int, int]] | None:
    """Spans of ``content`` (joined lines) inside the source lines, line by line."""
    spans = []
    lines = content.split("\n")
    first, last = line_range
    source_lines = range(base_line + first, base_line + last)
    if len(lines) > len(source_lines):
        return None
    for content_line, number in zip(lines, source_lines, strict=False):
        line_start = starts[number]
        line_end = starts[number + 1] - 1 if number + 1 < len(starts) else len(text)
        source_line = text[line_start:line_end]
        column = source_line.find(content_line)
        if column < 0:
            return None
        spans.append((line_start + column, line_start + column + len(content_line)))
    return spans


def _table_cells(text: str, starts: list[int], number: int) -> list[tuple[int, int]]:
    line_start = starts[number]
    line_end = starts[number + 1] - 1 if number + 1 < len(starts) else len(text)
    line = text[line_start:line_end]
    cells: list[tuple[int, int]] = []
    bars = [i for i, c in enumerate(line) if c == "|" and (i == 0 or line[i - 1] != "\\")]
    edges = (
        ([-1] if not line.lstrip().startswith("|") else [])
        + bars
        + ([len(line)] if not line.rstrip().endswith("|") else [])
    )
    for left, right in itertools.pairwise(edges):
        cell = line[left + 1 : right]
        stripped = cell.strip()
        if stripped:
            offset = left + 1 + cell.index(stripped)
            cells.append((line_start + offset, line_start + offset + len(stripped)))
    return cells


def _numeric_answer(kind: str, text: str, spans: list[tuple[int, int]]) -> bool:
    return kind == "answer" and bool(NUMERIC.match(text[spans[0][0] : spans[-1][1]].strip()))


def _cell_inlines(tokens: Sequence[Token], index: int) -> list[int]:
    """The inline tokens of the table row opened at ``index`` that hold text, in order."""
    found = []
    for at in range(index + 1, len(tokens)):
        token = tokens[at]
        if token.type == "tr_close":
            break
        if token.type == "inline" and tokens[at - 1].type in ("th_open", "td_open") and token.content.strip():
            found.append(at)
    return found


def cut_units(text: str, tokens: Sequence[Token], base_line: int = 0) -> list[tuple[Unit, int]]:  # noqa: C901
    """Every unit of a Markdown body that markdown-it parsed into ``tokens`` (``base_line``: lines
    of ``text`` before the body), in document order, each with the index of the token it was cut
    from: the inline token of a heading, paragraph, item, answer or cell, the ``:::`` opener of a
    block title."""
    starts = line_starts(text)
    counters: dict[str, int] = {}
    units: list[tuple[Unit, int]] = []

    def add(kind: str, content: str, spans: list[tuple[int, int]] | None, at: int) -> None:
        if not spans or not content.strip() or _numeric_answer(kind, text, spans):
            return
        counters[kind] = counters.get(kind, 0) + 1
        unit = Unit(id=f"{kind}{counters[kind]}", kind=kind, text=text[spans[0][0] : spans[-1][1]], spans=spans)
        units.append((unit, at))

    in_item = in_quote = 0
    for index, token in enumerate(tokens):
        if token.type in ("list_item_open", "list_item_close"):
            in_item += 1 if token.nesting == 1 else -1
        elif token.type in ("blockquote_open", "blockquote_close"):
            in_quote += 1 if token.nesting == 1 else -1
        elif token.type.startswith("container_") and token.type.endswith("_open") and token.map:
            number = base_line + token.map[0]
            line_start = starts[number]
            line = text[line_start : (starts[number + 1] - 1 if number + 1 < len(starts) else len(text))]
            match = CONTAINER.match(line)
            if match and match.group(4):
                start = line_start + match.start(4)
                add("block-title", match.group(4), [(start, start + len(match.group(4)))], index)
        elif token.type == "tr_open" and token.map:
            cells = _table_cells(text, starts, base_line + token.map[0])
            inlines = _cell_inlines(tokens, index)
            for n, span in enumerate(cells):
                add("cell", text[span[0] : span[1]], [span], inlines[n] if n < len(inlines) else index)
        elif token.type == "inline" and token.map and tokens[index - 1].type in ("heading_open", "paragraph_open"):
            if (
                tokens[index - 1].type == "paragraph_open"
                and index >= 2
                and tokens[index - 2].type in ("th_open", "td_open")
            ):
                continue
            content = token.content
            spans = _inline_spans(text, starts, base_line, (token.map[0], token.map[1]), content)
            if spans is None:
                continue
            kind = (
                "heading"
                if tokens[index - 1].type == "heading_open"
                else "quote"
                if in_quote
                else "item"
                if in_item
                else "paragraph"
            )
            attrs = ATTRS.search(text[spans[-1][0] : spans[-1][1]])
            if attrs and kind == "heading":
                spans[-1] = (spans[-1][0], spans[-1][1] - len(attrs.group(0)))
            mark = MARK.match(text[spans[0][0] : spans[0][1]]) if kind == "item" else None
            if mark:
                spans[0] = (spans[0][0] + len(mark.group(0)), spans[0][1])
                kind = "answer"
            add(kind, content, spans, index)
    return units
