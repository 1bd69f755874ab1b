"""Author text can never break the run-time (issue 18, "What reaches the learner's browser"):
no title, answer, feedback or raw HTML attribute can end or corrupt the data embedded in
index.html, and content cannot take the names the run-time uses (the smab- prefix is reserved)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from smab_pack.pipeline import build
from smab_pack.render.site import script_json
from tests.conftest import diagnostics_for
from tests.support.pages import course_html, fragment
from tests.support.scorm import ScormRun

#: what ends or changes a <script> element's content, and what ends a JavaScript string
HOSTILE = "</script><!--<script>alert(1)</script>-->\u2028\u2029\"'\\&amp;</SCRIPT x"


def _yaml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar, escapes and all


def _md(text: str) -> str:
    """The text as Markdown that shows it literally (no raw HTML, no escapes taken)."""
    return re.sub(r"([\\<>&`*_\[\]!\"'-])", r"\\\1", text).replace("\u2028", "&#x2028;").replace("\u2029", "&#x2029;")


def hostile_course(root: Path, *, page_id: str = "toc-m", raw: str = "") -> Path:
    """Titles, answers and feedback full of HOSTILE; raw HTML that takes run-time ids and classes;
    a page whose id was the module's heading id in the table of contents (toc-m)."""
    (root / "modules" / "01-m").mkdir(parents=True)
    (root / "course.yaml").write_text(
        f"id: hostile\nversion: 1.0.0\ntitle: {{en: {_yaml('Course ' + HOSTILE)}, "
        f"nb: {_yaml('Kurs ' + HOSTILE)}}}\nlanguages: [en, nb]\nmastery_score: 50\n",
        encoding="utf-8",
    )
    (root / "modules" / "01-m" / "module.yaml").write_text(
        f"title: {{en: {_yaml('Module ' + HOSTILE)}}}\n", encoding="utf-8"
    )
    raw = raw or (
        '<p id="smab-data" class="smab-next smab-page note" title="</script><!--">Raw</p>\n'
        '<div id="smab-root" class="smab-notice"><span class="smab-status">x</span></div>\n'
        '<p><a class="smab-prev" data-page="data" href="#smab-toc">toc</a></p>\n'
    )
    h = _md(HOSTILE)
    pages = {
        "01-data": f"---\ntitle: {_yaml('Data ' + HOSTILE)}\n---\n\nText {h}\n\n{raw}\n## Part {h} {{#part}}\n\nEnd.\n",
        f"02-{page_id}": (
            f"---\ntitle: {_yaml('Quiz ' + HOSTILE)}\n---\n\nSee [part](01-data.en.md#part).\n\n"
            f"::: quiz Test {h} {{#test}}\n\n"
            f"## Pick {h} {{#one}}\n\n- [x] Right {h}\n  > Feedback {h}\n- [ ] Wrong {h}\n  > No {h}\n\n"
            f"> Question feedback {h}\n\n"
            f"## Type it {{#two type=fill-in}}\n\n- [x] {h}\n\n:::\n"
        ),
        "03-root": f"---\ntitle: {_yaml('Last <!-- ' + HOSTILE)}\n---\n\nThe end {h}\n",
    }
    for stem, text in pages.items():
        for lang in ("en", "nb"):
            (root / "modules" / "01-m" / f"{stem}.{lang}.md").write_text(text, encoding="utf-8")
    return root


def test_embedded_data_has_no_markup_characters():
    text = script_json({"a": HOSTILE, "b": ["<!--", "</script>", "<script", "\u2028"]})
    assert not set(text) & set("<>&\u2028\u2029")
    assert json.loads(text) == {"a": HOSTILE, "b": ["<!--", "</script>", "<script", "\u2028"]}


def test_the_built_page_keeps_the_data_in_one_script_element(tmp_path):
    built, diags = build(hostile_course(tmp_path / "c"), tmp_path / "out", formats=["scorm12"], multilingual=True)
    html = zipfile.ZipFile(built[0].path).read("index.html").decode("utf-8")
    start = html.index('<script type="application/json" id="smab-data" data-smab-ui="data">')
    body = html[start:].split(">", 1)[1]
    data, rest = body.split("</script>", 1)
    assert rest.strip() == "</body>\n</html>"
    assert json.loads(data)["course"]["title"] == "Course " + HOSTILE
    # The other language's texts come in its fragment: one call of the run-time, its arguments JSON
    # with the same escapes (no text can end the string or the script), parsed back unchanged.
    with zipfile.ZipFile(built[0].path) as zf:
        fragments = {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("pages/")}
    assert not any(set(text) & set("<>&\u2028\u2029") for text in fragments.values())
    lang, texts, _ = fragment(fragments["pages/nb.js"], "edition")
    assert lang == "nb" and texts["title"] == "Kurs " + HOSTILE
    assert all(fragment(text, "page")[1] in ("en", "nb") for n, text in fragments.items() if n.count("/") == 2)
    # Content gave up the run-time's names; each of them is the run-time's own, once, in each language.
    for lang in ("en", "nb"):
        whole = course_html(built[0].path, lang)
        # outside templates (a page may hold parallel text's, which may hold templates of their own)
        while (inner := re.sub(r"<template[^>]*>(?:(?!<template).)*?</template>", "", whole, flags=re.S)) != whole:
            whole = inner
        for taken in (
            'id="smab-data"',
            'id="smab-root"',
            "smab-next",
            "smab-page",
            "smab-notice",
            "smab-status",
            "smab-prev",
        ):
            own = whole.count(taken)
            assert own == 1 or (taken == "smab-page" and own == 3), (lang, taken, own)
        assert 'class="note"' in whole and 'href="#smab-toc"' in whole  # other names and the link stay
    warned = {(Path(d.file).name, d.line, d.column, d.severity.value) for d in diags if d.code == "reserved-name"}
    assert warned == {
        (f"01-data.{lang}.md", line, column, "warning")
        for lang in ("en", "nb")
        for line, column in ((7, 4), (7, 19), (8, 6), (8, 21), (8, 47), (9, 7))
    }, sorted(warned)


@pytest.mark.browser
def test_a_hostile_course_starts_and_navigates_on_every_page(page, server, tmp_path):
    built, _ = build(hostile_course(tmp_path / "c"), tmp_path / "out", formats=["scorm2004"], multilingual=True)
    url = server.mount_zip("hostile-scorm2004", built[0].path)
    run = ScormRun(page, server, "2004", url)
    frame = run.launch()
    seen = []
    for step in range(3):
        seen.append(frame.locator("[data-smab-ui=page]:not([hidden]) h1").evaluate("e => e.textContent"))
        assert frame.locator("[data-smab-ui=page]:not([hidden])").count() == 1
        if step == 1:
            assert run.answer_visible(True) == 2
            assert frame.locator("form.smab-q .smab-result.smab-ok").count() == 2
            legend = frame.locator("form.smab-q legend").first.evaluate("e => e.textContent")
            assert legend == "Pick " + HOSTILE, legend
            feedback = frame.locator("form.smab-q .smab-qfb").first.evaluate("e => e.textContent").strip()
            assert feedback == "Question feedback " + HOSTILE, feedback
            frame.locator("a[href='#data--part']").click()
            frame.wait_for_function("SMAB.state.page === 0")
            run.next()
        if step < 2:
            assert run.next()
    assert seen == ["Data " + HOSTILE, "Quiz " + HOSTILE, "Last <!-- " + HOSTILE], seen
    assert frame.evaluate("SMAB.status().score.scaled") == 1
    assert frame.evaluate("SMAB.data.course.title") == "Course " + HOSTILE
    frame.select_option("[data-smab-ui=langs]", "nb")
    frame.wait_for_function("document.documentElement.lang === 'nb'")  # its texts and this page arrive first
    assert frame.evaluate("document.title") == "Kurs " + HOSTILE
    assert frame.evaluate("SMAB.state.page") == 2
    frame.locator("[data-smab-ui=prev]").click()
    assert frame.evaluate("SMAB.state.page") == 1
    assert run.get("cmi.success_status") == "passed"
    assert page.js_errors == []


def test_run_time_ids_are_reserved_for_pages_and_modules(tmp_path):
    root = hostile_course(tmp_path / "c", page_id="smab-data")
    (root / "modules" / "01-m").rename(root / "modules" / "01-smab-root")
    diags = diagnostics_for(root)
    found = {(d.code, Path(d.file).name) for d in diags if d.code == "reserved-id"}
    assert found == {
        ("reserved-id", "module.yaml"),
        ("reserved-id", "02-smab-data.en.md"),
        ("reserved-id", "02-smab-data.nb.md"),
    }, found


def test_trusted_raw_html_may_not_take_run_time_names(tmp_path):
    root = hostile_course(tmp_path / "c", raw='<div class="box smab-next">Next?</div>\n')
    config = root / "course.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "raw_html: trusted\n", encoding="utf-8")
    diags = diagnostics_for(root)
    errors = [(d.code, d.line, d.column, d.severity.value) for d in diags if d.code == "reserved-name"]
    assert ("reserved-name", 7, 6, "error") in errors, errors
