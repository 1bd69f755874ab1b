"""Languages from gettext catalogues and CLDR locale data (Babel).

A language plugin is a folder with a ``messages.po`` whose entries are keyed
by ``msgctxt`` (stable keys the run-time uses) with the English text as
``msgid``; names, text direction and plural rules come from Babel.
"""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path
from typing import Any

from smab_pack.models.language import Language

#: how many catalogues have been parsed in this process (the registry test asserts one per language used)
parsed_catalogues = 0


def read_catalogue(path: Path) -> dict[str, str | list[str]]:
    """{key: text}, or {key: [plural forms]} for entries with msgid_plural."""
    from babel.messages.pofile import read_po

    global parsed_catalogues
    parsed_catalogues += 1
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    strings: dict[str, str | list[str]] = {}
    for message in catalogue:
        if not message.id or not message.context:
            continue
        if isinstance(message.id, (list, tuple)):
            plural = message.string if isinstance(message.string, (list, tuple)) else [message.string]
            forms = [form or "" for form in plural]
            # English is the template: its msgstr may stay empty, msgid/msgid_plural are the text.
            strings[message.context] = forms if any(forms) else [str(form) for form in message.id]
        else:
            strings[message.context] = (message.string if isinstance(message.string, str) else "") or message.id
    return strings


#: the languages (bare tags) CLDR writes right to left, as Babel 2.19 ships them; every other bare
#: tag Babel has locale data for is left to right (tests/test_language_tags.py checks all of them)
RIGHT_TO_LEFT = frozenset(
    ["apc", "ar", "ary", "bal", "bgn", "bqi", "brh", "ckb", "dv", "fa", "he", "ks", "lrc", "mzn", "nqo"]
    + ["ps", "rhg", "sd", "sdh", "skr", "syr", "trw", "ug", "ur", "yi"]
)


def _bare_locale(tag: str) -> bool:
    """A tag without script or region that Babel has locale data for: its direction and plural rule
    are known without loading CLDR data (Locale.parse reads the likely-subtags table, the direction
    the locale's own data: most of what a one-language build spent on languages)."""
    from babel import localedata

    return tag.isalpha() and tag.islower() and localedata.exists(tag)


def text_direction(tag: str) -> str:
    """ "rtl" or "ltr", as CLDR's character order for ``tag`` says (Babel)."""
    if _bare_locale(tag):
        return "rtl" if tag in RIGHT_TO_LEFT else "ltr"
    from babel import Locale

    return "rtl" if Locale.parse(tag.replace("-", "_")).character_order == "right-to-left" else "ltr"


def plural_expression(tag: str) -> str:
    """The gettext plural expression for ``tag`` (valid JavaScript too)."""
    from babel import Locale, UnknownLocaleError
    from babel.messages.plurals import DEFAULT_PLURAL, PLURALS, get_plural

    if _bare_locale(tag):  # what get_plural looks up for it, without parsing the locale
        return PLURALS.get(tag, DEFAULT_PLURAL)[1]
    try:
        return get_plural(Locale.parse(tag.replace("-", "_"))).plural_expr
    except (UnknownLocaleError, ValueError):
        return "(n != 1)"


@cache
def cldr_language(tag: str) -> str | None:
    """The CLDR language ``tag`` resolves to (``kmr`` → ``ku``), or None when CLDR has none."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag.replace("-", "_")).language
    except (UnknownLocaleError, ValueError):
        return None


class CatalogueLanguage(Language):
    """A :class:`Language` read on first use: its CLDR data (names, direction, plural rule) when
    one of those is asked for, its catalogue when ``strings`` is. A registry then costs nothing
    for the languages a build does not use; each catalogue is parsed at most once per process.

    It is a ``Language`` in every other way (equality, ``dataclasses.replace``, which gives a
    plain ``Language`` with the values read)."""

    def __init__(self, tag: str, catalogue: Path) -> None:
        object.__setattr__(self, "tag", tag)
        object.__setattr__(self, "catalogue", catalogue)

    catalogue: Path

    def __new__(cls, tag: str | None = None, catalogue: Path | None = None, **fields: Any) -> Language:  # type: ignore[misc]
        # (mypy wants a CatalogueLanguage from __new__; dataclasses.replace() must get a plain Language)
        if fields:  # dataclasses.replace() passes every field: the result holds plain values
            return Language(tag=tag, **fields)  # type: ignore[arg-type]
        return super().__new__(cls)

    @cached_property
    def _locale(self):
        from babel import Locale

        return Locale.parse(self.tag.replace("-", "_"))

    @cached_property
    def _named(self):
        # Babel fills in a likely script and region for a tag CLDR keeps no locale under
        # (kmr → ku_Latn_TR); the language's name says only what the tag says.
        from babel import Locale
        from babel.core import parse_locale

        _, territory, script, variant = parse_locale(self.tag.replace("-", "_"))[:4]
        locale = self._locale
        return Locale(
            locale.language, territory and locale.territory, script and locale.script, variant and locale.variant
        )

    @cached_property
    def name(self) -> str:
        return self._named.get_display_name(self._locale) or self.tag

    @cached_property
    def english_name(self) -> str:
        return self._named.get_display_name("en") or self.tag

    @cached_property
    def direction(self) -> str:
        return text_direction(self.tag)

    @cached_property
    def strings(self) -> dict[str, str | list[str]]:
        # A missing catalogue leaves every string in English (the completeness test guards built-ins).
        return read_catalogue(self.catalogue) if self.catalogue.is_file() else {}

    @cached_property
    def plural(self) -> str:
        return plural_expression(self.tag)


def load_language(tag: str, catalogue: Path) -> Language:
    """The language ``tag`` with the UI strings of ``catalogue`` (a ``messages.po``), read on first use."""
    return CatalogueLanguage(tag, catalogue)


def plural_script(languages: list[Language]) -> str:
    """i18n.js: each language's plural rule as a function the run-time calls."""
    lines = [
        "/* Plural rules from CLDR (via Babel): which plural form a number takes. */",
        "window.SMAB_PLURALS = window.SMAB_PLURALS || {};",
    ]
    for language in languages:
        lines.append(f'SMAB_PLURALS["{language.tag}"] = function (n) {{ return +({language.plural}); }};')
    return "\n".join(lines) + "\n"
