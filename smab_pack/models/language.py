"""A language the learner run-time speaks: what a language plugin returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Language:
    """A language the learner run-time speaks."""

    tag: str  # BCP 47
    name: str  # in the language itself, e.g. "norsk bokmål"
    english_name: str
    direction: str = "ltr"  # or "rtl"
    #: run-time UI strings by key; a list holds the plural forms of one string
    strings: dict[str, str | list[str]] = field(default_factory=dict)
    #: gettext plural expression in n (e.g. "(n != 1)"), valid in JavaScript too
    plural: str = "(n != 1)"
