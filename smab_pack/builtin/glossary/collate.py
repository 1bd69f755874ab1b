"""Alphabetical order per language, for the glossary page.

pyuca implements the Unicode Collation Algorithm with its default table (DUCET), in pure Python:
right for Greek, Cyrillic, Arabic, German and English, and nothing to compile (PyICU needs ICU's
headers and a compiler on every machine; Babel has no collation). CLDR tailors the default order
for some languages by making letters of their own that DUCET sorts as accented base letters;
for the course languages where that changes the order, the tailoring is below: each such letter
sorts as its place in the alphabet, after the letters before it (a trailing character of the
highest weight keeps it after every word that continues with the base letter)."""

from __future__ import annotations

from functools import cache

from pyuca import Collator

_LAST = "\U0010fffd"  # sorts after every letter (an unassigned code point's implicit weight)

#: CLDR's reorderings of the alphabet: letter → (base letter it follows, how many places after)
_TAILORED: dict[str, dict[str, tuple[str, int]]] = {
    "nb": {"æ": ("z", 1), "ø": ("z", 2), "å": ("z", 3)},
    "es": {"ñ": ("n", 1)},
    "pl": {
        "ą": ("a", 1),
        "ć": ("c", 1),
        "ę": ("e", 1),
        "ł": ("l", 1),
        "ń": ("n", 1),
        "ó": ("o", 1),
        "ś": ("s", 1),
        "ź": ("z", 1),
        "ż": ("z", 2),
    },
}
_TAILORED["nn"] = _TAILORED["no"] = _TAILORED["da"] = _TAILORED["nb"]


@cache
def _collator() -> Collator:
    return Collator()


def _tailored(text: str, lang: str) -> str:
    table = _TAILORED.get(lang.split("-")[0])
    if not table:
        return text
    out = []
    for char in text:
        lower = char.lower()
        if lower in table:
            base, place = table[lower]
            out.append((base.upper() if char != lower else base) + _LAST * place)
        else:
            out.append(char)
    return "".join(out)


def sort_key(text: str, lang: str) -> tuple[int, ...]:
    """The key that puts ``text`` in ``lang``'s alphabetical order."""
    return tuple(_collator().sort_key(_tailored(text, lang)))
