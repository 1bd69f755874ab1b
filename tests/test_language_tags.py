"""The fast paths for language tags answer as the libraries do: is_language_tag (models/subtags.py)
as langcodes, text direction and plural rules of bare tags (i18n.py) as Babel's CLDR data."""

from __future__ import annotations

import string

import langcodes
import pytest

from smab_pack.models.course import _plain_tag, is_language_tag
from smab_pack.models.subtags import LANGUAGES, REGIONS, SCRIPTS


def test_every_subtag_of_the_fast_path_is_one_langcodes_registers_as_written():
    for language in LANGUAGES:
        assert langcodes.tag_is_valid(language) and str(langcodes.Language.get(language)) == language, language
    for region in REGIONS:
        assert langcodes.tag_is_valid(f"en-{region}") and str(langcodes.Language.get(f"en-{region}")) == f"en-{region}"
    for script in SCRIPTS:
        assert langcodes.tag_is_valid(f"en-{script}"), script


TWO_LETTERS = [a + b for a in string.ascii_lowercase for b in string.ascii_lowercase]


@pytest.mark.parametrize(
    "tags",
    [
        TWO_LETTERS,
        [f"en-{code.upper()}" for code in TWO_LETTERS],
        [f"{code}-Latn" for code in TWO_LETTERS],
        [f"sr-{script}-RS" for script in SCRIPTS] + [f"zh-{script}-CN" for script in SCRIPTS],
        # what the fast path must leave to langcodes: other case, order, length, repeats, extras
        ["en-gb", "EN", "en-Latn-Latn", "en-GB-GB", "en-US-Latn", "en-GB-oxendict", "en-GB-oxenfree", "de-1901"],
        ["nb-NO-x-smab", "zh-min-nan", "sgn-ase-bfi", "iw", "in-ID", "und", "en-001", "en-000", "spa-MX", "x-a"],
        ["", "-", "en-", "-en", "english", "en_GB", "C.UTF-8", "ar-Arab-EG", "pt-BR", "xx", "en-AB", "en-ZZ"],
    ],
)
def test_is_language_tag_agrees_with_langcodes(tags):
    assert [t for t in tags if is_language_tag(t) != langcodes.tag_is_valid(t)] == []


def test_the_fast_path_takes_the_tags_courses_name():
    assert all(_plain_tag(t) for t in ["en", "nb", "ar", "pt-BR", "sr-Latn", "zh-Hans-CN", "uk", "ti", "so", "fa"])
    assert not any(_plain_tag(t) for t in ["xx", "en-gb", "en-GB-GB", "iw", "en-Latn-GB-x"])


def _babel_bare_tags() -> list[str]:
    from babel import localedata

    return sorted(tag for tag in localedata.locale_identifiers() if "_" not in tag)


def test_direction_and_plural_rule_of_every_bare_tag_are_babels():
    from babel import Locale
    from babel.messages.plurals import get_plural

    from smab_pack.i18n import plural_expression, text_direction

    tags = _babel_bare_tags()
    assert len(tags) > 300  # Babel ships them: the fast path is checked against each
    for tag in tags:
        locale = Locale.parse(tag)
        assert text_direction(tag) == ("rtl" if locale.character_order == "right-to-left" else "ltr"), tag
        assert plural_expression(tag) == get_plural(locale).plural_expr, tag


def test_tags_with_a_script_or_region_ask_babel():
    from babel import Locale
    from babel.messages.plurals import get_plural

    from smab_pack.i18n import plural_expression, text_direction

    assert text_direction("pa-Arab") == "rtl" and text_direction("pa") == "ltr"
    assert text_direction("uz-Arab") == "rtl" and text_direction("nb-NO") == "ltr"
    assert plural_expression("pt-PT") == get_plural(Locale.parse("pt_PT")).plural_expr
    assert plural_expression("xx") == "(n != 1)"  # no such locale: the English rule, as before


def test_a_one_language_build_loads_no_cldr_locale_data(tmp_path):
    """Direction and plural rule of a bare tag come without Babel's locale files (the 12-page
    build of the benchmark loaded en.dat, root.dat and the likely-subtags table for them)."""
    import subprocess
    import sys

    probe = (
        "import babel.core as c, babel.localedata as d\n"
        "from smab_pack.i18n import text_direction, plural_expression\n"
        "print(text_direction('ar'), text_direction('en'), plural_expression('nb'), len(d._cache), c._global_data)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["rtl", "ltr", "(n", "!=", "1)", "0", "None"]
