"""The bilingual glossary (issue 13, point 2) and the help language (point 1), without a browser:
glossary.yaml's checks and lint rules, where terms are marked, the glossary page's order and its
help-language texts, the help language's checks. tests/test_glossary_browser.py runs it in Chromium."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from smab_pack.builtin.glossary.collate import sort_key
from smab_pack.diagnostics import BuildFailed, Diagnostics
from smab_pack.pipeline import build, check_course
from tests.conftest import FIXTURES, SHIPPED
from tests.support.pages import course_html

GLOSSARY = """terms:
  - id: vat
    term: {en: value added tax (VAT), nb: merverdiavgift (MVA)}
    forms:
      en: [VAT, value added tax]
      nb: [MVA, merverdiavgift, merverdiavgiften]
    definition:
      en: A tax on sales.
      nb: En avgift på salg.
    see_also: [enk]
  - id: enk
    term: {en: sole proprietorship, nb: enkeltpersonforetak}
    definition:
      en: A business of one person.
      nb: Et foretak med én eier.
"""

PAGE = """---
title: Tax
---

# VAT in a heading is not marked

Every business charges VAT. VAT is paid later. A [link about VAT](https://example.org) is left alone,
and so is `VAT` in code.

Explicitly: [the tax on sales]{term=vat}. A sole proprietorship pays it too.

- VATS is not a whole word; neither is preVAT.

::: quiz Check {#check}

## Who pays VAT? {#q1}

- [x] The business (VAT)
- [ ] Nobody

:::
"""


def _course(tmp_path: Path, glossary: str | None = GLOSSARY, page: str = PAGE, extra: str = "") -> Path:
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", course)
    if glossary is not None:
        (course / "glossary.yaml").write_text(glossary, encoding="utf-8")
    (course / "modules/02-test/05-tax.en.md").write_text(page, encoding="utf-8")
    if extra:
        with (course / "course.yaml").open("a", encoding="utf-8") as f:
            f.write(extra)
    return course


def _html(checked, lang: str, page_id: str) -> str:
    page = next(p for p in checked.localized[lang].pages if p.id == page_id)
    return "".join(getattr(b, "html", "") or "" for b in page.blocks)


def test_terms_are_marked_once_per_page_in_prose_only(tmp_path):
    diags = Diagnostics()
    checked = check_course(_course(tmp_path), diags)
    assert checked is not None and not diags.has_errors, list(diags)
    html = _html(checked, "en", "tax")
    marks = re.findall(r'<span data-term="([^"]+)">([^<]*)</span>', html)
    # the first VAT of the prose (not the heading's), the explicit mark, the first sole proprietorship
    assert marks == [("vat", "VAT"), ("vat", "the tax on sales"), ("enk", "sole proprietorship")]
    assert "VAT is paid later" in html  # the second occurrence stays text
    assert "link about VAT</a>" in html and "<code>VAT</code>" in html
    assert "VATS is not" in html and "preVAT" in html
    quiz = next(b for p in checked.localized["en"].pages if p.id == "tax" for b in p.blocks if b.kind == "quiz")
    assert "data-term" not in json.dumps(quiz.model_dump())  # options are the learner's answer: never marked


def test_a_capital_first_letter_matches_and_inflected_forms_are_listed(tmp_path):
    page = "---\ntitle: Skatt\n---\n\nMerverdiavgiften betales senere. Et enkeltpersonforetak betaler den.\n"
    course = _course(tmp_path)
    (course / "modules/02-test/05-tax.nb.md").write_text(page, encoding="utf-8")
    diags = Diagnostics()
    checked = check_course(course, diags)
    assert checked is not None
    marks = re.findall(r'<span data-term="([^"]+)">([^<]*)</span>', _html(checked, "nb", "tax"))
    assert marks == [("vat", "Merverdiavgiften"), ("enk", "enkeltpersonforetak")]


def test_an_unused_term_and_a_missing_definition_are_warned_at_their_lines(tmp_path):
    glossary = GLOSSARY.replace("      nb: Et foretak med én eier.\n", "") + (
        "  - id: nuf\n    term: {en: NUF, nb: NUF}\n    definition: {en: A branch., nb: En filial.}\n"
    )
    diags = Diagnostics()
    check_course(_course(tmp_path, glossary), diags)
    found = {
        (d.code, Path(d.file).name, d.line, d.message.split(":")[0]) for d in diags if d.code.startswith("glossary-")
    }
    assert ("glossary-untranslated", "glossary.yaml", 13, "term 'enk' has no definition in nb") in found
    unused = {(d.line, d.message.split(" (")[0]) for d in diags if d.code == "glossary-unused"}
    # vat is marked in en only (the nb page falls back to en: marked in en's words), nuf nowhere
    assert (15, "term 'nuf' is marked on no page in en") in unused and (
        15,
        "term 'nuf' is marked on no page in nb",
    ) in unused


def test_help_languages_are_course_languages(tmp_path):
    diags = Diagnostics()
    check_course(_course(tmp_path, extra="help_languages: [nb, ar]\n"), diags)
    errors = [(d.code, Path(d.file).name, d.line) for d in diags.errors]
    assert errors == [("unknown-language", "course.yaml", 11)], list(diags)
    with pytest.raises(BuildFailed) as failed:
        build(_course(tmp_path / "b"), tmp_path / "out", formats=["web"], languages=["en"], help_languages=["uk"])
    assert [d.code for d in failed.value.diagnostics.errors] == ["unknown-language"]
    assert "--help-language names 'uk'" in failed.value.diagnostics.errors[0].message
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_locale_collation_orders_each_language_by_its_alphabet():
    def order(words, lang):
        return sorted(words, key=lambda w: sort_key(w, lang))

    assert order(["åpen", "ære", "øl", "zebra", "Altinn", "aksje"], "nb") == [
        "aksje",
        "Altinn",
        "zebra",
        "ære",
        "øl",
        "åpen",
    ]
    assert order(["ñu", "nube", "oso", "nación"], "es") == ["nación", "nube", "ñu", "oso"]
    assert order(["łąka", "lis", "mama", "źle", "żaba", "zebra"], "pl") == [
        "lis",
        "łąka",
        "mama",
        "zebra",
        "źle",
        "żaba",
    ]
    # DUCET alone: German puts ä with a, Greek and Arabic in their alphabets
    assert order(["Ärger", "Apfel", "Bank", "Zoll"], "de") == ["Apfel", "Ärger", "Bank", "Zoll"]
    assert order(["Φόρος", "Άδεια", "Βιβλίο"], "el") == ["Άδεια", "Βιβλίο", "Φόρος"]
    assert order(["ضريبة", "بنك", "رقم"], "ar") == ["بنك", "رقم", "ضريبة"]


def test_the_table_parsed_as_texts_need_it_gives_pyuca_s_own_keys():
    """The lazily parsed table (collate.LazyCollator) against pyuca reading all of it: every
    character of the Basic Multilingual Plane and beyond, texts with contractions, combining marks
    out of order, Hangul, CJK and unassigned code points, and every term of the shipped glossary."""
    from pyuca import Collator

    from smab_pack.builtin.glossary.collate import LazyCollator

    full, lazy = Collator(), LazyCollator()
    assert lazy.implicit_weights == full.implicit_weights
    chars = [chr(cp) for cp in range(0x20, 0x30000, 7) if not 0xD800 <= cp < 0xE000]
    texts = [
        *chars,
        "l·l",  # Catalan's ela geminada: a contraction of three code points
        "\u0e40\u0e01",  # Thai: a prevowel before its consonant
        "a\u0323\u0302",  # two combining marks, in and out of canonical order
        "ậ",
        "\u0438\u0306",  # й, decomposed
        "한국어",
        "日本語",
        "\U000e0001x",
        "\U0010fffd",
        *yaml.safe_load((SHIPPED / "glossary.yaml").read_text(encoding="utf-8"))["terms"][0]["term"].values(),
    ]
    for term in yaml.safe_load((SHIPPED / "glossary.yaml").read_text(encoding="utf-8"))["terms"]:
        texts += [text for text in term["term"].values() if isinstance(text, str)]
    for text in texts:
        assert lazy.sort_key(text) == full.sort_key(text), repr(text)
    # what a text needed got parsed (pyuca looks up the decomposed text), and most of the table never is
    assert not any(lazy._unparsed.get(ord(c)) for text in texts for c in unicodedata.normalize("NFD", text))
    assert LazyCollator()._unparsed.keys() == full_table_firsts(full)


def full_table_firsts(collator) -> set[int]:
    """The first code points of every entry in ``collator``'s trie."""
    return set(collator.table.root.children)


@pytest.fixture(scope="module")
def norwegian_with_help(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("nb-help")
    built, _ = build(SHIPPED, out, formats=["web"], languages=["nb"], help_languages=["ar", "uk"])
    return built[0].path


def _index(package: Path) -> str:
    return course_html(package)


def test_the_glossary_page_lists_every_term_in_norwegian_order_with_the_help_languages(norwegian_with_help):
    html = _index(norwegian_with_help)
    terms = yaml.safe_load((SHIPPED / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    listed = re.findall(r'<div class="smab-gl-entry" id="glossary--([a-z-]+)" data-term="[^"]+"><dt>([^<]+)</dt>', html)
    assert sorted(i for i, _ in listed) == sorted(t["id"] for t in terms)
    names = [n for _, n in listed]
    assert names == sorted(names, key=lambda n: sort_key(n, "nb"))
    # case does not split the alphabet: aksjeselskap, Altinn, ansvarlig selskap
    assert names.index("aksjeselskap (AS)") < names.index("Altinn") < names.index("ansvarlig selskap (ANS eller DA)")
    for term in terms:  # the Arabic and Ukrainian texts, with their own lang and dir, hidden until picked
        for lang, direction in (("ar", "rtl"), ("uk", "ltr")):
            block = (
                f'<div class="smab-gl-help" data-help="{lang}" lang="{lang}" dir="{direction}" hidden>'
                f"<p><dfn>{_escape(term['term'][lang])}</dfn></p><p>{_escape(term['definition'][lang])}</p></div>"
            )
            assert block in html, (term["id"], lang)
    # the header's picker offers them, in their own names
    picker = re.search(r'<select data-smab-ui="help">(.*?)</select>', html, re.S).group(1)
    assert re.findall(r'<option value="([a-z]*)"', picker) == ["", "ar", "uk"]
    data = json.loads(re.search(r'id="smab-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert [p for p in data["pages"] if p.get("aid")] == [p for p in data["pages"] if p["id"] == "glossary"]
    assert data["pages"][-1]["id"] == "glossary"  # after the course (and its evaluation)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


def test_the_shipped_glossary_is_complete_and_used_in_every_language():
    diags = Diagnostics()
    checked = check_course(SHIPPED, diags)
    assert checked is not None
    glossary_codes = [d for d in diags if d.code.startswith("glossary-") or d.code == "unknown-term"]
    assert glossary_codes == []
    terms = checked.localized["en"].glossary.terms
    assert 10 <= len(terms) <= 15
    for lang in checked.source.config.languages:
        assert all(lang in t.term and lang in t.definition for t in terms), lang
        marked = set(
            re.findall(
                r'data-term="([^"]+)"', "".join(_html(checked, lang, p.id) for p in checked.localized[lang].pages)
            )
        )
        assert marked == {t.id for t in terms}, lang


def test_glossary_texts_go_through_xliff_and_go_stale_when_the_source_changes(tmp_path):
    from lxml import etree

    from smab_pack import plugins
    from smab_pack.loading.course_loader import load_course
    from smab_pack.translation.status import State, translation_status
    from smab_pack.translation.xliff import XLIFF2, export_xliff, import_xliff

    course_dir = tmp_path / "course"
    shutil.copytree(SHIPPED, course_dir)
    file = course_dir / "glossary.yaml"
    before = file.read_bytes()

    def load():
        return load_course(course_dir, Diagnostics(), config_model=plugins.course_config_model())

    # an untouched round trip: byte-identical
    xlf = tmp_path / "nb.xlf"
    xlf.write_bytes(export_xliff(load(), "nb", "2.0"))
    units = {u.get("id"): u for u in etree.parse(str(xlf)).iter(f"{{{XLIFF2}}}unit")}
    assert "terms.0.definition" in units and "terms.0.term" in units  # each term and definition is a unit
    assert import_xliff(load(), xlf, Diagnostics()) is not None and file.read_bytes() == before

    # the English definition of the first term changes: every translation of the glossary is stale
    text = before.decode()
    old = TERMS_EN_DEF = yaml.safe_load(text)["terms"][0]["definition"]["en"]
    file.write_text(text.replace(old, old + " It has no share capital."), encoding="utf-8")
    diags = Diagnostics()
    check_course(course_dir, diags)
    stale = [d for d in diags if d.code == "stale-translation" and Path(d.file).name == "glossary.yaml"]
    lines = file.read_text(encoding="utf-8").splitlines()
    assert sorted(lines[d.line - 1].strip()[:3] for d in stale) == sorted(
        f"{lang}:" for lang in yaml.safe_load(text)["translated_from"]
    )
    status = {s.lang: next(p for p in s.pages if p.page == "glossary.yaml").state for s in translation_status(load())}
    assert set(status.values()) == {State.STALE}

    # the Norwegian translator updates the definition in the CAT tool: nb is current again, the others stay stale
    xlf.write_bytes(export_xliff(load(), "nb", "2.0"))
    root = etree.parse(str(xlf))
    unit = next(u for u in root.iter(f"{{{XLIFF2}}}unit") if u.get("id") == "terms.0.definition")
    target = unit.find(f".//{{{XLIFF2}}}target")
    target.text = target.text + " Det har ingen aksjekapital."
    xlf.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    assert import_xliff(load(), xlf, Diagnostics()) is not None
    after = file.read_text(encoding="utf-8")
    assert "Det har ingen aksjekapital." in after and TERMS_EN_DEF in after
    status = {s.lang: next(p for p in s.pages if p.page == "glossary.yaml").state for s in translation_status(load())}
    assert status["nb"] is State.CURRENT and status["ar"] is State.STALE
    changed = [a for a, b in zip(before.decode().splitlines(), after.splitlines(), strict=True) if a != b]
    assert len(changed) == 3  # the English definition, the Norwegian one, nb's record: nothing else
