"""A language smab-pack does not ship: the warning says how to add one, and the documented way
(examples/smab-pack-lang-ca, a language plugin of its own) works."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from smab_pack import plugins
from smab_pack.diagnostics import Diagnostics
from smab_pack.pipeline import build, check_course
from tests.conftest import FIXTURES, ROOT

EXAMPLE = ROOT / "examples" / "smab-pack-lang-ca"
PACKAGE = EXAMPLE / "src" / "smab_pack_lang_ca"
DOC = ROOT / "docs" / "languages.md"


def _course(tmp_path: Path, lang: str) -> Path:
    course = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", course)
    yaml = (course / "course.yaml").read_text()
    (course / "course.yaml").write_text(yaml.replace("languages: [en, nb]", f"languages: [en, nb, {lang}]"))
    return course


def _catalogue_warnings(course: Path) -> list:
    diags = Diagnostics()
    check_course(course, diags)
    assert not diags.has_errors, [d.message for d in diags.errors]
    return [d for d in diags.warnings if d.code == "no-catalogue"]


@pytest.fixture
def catalan(register_plugin):
    """The example plugin, registered as its entry point would register it once installed."""
    spec = importlib.util.spec_from_file_location("smab_pack_lang_ca", PACKAGE / "__init__.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    register_plugin(module, "lang-ca")
    return module


@pytest.mark.parametrize("lang", ["se", "sw", "ckb"])
def test_a_language_without_catalogue_gets_a_hint_that_says_how_to_add_one(tmp_path, lang):
    (warning,) = _catalogue_warnings(_course(tmp_path, lang))
    assert warning.severity == "warning" and warning.file.endswith("course.yaml") and warning.line == 9
    assert f"'{lang}'" in warning.message and "English" in warning.message
    template = re.search(r"copy (\S+messages\.po) to locales/(\S+)/messages\.po", warning.hint)
    assert template and Path(template.group(1)).is_file() and template.group(2) == lang
    assert Path(template.group(1)).parent.name == "en"
    assert "docs/languages.md" in warning.hint and DOC.is_file()
    # the old hint sent people looking for a plugin that does not exist
    assert "install" not in warning.hint


def test_ku_is_pointed_to_the_kurmanji_catalogue(tmp_path):
    (warning,) = _catalogue_warnings(_course(tmp_path, "ku"))
    assert "'kmr' (kurdî (kurmancî))" in warning.hint and "same CLDR language" in warning.hint


def test_a_regional_tag_speaks_its_languages_catalogue(tmp_path):
    assert _catalogue_warnings(_course(tmp_path, "pt-BR")) == []


def test_the_example_language_plugin_is_complete_and_speaks_only_the_api(catalan):
    english = plugins.languages()["en"].strings
    catalan_ = plugins.languages()["ca"]
    assert catalan_.name == "català" and catalan_.direction == "ltr"
    missing = sorted(set(english) - set(catalan_.strings))
    assert not missing, f"add {missing} to {PACKAGE.relative_to(ROOT)}/locales/ca/messages.po (a complete example)"
    assert set(catalan_.strings) <= set(english)
    for key, text in catalan_.strings.items():
        assert text != english[key] or key in ("callout_important",), key
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse((PACKAGE / "__init__.py").read_text()))
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert {m for m in imported if m.startswith("smab_pack")} == {"smab_pack.api"}


def test_a_course_in_the_example_language_builds_with_its_words(catalan, tmp_path):
    course = _course(tmp_path, "ca")
    assert _catalogue_warnings(course) == []
    built, _ = build(course, tmp_path / "dist", formats=["scorm12"], languages=["ca"])
    (package,) = [p.path for p in built if p.lang == "ca"]
    with zipfile.ZipFile(package) as zipped:
        index = zipped.read("index.html").decode()
    assert '<html lang="ca" dir="ltr">' in index
    assert "Següent" in index and "Salta al contingut" in index


def test_the_documented_hook_is_the_example_plugins_code():
    """docs/languages.md shows the example's hook and entry point as they are, not a stale copy."""
    doc = DOC.read_text()
    code = (PACKAGE / "__init__.py").read_text()
    hook = code[code.index("from pathlib import Path") :]
    assert hook.strip() in doc.replace("\n   ", "\n")  # the doc indents it inside a list item
    assert (
        'lang-ca = "smab_pack_lang_ca"' in doc
        and 'lang-ca = "smab_pack_lang_ca"' in (EXAMPLE / "pyproject.toml").read_text()
    )


def test_the_documented_table_lists_every_built_in_language():
    rows = re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| ([^|]+) \| (ltr|rtl) \|", DOC.read_text(), re.M)
    languages = plugins.languages()
    built_in = sorted(t for t, lang in languages.items() if "builtin" in str(getattr(lang, "catalogue", "")))
    assert sorted(tag for tag, _, _ in rows) == built_in
    for tag, name, direction in rows:
        assert (languages[tag].name, languages[tag].direction) == (name.strip(), direction)


@pytest.mark.slow  # installs the example with pip (about 15 s)
def test_installed_with_pip_the_example_is_found_by_its_entry_point(tmp_path):
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps",
         "--target", str(site), str(EXAMPLE)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    env = {**os.environ, "PYTHONPATH": str(site), "NO_COLOR": "1"}

    def smab(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "smab_pack", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    listed = json.loads(smab("plugins", "--format", "json").stdout)
    (plugin,) = [p for p in listed["plugins"] if p["name"] == "lang-ca"]
    assert plugin["distribution"].startswith("smab-pack-lang-ca") and plugin["hooks"] == ["smab_languages"]
    course = _course(tmp_path, "ca")
    report = json.loads(smab("validate", str(course), "--format", "json").stdout)
    assert not [d for d in report["diagnostics"] if d["code"] == "no-catalogue"]
    without = json.loads(smab("validate", str(_course(tmp_path / "other", "se")), "--format", "json").stdout)
    assert [d["code"] for d in without["diagnostics"] if d["code"] == "no-catalogue"] == ["no-catalogue"]
