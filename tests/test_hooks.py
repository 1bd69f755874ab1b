"""Every hook in hookspecs.py: documented pytest-style under its phase's banner, and driven here
by a plugin written the way a third party would (the registration hooks the built-ins already
use have their own files: formats in test_plugins, presets in test_presets, sections in
test_config_sections, extra pages in test_extra_pages)."""

from __future__ import annotations

import ast
import inspect
import itertools
import json
import re
import shutil
import zipfile
from html import escape
from pathlib import Path

import pytest

from smab_pack import hookspecs, pipeline, plugins
from smab_pack.api import Block, BlockType, Diagnostics, Language, LintRule, PackageChecker, hookimpl
from smab_pack.diagnostics import BuildFailed
from tests.conftest import FIXTURES
from tests.support.pages import course_html

ROOT = Path(__file__).resolve().parents[1]
HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("smab_"))
PHASES = {
    "Registration hooks": [
        "smab_formats",
        "smab_block_types",
        "smab_languages",
        "smab_lint_rules",
        "smab_package_checkers",
        "smab_config_sections",
        "smab_lms_presets",
    ],
    "Command-line hooks": ["smab_commands"],
    "Parse hooks": ["smab_markdown", "smab_extra_pages"],
    "After the build": ["smab_build_finished"],
}


@pytest.fixture
def course(tmp_path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", target)
    return target


@pytest.fixture
def register(register_plugin):
    return register_plugin


# ---- the hook list itself ----


def test_the_hooks_are_grouped_by_phase_in_order():
    source = (ROOT / "smab_pack" / "hookspecs.py").read_text(encoding="utf-8")
    banners = {name: source.index(f"# {name}") for name in PHASES}
    assert list(banners) == sorted(banners, key=banners.get), "phases out of order"
    assert sorted(h for hooks in PHASES.values() for h in hooks) == HOOKS
    starts = [banners[name] for name in PHASES] + [len(source)]
    for (phase, hooks), (start, end) in zip(PHASES.items(), itertools.pairwise(starts), strict=True):
        for hook in hooks:
            assert start < source.index(f"def {hook}(") < end, (hook, phase)


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_documents_its_return_when_it_is_called_and_an_example(hook):
    doc = inspect.getdoc(getattr(hookspecs, hook))
    assert ":return:" in doc, hook
    assert "Called " in doc, hook
    assert "Example::" in doc, hook
    for arg in inspect.signature(getattr(hookspecs, hook)).parameters:
        assert f":param {arg}:" in doc, (hook, arg)
    # the example parses (as a plugin author would paste it)
    example = inspect.cleandoc(doc[doc.index("Example::") + len("Example::") :])
    ast.parse(example)


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test_and_a_section_in_the_docs(hook):
    tests = [f for f in (ROOT / "tests").glob("test_*.py") if f.name != "test_hooks.py"]
    mine = (ROOT / "tests" / "test_hooks.py").read_text(encoding="utf-8")
    assert f"def {hook}(" in mine or any(f"def {hook}(" in f.read_text(encoding="utf-8") for f in tests), hook
    docs = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert re.search(rf"^### `{hook}\(", docs, re.MULTILINE), hook


def test_smab_localise_is_gone_and_the_decision_is_written_down():
    assert not hasattr(hookspecs, "smab_localise")
    docs = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert "smab_localise" in docs[docs.index("## Decisions") :]


# ---- smab_block_types: a block type with its own JS ----


class PollBlock(Block):
    kind: str = "poll"
    question: str
    options: list[str]


class Poll(BlockType):
    name = "poll"
    js = "SMAB_POLL_JS = 1;"
    css = ".smab-poll { color: inherit; }"

    def parse(self, info, tokens, ctx):
        items = [t.content for t in tokens if t.type == "inline"]
        if len(items) < 3:
            ctx.report("poll-options", "a poll needs a question and two options", line=ctx.block_line)
            return None
        return PollBlock(question=items[0], options=items[1:], line=ctx.block_line)

    def render(self, block, ctx):
        options = "".join(f"<li>{escape(o)}</li>" for o in block.options)
        return f'<div class="smab-poll"><p>{escape(block.question)}</p><ul>{options}</ul></div>'


class PollPlugin:
    @hookimpl
    def smab_block_types(self):
        return [Poll()]


def _page(course: Path, body: str) -> Path:
    """A new English page (Norwegian learners get it in English, with a warning)."""
    page = course / "modules" / "01-basics" / "03-extra.en.md"
    page.write_text(f"---\ntitle: Extra\n---\n\n{body}", encoding="utf-8")
    return page


def test_a_third_party_block_type_parses_renders_and_ships_its_js(course, tmp_path, register):
    register(PollPlugin(), "test-poll")
    _page(course, "::: poll\nTea or coffee?\n\n- Tea\n- Coffee\n:::\n")
    built, _ = pipeline.build(course, tmp_path / "out", formats=["web"], languages=["en"])
    with zipfile.ZipFile(built[0].path) as zf:
        js = "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".js") and not n.startswith("pages/"))
    html = course_html(built[0].path)
    assert '<div class="smab-poll"><p>Tea or coffee?</p><ul><li>Tea</li><li>Coffee</li></ul></div>' in html
    assert "SMAB_POLL_JS" in js


def test_a_block_types_error_is_located_in_the_page(course, register):
    register(PollPlugin(), "test-poll")
    page = _page(course, "Intro.\n\n::: poll\nTea?\n:::\n")
    diags = Diagnostics()
    pipeline.check_course(course, diags)
    assert [(d.code, d.file, d.line) for d in diags.errors] == [("poll-options", str(page), 7)]


# ---- smab_languages ----


class Sami:
    @hookimpl
    def smab_languages(self):
        return [Language(tag="se", name="davvisámegiella", english_name="Northern Sami", strings={"next": "Boahtte"})]


def test_a_third_party_language_falls_back_to_english_key_by_key(register):
    register(Sami(), "test-se")
    assert "se" in plugins.languages()
    language, strings = pipeline.language_for("se")
    english = pipeline.language_for("en")[1]
    assert language.english_name == "Northern Sami"
    assert strings["next"] == "Boahtte" and strings["next"] != english["next"]
    assert {k: v for k, v in strings.items() if k != "next"} == {k: v for k, v in english.items() if k != "next"}


def test_a_language_tag_two_plugins_provide_is_refused(register):
    register(Sami(), "test-se")
    register(Sami(), "test-se-again")
    with pytest.raises(RuntimeError, match="language 'se'"):
        plugins.languages()


# ---- smab_lint_rules ----


def no_todo(course, diags):
    for page in course.pages:
        if not page.fallback_from and "TODO" in page.source.read_text(encoding="utf-8"):
            diags.warning("no-todo", f"page '{page.id}' says TODO", file=page.source)


class NoTodo:
    @hookimpl
    def smab_lint_rules(self):
        return [LintRule("no-todo", "A page says TODO.", "Finish the page.", check=no_todo)]


def test_a_third_party_lint_rule_runs_per_language_and_can_be_switched_off(course, register):
    register(NoTodo(), "test-no-todo")
    page = _page(course, "TODO: write this.\n")
    diags = Diagnostics()
    pipeline.check_course(course, diags)
    assert [(d.code, d.file) for d in diags.warnings if d.code == "no-todo"] == [("no-todo", str(page))]
    assert plugins.all_rules()["no-todo"].summary == "A page says TODO."
    yaml_file = course / "course.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8") + "lint:\n  disable: [no-todo]\n", encoding="utf-8")
    diags = Diagnostics()
    pipeline.check_course(course, diags)
    assert "no-todo" not in [d.code for d in diags]


# ---- smab_package_checkers ----


class ListingChecker(PackageChecker):
    manifest = "listing.xml"

    def kind(self, root):
        return "listing" if root.tag == "listing" else None

    def check(self, root, kind, names, report):
        if not root.findall("page"):
            report.error("listing-empty", "listing.xml lists no page", element=root)


class Listings:
    @hookimpl
    def smab_package_checkers(self):
        return [ListingChecker()]


def test_a_third_party_package_checker_reads_its_manifest(tmp_path, register):
    from smab_pack.checking.package import check_package

    register(Listings(), "test-listing")
    manifest = tmp_path / "listing.xml"
    manifest.write_text("<listing/>", encoding="utf-8")
    diags = Diagnostics()
    verdict = check_package(manifest, diags, checkers=plugins.package_checkers())
    assert verdict.kind == "listing"
    assert [d.code for d in diags.errors] == ["listing-empty"]
    manifest.write_text("<listing><page/></listing>", encoding="utf-8")
    diags = Diagnostics()
    assert (
        check_package(manifest, diags, checkers=plugins.package_checkers()).kind == "listing" and not diags.has_errors
    )


# ---- smab_build_finished ----


class Observer:
    def __init__(self):
        self.calls: list[tuple[list, int, Path]] = []

    @hookimpl
    def smab_build_finished(self, packages, diagnostics, out_dir):
        self.calls.append(([(p.path, p.format, p.lang) for p in packages], len(diagnostics.errors), out_dir))
        diagnostics.warning("observer-saw", f"{len(packages)} package(s)")


def test_an_observer_sees_every_package_once_after_they_are_written(course, tmp_path, register):
    observer = Observer()
    register(observer, "test-observer")
    out = tmp_path / "out"
    built, diags = pipeline.build(course, out, formats=["web", "scorm12"], languages=["en", "nb"])
    assert len(observer.calls) == 1
    packages, errors, out_dir = observer.calls[0]
    assert packages == [(p.path, p.format, p.lang) for p in built] and len(packages) == 4
    assert all(path.is_file() for path, _, _ in packages) and errors == 0 and out_dir == out
    assert [d.message for d in diags if d.code == "observer-saw"] == ["4 package(s)"]


def test_an_observer_is_not_called_for_a_failed_build(course, tmp_path, register):
    observer = Observer()
    register(observer, "test-observer")
    with pytest.raises(BuildFailed):
        pipeline.build(course, tmp_path / "out", formats=["scorm3000"])
    assert observer.calls == []


# ---- smab_markdown ----


class Definitions:
    @hookimpl
    def smab_markdown(self, md):
        from mdit_py_plugins.deflist import deflist_plugin

        md.use(deflist_plugin)


class Sneaky:
    @hookimpl
    def smab_markdown(self, md):
        md.add_render_rule("hr", lambda *args: '<hr><script>alert(1)</script><p class="smab-root">x</p>')


def _prose(course: Path) -> str:
    diags = Diagnostics()
    checked = pipeline.check_course(course, diags)
    page = next(p for p in checked.localized["en"].pages if p.id == "extra")
    return "".join(b.html for b in page.blocks if b.kind == "prose")


def test_a_syntax_plugin_configures_the_parser(course, register):
    _page(course, "SCO\n: a shareable content object\n")
    assert "<dl>" not in _prose(course)
    register(Definitions(), "test-deflist")
    assert "<dl>\n<dt>SCO</dt>\n<dd>a shareable content object</dd>\n</dl>" in _prose(course)


def test_what_a_syntax_plugin_renders_is_sanitised_like_author_html(course, register):
    register(Sneaky(), "test-sneaky")
    _page(course, "Above.\n\n---\n\nBelow.\n")
    html = _prose(course)
    assert "<hr>" in html and "<script" not in html and "alert" not in html and "smab-root" not in html


# ---- smab_commands ----


class Upload:
    def __init__(self, name: str = "upload"):
        self.name = name
        self.calls = 0

    @hookimpl
    def smab_commands(self, cli):
        import click

        self.calls += 1

        @cli.command(name=self.name)
        @click.argument("package")
        def upload(package):
            """Upload PACKAGE to the Acme LMS."""
            click.echo(f"uploading {package}")


def test_a_plugin_adds_a_command_asked_for_only_when_needed(register):
    from click.testing import CliRunner

    from smab_pack.cli import cli

    plugin = Upload()
    register(plugin, "test-upload")
    runner = CliRunner()
    assert runner.invoke(cli, ["--version"]).exit_code == 0
    assert runner.invoke(cli, ["rules", "--format", "json"]).exit_code == 0
    assert plugin.calls == 0  # built-in commands never ask the plugins
    done = runner.invoke(cli, ["upload", "course.zip"])
    assert (done.exit_code, done.output) == (0, "uploading course.zip\n")
    assert plugin.calls == 1
    helped = runner.invoke(cli, ["--help"]).output
    assert "build" in helped and "upload" not in helped and "listed by `smab-pack plugins`" in helped
    assert plugin.calls == 1  # --help does not load plugins either
    assert "upload" in json.loads(runner.invoke(cli, ["plugins", "--format", "json"]).output)["commands"]


def test_a_plugin_command_may_not_take_a_builtin_name(register):
    from click.testing import CliRunner

    from smab_pack.cli import cli

    register(Upload(name="build"), "test-upload")
    register(Upload(name="upload"), "test-upload-2")
    result = CliRunner().invoke(cli, ["upload", "x.zip"])
    assert result.exit_code == 1
    assert "the plugin module 'tests.test_hooks' adds the command 'build', which is smab-pack's own" in result.output
    assert CliRunner().invoke(cli, ["--version"]).exit_code == 0  # the built-ins still work
