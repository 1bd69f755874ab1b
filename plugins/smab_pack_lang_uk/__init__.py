"""Ukrainian: the run-time's UI strings (messages.po); name, direction and plural rules from CLDR."""

from pathlib import Path

from smab_pack.hookspecs import hookimpl
from smab_pack.i18n import load_language


@hookimpl
def smab_languages():
    return [load_language("uk", Path(__file__).with_name("messages.po"))]
