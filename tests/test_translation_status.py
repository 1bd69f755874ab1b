"""Translation status: current, stale (the source changed), untracked, missing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, diagnostics_for


def _smab(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smab_pack", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def _status(cwd: Path) -> tuple[int, dict]:
    result = _smab("translate", "status", "mini", "--format", "json", cwd=cwd)
    return result.returncode, json.loads(result.stdout)["nb"]


def test_stale_and_missing_translations_are_found(tmp_path):
    shutil.copytree(FIXTURES / "mini", tmp_path / "mini")
    code, status = _status(tmp_path)
    assert code == 0 and status["counts"]["untracked"] == 5  # translations that do not say what they came from
    assert _smab("translate", "stamp", "mini", "-l", "nb", cwd=tmp_path).returncode == 0
    code, status = _status(tmp_path)
    assert code == 0 and status["counts"] == {"current": 5, "stale": 0, "untracked": 0, "missing": 0}
    stamped = (tmp_path / "mini/modules/01-basics/01-start.nb.md").read_text()
    assert stamped.splitlines()[2].startswith("translated_from: ")
    assert "Hello." in stamped  # the page itself is untouched

    # The English source changes: its translation is stale, and the build says so.
    source = tmp_path / "mini/modules/02-test/02-end.en.md"
    source.write_text(source.read_text().replace("The end.", "The very end."))
    code, status = _status(tmp_path)
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
