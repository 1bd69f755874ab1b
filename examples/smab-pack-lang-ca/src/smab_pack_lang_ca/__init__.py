"""Catalan for the smab-pack learner run-time: an example language plugin.

Each ``locales/<tag>/messages.po`` is one language: a copy of smab-pack's English catalogue with
every ``msgstr`` translated. Its name, text direction and plural rule come from CLDR (Babel).
"""

from pathlib import Path

from smab_pack.api import hookimpl, load_language

LOCALES = Path(__file__).with_name("locales")


@hookimpl
def smab_languages():
    return [load_language(folder.name, folder / "messages.po") for folder in sorted(LOCALES.iterdir())]
