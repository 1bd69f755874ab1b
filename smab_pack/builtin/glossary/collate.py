"""Alphabetical order per language, for the glossary page.

pyuca implements the Unicode Collation Algorithm with its default table (DUCET), in pure Python:
right for Greek, Cyrillic, Arabic, German and English, and nothing to compile (PyICU needs ICU's
headers and a compiler on every machine; Babel has no collation). CLDR tailors the default order
for some languages by making letters of their own that DUCET sorts as accented base letters;
for the course languages where that changes the order, the tailoring is below: each such letter
sorts as its place in the alphabet, after the letters before it (a trailing character of the
highest weight keeps it after every word that continues with the base letter).

Reading the whole table (30,000 lines into pyuca's trie) cost a build with a glossary 0.35 s of
CPU; a glossary needs the weights of a few hundred characters. The table is read once, each line
filed unparsed under its first code point, and a character's lines are parsed when a text first
contains it: the same trie for every text sorted, so the same keys (tests/test_glossary.py
compares them with pyuca's own table)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pyuca import Collator
from pyuca.collator import COLL_ELEMENT_PATTERN

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


class LazyCollator(Collator):
    """pyuca's collator (the table version it picks for this Python), its table parsed a
    character at a time, as texts need it."""

    def load(self, filename: str) -> None:
        self._unparsed: dict[int, list[str]] = {}
        with open(filename, encoding="utf-8") as keys_file:
            for line in keys_file:
                if line[:1] in "#@\n":
                    if line.startswith("@implicitweights"):
                        chars, base = line[len("@implicitweights") :].split("#", 1)[0].split(";")
                        start, end = chars.split("..")
                        self.implicit_weights.append([int(start, 16), int(end, 16), int(base, 16)])
                    continue
                first = line.split(None, 1)[0].split(";", 1)[0]
                self._unparsed.setdefault(int(first, 16), []).append(line)

    def _parse(self, code_points: Iterable[int]) -> None:
        for code_point in code_points:
            for line in self._unparsed.pop(code_point, ()):
                chars, elements = line.split("#", 1)[0].split(";", 1)
                weights = [[int(w, 16) for w in m.groups()] for m in COLL_ELEMENT_PATTERN.finditer(elements)]
                self.table.add([int(c, 16) for c in chars.split()], weights)

    def build_lookup_key(self, text: str) -> list[int]:
        # every entry that can match starts with a code point of the text: parse those first
        key: list[int] = super().build_lookup_key(text)
        self._parse(key)
        return key


@cache
def _collator() -> LazyCollator:
    return LazyCollator()


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
