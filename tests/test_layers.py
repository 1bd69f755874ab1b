"""The layers of docs/architecture.md hold: import-linter checks the contracts in pyproject.toml
(one-way layers over every module of smab_pack, no cycles inside any package)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(package_parent: Path) -> subprocess.CompletedProcess:
    """lint-imports with the project's contracts over the smab_pack found in ``package_parent``."""
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=package_parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_layers_and_no_cycles_hold():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # parse reaching up to render (at function level: lazy imports count too)
        (
            "markdown/parser.py",
            "def _late():\n    from smab_pack.render import site\n",
            "smab_pack.markdown is not allowed to import smab_pack.render",
        ),
        # the models reaching up to the parser, for type hints only: those count as well
        (
            "models/content.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from smab_pack.markdown.context import X\n",
            "smab_pack.models is not allowed to import smab_pack.markdown",
        ),
        # a built-in plugin is above the API: the API may not import it
        ("api.py", "import smab_pack.builtin.quiz\n", "smab_pack.api is not allowed to import smab_pack.builtin"),
        # the core naming a built-in plugin (the registry registers them by name only)
        (
            "pipeline.py",
            "def _late():\n    from smab_pack.builtin.quiz import model\n",
            "smab_pack.pipeline is not allowed to import smab_pack.builtin",
        ),
        # a cycle inside one stage's package
        (
            "markdown/context.py",
            "def _late():\n    from smab_pack.markdown import links\n",
            "No cycles are allowed in smab_pack.markdown",
        ),
    ],
)
def test_an_import_against_the_layers_fails(tmp_path, module, line, broken):
    copy = tmp_path / "smab_pack"
    shutil.copytree(ROOT / "smab_pack", copy, ignore=shutil.ignore_patterns("__pycache__", "*.js", "*.css", "*.po"))
    with (copy / module).open("a", encoding="utf-8") as handle:
        handle.write("\n\n" + line)
    result = _lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken in result.stdout, result.stdout
