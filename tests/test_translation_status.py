"""Translation status: current, stale (the source changed), untracked, untranslated, missing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, diagnostics_for, shipped_config


def _smab(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "smab_pack", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def _status(cwd: Path, *options: str) -> tuple[int, dict]:
    result = _smab("translate", "status", "mini", "--format", "json", *options, cwd=cwd)
    return result.returncode, json.loads(result.stdout)["nb"]


def test_stale_and_missing_translations_are_found(tmp_path):
    shutil.copytree(FIXTURES / "mini", tmp_path / "mini")
    code, status = _status(tmp_path, "--allow-missing")
    # translations that do not say what they came from; three whose prose is still the English (below)
    assert code == 0 and status["counts"]["untracked"] == 2 and status["counts"]["untranslated"] == 3
    assert _smab("translate", "stamp", "mini", "-l", "nb", cwd=tmp_path).returncode == 0
    code, status = _status(tmp_path, "--allow-missing")
    # two pages and the three YAML files (which have their nb texts) are current
    assert code == 0 and status["counts"] == {
        "current": 5,
        "stale": 0,
        "untracked": 0,
        "untranslated": 3,
        "missing": 0,
    }
    stamped = (tmp_path / "mini/modules/01-basics/01-start.nb.md").read_text()
    assert stamped.splitlines()[2].startswith("translated_from: ")
    assert "Hello." in stamped  # the page itself is untouched
    assert status["pages"]["start"] == "untranslated"  # its English "Hello. Go to …" is not done by a stamp

    # The English source changes: its translation is stale, and the build says so.
    source = tmp_path / "mini/modules/02-test/02-end.en.md"
    source.write_text(source.read_text().replace("The end.", "The very end."))
    code, status = _status(tmp_path, "--allow-missing")
    assert code == 1 and status["pages"]["end"] == "stale" and status["counts"]["current"] == 4
    warnings = [d for d in diagnostics_for(tmp_path / "mini") if d.code == "stale-translation"]
    assert len(warnings) == 1 and warnings[0].file.endswith("02-end.nb.md")

    # A page nobody translated yet is missing: a failure unless allowed.
    (tmp_path / "mini/modules/02-test/03-summary.nb.md").unlink()
    code, status = _status(tmp_path)
    assert status["pages"]["summary"] == "missing"
    _smab("translate", "stamp", "mini", "-l", "nb", cwd=tmp_path)
    code, _ = _status(tmp_path)
    assert code == 1
    assert _smab("translate", "status", "mini", "--allow-missing", cwd=tmp_path).returncode == 0


def test_fallback_chain_shows_the_nearest_language_and_warns(tmp_path):
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.pipeline import check_course

    course = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", course)
    text = (course / "course.yaml").read_text().replace("languages: [en, nb]", "languages: [en, nb, nn, ar]")
    (course / "course.yaml").write_text(text + "fallbacks:\n  nn: [nb]\n")
    diags = Diagnostics()
    checked = check_course(course, diags)
    start_nn = next(p for p in checked.localized["nn"].pages if p.id == "start")
    start_ar = next(p for p in checked.localized["ar"].pages if p.id == "start")
    assert (start_nn.fallback_from, start_nn.title) == ("nb", "Start (nb)")  # Bokmål before English
    assert (start_ar.fallback_from, start_ar.title) == ("en", "Start (en)")
    warnings = [d.message for d in diags.warnings if d.code == "missing-translation"]
    assert len(warnings) == 10 and any("'nb' text is used" in w for w in warnings)
    from smab_pack.pipeline import build

    built, _ = build(course, tmp_path / "dist", formats=["scorm12"], languages=["ar"])
    import zipfile

    html = zipfile.ZipFile(built[0].path).read("index.html").decode()
    assert '<html lang="ar" dir="rtl">' in html
    import re

    (section,) = re.findall(r'<section [^>]*\bid="start"[^>]*>', html)
    assert 'data-module="basics"' in section and 'lang="en" dir="ltr"' in section  # English inside the Arabic course


def test_captions_go_stale_when_the_source_captions_change(course_copy):
    """Caption translations record their source too (a NOTE block): an edit of the
    English captions makes every translation of them stale until it is redone."""
    from click.testing import CliRunner

    from smab_pack.cli import cli

    source = course_copy / "assets" / "career-kit" / "register-in-one-minute.en.vtt"
    runner = CliRunner()
    assert runner.invoke(cli, ["translate", "status", str(course_copy)]).exit_code == 0
    source.write_text(source.read_text(encoding="utf-8").replace("Welcome", "Hello"), encoding="utf-8")
    result = runner.invoke(cli, ["translate", "status", str(course_copy), "-l", "ar", "--format", "json"])
    assert result.exit_code == 1
    pages = json.loads(result.stdout)["ar"]["pages"]
    assert pages["assets/career-kit/register-in-one-minute.en.vtt"] == "stale"
    assert pages["assets/career-kit/register-in-one-minute.chapters.en.vtt"] == "current"
    stale = [d for d in diagnostics_for(course_copy) if d.code == "stale-translation"]
    assert sorted(Path(d.file).name for d in stale) == sorted(
        f"register-in-one-minute.{lang}.vtt" for lang in shipped_config().languages if lang != "en"
    )
    assert runner.invoke(cli, ["translate", "stamp", str(course_copy), "-l", "ar"]).exit_code == 0
    result = runner.invoke(cli, ["translate", "status", str(course_copy), "-l", "ar", "--format", "json"])
    assert result.exit_code == 0
