"""Language plugins: complete catalogues, CLDR names, directions and plural rules."""

from __future__ import annotations

import subprocess

import pytest

from smab_pack import plugins
from smab_pack.i18n import plural_script

BUILT_IN = ["en", "nb", "nn", "es", "de", "pl", "el", "ar", "uk", "fa", "tr", "so", "ti"]
PLACEHOLDER = __import__("re").compile(r"\{[a-z]+\}")


def test_every_built_in_language_is_installed():
    assert set(BUILT_IN) <= set(plugins.languages())


@pytest.mark.parametrize("tag", BUILT_IN)
def test_catalogue_is_complete_and_keeps_placeholders(tag):
    english = plugins.languages()["en"].strings
    language = plugins.languages()[tag]
    for key, source in english.items():
        assert key in language.strings, f"{tag}: missing '{key}'"
        text = language.strings[key]
        forms = text if isinstance(text, list) else [text]
        sources = source if isinstance(source, list) else [source]
        assert forms and all(f.strip() for f in forms), f"{tag}: empty '{key}'"
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) == set(PLACEHOLDER.findall(sources[-1])), f"{tag}: '{key}'"


@pytest.mark.parametrize(
    "tag,direction,name",
    [("ar", "rtl", "العربية"), ("fa", "rtl", "فارسی"), ("nb", "ltr", "norsk bokmål"), ("el", "ltr", "Ελληνικά")],
)
def test_names_and_directions_come_from_cldr(tag, direction, name):
    language = plugins.languages()[tag]
    assert language.direction == direction and language.name == name


def test_plural_rules_run_in_javascript():
    """The plural rules evaluate to the right gettext form in a real JS engine."""
    langs = [plugins.languages()[t] for t in ("en", "pl", "ar")]
    script = (
        plural_script(langs)
        + """
        const out = {};
        for (const t of ["en", "pl", "ar"]) out[t] = [0, 1, 2, 3, 5, 11, 22, 100].map(n => SMAB_PLURALS[t](n));
        console.log(JSON.stringify(out));
    """
    )
    result = subprocess.run(
        ["node", "-e", "globalThis.window = globalThis;" + script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    import json

    forms = json.loads(result.stdout)
    assert forms["en"] == [1, 0, 1, 1, 1, 1, 1, 1]
    assert forms["pl"] == [2, 0, 1, 1, 2, 2, 1, 2]  # one / few / many
    assert forms["ar"][:4] == [0, 1, 2, 3]  # zero, one, two, few
