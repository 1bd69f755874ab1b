"""Start-up: commands that do not need the heavy libraries do not import them
(scripts/benchmark.py times the whole process; this guards the import graph)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from smab_pack.cli import OUTPUT_FORMATS
from smab_pack.report import FORMATS

HEAVY = ["pydantic", "jinja2", "lxml", "babel", "duckdb", "markdown_it", "nh3", "yaml", "pluggy", "smab_pack.plugins"]

PROBE = """
import json, sys
from smab_pack.cli import cli
try:
    cli(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(name for name in {heavy!r} if name in sys.modules)))
"""


def _imported(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["build", "--help"], ["translate", "--help"]])
def test_version_and_help_import_none_of_the_heavy_libraries(args):
    assert _imported(*args) == []


def test_the_report_formats_on_the_command_line_are_the_formatters():
    assert sorted(OUTPUT_FORMATS.choices) == FORMATS


def test_version_is_answered_before_click_is_imported():
    """The console script's entry (smab_pack.__main__:main) prints what click's version option
    prints, with nothing imported but smab_pack itself: a version check waits for the interpreter."""
    probe = (
        "import sys; sys.argv = ['smab-pack', '--version']; before = set(sys.modules)\n"
        "from smab_pack.__main__ import main; main()\n"
        "print(sorted(n for n in set(sys.modules) - before if n.split('.')[0] != 'smab_pack'))"
    )
    fast = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert fast.returncode == 0, fast.stderr
    version_line, imported = fast.stdout.splitlines()
    assert imported == "[]"
    from click.testing import CliRunner

    from smab_pack.cli import cli

    assert version_line + "\n" == CliRunner().invoke(cli, ["--version"]).output


def test_the_console_script_is_the_fast_entry():
    import tomllib
    from pathlib import Path

    scripts = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["smab-pack"] == "smab_pack.__main__:main"


def test_compiled_templates_are_kept_between_processes_and_change_no_byte(tmp_path):
    """index.html.j2's and the blocks' templates' compiled code goes to Jinja's per-user cache
    folder (render/templates.py):
    a build with a cold cache, one with a warm cache and one with the cache off make the same zip."""
    import hashlib
    import os
    from pathlib import Path

    course = Path(__file__).resolve().parent / "fixtures" / "mini"
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    env.pop("SMAB_NO_TEMPLATE_CACHE", None)
    digests = []
    for run, extra in enumerate([{}, {}, {"SMAB_NO_TEMPLATE_CACHE": "1"}]):
        out = tmp_path / f"out{run}"
        done = subprocess.run(
            [sys.executable, "-m", "smab_pack", "build", str(course), "-f", "scorm12", "-o", str(out)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**env, **extra},
        )
        assert done.returncode == 0, done.stderr
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.glob("*.zip")})
        cached = {
            p.name: p.stat().st_mtime_ns for p in (tmp_path / f"_jinja2-cache-{os.getuid()}").glob("__smab_pack_*")
        }
        # index.html.j2, the edition's shell (edition.html.j2) and the quiz's template (api.template),
        # each under its version-and-settings name
        assert len(cached) == 3, cached
        if run == 0:
            written = cached
        else:  # read, not compiled and written again
            assert cached == written
    assert digests[0] and digests[0] == digests[1] == digests[2]


def test_a_cartridge_alone_renders_no_page_and_is_the_same_cartridge(tmp_path, monkeypatch):
    """-f cc packages the resource bank only (Format.renders False): no page is rendered for it,
    and its bytes are those of a build that rendered the site for another format beside it."""
    from pathlib import Path

    from smab_pack import pipeline

    shipped = Path(__file__).resolve().parents[1] / "courses" / "start-a-business-in-norway"
    both, _ = pipeline.build(shipped, tmp_path / "both", formats=["cc", "web"], languages=["nb"])

    def no_rendering(*args, **kwargs):
        raise AssertionError("render_site called for a build of cartridges only")

    monkeypatch.setattr(pipeline, "render_site", no_rendering)
    alone, _ = pipeline.build(shipped, tmp_path / "alone", formats=["cc", "cc11"], languages=["nb"])
    cartridge = next(p for p in both if p.format == "cc")
    assert [p.format for p in alone] == ["cc", "cc11"]
    assert alone[0].path.name == cartridge.path.name
    assert alone[0].path.read_bytes() == cartridge.path.read_bytes()


def test_block_templates_are_compiled_only_for_courses_that_use_the_block(tmp_path):
    """Every command loads every built-in; a course without videos or surveys does not wait for
    their templates to compile (a course with them is rendered by the rest of the suite)."""
    (tmp_path / "modules" / "01-m").mkdir(parents=True)
    (tmp_path / "course.yaml").write_text("id: plain\nversion: 1.0.0\ntitle: Plain\nlanguages: [en]\n")
    (tmp_path / "modules" / "01-m" / "module.yaml").write_text("title: M\n")
    (tmp_path / "modules" / "01-m" / "01-p.en.md").write_text("---\ntitle: P\n---\n\nText.\n")
    probe = (
        "import sys; from pathlib import Path\n"
        "from smab_pack.pipeline import build\n"
        "build(Path(sys.argv[1]), Path(sys.argv[2]), formats=['scorm12'])\n"
        "from smab_pack.builtin.video import render as video\n"
        "from smab_pack.builtin.survey import render as survey\n"
        "print(video._template.cache_info().currsize, survey._template.cache_info().currsize)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path), str(tmp_path / "dist")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "0"]
    assert len(list((tmp_path / "dist").glob("*.zip"))) == 1


def test_one_container_rule_gives_the_tokens_of_one_rule_per_name():
    """make_markdown puts the ::: rules of every block name behind one first-character test
    (markdown/parser.py): every page of the courses, the fixtures and the docs parses to the same
    tokens as with markdown-it-py's rule per name."""
    from pathlib import Path

    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin

    from smab_pack import plugins
    from smab_pack.markdown.parser import make_markdown

    block_types = plugins.registry().block_types
    ours = make_markdown(block_types)
    assert "smab_containers" in ours.block.ruler.get_active_rules()
    plain = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    plain.enable(["table", "strikethrough"])
    for block_type in block_types.values():
        for name in block_type.containers():
            container_plugin(plain, name)
    root = Path(__file__).resolve().parents[1]
    pages = [*root.glob("courses/**/*.md"), *root.glob("tests/**/*.md"), *root.glob("docs/*.md")]
    assert len(pages) > 100

    def tokens(md, text):
        return [(t.type, t.tag, t.map, t.info, t.content, t.markup, t.nesting, t.block) for t in md.parse(text)]

    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        assert tokens(ours, text) == tokens(plain, text), page
