"""smab_pack.api is the one surface plugins use: the built-ins import nothing else of smab_pack."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import smab_pack
from smab_pack import api

PACKAGE = Path(smab_pack.__file__).parent
BUILTIN = PACKAGE / "builtin"


def _imports(path: Path, package: list[str]) -> list[tuple[int, str]]:
    """(line, module) of every import in ``path`` (in ``package``), at any depth: inside functions
    and ``if TYPE_CHECKING:`` too. Relative imports are resolved; ``from smab_pack import x``
    counts as importing ``smab_pack.x``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if module == "smab_pack" or not node.module:
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, module))
    return sorted(found)


def _private_imports(root: Path) -> list[str]:
    """Imports of smab_pack modules other than the API and the importing plugin's own package."""
    bad = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        plugin = parts[0]
        own = f"smab_pack.builtin.{plugin}"
        package = ["smab_pack", "builtin", *parts[:-1]]
        for line, module in _imports(path, package):
            if module != "smab_pack" and not module.startswith("smab_pack."):
                continue  # the standard library, a third-party library
            if module == "smab_pack.api" or module == own or module.startswith(own + "."):
                continue
            bad.append(f"{path.relative_to(root.parent).as_posix()}:{line} imports {module}")
    return bad


def test_builtins_import_only_the_api_and_their_own_package():
    assert _private_imports(BUILTIN) == []


def test_the_check_finds_a_private_import(tmp_path):
    """The check above could fail: a built-in reaching past the API (at any depth) is caught,
    and so is one reaching into another built-in."""
    plugin = tmp_path / "demo"
    plugin.mkdir()
    (plugin / "__init__.py").write_text(
        "from smab_pack.api import hookimpl\nfrom . import model\nfrom smab_pack.builtin.demo.model import X\n"
    )
    (plugin / "model.py").write_text(
        "def f():\n    from smab_pack.markdown.links import slugify\n"
        "from smab_pack import plugins\nimport smab_pack.builtin.quiz\nfrom ...render import site\n"
        "from .. import quiz\n"
    )
    found = _private_imports(tmp_path)
    assert [entry.split("/", 1)[1] for entry in found] == [
        "demo/model.py:2 imports smab_pack.markdown.links",
        "demo/model.py:3 imports smab_pack.plugins",
        "demo/model.py:4 imports smab_pack.builtin.quiz",
        "demo/model.py:5 imports smab_pack.render",
        "demo/model.py:6 imports smab_pack.builtin.quiz",
    ]


def _type_checking_names() -> dict[str, str]:
    """name → module of the ``if TYPE_CHECKING:`` imports in api.py (what type checkers see)."""
    tree = ast.parse(Path(api.__file__).read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and getattr(n.test, "id", "") == "TYPE_CHECKING")
    return {alias.name: node.module for node in block.body for alias in node.names}  # type: ignore[attr-defined]


def test_all_lists_every_public_name_once_and_each_resolves():
    assert len(api.__all__) == len(set(api.__all__))
    assert api.__all__ == sorted(api.__all__)
    assert set(api.__all__) == set(api._WHERE) == set(_type_checking_names())
    assert _type_checking_names() == api._WHERE  # what type checkers see is what runs
    for name in api.__all__:
        value = getattr(api, name)
        assert value is getattr(importlib.import_module(api._WHERE[name]), name)


def test_private_names_are_not_part_of_the_api():
    with pytest.raises(AttributeError, match="no attribute 'load_course'"):
        api.load_course  # noqa: B018
    with pytest.raises(ImportError):
        exec("from smab_pack.api import plugin_manager", {})
