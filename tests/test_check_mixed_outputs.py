"""`smab-pack check DIR` on a folder of mixed builds (issue 11, point 4): each zip is checked, the web
build is told apart from an LMS package (a `web-package` warning, not a failure), the Common Cartridge
shows as one, and a zip with no manifest that smab-pack did not make still fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from smab_pack.pipeline import build
from tests.conftest import FIXTURES, SHIPPED


def check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "smab_pack", "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_a_folder_of_web_cc_and_lms_builds(tmp_path):
    dist = tmp_path / "dist"
    build(FIXTURES / "mini", dist, formats=["scorm12", "web", "xapi"], languages=["en"])
    (dist / "resources.yaml").write_text("not a package\n")  # files that are no zips are not packages
    result = check(tmp_path, "dist")
    assert result.returncode == 0, result.stderr
    verdicts = {
        line.split()[-1]: line.split("[")[0].strip() for line in result.stderr.splitlines() if "] dist/" in line
    }
    assert verdicts == {
        "dist/mini-course-1.0.0-en-scorm12.zip": "ok",
        "dist/mini-course-1.0.0-en-web.zip": "not LMS",
        "dist/mini-course-1.0.0-en-xapi.zip": "ok",
    }
    assert "[web] dist/mini-course-1.0.0-en-web.zip" in result.stderr
    report = json.loads(check(tmp_path, "dist", "--format", "json").stdout)
    (web,) = [d for d in report["diagnostics"] if d["file"].endswith("-web.zip")]
    assert (web["code"], web["severity"]) == ("web-package", "warning") and "HTTP" in web["hint"]
    assert report["errors"] == 0


def test_a_common_cartridge_in_the_folder_is_one(tmp_path):
    dist = tmp_path / "dist"
    build(SHIPPED, dist, formats=["cc"], languages=["en"])
    result = check(tmp_path, "dist")
    assert result.returncode == 0, result.stderr
    assert "ok         [cc13] dist/" in result.stderr


def test_an_unzipped_package_folder_is_its_manifest(tmp_path):
    dist = tmp_path / "dist"
    (built,), _ = build(FIXTURES / "mini", dist, formats=["scorm2004"], languages=["en"])
    with zipfile.ZipFile(built.path) as zf:
        zf.extractall(tmp_path / "unzipped")
    result = check(tmp_path, "unzipped")
    assert result.returncode == 0, result.stderr
    assert "ok         [scorm2004] unzipped/imsmanifest.xml" in result.stderr


def test_a_zip_without_manifest_that_smab_pack_did_not_make_still_fails(tmp_path):
    with zipfile.ZipFile(tmp_path / "site.zip", "w") as zf:
        zf.writestr("index.html", "<!DOCTYPE html><title>A site</title>")
    result = check(tmp_path, "--format", "json", "site.zip")
    assert result.returncode == 1
    (error,) = json.loads(result.stdout)["diagnostics"]
    assert error["code"] == "no-manifest" and "web site" in error["hint"]
