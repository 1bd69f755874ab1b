"""The command line: new, validate, build, plugins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import FIXTURES


def _smab(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "smab_pack", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_new_course_template_validates_and_builds(tmp_path):
    created = _smab("new", "my-course", "--title", "Mitt kurs", "-l", "nb", "-l", "en", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert _smab("validate", "my-course", cwd=tmp_path).returncode == 0
    built = _smab("build", "my-course", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    names = sorted(p.name for p in (tmp_path / "dist").iterdir())
    assert names == [
        f"my-course-0.1.0-{lang}-{fmt}.zip" for lang in ("en", "nb") for fmt in ("cmi5", "scorm12", "scorm2004", "xapi")
    ]
    assert "[8/8]" in built.stderr  # progress, one line per package
    again = _smab("new", "my-course", cwd=tmp_path)
    assert again.returncode == 1 and "not empty" in again.stderr


def test_build_selects_formats_and_languages(tmp_path):
    result = _smab("build", str(FIXTURES / "mini"), "-f", "scorm2004", "-l", "nb", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["mini-course-1.0.0-nb-scorm2004.zip"]
    with zipfile.ZipFile(tmp_path / "out" / "mini-course-1.0.0-nb-scorm2004.zip") as zf:
        html = zf.read("index.html").decode()
    assert '<html lang="nb" dir="ltr">' in html and "Minikurs" in html and "Neste" in html


def test_validate_json_is_machine_readable_and_clean_course_exits_0(tmp_path):
    result = _smab("validate", str(FIXTURES / "mini"), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"errors": 0, "warnings": 0, "diagnostics": []}


def test_github_annotations(tmp_path):
    result = _smab("validate", str(tmp_path / "nowhere"), "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("::error ") and "title=not-a-course" in result.stdout


def test_usage_errors_exit_2(tmp_path):
    assert _smab("build", cwd=tmp_path).returncode == 2
    assert _smab("validate", "x", "--format", "yaml", cwd=tmp_path).returncode == 2


def test_plugins_lists_what_is_installed(tmp_path):
    result = _smab("plugins", cwd=tmp_path)
    assert result.returncode == 0
    assert "scorm12" in result.stdout and "quiz" in result.stdout and "smab_formats" in result.stdout


def test_an_output_folder_that_cannot_be_written_is_one_clear_error(tmp_path):
    """-o naming a file, a path under a file, or a folder that cannot be made: exit 1 before any
    work, never an internal error, and nothing left behind."""
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    cases = {
        a_file: "is not a folder",
        a_file / "sub": f"{a_file} is not a folder",
        Path("/proc/smab-pack-nope"): "cannot be made",
    }
    for out, message in cases.items():
        result = _smab("build", str(FIXTURES / "mini"), "-f", "scorm12", "-o", str(out), cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert f"error: {out}: {message}" in result.stderr and "internal error" not in result.stderr
    assert a_file.read_text() == "not a folder"
    made = tmp_path / "new" / "dist"
    assert _smab("build", str(FIXTURES / "mini"), "-f", "scorm12", "-o", str(made), cwd=tmp_path).returncode == 0
    assert sorted(p.name for p in made.iterdir()) == [
        "mini-course-1.0.0-en-scorm12.zip",
        "mini-course-1.0.0-nb-scorm12.zip",
    ]
