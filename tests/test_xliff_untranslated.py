"""Issue 11, point 4: `translate import` refuses a target whose inline codes are out of order (the link
or emphasis would be lost), and reports untranslated units (no target, or the source's own prose); and
`translate status` counts such a page as untranslated, not current, naming its file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from smab_pack import plugins
from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.course_loader import load_course
from smab_pack.translation.xliff import export_xliff
from tests.conftest import FIXTURES
from tests.test_xliff_hostile import START, Q, exported, import_fails, run_import, target_of


@pytest.fixture
def course_dir(tmp_path) -> Path:
    """The mini course with a third language, German, that has no pages yet."""
    folder = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", folder)
    config = folder / "course.yaml"
    config.write_text(config.read_text().replace("languages: [en, nb]", "languages: [en, nb, de]"))
    return folder


PROSE_UNIT = "paragraph1"  # "Hello. Go to [the next page](…) or [the test](…)."


def translated(course: Path):
    """The exported file as a translator returns it: every target translated ("DE …")."""
    root = exported(course)
    for target in root.iter(Q("target")):
        target.text = "DE " + (target.text or "")
    return root


def status(course: Path, *options: str) -> tuple[int, dict]:
    result = subprocess.run(
        [sys.executable, "-m", "smab_pack", "translate", "status", str(course), "-l", "de", *options],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout


def test_a_link_whose_closing_code_comes_first_is_refused(course_dir):
    root = translated(course_dir)
    _, target = target_of(root, f"{START}.en.md", PROSE_UNIT)
    sc1, ec1, *_ = list(target)
    target.remove(sc1)
    ec1.addnext(sc1)  # "](02-more.en.md)" before "[": the link would show as brackets
    message = import_fails(root, course_dir, "xliff-inline-codes", PROSE_UNIT, "01-start.en.md", "out of order")
    assert "'['" in message and "no longer pair up" in message
    assert re.search(r"de\.xlf:\d+", message)  # located in the XLIFF file


def test_moved_whole_codes_still_import(course_dir):
    root = translated(course_dir)
    _, target = target_of(root, f"{START}.en.md", PROSE_UNIT)
    sc1, ec1, sc2, ec2 = list(target)
    target[:] = [sc2, ec2, sc1, ec1]  # the two links swap places, each whole
    assert run_import_ok(root, course_dir).returncode == 0


def run_import_ok(root, course: Path) -> subprocess.CompletedProcess:
    xlf = course.parent / "de.xlf"
    xlf.write_bytes(etree.tostring(root))
    result = run_import(xlf, course)
    assert result.returncode == 0, result.stderr
    return result


def test_a_unit_without_target_is_reported_and_the_page_counts_as_untranslated(course_dir):
    root = translated(course_dir)
    _, target = target_of(root, f"{START}.en.md", PROSE_UNIT)
    target.getparent().remove(target)
    result = run_import_ok(root, course_dir)
    (line,) = [x for x in result.stderr.splitlines() if "warning[untranslated]" in x]
    unit, _ = target_of(etree.parse(course_dir.parent / "de.xlf").getroot(), f"{START}.en.md", PROSE_UNIT)
    assert f"de.xlf:{unit.sourceline}:" in line and PROSE_UNIT in line and "01-start.en.md" in line
    page = course_dir / f"{START}.de.md"
    assert "Hello. Go to" in page.read_text(encoding="utf-8")  # written, the English kept there
    code, text = status(course_dir)
    assert code == 1  # untranslated is not done
    (row,) = [x for x in text.splitlines() if x.endswith(f"{START}.de.md (1 untranslated: {PROSE_UNIT})")]
    assert row.split()[0] == "untranslated"
    header, counts = text.splitlines()[:2]
    assert dict(zip(header.split()[1:], map(int, counts.split()[1:]), strict=True))["untranslated"] == 1
    assert status(course_dir, "--allow-missing")[0] == 0
    _, as_json = status(course_dir, "--format", "json")
    assert json.loads(as_json)["de"]["untranslated"] == {"start": [PROSE_UNIT]}
    assert json.loads(as_json)["de"]["pages"]["start"] == "untranslated"


def test_a_target_equal_to_its_prose_source_is_untranslated(course_dir):
    root = translated(course_dir)
    unit, target = target_of(root, f"{START}.en.md", PROSE_UNIT)
    source = unit.find(f".//{Q('source')}")
    target.text = source.text  # the CAT tool's copy of the source, left as it was
    result = run_import_ok(root, course_dir)
    assert any("warning[untranslated]" in x and PROSE_UNIT in x for x in result.stderr.splitlines())
    code, text = status(course_dir, "--format", "json")
    assert json.loads(text)["de"]["pages"]["start"] == "untranslated" and code == 1


def test_a_fully_translated_file_is_current_and_every_file_is_named(course_dir):
    result = run_import_ok(translated(course_dir), course_dir)
    assert "untranslated" not in result.stderr
    code, text = status(course_dir)
    assert code == 0
    named = [x.split()[1] for x in text.splitlines()[2:]]
    assert len(named) == 8 and all(Path(n).is_file() for n in named)  # five pages, three YAML files


def test_a_unit_the_cat_tool_dropped_is_untranslated(course_dir):
    root = translated(course_dir)
    unit, _ = target_of(root, f"{START}.en.md", PROSE_UNIT)
    unit.getparent().remove(unit)
    result = run_import_ok(root, course_dir)
    (line,) = [x for x in result.stderr.splitlines() if "warning[untranslated]" in x]
    assert PROSE_UNIT in line and "01-start.en.md" in line


def test_a_unit_already_translated_in_the_page_is_not_untranslated(course_dir):
    run_import_ok(translated(course_dir), course_dir)  # the page is translated once
    diags = Diagnostics()
    course = load_course(course_dir, diags, config_model=plugins.course_config_model())
    root = etree.fromstring(export_xliff(course, "de"))  # exported again: targets pre-filled from the German page
    _, target = target_of(root, f"{START}.en.md", PROSE_UNIT)
    target.getparent().remove(target)  # this time the translator sent no target for it: the page keeps its own
    result = run_import_ok(root, course_dir)
    assert "untranslated" not in result.stderr
    assert status(course_dir)[0] == 0


def test_export_offers_the_sources_prose_left_in_a_page_as_new_not_translated(course_dir):
    """The mini course's nb pages still hold the English prose: a CAT tool must not skip those units."""
    diags = Diagnostics()
    course = load_course(course_dir, diags, config_model=plugins.course_config_model())
    root = etree.fromstring(export_xliff(course, "nb"))
    unit, target = target_of(root, f"{START}.en.md", PROSE_UNIT)
    assert target is None and unit.find(Q("segment")).get("state") == "initial"
    _, title = target_of(root, f"{START}.en.md", "title")
    assert title.text == "Start (nb)"  # translated units stay pre-filled
    assert title.getparent().get("state") == "translated"
