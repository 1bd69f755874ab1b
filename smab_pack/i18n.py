"""Languages from gettext catalogues and CLDR locale data (Babel).

A language plugin is a folder with a ``messages.po`` whose entries are keyed
by ``msgctxt`` (stable keys the run-time uses) with the English text as
``msgid``; names, text direction and plural rules come from Babel.
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from smab_pack.extension import Language


def read_catalogue(path: Path) -> dict[str, str | list[str]]:
    """{key: text}, or {key: [plural forms]} for entries with msgid_plural."""
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    strings: dict[str, str | list[str]] = {}
    for message in catalogue:
        if not message.id or not message.context:
            continue
        if isinstance(message.id, (list, tuple)):
            forms = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
            # English is the template: its msgstr may stay empty, msgid/msgid_plural are the text.
            strings[message.context] = forms if any(forms) else list(message.id)
        else:
            strings[message.context] = message.string or message.id
    return strings


def plural_expression(tag: str) -> str:
    """The gettext plural expression for ``tag`` (valid JavaScript too)."""
    try:
        return get_plural(Locale.parse(tag.replace("-", "_"))).plural_expr
    except (UnknownLocaleError, ValueError):
        return "(n != 1)"


def load_language(tag: str, catalogue: Path) -> Language:
    locale = Locale.parse(tag.replace("-", "_"))
    return Language(
        tag=tag,
        name=locale.get_display_name(locale) or tag,
        english_name=locale.english_name or tag,
        direction="rtl" if locale.character_order == "right-to-left" else "ltr",
        # A missing catalogue leaves every string in English (the completeness test guards built-ins).
        strings=read_catalogue(catalogue) if catalogue.is_file() else {},
        plural=plural_expression(tag),
    )


def plural_script(languages: list[Language]) -> str:
    """i18n.js: each language's plural rule as a function the run-time calls."""
    lines = [
        "/* Plural rules from CLDR (via Babel): which plural form a number takes. */",
        "window.SMAB_PLURALS = window.SMAB_PLURALS || {};",
    ]
    for language in languages:
        lines.append(f'SMAB_PLURALS["{language.tag}"] = function (n) {{ return +({language.plural}); }};')
    return "\n".join(lines) + "\n"
