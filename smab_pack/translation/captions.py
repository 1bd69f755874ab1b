"""Caption and chapter files (WebVTT) in the translation workflow.

Each cue's text is a unit; timings, cue ids and settings never travel, so a
translation keeps the source's timing. The default language's files
(`film.en.vtt`, `film.chapters.en.vtt`) are the sources; `film.<lang>.vtt` the
translations, written back in place exactly like pages (untouched text, same bytes).
"""

from __future__ import annotations

import re
from pathlib import Path

from smab_pack.loading.paths import regular_file
from smab_pack.translation.segments import Unit, apply

TIMING = re.compile(r"^(?:\d+:)?\d{2}:\d{2}\.\d{3}\s+-->\s+(?:\d+:)?\d{2}:\d{2}\.\d{3}")


def caption_sources(root: Path, default: str) -> list[Path]:
    """Every WebVTT file of the default language in the course folder, in a stable order."""
    # only the course's own files: a symlink out of the course is refused by validate, never exported
    return sorted(
        p for p in root.rglob(f"*.{default}.vtt") if not p.name.startswith(".") and regular_file(p, root)[0] is not None
    )


def translation_of(source: Path, default: str, lang: str) -> Path:
    return source.with_name(source.name[: -len(f".{default}.vtt")] + f".{lang}.vtt")


def caption_units(text: str) -> list[Unit]:
    """One unit per cue: the lines after its timing line, up to the blank line."""
    units: list[Unit] = []
    lines = text.split("\n")
    offset, starts = 0, []
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    i = 0
    while i < len(lines):
        if TIMING.match(lines[i].strip()):
            first = i + 1
            j = first
            while j < len(lines) and lines[j].strip():
                j += 1
            if j > first:
                spans = [(starts[k], starts[k] + len(lines[k].rstrip("\r"))) for k in range(first, j)]
                units.append(
                    Unit(
                        id=f"cue{len(units) + 1}",
                        kind="caption",
                        text="\n".join(lines[k].rstrip("\r") for k in range(first, j)),
                        spans=spans,
                    )
                )
            i = j
        i += 1
    return units


def clean_target(text: str) -> str:
    """A translated cue that cannot break the file: no blank lines, no cue timing arrow."""
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    return "\n".join(line for line in lines if line).replace("-->", "->")


def apply_captions(skeleton: str, targets: dict[str, str]) -> str:
    return apply(skeleton, caption_units(skeleton), {k: clean_target(v) for k, v in targets.items()})
