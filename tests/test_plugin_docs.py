"""docs/plugins.md's worked examples are plugins that work: each is written out as a package
beside the files it reads, imported, registered (pluggy checks every hook implementation's
arguments against the specs), and the ones that make something are built with."""

from __future__ import annotations

import importlib
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from smab_pack import api, plugins
from smab_pack.diagnostics import Diagnostics
from smab_pack.pipeline import build, check_course
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")


def _examples() -> dict[str, str]:
    """The Python block of each worked example, by its heading."""
    part = DOCS[DOCS.index("## Worked examples") : DOCS.index("## The JavaScript APIs")]
    found = {}
    for section in re.split(r"^### ", part, flags=re.MULTILINE)[1:]:
        title, _, body = section.partition("\n")
        blocks = re.findall(r"```python\n(.*?)```", body, re.DOTALL)
        if blocks:
            found[title.strip()] = blocks[0]
    return found


EXAMPLES = _examples()


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """Every example as the package ``doc_example_N``, registered; unregistered afterwards."""
    site = tmp_path / "site"
    pm = plugins.plugin_manager()
    modules = {}
    for number, (title, code) in enumerate(EXAMPLES.items()):
        package = site / f"doc_example_{number}"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text(code, encoding="utf-8")
        for name in ("poll.js", "poll.css", "adapter.js"):
            (package / name).write_text("/* from docs/plugins.md */\n", encoding="utf-8")
        shutil.copy(ROOT / "smab_pack/builtin/languages/locales/nb/messages.po", package / "messages.po")
        modules[title] = package.name
    monkeypatch.syspath_prepend(str(site))
    registered = {}
    try:
        for title, name in modules.items():
            module = importlib.import_module(name)
            pm.register(module, name=name)
            registered[title] = module
        yield registered
    finally:
        for module in registered.values():
            pm.unregister(module)
        for name in modules.values():
            sys.modules.pop(name, None)


def test_every_kind_of_plugin_has_a_worked_example():
    assert set(EXAMPLES) >= {
        "A format",
        "A config section",
        "A block type with its JavaScript",
        "A language",
        "A lint rule",
        "An LMS preset",
        "A syntax plugin",
        "A command",
        "An extra page",
        "A package checker",
        "A build observer",
    }


@pytest.mark.parametrize("title", sorted(EXAMPLES))
def test_an_example_imports_only_the_public_api(title):
    for names in re.findall(r"^from smab_pack\.api import (.+)$", EXAMPLES[title], re.MULTILINE):
        for name in names.split(","):
            assert name.strip() in api.__all__, (title, name)
    assert not re.search(r"^(from|import) smab_pack(?!\.api\b)", EXAMPLES[title], re.MULTILINE), title


def test_the_examples_register_and_work_together(installed, tmp_path):
    assert "imscp" in plugins.formats() and "listing" in plugins.formats()
    assert "poll" in plugins.block_types()
    assert plugins.languages()["se"].strings  # a catalogue read through load_language
    assert "acme" in plugins.lms_presets()
    assert "listing" in plugins.config_sections()
    assert "no-todo" in plugins.all_rules() and "listing-empty" in plugins.all_rules()

    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", course)
    (course / "modules" / "01-basics" / "03-poll.en.md").write_text(
        "---\ntitle: Poll\n---\n\nTODO: more.\n\n::: poll\nTea or coffee?\n\n- Tea\n- Coffee\n:::\n\n"
        "SCO\n: a content object\n",
        encoding="utf-8",
    )
    yaml_file = course / "course.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8") + "packaging:\n  listing:\n    columns: 2\n")
    diags = Diagnostics()
    checked = check_course(course, diags)
    assert not diags.has_errors, [d.message for d in diags.errors]
    assert [d.line for d in diags.warnings if d.code == "no-todo"] == [5]
    assert [m.id for m in checked.localized["nb"].modules][-1] == "glossary"
    poll = next(p for p in checked.localized["en"].pages if p.id == "poll")
    assert [b.kind for b in poll.blocks] == ["prose", "poll", "prose"] and "<dt>SCO</dt>" in poll.blocks[2].html

    out = tmp_path / "out"
    built, _ = build(course, out, formats=["listing"], languages=["en"])
    from click.testing import CliRunner

    from smab_pack.cli import cli

    listed = CliRunner().invoke(cli, ["contents", str(built[0].path)])
    assert listed.exit_code == 0 and "files.txt" in json.loads(listed.output)
    listing = zipfile.ZipFile(built[0].path).read("files.txt").decode().splitlines()
    assert listing[0] == "Files" and "index.html" in " ".join(listing) and len(listing[1].split("  ")) == 2
    assert (out / "packages.txt").read_text().split() == [built[0].path.name, str(built[0].size)]


def test_the_config_section_example_reports_the_typo_it_shows(installed, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", course)
    yaml_file = course / "course.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8") + "packaging:\n  listing:\n    colums: 2\n")
    diags = Diagnostics()
    check_course(course, diags)
    (error,) = diags.errors
    assert error.message == "unknown key 'packaging.listing.colums'"
    assert error.hint == "did you mean 'columns'? known keys: columns, title"
    assert f"hint: {error.hint}" in DOCS


def test_the_presets_example_typo_is_refused_as_the_docs_say(installed):
    from smab_pack.api import LmsPreset, hookimpl

    class Typo:
        @hookimpl
        def smab_lms_presets(self):
            return [LmsPreset(name="acme-typo", title="Acme", formats=("scorm2004",), settings={"scrom2004": {}})]

    pm = plugins.plugin_manager()
    pm.register(Typo(), name="typo")
    try:
        with pytest.raises(RuntimeError) as raised:
            plugins.lms_presets()
    finally:
        pm.unregister(name="typo")
    quoted = "sets packaging.scrom2004, which no plugin declares (did you mean packaging.scorm2004?)"
    assert quoted in str(raised.value) and quoted in DOCS


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_inside_the_page_has_its_heading():
    text = re.sub(r"```.*?```", "", DOCS, flags=re.DOTALL)
    anchors = {_slug(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)}
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert links and links <= anchors, sorted(links - anchors)
    for target in re.findall(r"\]\((?!#|https?:)([^)#]+)", text):
        assert (ROOT / "docs" / target).resolve().exists(), target
