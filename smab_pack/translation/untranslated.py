"""Which units of a translation are still the source's text.

A unit is untranslated when its translation has no text for it, or when its text is the
source's own and the source is prose: a title, heading, paragraph, list item, quote, block
title or caption of three words or more. Shorter texts and table cells or answers are often
the same in every language (names such as Altinn, figures, the answers a learner types), so
equality says nothing about them.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from smab_pack.translation.inline import protect
from smab_pack.translation.segments import Unit, units_of

PROSE = {"title", "heading", "paragraph", "item", "quote", "block-title", "caption"}
MIN_WORDS = 3


def prose(text: str) -> list[str]:
    """The words around the inline codes: link targets (which import points to the target language's
    pages) and code are not words."""
    return list(_prose(text))


@lru_cache(maxsize=16384)
def _prose(text: str) -> tuple[str, ...]:
    # a source unit is compared with its translation in every language (and parallel text in every
    # edition): its words are found once
    return tuple(" ".join(piece for piece in protect(text) if isinstance(piece, str)).split())


def words(text: str) -> int:
    """How many words hold a letter."""
    return sum(any(unicodedata.category(c).startswith("L") for c in word) for word in _prose(text))


def translatable(unit: Unit) -> bool:
    """Whether a target equal to ``unit``'s source text means nobody translated it."""
    return unit.kind in PROSE and words(unit.text) >= MIN_WORDS


def same_as_source(source: Unit, target_text: str) -> bool:
    if not translatable(source):
        return False
    said = _prose(source.text)
    # each of the source's words is a piece of the target's text if the two say the same: a
    # translation lacks one at once, without cutting the target into codes and words
    return all(word in target_text for word in said) and _prose(target_text) == said


def untranslated_units(source: list[Unit], target: list[Unit]) -> list[str]:
    """Ids of the units of a translated file that still hold the source's prose; none when the two
    files do not line up unit for unit (then nothing can be said of a unit)."""
    if len(source) != len(target) or [u.kind for u in source] != [u.kind for u in target]:
        return []
    return [s.id for s, t in zip(source, target, strict=True) if same_as_source(s, t.text)]


@lru_cache(maxsize=2048)
def _units(text: str) -> list[Unit]:
    # a multilingual package reads each page in every help language of every edition: cut once
    return units_of(text)


@lru_cache(maxsize=1024)
def translated_units(source_text: str, target_text: str) -> list[Unit] | None:
    """The units of a translated page that XLIFF export marks ``state="translated"``, in page
    order (the target's units, with their spans in ``target_text``), never one still holding the
    source's prose; None when the two files do not line up unit for unit (XLIFF export then
    offers no target at all). What parallel text shows under the course language's version of
    each unit."""
    source, target = _units(source_text), _units(target_text)
    if len(source) != len(target) or [u.kind for u in source] != [u.kind for u in target]:
        return None
    return [t for s, t in zip(source, target, strict=True) if t.text.strip() and not same_as_source(s, t.text)]
