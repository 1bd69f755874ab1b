"""The learner run-time stays small, and works with no LMS at all."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

#: Bytes (uncompressed: what issue 12 point 8 counts) each run-time file of a package of the shipped
#: course (en) may have, a little above what it has (scripts/runtime_size.py prints both; figures of
#: the session that set them). smab.js: 39.5 KB, the quizzes of every kind, videos, surveys, the
#: resource bank, the glossary; smab.css 11.6 KB; SCORM's adapter 6.4 KB (1.2 and 2004 in one),
#: xAPI's 13.8 KB (cmi5 too); i18n.js the plural rules. Issue 12 wants 30 KiB in all: the floor and
#: what each feature costs are in docs/architecture.md ("The run-time's size"). The quizzes' attempt
#: rules (issue 12 point 4) then added 2.3 KB to smab.js (41.8 KB), the final test's pool (draw=8) 1.5 KB,
#: the page fragments (issue 12 point 6: pages fetched when shown or idle, Loading and Try again,
#: media when their page is shown) 2.4 KB; read-aloud (issue 13 point 4), on in the shipped course,
#: 3.7 KB of JS and 0.4 KB of CSS.
BUDGET = {"smab.js": 50 * 1024, "smab.css": 13 * 1024, "i18n.js": 1024}
ADAPTER_BUDGET = {"scorm12": 7 * 1024, "scorm2004": 7 * 1024, "xapi": 14.5 * 1024, "cmi5": 14.5 * 1024, "web": 1024}


def _runtime_files(path) -> dict[str, int]:
    """The run-time's scripts and style sheets in a package (not the course's assets, nor its pages), by size."""
    with zipfile.ZipFile(path) as zf:
        return {
            i.filename: i.file_size
            for i in zf.infolist()
            if i.filename.endswith((".js", ".css")) and not i.filename.startswith(("content/", "pages/"))
        }


def test_runtime_js_and_css_stay_small(shipped_packages, tmp_path):
    """Per format, language and file, so that a failure names the file that grew."""
    from smab_pack.pipeline import build
    from tests.conftest import FIXTURES, SHIPPED

    web, _ = build(SHIPPED, tmp_path, formats=["web"], languages=["en"])
    packages = [*((fmt, lang, path) for (fmt, lang), path in shipped_packages.items()), ("web", "en", web[0].path)]
    assert {fmt for fmt, _, _ in packages} == set(ADAPTER_BUDGET)
    for fmt, lang, path in packages:
        files = _runtime_files(path)
        assert set(files) == {"smab.js", "smab.css", "i18n.js", "adapter.js"}, (fmt, lang)
        for name, size in files.items():
            budget = ADAPTER_BUDGET[fmt] if name == "adapter.js" else BUDGET[name]
            assert size <= budget, f"{fmt}-{lang}: {name} is {size:,} bytes, over its {budget:,.0f}"
    # A course of pages and quizzes (no video, survey, glossary, bank): 37.5 KB with SCORM's adapter,
    # then 2 KB more for the page fragments' loader (issue 12 point 6).
    built, _ = build(FIXTURES / "mini", tmp_path / "mini", formats=["scorm12"], languages=["en"])
    files = _runtime_files(built[0].path)
    assert sum(files.values()) <= 41 * 1024, f"mini scorm12: {files}"


def test_no_minify_ships_the_run_time_as_written(tmp_path):
    """``build --no-minify``: the sources, comments and names, for debugging in the browser."""
    from click.testing import CliRunner

    from smab_pack.cli import cli
    from smab_pack.render.site import _runtime
    from tests.conftest import FIXTURES

    for flag, out in (([], tmp_path / "small"), (["--no-minify"], tmp_path / "readable")):
        result = CliRunner().invoke(
            cli, ["build", str(FIXTURES / "mini"), "-f", "scorm12", "-l", "en", "-o", str(out), *flag]
        )
        assert result.exit_code == 0, result.output
    packages = [next((tmp_path / d).glob("*.zip")) for d in ("small", "readable")]
    small, readable = (
        {n: zipfile.ZipFile(p).read(n).decode() for n in ("smab.js", "smab.css", "adapter.js")} for p in packages
    )
    core = (_runtime / "core.js").read_text(encoding="utf-8")
    assert core in readable["smab.js"] and core not in small["smab.js"]
    assert (_runtime / "core.css").read_text(encoding="utf-8") in readable["smab.css"]
    assert "// " in readable["adapter.js"] and len(readable["adapter.js"]) > 1.5 * len(small["adapter.js"])
    assert all(len(small[n]) < len(readable[n]) for n in small)


def test_minified_code_is_es5_and_keeps_every_global_and_property(tmp_path):
    """What ships still parses as ES5 (old LMS browsers), and the names other files, the LMS and
    the tests use (SMAB.*, SMABState, a block's record()) are the sources' own."""
    import re
    import shutil
    import subprocess

    import rjsmin

    from smab_pack import plugins
    from smab_pack.builtin import scorm, xapi
    from smab_pack.render.minify import shipped_js
    from smab_pack.render.site import _runtime

    sources = [(_runtime / n).read_text(encoding="utf-8") for n in ("state.js", "core.js")]
    sources += [bt.js for bt in plugins.block_types().values() if bt.js] + [scorm.ADAPTER, xapi.ADAPTER]
    root = Path(__file__).resolve().parents[1]
    for n, source in enumerate(sources):
        shipped = shipped_js(source)
        assert shipped.endswith(";\n")  # files follow one another in smab.js
        (tmp_path / f"{n}.js").write_text(shipped, encoding="utf-8")
        for name in set(re.findall(r"\b(?:SMAB|SMABState)\.\w+", rjsmin.jsmin(source))):  # code, not comments
            assert name in shipped, name
    checked = subprocess.run(
        [
            shutil.which("node"),
            "-e",
            "const espree = require('espree'), fs = require('fs');"
            "for (const f of process.argv.slice(1)) espree.parse(fs.readFileSync(f, 'utf8'), {ecmaVersion: 5});",
            *[str(p) for p in sorted(tmp_path.glob("*.js"))],
        ],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert checked.returncode == 0, checked.stderr


def test_minifying_is_reproducible_and_its_cache_only_saves_time(tmp_path, monkeypatch):
    import os
    import subprocess
    import sys

    from smab_pack.render import minify
    from smab_pack.render.site import _runtime

    source = (_runtime / "core.js").read_text(encoding="utf-8")
    fresh = minify._mangled(source)
    assert minify._mangled(source) == fresh  # same bytes every time
    # ... and in every process: the short names must not follow the order of a set or dict
    script = "from smab_pack.render.minify import _mangled; import sys; sys.stdout.write(_mangled(sys.stdin.read()))"
    for seed in ("1", "2"):
        other = subprocess.run(
            [sys.executable, "-c", script],
            input=source,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert other.stdout == fresh
    monkeypatch.setenv("SMAB_PACK_CACHE", str(tmp_path))
    minify._minified_js.cache_clear()
    first = minify.shipped_js(source)
    assert first.rstrip(";\n") == fresh.rstrip(";\n")
    [kept] = (tmp_path / "minified").glob("*.js")
    assert kept.read_text(encoding="utf-8") == first
    minify._minified_js.cache_clear()
    assert minify.shipped_js(source) == first  # read back from the cache
    # a cache folder that cannot be made (here: a file is in the way) only means no cache
    (tmp_path / "blocked").write_text("", encoding="utf-8")
    monkeypatch.setenv("SMAB_PACK_CACHE", str(tmp_path / "blocked"))
    minify._minified_js.cache_clear()
    assert minify.shipped_js(source) == first
    # code that is not ES5 (a third-party block's) loses its comments only
    assert minify.shipped_js("let a = () => 1; // why\n") == "let a=()=>1;\n"
    minify._minified_js.cache_clear()


def test_files_joined_without_their_last_semicolon_still_run(tmp_path):
    """smab.js is the files one after another: "(function(){…})()" then "(function(){…})()" must not
    call the first one's result."""
    import shutil
    import subprocess

    from smab_pack.render.minify import shipped_js

    parts = ["(function () { var longName = 1; console.log(longName) })()", "(function () { console.log(2) })()"]
    (tmp_path / "joined.js").write_text("".join(shipped_js(p) for p in parts), encoding="utf-8")
    out = subprocess.run([shutil.which("node"), str(tmp_path / "joined.js")], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout == "1\n2\n", out.stderr


def test_a_course_ships_only_the_block_code_it_uses(shipped_packages, tmp_path):
    from smab_pack.pipeline import build
    from tests.conftest import FIXTURES

    built, _ = build(FIXTURES / "mini", tmp_path, formats=["scorm12"], languages=["en"])
    with zipfile.ZipFile(built[0].path) as zf:
        small = zf.read("smab.js").decode()
    with zipfile.ZipFile(shipped_packages[("scorm12", "en")]) as zf:
        full = zf.read("smab.js").decode()
    from smab_pack import plugins
    from smab_pack.render.site import shipped_js

    code = {name: shipped_js(bt.js).strip() for name, bt in plugins.block_types().items() if bt.js}
    for name in ("video", "survey", "glossary", "resources", "quiz-matching", "quiz-numeric", "quiz-sequencing"):
        assert code[name] in full and code[name] not in small, name
    assert code["quiz"] in small


def test_shipped_code_is_smaller_and_still_parses(tmp_path):
    import shutil
    import subprocess

    from smab_pack import plugins
    from smab_pack.render.site import _runtime, runtime_assets

    full, _ = runtime_assets(plugins.block_types())
    assert "saved state: the run-time's state" not in full  # state.js's opening comment
    sources = [(_runtime / n).read_text(encoding="utf-8") for n in ("state.js", "core.js")]
    sources += [bt.js for bt in plugins.block_types().values() if bt.js]
    assert len(full) < 0.9 * sum(map(len, sources))
    (tmp_path / "smab.js").write_text(full, encoding="utf-8")
    checked = subprocess.run(
        [shutil.which("node"), "--check", str(tmp_path / "smab.js")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_shipping_keeps_what_the_code_does(tmp_path):
    """Comments go; strings and regular expressions that look like comments, and line breaks that
    end statements (no semicolon), stay: the shipped snippet prints what the source prints."""
    import shutil
    import subprocess

    from smab_pack.render.site import shipped_js

    source = """/* a comment
   // still the comment */
  var a = "http://x/*y*/" // why
  var b = 'it' + "'s // not a comment" /* gone */
  var re = /\\/\\*/g, c = a.replace(re, "#")
  var d = 6
    / 2 / 1 // division, not a regex
  console.log(JSON.stringify([a, b, c, d, re.source]))
"""
    shipped = shipped_js(source)
    assert "why" not in shipped and "gone" not in shipped and "comment" not in shipped.replace("not a comment", "")
    out = []
    for name, code in (("source.js", source), ("shipped.js", shipped)):
        (tmp_path / name).write_text(code, encoding="utf-8")
        out.append(
            subprocess.run(
                [shutil.which("node"), str(tmp_path / name)], capture_output=True, text=True, check=True
            ).stdout
        )
    assert out[0] == out[1] and "http://x/*y*/" in out[0]


@pytest.mark.browser
def test_standalone_without_lms_shows_a_notice_and_keeps_progress(page, server, shipped_packages):
    url = server.mount_zip("standalone-scorm12-en", shipped_packages[("scorm12", "en")])
    page.goto(f"{url}/index.html")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    notice = page.locator(".smab-notice")
    assert notice.is_visible() and "this browser only" in notice.inner_text()
    page.locator(".smab-next").click()
    page.locator(".smab-next").click()
    where = page.evaluate("SMAB.data.pages[SMAB.state.page].id")
    page.goto(f"{url}/index.html")  # a reload without the hash
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    assert page.evaluate("SMAB.data.pages[SMAB.state.page].id") == where
    assert page.js_errors == []


@pytest.mark.browser
def test_keyboard_only_navigation_and_quiz(page, server, shipped_packages):
    url = server.mount_zip("keyboard-scorm2004-en", shipped_packages[("scorm2004", "en")])
    page.goto(f"{url}/index.html")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    first = page.evaluate("SMAB.data.pages[0].id")
    page.keyboard.press("Alt+ArrowRight")
    assert page.evaluate("SMAB.state.page") == 1
    # Focus moves to the new page's heading, for screen readers.
    assert page.evaluate("document.activeElement.tagName") == "H1"
    page.keyboard.press("Alt+ArrowLeft")
    assert page.evaluate("SMAB.data.pages[SMAB.state.page].id") == first
    # Reach a quiz and answer it with the keyboard alone.
    key = page.evaluate("SMAB.data.questions.find(q => q.kind !== 'fill-in').key")
    q = page.evaluate("(k) => SMAB.question(k)", key)
    page.evaluate("(p) => document.querySelector(`a[data-page='${p}']`).focus()", q["page"])
    page.keyboard.press("Enter")
    page.locator(f'form[data-q="{key}"] input').first.focus()
    page.keyboard.press("Space")
    page.locator(f'form[data-q="{key}"] button.smab-check').focus()
    page.keyboard.press("Enter")
    assert page.locator(f'form[data-q="{key}"] .smab-result').inner_text() != ""
    assert page.js_errors == []
