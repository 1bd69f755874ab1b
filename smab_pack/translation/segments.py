"""Find the translatable text of a page, with exact places in the file.

A page splits into units (front-matter title, headings, paragraphs, list
items, quiz answers, table cells, block titles: markdown/units.py cuts the
body, the same way the parser marks them for parallel text). Each unit knows the
character spans it occupies, so a translation can be written back into the
page without touching anything else: export then import of an untouched
file gives the same bytes.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

from smab_pack.markdown.units import Unit, cut_units

__all__ = ["Unit", "apply", "units_of"]


def _md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    # Any ::: container: the block types are not needed to find text.
    container_plugin(md, "any", validate=lambda params, *args: True)
    return md


_MD = _md()


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


def units_of(text: str) -> list[Unit]:
    """Every translatable unit of a page, in document order."""
    body_offset, units = _front_matter(text)
    tokens = _MD.parse(text[body_offset:])
    return units + [unit for unit, _ in cut_units(text, tokens, text[:body_offset].count("\n"))]


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
