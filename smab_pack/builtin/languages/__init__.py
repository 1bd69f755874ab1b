"""The built-in languages: one gettext catalogue per language in ``locales/<tag>/messages.po``.

Names, text direction and plural rules come from CLDR (Babel); the English catalogue defines
the keys and every other language falls back to it key by key. A third-party language plugin
returns its own :class:`~smab_pack.api.Language` from the same hook.
"""

from __future__ import annotations

from pathlib import Path

from smab_pack.api import hookimpl, load_language

LOCALES = Path(__file__).with_name("locales")


@hookimpl
def smab_languages():
    return [
        load_language(folder.name, folder / "messages.po")
        for folder in sorted(LOCALES.iterdir())
        if (folder / "messages.po").is_file()
    ]
