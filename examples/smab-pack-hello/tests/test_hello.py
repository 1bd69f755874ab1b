"""The plugin's own tests, without a browser: what smab-pack's API gives it, and what it declares."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

COURSE = Path(__file__).resolve().parents[1] / "course"


def _build(tmp_path: Path, fmt: str) -> Path:
    # Through the command line, as a user would: the plugin is found by its entry point.
    done = subprocess.run(
        [sys.executable, "-m", "smab_pack", "build", str(COURSE), "-o", str(tmp_path), "-f", fmt, "-l", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (package,) = tmp_path.glob("*.zip")
    return package


def test_the_ordering_question_declares_a_sequencing_interaction():
    from smab_pack_hello.ordering import OrderingBlock, Step, shuffled

    block = OrderingBlock(
        line=3,
        id="s",
        prompt="Order",
        steps=[Step(id=i, html=i, text=i) for i in "abc"],
        shown=shuffled("s", list("abc")),
    )
    (interaction,) = block.interactions()
    assert interaction.kind == "sequencing" and interaction.block == "ordering"
    assert interaction.correct == ("a", "b", "c")
    assert block.shown != ["a", "b", "c"] and sorted(block.shown) == ["a", "b", "c"]


def test_the_outline_lists_every_interaction(tmp_path):
    outline = json.loads(zipfile.ZipFile(_build(tmp_path, "outline")).read("outline.json"))
    pages = [p for m in outline["modules"] for p in m["pages"]]
    assert [i["id"] for p in pages for i in p["interactions"]] == ["start-steps", "invoice-steps"]
    assert {i["kind"] for p in pages for i in p["interactions"]} == {"sequencing"}
