"""A YAML error in one file hides no other file's diagnostics and invents none (issue 11, point 4):
the pages of a module whose module.yaml does not load are parsed and checked, no `empty-course`,
`unused-asset` or `broken-link` follows from the broken file, and the `yaml-syntax` hint names the
usual cause (a ': ' in an unquoted text) with the line quoted."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from smab_pack.diagnostics import Diagnostics
from smab_pack.pipeline import check_course
from tests.conftest import FIXTURES

EXTRA = "modules/02-test/05-extra.en.md"
PAGE = "---\ntitle: Extra\n---\n\nBefore.\n\n::: quizz\n\n## Q?\n\n- [x] a\n- [ ] b\n\n:::\n"


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    shutil.copytree(FIXTURES / "mini", tmp_path / "course")
    monkeypatch.chdir(tmp_path)  # report paths relative to here, as the CLI does
    return Path("course")


def found(course: Path) -> list[tuple[str, str, int | None, str | None]]:
    diags = Diagnostics()
    check_course(course, diags)
    return [(d.code, os.path.relpath(d.file, course) if d.file else "", d.line, d.hint) for d in diags]


def test_every_module_yaml_broken_reports_each_and_the_pages_errors(course):
    (course / "modules/01-basics/module.yaml").write_text("title: Basics: the start\n", encoding="utf-8")
    (course / "modules/02-test/module.yaml").write_text("title: [Test\n", encoding="utf-8")
    (course / EXTRA).write_text(PAGE, encoding="utf-8")
    result = found(course)
    located = {(code, file, line) for code, file, line, _ in result}
    assert ("yaml-syntax", "modules/01-basics/module.yaml", 1) in located
    assert ("yaml-syntax", "modules/02-test/module.yaml", 2) in located
    assert ("unknown-block", EXTRA, 7) in located  # the page of a broken module is still checked
    codes = [code for code, *_ in result]
    # the mini course's pages link to each other and use assets/dot.svg: nothing is invented
    for invented in ("empty-course", "unused-asset", "broken-link", "empty-module"):
        assert invented not in codes, result
    hint = next(h for code, file, _, h in result if code == "yaml-syntax" and file.startswith("modules/01"))
    assert hint is not None and "quotes" in hint and 'title: "Basics: the start"' in hint


def test_broken_course_yaml_still_checks_every_page(course):
    text = (course / "course.yaml").read_text(encoding="utf-8")
    (course / "course.yaml").write_text(text.replace("title:\n", "title: Mini: course\n", 1), encoding="utf-8")
    (course / EXTRA).write_text(PAGE, encoding="utf-8")
    result = found(course)
    located = {(code, file, line) for code, file, line, _ in result}
    assert ("unknown-block", EXTRA, 7) in located
    assert any(code == "yaml-syntax" and file == "course.yaml" for code, file, _ in located)
    codes = [code for code, *_ in result]
    for invented in ("empty-course", "unused-asset", "broken-link", "unknown-language", "missing-source-page"):
        assert invented not in codes, result


def test_invalid_languages_do_not_refuse_the_pages(course):
    """A course.yaml that parses but whose languages are wrong: the nb pages are not 'unknown-language'."""
    text = (course / "course.yaml").read_text(encoding="utf-8")
    (course / "course.yaml").write_text(text.replace("languages: [en, nb]", "languages: [en, nb, nb]"), "utf-8")
    (course / EXTRA).write_text(PAGE, encoding="utf-8")
    codes = {(code, file) for code, file, _, _ in found(course)}
    assert ("invalid-value", "course.yaml") in codes
    assert ("unknown-block", EXTRA) in codes
    assert not any(code == "unknown-language" for code, _ in codes), codes


def test_a_syntax_error_that_is_not_a_colon_still_gets_a_hint(course):
    (course / "modules/02-test/module.yaml").write_text("title:\n\t en: Test\n", encoding="utf-8")
    result = [r for r in found(course) if r[0] == "yaml-syntax"]
    assert result and result[0][3] and "tabs" in result[0][3]


def test_a_page_whose_front_matter_fails_makes_no_asset_unused(course):
    """assets/dot.svg is used only by the start page, in both languages; their front matter breaks."""
    for lang in ("en", "nb"):
        page = course / f"modules/01-basics/01-start.{lang}.md"
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace(f"title: Start ({lang})", f"title: Start: ({lang})"), encoding="utf-8")
    result = found(course)
    assert [(c, f, line) for c, f, line, _ in result if c == "yaml-syntax"] == [
        ("yaml-syntax", f"modules/01-basics/01-start.{lang}.md", 2) for lang in ("en", "nb")
    ]
    assert "unused-asset" not in [c for c, *_ in result], result
