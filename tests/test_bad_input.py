"""Bad input: each defect gives a located error with its code, exit 1, no
traceback, and nothing written to the output folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.support.mutations import edit, remove, write

PAGE = "modules/02-test/01-check.en.md"
START = "modules/01-basics/01-start.en.md"


def _symlink_outside(course: Path) -> None:
    (course / "assets" / "secret.svg").symlink_to("/etc/hostname")
    edit(START, "../../assets/dot.svg", "../../assets/secret.svg")(course)


# (name, change, code, file, line) — line None means "the file as a whole".
CASES = [
    ("yaml-syntax", edit("course.yaml", "version: 1.0.0", "version: [1.0.0"), "yaml-syntax", "course.yaml", 3),
    (
        "unknown-key",
        edit("course.yaml", "mastery_score: 75", "mastery_score: 75\nmastery_scroe: 80"),
        "unknown-key",
        "course.yaml",
        11,
    ),
    ("missing-key", edit("course.yaml", "id: mini-course\n", ""), "missing-key", "course.yaml", 1),
    ("bad-mastery", edit("course.yaml", "mastery_score: 75", "mastery_score: 150"), "invalid-value", "course.yaml", 10),
    ("bad-id", edit("course.yaml", "id: mini-course", "id: Mini Course"), "invalid-value", "course.yaml", 1),
    (
        "bad-default-language",
        edit("course.yaml", "languages: [en, nb]", "languages: [en, nb]\ndefault_language: de"),
        "invalid-value",
        "course.yaml",
        1,
    ),
    ("missing-module-yaml", remove("modules/02-test/module.yaml"), "missing-file", "modules/02-test/module.yaml", None),
    ("no-correct-answer", edit(PAGE, "- [x] First", "- [ ] First"), "quiz-no-correct", PAGE, 9),
    ("answer-without-mark", edit(PAGE, "- [ ] Second", "- Second"), "quiz-answer-mark", PAGE, 13),
    ("unknown-question-type", edit(PAGE, "{#tf type=true-false}", "{#tf type=yes-no}"), "quiz-type", PAGE, 22),
    ("true-false-three-answers", edit(PAGE, "- [x] False", "- [x] False\n- [ ] Maybe"), "quiz-true-false", PAGE, 22),
    ("duplicate-answer", edit(PAGE, "- [ ] Three", "- [ ] Two"), "quiz-duplicate-answer", PAGE, 16),
    ("duplicate-question-id", edit(PAGE, "{#multi ", "{#single "), "duplicate-id", PAGE, 16),
    ("bad-points", edit(PAGE, "points=2", "points=-2"), "quiz-points", PAGE, 16),
    (
        "quiz-without-questions",
        write("modules/02-test/04-empty.en.md", "---\ntitle: Empty\n---\n\nText.\n\n::: quiz\nNo questions.\n:::\n"),
        "quiz-empty",
        "modules/02-test/04-empty.en.md",
        7,
    ),
    ("broken-link", edit(START, "(02-more.en.md)", "(02-mroe.en.md)"), "broken-link", START, 5),
    (
        "broken-anchor",
        edit("modules/01-basics/02-more.en.md", "#section-one", "#section-two"),
        "broken-anchor",
        "modules/01-basics/02-more.en.md",
        9,
    ),
    (
        "image-escapes-course",
        edit(START, "../../assets/dot.svg", "../../../../../../etc/passwd"),
        "path-escape",
        START,
        7,
    ),
    ("image-absolute-path", edit(START, "../../assets/dot.svg", "/etc/passwd"), "path-escape", START, 7),
    ("image-symlink-outside", _symlink_outside, "path-escape", START, 7),
    ("missing-image", edit(START, "dot.svg", "dots.svg"), "missing-file", START, 7),
    ("no-front-matter", edit(START, "---\ntitle: Start (en)\n---\n", ""), "front-matter", START, 1),
    (
        "front-matter-unknown-key",
        edit(START, "title: Start (en)", "title: Start (en)\nauthor: me"),
        "unknown-key",
        START,
        3,
    ),
    ("front-matter-yaml", edit(START, "title: Start (en)", "title: [Start"), "yaml-syntax", START, 3),
    (
        "page-without-language",
        write("modules/01-basics/03-extra.md", "---\ntitle: x\n---\n"),
        "page-name",
        "modules/01-basics/03-extra.md",
        None,
    ),
    (
        "page-not-utf8",
        write("modules/01-basics/03-latin.en.md", "---\ntitle: Caf\xe9\n---\n".encode("latin-1")),
        "encoding",
        "modules/01-basics/03-latin.en.md",
        2,
    ),
    (
        "translation-without-source",
        write("modules/01-basics/05-only.nb.md", "---\ntitle: Bare norsk\n---\n"),
        "missing-source-page",
        "modules/01-basics/05-only.nb.md",
        None,
    ),
    (
        "page-in-other-language",
        write("modules/01-basics/01-start.de.md", "---\ntitle: Start\n---\n"),
        "unknown-language",
        "modules/01-basics/01-start.de.md",
        None,
    ),
]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SMAB_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "smab_pack", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("name,change,code,file,line", CASES, ids=[c[0] for c in CASES])
def test_defect_is_reported_located_and_nothing_is_written(tmp_path, name, change, code, file, line):
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", course)
    change(course)
    result = _run("validate", "course", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    found = [d for d in report["diagnostics"] if d["code"] == code and d["severity"] == "error"]
    assert found, f"expected {code}, got {[(d['code'], d['file'], d['line']) for d in report['diagnostics']]}"
    assert any(d["file"] == f"course/{file}" and d["line"] == line for d in found), found

    built = _run("build", "course", "-o", "dist", cwd=tmp_path)
    assert built.returncode == 1
    assert "Traceback" not in built.stderr
    assert f"course/{file}" in built.stderr and f"[{code}]" in built.stderr
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_all_errors_are_reported_at_once(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", course)
    for _, change, *_ in (CASES[1], CASES[7], CASES[15]):
        change(course)
    result = _run("validate", "course", "--format", "json", cwd=tmp_path)
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert {"unknown-key", "quiz-no-correct", "broken-link"} <= codes


def test_text_report_shows_the_source_line_and_a_caret(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", course)
    edit(START, "(02-more.en.md)", "(02-mroe.en.md)")(course)
    result = _run("validate", "course", cwd=tmp_path)
    assert result.returncode == 1
    assert f"course/{START}:5:" in result.stderr
    assert "error[broken-link]" in result.stderr
    assert "(02-mroe.en.md)" in result.stderr and "^" in result.stderr


def test_existing_package_survives_a_failed_build(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", course)
    assert _run("build", "course", "-o", "dist", "-f", "scorm12", "-l", "en", cwd=tmp_path).returncode == 0
    package = next((tmp_path / "dist").glob("*.zip"))
    before = package.read_bytes()
    edit(PAGE, "- [x] First", "- [ ] First")(course)
    assert _run("build", "course", "-o", "dist", cwd=tmp_path).returncode == 1
    assert package.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == [package.name]


def test_unknown_format_and_language_are_usage_errors(tmp_path):
    shutil.copytree(FIXTURES / "mini", tmp_path / "course")
    result = _run("build", "course", "-f", "scorm3000", "-l", "fr", cwd=tmp_path)
    assert result.returncode == 1
    assert "scorm3000" in result.stderr and "'fr' is not a language of this course" in result.stderr
