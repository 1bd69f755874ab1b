"""The fast path of is_language_tag (models/subtags.py) answers as langcodes does."""

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
