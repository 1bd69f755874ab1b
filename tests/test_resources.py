"""The resource bank: resources.yaml (model, loader, schema), `resource:id`
links, the `::: resources` block, and the bank in a real browser."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml

from smab_pack.diagnostics import BuildFailed, Diagnostics
from smab_pack.loading.yamlsource import parse_yaml
from smab_pack.models.resources import ResourceBank
from smab_pack.pipeline import build
from tests.conftest import ROOT, SHIPPED, diagnostics_for, shipped_config
from tests.support.pages import course_html
from tests.support.resource_bank import BANK_PAGE, GUIDE, RESOURCES_YAML, bank_course, line_of


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SMAB_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "smab_pack", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def _swap(old: str, new: str, occurrence: int = 1) -> str:
    """RESOURCES_YAML with the ``occurrence``-th ``old`` replaced."""
    parts = RESOURCES_YAML.split(old)
    assert len(parts) > occurrence, f"{old!r} not in the fixture"
    return old.join(parts[:occurrence]) + new + old.join(parts[occurrence:])


BOTH = _swap("    file: assets/guide.txt\n", "    file: assets/guide.txt\n    url: https://example.org\n")
DUPLICATE = _swap("id: aeat", "id: skatt")

# (name, resources.yaml, code, line of the error)
CASES = [
    (
        "unknown-field",
        _swap("    url: https://www.skatteetaten.no", "    link: https://www.skatteetaten.no"),
        "unknown-key",
        line_of(RESOURCES_YAML, "https://www.skatteetaten.no"),
    ),
    (
        "http-url",
        _swap("https://www.skatteetaten.no", "http://www.skatteetaten.no"),
        "invalid-value",
        line_of(RESOURCES_YAML, "https://www.skatteetaten.no"),
    ),
    ("url-and-file", BOTH, "invalid-value", line_of(BOTH, "id: guide")),
    ("unknown-country", _swap("country: ES", "country: SE"), "invalid-value", line_of(RESOURCES_YAML, "country: ES")),
    (
        "missing-title",
        _swap("    title: {en: Agencia Tributaria, nb: Agencia Tributaria}\n", ""),
        "missing-key",
        line_of(RESOURCES_YAML, "id: aeat"),
    ),
    (
        "unknown-topic",
        _swap("topic: tax", "topic: taxes", 2),
        "unknown-topic",
        line_of(RESOURCES_YAML, "topic: tax", 2),
    ),
    (
        "unknown-audience",
        _swap("[founders, owners]", "[founders, owner]"),
        "unknown-audience",
        line_of(RESOURCES_YAML, "[founders, owners]"),
    ),
    ("duplicate-id", DUPLICATE, "duplicate-id", line_of(DUPLICATE, "id: skatt", 2)),
    (
        "missing-file",
        _swap("assets/guide.txt", "assets/gone.txt"),
        "missing-file",
        line_of(RESOURCES_YAML, "assets/guide.txt"),
    ),
    (
        "file-escapes-course",
        _swap("assets/guide.txt", "../../../etc/passwd"),
        "path-escape",
        line_of(RESOURCES_YAML, "assets/guide.txt"),
    ),
    (
        "absolute-file",
        _swap("assets/guide.txt", "/etc/passwd"),
        "path-escape",
        line_of(RESOURCES_YAML, "assets/guide.txt"),
    ),
    (
        "yaml-syntax",
        _swap("    country: ES\n", "    country: [ES\n"),
        "yaml-syntax",
        line_of(RESOURCES_YAML, "country: ES") + 1,
    ),
]


def test_the_fixture_bank_is_clean(tmp_path):
    diags = diagnostics_for(bank_course(tmp_path))
    assert [(d.code, d.file, d.line) for d in diags] == []


@pytest.mark.parametrize("name,text,code,line", CASES, ids=[c[0] for c in CASES])
def test_bad_resources_yaml_is_reported_at_its_line_and_nothing_is_written(tmp_path, name, text, code, line):
    bank_course(tmp_path, resources=text)
    result = _run("validate", "course", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == code and d["severity"] == "error"]
    assert any(d["file"] == "course/resources.yaml" and d["line"] == line for d in found), (
        code,
        line,
        json.loads(result.stdout)["diagnostics"],
    )

    built = _run("build", "course", "-o", "dist", cwd=tmp_path)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert f"[{code}]" in built.stderr and "nothing was written" in built.stderr
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_a_bare_no_means_norway(tmp_path):
    doc = parse_yaml(RESOURCES_YAML, tmp_path / "resources.yaml", Diagnostics())
    assert doc.data["resources"][0]["country"] is False  # what YAML 1.1 makes of it
    bank = ResourceBank.model_validate(doc.data)
    assert [r.country for r in bank.resources] == ["NO", "NO", "ES", "EU"]


def test_a_missing_translation_is_a_located_warning(tmp_path):
    course = bank_course(
        tmp_path, resources=_swap("{en: Taxes in Spain., nb: Skatt i Spania.}", "{en: Taxes in Spain.}")
    )
    diags = diagnostics_for(course)
    assert not diags.has_errors
    found = [(d.code, Path(d.file).name, d.line) for d in diags.warnings]
    assert found == [("untranslated-resource", "resources.yaml", line_of(RESOURCES_YAML, "Taxes in Spain."))]
    assert "nb" in diags.warnings[0].message


def test_bundled_resource_files_count_as_used(tmp_path):
    course = bank_course(tmp_path)
    assert "unused-asset" not in {d.code for d in diagnostics_for(course)}
    (course / "resources.yaml").unlink()
    (course / BANK_PAGE).unlink()
    (course / BANK_PAGE.replace(".en.", ".nb.")).unlink()
    assert "unused-asset" in {d.code for d in diagnostics_for(course)}


# ---- resource: links ----------------------------------------------------------------------------------------


def _html(package: Path) -> str:
    return course_html(package)


def test_resource_links_resolve_in_the_built_html(tmp_path):
    course = bank_course(tmp_path)
    built, _ = build(course, tmp_path / "dist", formats=["scorm12"], languages=["en"])
    package = built[0].path
    html = _html(package)
    assert '<a href="https://www.brreg.no" target="_blank" rel="noopener noreferrer">the register</a>' in html
    assert '<a href="content/assets/guide.txt" download="">the checklist</a>' in html
    with zipfile.ZipFile(package) as zf:
        assert zf.read("content/assets/guide.txt").decode() == GUIDE
    assert "resource:" not in html


def test_an_unknown_resource_id_fails_at_its_line_and_column(tmp_path):
    course = bank_course(tmp_path)
    page = course / BANK_PAGE
    page.write_text(page.read_text().replace("resource:guide", "resource:gide"))
    result = _run("validate", "course", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "unknown-resource"]
    text = page.read_text()
    assert [(d["file"], d["line"], d["column"]) for d in found] == [
        (f"course/{BANK_PAGE}", line_of(text, "resource:gide"), text.splitlines()[4].index("resource:gide") + 1)
    ]
    assert "gide" in found[0]["message"] and "guide" in found[0]["hint"]
    with pytest.raises(BuildFailed):
        build(course, tmp_path / "dist", formats=["scorm12"])
    assert not (tmp_path / "dist").exists()


def test_resource_links_without_a_resources_yaml_are_errors(tmp_path):
    course = bank_course(tmp_path, resources=None)
    diags = diagnostics_for(course)
    codes = [(d.code, Path(d.file).name) for d in diags.errors]
    assert ("unknown-resource", "03-bank.en.md") in codes and ("resources-missing", "03-bank.en.md") in codes


# ---- the block ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "info,code",
    [
        ("{color=red}", "resources-filter"),
        ("{country=SE}", "resources-filter"),
        ("{topic=pensions}", "resources-filter"),
    ],
)
def test_bad_block_filters_are_errors_at_the_block_line(tmp_path, info, code):
    course = bank_course(tmp_path)
    page = course / BANK_PAGE
    page.write_text(page.read_text().replace("::: resources", f"::: resources {info}"))
    found = [d for d in diagnostics_for(course).errors if d.code == code]
    assert [(Path(d.file).name, d.line) for d in found] == [("03-bank.en.md", line_of(page.read_text(), ":::"))]


def test_block_filters_narrow_the_list_and_drop_their_select(tmp_path):
    course = bank_course(tmp_path)
    page = course / BANK_PAGE
    page.write_text(page.read_text().replace("::: resources", "::: resources Taxes {topic=tax}"))
    html = _html(build(course, tmp_path / "dist", formats=["scorm12"], languages=["en"])[0][0].path)
    cards = re.findall(r'class="smab-res-card" data-id="([a-z-]+)"', html)
    assert cards == ["skatt", "aeat"]
    assert 'data-key="topic"' not in html and 'data-key="country"' in html
    assert '<h2 class="smab-res-heading"' in html and ">2 resources</p>" in html


def test_without_javascript_every_card_shows_and_the_filters_stay_hidden(tmp_path):
    html = _html(build(bank_course(tmp_path), tmp_path / "dist", formats=["scorm12"], languages=["nb"])[0][0].path)
    assert re.findall(r'class="smab-res-card" data-id="([a-z-]+)"', html) == ["brreg", "skatt", "aeat", "guide"]
    assert '<div class="smab-res-tools" role="search" hidden>' in html
    assert ">4 ressurser</p>" in html  # the count, plural, in the page's language
    assert ">Norge</span>" in html and ">Den europeiske union</span>" in html  # countries from CLDR
    assert '<option value="registration">Registrering</option>' in html  # topic labels from resources.yaml


def test_the_css_uses_logical_properties_only():
    css = (ROOT / "smab_pack" / "builtin" / "resources" / "resources.css").read_text()
    assert css.count("{") > 10
    physical = re.findall(r"(?:margin|padding|border)-(?:left|right|top|bottom)|\b(?:left|right)\s*:|float\s*:", css)
    assert physical == []


# ---- the JSON Schema ------------------------------------------------------------------------------------------


def test_the_schema_accepts_the_shipped_bank_and_rejects_http_and_url_plus_file():
    schema = json.loads((ROOT / "schemas" / "resources.schema.json").read_text())
    data = yaml.safe_load((SHIPPED / "resources.yaml").read_text())
    jsonschema.validate(data, schema)
    for change in ({"url": "http://www.brreg.no"}, {"file": "assets/x.pdf"}, {"colour": "red"}):
        bad = json.loads(json.dumps(data))
        bad["resources"][0].update(change)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


# ---- the shipped course ---------------------------------------------------------------------------------------


def _shipped_bank() -> ResourceBank:
    return ResourceBank.model_validate(yaml.safe_load((SHIPPED / "resources.yaml").read_text(encoding="utf-8")))


def test_the_shipped_bank_covers_every_partner_country_in_every_language():
    bank, config = _shipped_bank(), shipped_config()
    assert 12 <= len(bank.resources) <= 20
    assert {r.country for r in bank.resources} == {"NO", "ES", "DE", "PL", "GR", "EU"}
    for resource in bank.resources:
        assert resource.url and resource.url.startswith("https://")
        for text in (resource.title, resource.description):
            assert isinstance(text, dict) and set(config.languages) <= set(text), resource.id
    for lang in config.languages:
        assert (SHIPPED / "modules" / "05-support-and-planning" / f"04-resource-bank.{lang}.md").is_file()


def test_the_shipped_course_validates_clean():
    diags = diagnostics_for(SHIPPED)
    assert [(d.code, d.file, d.line) for d in diags] == []


# ---- in Chromium ----------------------------------------------------------------------------------------------


def _cards(page) -> list[str]:
    return page.eval_on_selector_all(
        ".smab-page:not([hidden]) .smab-res-card:not([hidden])", "cards => cards.map(c => c.dataset.id)"
    )


def _text(page, selector: str) -> str:
    return page.locator(f".smab-page:not([hidden]) {selector}").inner_text()


@pytest.mark.browser
def test_search_and_filters_show_exactly_the_matching_cards(tmp_path, page, server):
    built, _ = build(bank_course(tmp_path), tmp_path / "dist", formats=["scorm12"], languages=["en"])
    url = server.mount_zip("bank-en", built[0].path)
    page.goto(f"{url}/index.html#bank")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    bank = ".smab-page:not([hidden]) .smab-resources"
    assert page.locator(f"{bank} .smab-res-tools").is_visible()
    assert _cards(page) == ["brreg", "skatt", "aeat", "guide"] and _text(page, ".smab-res-count") == "4 resources"

    page.select_option(f"{bank} select[data-key=country]", "NO")
    assert _cards(page) == ["brreg", "skatt"] and _text(page, ".smab-res-count") == "2 resources"
    page.select_option(f"{bank} select[data-key=topic]", "tax")
    assert _cards(page) == ["skatt"] and _text(page, ".smab-res-count") == "1 resource"  # the singular form

    reset = page.locator(f"{bank} .smab-res-reset")
    reset.focus()
    page.keyboard.press("Enter")  # the keyboard alone
    assert _cards(page) == ["brreg", "skatt", "aeat", "guide"] and _text(page, ".smab-res-count") == "4 resources"
    assert page.evaluate("document.activeElement.classList.contains('smab-res-q')")  # back in the search box

    page.keyboard.type("agencia")
    assert _cards(page) == ["aeat"] and _text(page, ".smab-res-count") == "1 resource"
    page.locator(f"{bank} .smab-res-q").fill("Skatteetaten")  # not in the English text: no match
    assert _cards(page) == [] and _text(page, ".smab-res-count") == "0 resources"
    assert page.locator(f"{bank} .smab-res-none").is_visible()
    page.locator(f"{bank} .smab-res-q").fill("NORWAY tax")  # every word, any case, country names too
    assert _cards(page) == ["skatt"]
    page.select_option(f"{bank} select[data-key=audience]", "owners")
    page.locator(f"{bank} .smab-res-q").fill("")
    assert _cards(page) == ["skatt", "aeat"]
    page.select_option(f"{bank} select[data-key=language]", "es")
    assert _cards(page) == ["aeat"]

    # Labelled controls, the count in a live region, external links in a new tab.
    labels = page.eval_on_selector_all(
        f"{bank} input, {bank} select", "els => els.map(e => e.labels.length && e.labels[0].textContent.trim())"
    )
    assert labels == ["Search the resources", "Country", "Topic", "For", "Language"]
    assert page.locator(f"{bank} .smab-res-count").get_attribute("aria-live") == "polite"
    link = page.locator(f"{bank} [data-id=brreg] a")
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
    assert page.js_errors == []


@pytest.mark.browser
def test_the_bank_works_again_after_a_language_switch(tmp_path, page, server):
    built, _ = build(bank_course(tmp_path), tmp_path / "dist", formats=["scorm12"], multilingual=True)
    url = server.mount_zip("bank-mul", built[0].path)
    page.goto(f"{url}/index.html#bank")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    page.select_option(".smab-langs select", "nb")
    # the language's texts and this page arrive first (fragments)
    page.wait_for_function("document.documentElement.lang === 'nb'")
    bank = ".smab-page:not([hidden]) .smab-resources"
    assert page.locator(f"{bank} .smab-res-tools").is_visible()
    page.select_option(f"{bank} select[data-key=topic]", "tax")
    assert _cards(page) == ["skatt", "aeat"] and _text(page, ".smab-res-count") == "2 ressurser"
    page.locator(f"{bank} .smab-res-q").fill("spania")
    assert _cards(page) == ["aeat"] and _text(page, ".smab-res-count") == "1 ressurs"
    assert page.js_errors == []


@pytest.mark.browser
def test_the_shipped_bank_filters_and_the_arabic_edition_is_right_to_left(page, server, shipped_packages):
    bank_data = _shipped_bank()
    url = server.mount_zip("bank-shipped-en", shipped_packages[("scorm2004", "en")])
    page.goto(f"{url}/index.html#resource-bank")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    bank = ".smab-page:not([hidden]) .smab-resources"
    page.select_option(f"{bank} select[data-key=country]", "NO")
    assert _cards(page) == [r.id for r in bank_data.resources if r.country == "NO"]
    page.select_option(f"{bank} select[data-key=country]", "")
    page.select_option(f"{bank} select[data-key=topic]", "tax")
    tax = [r.id for r in bank_data.resources if r.topic == "tax"]
    assert _cards(page) == tax and _text(page, ".smab-res-count") == f"{len(tax)} resources"
    assert page.js_errors == []

    url = server.mount_zip("bank-shipped-ar", shipped_packages[("scorm2004", "ar")])
    page.goto(f"{url}/index.html#resource-bank")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.evaluate(f"getComputedStyle(document.querySelector('{bank}')).direction") == "rtl"
    search = page.locator(f"{bank} .smab-res-field").nth(0).bounding_box()
    country = page.locator(f"{bank} .smab-res-field").nth(1).bounding_box()
    assert search["x"] > country["x"]  # the first control sits on the right
    assert len(_cards(page)) == len(bank_data.resources)
    assert "النرويج" in page.locator(f"{bank} select[data-key=country]").inner_text()  # "Norway" from CLDR
    page.select_option(f"{bank} select[data-key=country]", "GR")
    assert _cards(page) == [r.id for r in bank_data.resources if r.country == "GR"]
    assert page.js_errors == []
