"""Language plugins: complete catalogues, CLDR names, directions and plural rules."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import smab_pack
from smab_pack import plugins
from smab_pack.i18n import plural_script

BUILT_IN = ["en", "nb", "nn", "es", "de", "pl", "el", "ar", "uk", "fa", "tr", "so", "ti"]
# issue 13: the languages of large immigrant groups in the five partner countries
BUILT_IN += ["fr", "it", "pt", "ro", "ru", "sq", "ur", "ps", "kmr", "lt", "bg", "hu"]
LOCALES = Path(smab_pack.__file__).parent / "builtin" / "languages" / "locales"
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
    [
        ("ar", "rtl", "العربية"),
        ("fa", "rtl", "فارسی"),
        ("ur", "rtl", "اردو"),
        ("ps", "rtl", "پښتو"),
        ("nb", "ltr", "norsk bokmål"),
        ("el", "ltr", "Ελληνικά"),
        ("kmr", "ltr", "kurdî (kurmancî)"),  # CLDR's ku; not "(latînî, Türkiye)", which Babel infers
        ("ru", "ltr", "русский"),
    ],
)
def test_names_and_directions_come_from_cldr(tag, direction, name):
    language = plugins.languages()[tag]
    assert language.direction == direction and language.name == name


def test_plural_rules_run_in_javascript():
    """The plural rules evaluate to the right gettext form in a real JS engine."""
    tags = ("en", "pl", "ar", "fr", "ru", "lt", "ro")
    langs = [plugins.languages()[t] for t in tags]
    script = (
        plural_script(langs)
        + f"""
        const out = {{}};
        for (const t of {list(tags)!r}) out[t] = [0, 1, 2, 3, 5, 11, 22, 100].map(n => SMAB_PLURALS[t](n));
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
    assert forms["fr"] == [0, 0, 2, 2, 2, 2, 2, 2]  # one is 0 and 1 (many: millions)
    assert forms["ru"] == [2, 0, 1, 1, 2, 2, 1, 2]  # one / few / many
    assert forms["lt"] == [2, 0, 1, 1, 1, 2, 1, 2]  # one (1, 21) / few (2–9) / other (0, 10–20)
    assert forms["ro"] == [1, 0, 1, 1, 1, 1, 2, 2]  # one / few (0, 2–19, 101…) / other ("20 de", "100 de")


def test_every_catalogue_folder_is_a_built_in_language():
    """A catalogue added without being listed here (or listed without a catalogue) is noticed."""
    assert sorted(p.parent.name for p in LOCALES.glob("*/messages.po")) == sorted(BUILT_IN)


@pytest.mark.parametrize("tag", BUILT_IN)
def test_plural_forms_header_agrees_with_cldr(tag):
    """The run-time takes the plural rule from CLDR (Babel); the catalogue's Plural-Forms header and
    its msgstr[N] must be written for that same rule, or a form would be picked that was never written."""
    from babel import Locale
    from babel.messages.plurals import get_plural
    from babel.messages.pofile import read_po

    with (LOCALES / tag / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, abort_invalid=True)  # a lost msgstr line is an error, not a warning
    cldr = get_plural(Locale.parse(tag))
    assert dict(catalogue.mime_headers)["Plural-Forms"] == str(cldr)
    assert plugins.languages()[tag].plural == cldr.plural_expr
    for message in catalogue:
        if message.pluralizable and tag != "en":
            assert len(message.string) == cldr.num_plurals, f"{tag}: '{message.context}'"


def test_kurmanji_is_kmr_and_ku_points_to_it():
    """Kurmanji ships as kmr (ku is the macrolanguage, Sorani included); CLDR keeps it under ku."""
    from smab_pack.i18n import cldr_language

    assert "ku" not in plugins.languages() and cldr_language("kmr") == "ku"
    assert plugins.languages()["kmr"].english_name == "Kurdish"
    assert plugins.languages()["kmr"].plural == "(n != 1)"


#: words that are spelt the same in English and in the language (checked by a reader, not copied)
SAME_AS_ENGLISH = {
    "de": {"video_pause"},
    "nb": {"video_pause"},
    "nn": {"video_pause"},
    "fr": {"video_pause", "correct", "callout_important"},
    "ro": {"callout_important"},
}


@pytest.mark.parametrize("tag", [t for t in BUILT_IN if t != "en"])
def test_no_english_text_is_left_in_a_catalogue(tag):
    english = plugins.languages()["en"].strings
    same = {key for key, text in plugins.languages()[tag].strings.items() if text == english.get(key)}
    assert same <= SAME_AS_ENGLISH.get(tag, set()), f"{tag}: English left in {sorted(same)}"
