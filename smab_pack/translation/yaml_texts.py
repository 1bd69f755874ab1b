"""Texts written in YAML (course and module titles, the evaluation form, the
resource bank, the glossary's terms and definitions) in the translation workflow.

A localised text is a block-style mapping from language tags to one-line
strings. Its default-language value is a unit's source; the target language's
value, if any, its translation. Import replaces or adds the target's line and
touches nothing else in the file, so untouched files keep their bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from smab_pack.loading.paths import regular_file
from smab_pack.translation.segments import Unit

LANG_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")
NOT_PLAIN = re.compile(r"(:\s|\s#|\s$|^(y|yes|n|no|true|false|on|off|null|~)$|^[-+.]?\d)", re.IGNORECASE)


@dataclass
class LocalisedText:
    id: str  # path in the document, e.g. "evaluation.questions.0.text"
    node: yaml.MappingNode

    def value(self, lang: str) -> yaml.ScalarNode | None:
        return next((v for k, v in self.node.value if k.value == lang), None)

    def text(self, lang: str) -> str | None:
        node = self.value(lang)
        return None if node is None else str(node.value)


def yaml_sources(root: Path) -> list[Path]:
    """The YAML files of a course that hold learner-facing texts."""
    files = [
        root / "course.yaml",
        *sorted((root / "modules").glob("*/module.yaml")),
        root / "resources.yaml",
        root / "glossary.yaml",
    ]
    return [f for f in files if regular_file(f, root)[0] is not None]  # never a file from outside the course


def localised_texts(text: str, default: str) -> list[LocalisedText]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []  # validate reports it; there is nothing to translate in a broken file
    found: list[LocalisedText] = []

    def walk(node, path: list[str]) -> None:
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
            if (
                keys
                and default in keys
                and all(LANG_TAG.match(str(k)) for k in keys)
                and not node.flow_style
                and all(isinstance(v, yaml.ScalarNode) and v.tag.endswith(":str") for _, v in node.value)
            ):
                found.append(LocalisedText(".".join(path), node))
                return
            for key, value in node.value:
                walk(value, path + [str(key.value)])
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, path + [str(index)])

    if root is not None:
        walk(root, [])
    return found


def yaml_units(default: str):
    def units(text: str) -> list[Unit]:
        # every localised text has its default language (localised_texts finds only those)
        return [Unit(id=t.id, kind="text", text=t.text(default) or "") for t in localised_texts(text, default)]

    return units


def yaml_targets(text: str, default: str, lang: str) -> dict[str, str]:
    return {t.id: found for t in localised_texts(text, default) if (found := t.text(lang)) is not None}


def scalar(value: str) -> str:
    """``value`` as a one-line YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    value = " ".join(value.split())
    if PLAIN.match(value) and not NOT_PLAIN.search(value):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def apply_yaml(text: str, default: str, lang: str, targets: dict[str, str]) -> str:
    """Write ``targets`` (by text id) as the ``lang`` value of each localised text."""
    edits: list[tuple[int, int, str]] = []
    for item in localised_texts(text, default):
        if item.id not in targets:
            continue
        new = scalar(targets[item.id])
        current = item.value(lang)
        if current is not None:
            if str(current.value) == " ".join(targets[item.id].split()):
                continue
            edits.append((current.start_mark.index, current.end_mark.index, new))
        else:
            key = item.value(default)
            column = next(k for k, v in item.node.value if v is key).start_mark.column
            last = item.node.value[-1][1]
            eol = text.find("\n", last.end_mark.index)  # after a comment on that line, if any
            eol = len(text) if eol < 0 else eol
            # the line `smab-pack new` leaves for this language ("# es: (untranslated…)") gives way to it
            marker = re.compile(rf"\n[ \t]*# {re.escape(lang)}: \(untranslated[^\n]*")
            placeholder = marker.match(text, eol)
            end = placeholder.end() if placeholder else eol
            edits.append((eol, end, f"\n{' ' * column}{lang}: {new}"))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text
