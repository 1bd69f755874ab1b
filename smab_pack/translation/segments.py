"""Find the translatable text of a page, with exact places in the file.

A page splits into units (front-matter title, headings, paragraphs, list
items, quiz answers, table cells, block titles). Each unit knows the
character spans it occupies, so a translation can be written back into the
page without touching anything else: export then import of an untouched
file gives the same bytes.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

ATTRS = re.compile(r"\s*\{[^{}]*\}\s*$")
MARK = re.compile(r"^\[( |x|X)\]\s+")
#: a numeric answer (250, 240..260, 7.5 ± 0.5): the same in every language, so no unit
NUMBER = r"[-−]?\d+(?:\.\d+)?"
NUMERIC = re.compile(rf"^{NUMBER}(?:\s*(?:\.\.|…)\s*{NUMBER}|\s*(?:±|\+-|\+/-)\s*{NUMBER})?$")
CONTAINER = re.compile(r"^(\s*:{3,}\s*)([a-z][a-z0-9-]*)(\s+)(.*?)(\s*\{[^{}]*\})?\s*$")


@dataclass
class Unit:
    id: str
    kind: str  # title, heading, paragraph, item, answer, cell, block-title
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # [start, end) character offsets, one per line


def _md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    # Any ::: container: the block types are not needed to find text.
    container_plugin(md, "any", validate=lambda params, *args: True)
    return md


_MD = _md()


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


def _front_matter(text: str) -> tuple[int, list[Unit]]:
    """(offset of the body, units of the front matter)."""
    if not text.startswith("---\n"):
        return 0, []
    end = text.find("\n---", 3)
    if end < 0:
        return 0, []
    units = []
    offset = 4
    for line in text[4 : end + 1].split("\n"):
        match = re.match(r"^(title|description):[ \t]+(.*?)[ \t]*$", line)
        if match and match.group(2):
            value = match.group(2)
            start = offset + match.start(2)
            quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""
            if quoted:
                start, value = start + 1, value[1:-1]
            units.append(Unit(id=match.group(1), kind="title", text=value, spans=[(start, start + len(value))]))
        offset += len(line) + 1
    body = end + 4
    if text[body : body + 1] == "\n":
        body += 1
    return body, units


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


def units_of(text: str) -> list[Unit]:
    """Every translatable unit of a page, in document order."""
    body_offset, units = _front_matter(text)
    starts = _line_starts(text)
    base_line = text[:body_offset].count("\n")
    tokens = _MD.parse(text[body_offset:])
    counters: dict[str, int] = {}

    def add(kind: str, content: str, spans: list[tuple[int, int]] | None) -> None:
        if not spans or not content.strip() or _numeric_answer(kind, text, spans):
            return
        counters[kind] = counters.get(kind, 0) + 1
        units.append(Unit(id=f"{kind}{counters[kind]}", kind=kind, text=text[spans[0][0] : spans[-1][1]], spans=spans))

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
                add("block-title", match.group(4), [(start, start + len(match.group(4)))])
        elif token.type == "tr_open" and token.map:
            for span in _table_cells(text, starts, base_line + token.map[0]):
                add("cell", text[span[0] : span[1]], [span])
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
            add(kind, content, spans)
    return units


def apply(text: str, units: list[Unit], targets: dict[str, str]) -> str:
    """Write ``targets`` (by unit id) into ``text``. A unit spanning several lines
    gets its new text with the continuation prefix of its second line."""
    edits: list[tuple[int, int, str]] = []
    for unit in units:
        if unit.id not in targets or targets[unit.id] == unit.text:
            continue
        target = targets[unit.id]
        if unit.kind == "title":
            target = _yaml_scalar(target, text, unit.spans[0])
        elif len(unit.spans) > 1:
            prefix = text[text.rfind("\n", 0, unit.spans[1][0]) + 1 : unit.spans[1][0]]
            target = target.replace("\n", "\n" + prefix)
        else:
            target = target.replace("\n", " ")
        edits.append((unit.spans[0][0], unit.spans[-1][1], target))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _yaml_scalar(value: str, text: str, span: tuple[int, int]) -> str:
    """A front-matter value that stays valid YAML: quoted when it needs to be."""
    quoted = span[0] > 0 and text[span[0] - 1] in "'\""
    if quoted:
        quote = text[span[0] - 1]
        if quote == "'":
            return value.replace("'", "''")
        return value.replace("\\", "\\\\").replace('"', '\\"')  # a double-quoted scalar reads escapes
    if re.search(r"(:\s|\s#|^[\s\-?:,\[\]{}#&*!|>'\"%@`])", value):
        return "'" + value.replace("'", "''") + "'"  # plain YAML cannot hold it: quote it
    return value
