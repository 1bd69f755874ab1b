"""Parallel text (issue 13 point 3): each translation unit's element carries its XLIFF unit id, and
in Chromium the help language's version of every translated unit lands under its original, with
the help language's lang and dir, remembered through a SCORM 1.2 relaunch under scorm-again, never
in the score or the interactions; axe finds nothing serious with it on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from smab_pack import plugins
from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.course_loader import load_course
from smab_pack.pipeline import build, check_course
from smab_pack.translation.xliff import XLIFF2, export_xliff
from tests.conftest import ROOT, SHIPPED
from tests.support.scorm import ScormRun

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
DIRECTION = {"ar": "rtl", "uk": "ltr", "en": "ltr", "el": "ltr", "nb": "ltr"}

PAGE = """---
title: Velkommen
---

Et **ENK** er enkelt.

## Krav

- én eier
- ingen kapital

| Form | Ansvar |
|---|---|
| ENK | Eieren |

::: tip Start i det små
Mange starter med et ENK.
:::

::: quiz Prøve {#q}

## Hvem betaler gjelden? {#debts}

- [x] Eieren
- [ ] NAV

:::
"""


def _translated(xliff: bytes) -> dict[str, list[str]]:
    """The units XLIFF export marks translated, by page id."""
    root = etree.fromstring(xliff)
    found: dict[str, list[str]] = {}
    for file in root.iter(f"{{{XLIFF2}}}file"):
        page = file.get("{urn:smab-pack:xliff:1}page")
        if page is None:
            continue
        found[page] = [
            unit.get("id")
            for unit in file.iter(f"{{{XLIFF2}}}unit")
            if unit.find(f"{{{XLIFF2}}}segment").get("state") == "translated"
        ]
    return found


def test_each_unit_element_is_marked_with_its_xliff_unit_id(tmp_path):
    from smab_pack.translation.segments import units_of

    course = tmp_path / "c"
    (course / "modules" / "m").mkdir(parents=True)
    (course / "course.yaml").write_text("id: c\nversion: 1.0.0\ntitle: C\nlanguages: [nb]\n", encoding="utf-8")
    (course / "modules" / "m" / "module.yaml").write_text("title: M\n", encoding="utf-8")
    (course / "modules" / "m" / "01-welcome.nb.md").write_text(PAGE, encoding="utf-8")
    diags = Diagnostics()
    checked = check_course(course, diags)
    assert checked is not None and not diags.has_errors, [d.message for d in diags]
    html = "".join(getattr(b, "html", "") for b in checked.localized["nb"].pages[0].blocks)
    quiz = next(b for b in checked.localized["nb"].pages[0].blocks if b.kind == "quiz")
    callout = next(b for b in checked.localized["nb"].pages[0].blocks if b.kind == "callout")
    marked = re.findall(r'data-seg="([^"]+)"', html)
    marked += [callout.title_seg, quiz.title_seg]
    marked += re.findall(r'data-seg="([^"]+)"', quiz.questions[0].prompt_html)
    marked += [m for c in quiz.questions[0].choices for m in re.findall(r'data-seg="([^"]+)"', c.html)]
    units = [u.id for u in units_of(PAGE) if u.kind != "title"]
    assert sorted(marked) == sorted(units)
    assert '<li data-seg="item1">én eier</li>' in html  # a tight list: its item carries the mark
    assert '<td data-seg="cell3">ENK</td>' in html


@pytest.fixture(scope="module")
def nb_package(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("parallel")
    built, _ = build(SHIPPED, out, formats=["scorm12"], languages=["nb"], help_languages=["ar", "uk"])
    return built[0].path


def _walk_pages(frame) -> list[dict]:
    """Every page in turn: its help segments in the template, those shown, where each went."""
    out = []
    for page_id in frame.evaluate("SMAB.data.pages.map(p => p.id)"):
        frame.locator(f".smab-toc a[data-page='{page_id}']").click()
        out.append(
            frame.evaluate("""() => {
            const p = document.querySelector('[data-smab-ui=page]:not([hidden])'), h = SMAB.helpLang();
            const t = p.querySelector(`template[data-help=${h}]`);
            const own = o => { o = o.cloneNode(true); o.querySelectorAll('.smab-par').forEach(x => x.remove());
                               return o.textContent.trim(); };
            const segs = t ? [...t.content.querySelectorAll('span[data-seg]')].map(s => {
                const id = s.getAttribute('data-seg'), o = p.querySelector(`[data-seg='${id}']`);
                return {id, text: s.textContent.trim(), original: o && own(o)};
            }) : [];
            const shown = [...p.querySelectorAll('.smab-par')].map(s => ({lang: s.lang, dir: s.dir,
                text: s.textContent.trim(), original: own(s.parentNode), seg: s.parentNode.getAttribute('data-seg')}));
            return {id: p.id, ids: segs.map(s => s.id), segs, shown,
                    accepted: SMAB.data.questions.filter(q => q.page === p.id).flatMap(q => q.accepted)};
        }""")
        )
    return out


@pytest.mark.browser
@pytest.mark.slow
def test_every_translated_unit_of_every_page_is_shown_under_its_original(page, server, nb_package):
    source = load_course(SHIPPED, Diagnostics(), config_model=plugins.course_config_model())
    assert source is not None
    run = ScormRun(page, server, "1.2", server.mount_zip("parallel-nb", nb_package))
    frame = run.launch()
    assert frame.locator(".smab-page:not([hidden]) .smab-par-bar").is_hidden()  # no help language yet
    left_out = {"ar": 0, "uk": 0}
    for lang in ("ar", "uk"):
        translated = _translated(export_xliff(source, lang))
        frame.locator(".smab-toc a[data-page='welcome']").click()
        frame.select_option("[data-smab-ui=help]", lang)
        toggle = frame.locator(".smab-page:not([hidden]) button.smab-par-on")
        if toggle.get_attribute("aria-pressed") == "false":
            toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
        pages = _walk_pages(frame)
        assert {p["id"] for p in pages} >= set(translated), "a page of the course was not walked"
        for found in pages:
            expected = [u for u in translated.get(found["id"], []) if u != "description"]
            # the template holds exactly the units XLIFF export counts as translated, in page order
            assert found["ids"] == expected, found["id"]
            # each is shown, but for the accepted answers of a text-entry question and a cloze's text,
            # whose gaps are its answers (never on the page), a matching target no item matches (only
            # an option of the select lists), and a unit in the very words of its original (a name in
            # a table): never the same twice
            missing = [seg for seg in found["segs"] if seg["original"] is None]
            same = [seg for seg in found["segs"] if seg["original"] is not None and seg["text"] == seg["original"]]
            unplaced = [s for s in missing if s["id"].startswith("answer") or "[[" in s["text"] or s["text"][0] == "→"]
            assert unplaced == missing, (found["id"], missing)
            assert len(missing) <= len(found["accepted"]), found["id"]
            assert len(found["shown"]) == len(expected) - len(missing) - len(same), found["id"]
            # each under its own original (a sequencing question shows its steps shuffled: not in page order)
            assert sorted(s["seg"] for s in found["shown"]) == sorted(
                seg["id"] for seg in found["segs"] if seg not in missing and seg not in same
            )
            for shown in found["shown"]:
                assert (shown["lang"], shown["dir"]) == (lang, DIRECTION[lang])
                assert shown["text"] and shown["text"] != shown["original"], (found["id"], shown)
            left_out[lang] += len(same)
        shown_total = sum(len(p["shown"]) for p in pages)
        assert shown_total > 600, shown_total  # the whole course, not a page or two
        assert left_out[lang] < shown_total / 20  # names and figures, not whole pages
    assert page.js_errors == []


@pytest.mark.browser
@pytest.mark.slow
def test_parallel_text_survives_a_relaunch_and_never_touches_the_score(page, server, nb_package):
    run = ScormRun(page, server, "1.2", server.mount_zip("parallel-nb-relaunch", nb_package))
    frame = run.launch()
    while not run.visible_questions():
        assert run.next(), "no question in the course"
    run.answer(run.visible_questions()[0], True)
    interactions = [
        (c["el"], c["value"]) for c in run.calls() if c["fn"] == "LMSSetValue" and ".interactions." in c["el"]
    ]
    score = frame.evaluate("JSON.stringify(SMAB.status().score)")
    frame.select_option("[data-smab-ui=help]", "ar")
    frame.locator(".smab-page:not([hidden]) button.smab-par-on").click()
    shown = frame.locator(".smab-page:not([hidden]) .smab-par").count()
    assert shown > 0
    # the inputs stay single: no segment holds a control, each question its own inputs only
    assert frame.locator(".smab-par input, .smab-par select, .smab-par textarea").count() == 0
    assert [
        (c["el"], c["value"]) for c in run.calls() if c["fn"] == "LMSSetValue" and ".interactions." in c["el"]
    ] == interactions
    assert frame.evaluate("JSON.stringify(SMAB.status().score)") == score
    run.unload()
    suspend = run.commits()[-1]["cmi"]["suspend_data"]
    assert "/ar+;" in suspend
    run.assert_conforming()  # suspend_data within SCORM 1.2's 4,096 characters, every value typed
    core = run.commits()[-1]["cmi"]["core"]
    stored = {
        "cmi": {
            "suspend_data": suspend,
            "core": {
                "entry": "resume",
                "lesson_location": core["lesson_location"],
                "lesson_status": core["lesson_status"],
                "score": {k: v for k, v in core["score"].items() if v != ""},
            },
        }
    }
    again = ScormRun(page, server, "1.2", run.package_url)
    frame = again.launch(stored)
    assert frame.evaluate("[SMAB.helpLang(), SMAB.state.par]") == ["ar", 1]
    assert frame.locator(".smab-page:not([hidden]) button.smab-par-on").get_attribute("aria-pressed") == "true"
    assert frame.locator(".smab-page:not([hidden]) .smab-par").count() == shown
    assert frame.evaluate("JSON.stringify(SMAB.status().score)") == score
    # off again: the segments go, the state says so
    frame.locator(".smab-page:not([hidden]) button.smab-par-on").click()
    assert frame.locator(".smab-par").count() == 0
    again.unload()
    assert "/ar;" in again.commits()[-1]["cmi"]["suspend_data"]


@pytest.mark.browser
@pytest.mark.slow
def test_axe_finds_nothing_serious_with_parallel_text_on(page, server, tmp_path):
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run ./dev test (npm ci installs it)")
    built, _ = build(SHIPPED, tmp_path, formats=["scorm12"], languages=["en", "ar", "el"], multilingual=True)
    run = ScormRun(page, server, "1.2", server.mount_zip("parallel-mul", built[0].path))
    frame = run.launch()
    switched = 0
    for lang, helper in (("en", "ar"), ("ar", "el"), ("el", "ar")):
        if frame.evaluate("SMAB.data.course.lang") != lang:
            frame.select_option("[data-smab-ui=langs]", lang)
            frame.wait_for_function(f"SMAB.data.course.lang === '{lang}'")
            # the toggle survives a language switch (the help language too, when the edition has it)
            assert frame.evaluate("SMAB.state.par") == 1
            switched += 1
        frame.select_option("[data-smab-ui=help]", helper)
        for page_id in ("sole-proprietorship", "choosing-a-form"):  # prose, a table, callouts; a quiz
            frame.locator(f".smab-toc a[data-page='{page_id}']").click()
            toggle = frame.locator(".smab-page:not([hidden]) button.smab-par-on")
            if toggle.get_attribute("aria-pressed") == "false":
                toggle.click()
            segments = frame.locator(f".smab-page:not([hidden]) .smab-par[lang={helper}]")
            segments.first.wait_for()
            assert segments.count() > 5
            # and with a glossary popover open over them
            term = frame.locator(".smab-page:not([hidden]) button.smab-term").first
            if term.count():
                term.click()
                assert frame.locator("#smab-gl-pop").is_visible()
            frame.add_script_tag(path=str(AXE))
            violations = frame.evaluate("""async () => {
                const r = await axe.run(document, {resultTypes: ['violations']});
                return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                    .map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }""")
            assert violations == [], (lang, helper, page_id)
            frame.page.keyboard.press("Escape")
    assert switched == 2


@pytest.mark.browser
@pytest.mark.slow
def test_screenshots_of_norwegian_with_arabic_parallel_text(page, server, nb_package):
    """The learner's view for the README: desktop and a 390×844 phone (test-artifacts/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    run = ScormRun(page, server, "1.2", server.mount_zip("parallel-nb-shots", nb_package))
    frame = run.launch()
    frame.select_option("[data-smab-ui=help]", "ar")
    frame.locator(".smab-toc a[data-page='sole-proprietorship']").click()
    frame.locator(".smab-page:not([hidden]) button.smab-par-on").click()
    assert frame.locator(".smab-page:not([hidden]) .smab-par[dir=rtl]").count() > 20
    page.screenshot(path=str(ARTIFACTS / "parallel-text-nb-ar-desktop.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    frame.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "parallel-text-nb-ar-phone.png"))
    # the README's copy (docs/img/parallel-text-nb-ar.jpg is this one, kept small)
    page.screenshot(path=str(ARTIFACTS / "parallel-text-nb-ar-phone.jpg"), type="jpeg", quality=45)
    # on the phone nothing is wider than the screen
    assert frame.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_source_language_as_help_language_shows_every_unit_the_page_shows_otherwise():
    """English under Norwegian: the course's source has no translation to wait for, so each unit the
    Norwegian page says in other words has its segment (none of them is "the source's prose")."""
    from smab_pack.builtin.parallel import help_segments

    folder = SHIPPED / "modules" / "01-business-forms"
    en, nb, ar = (
        (folder / f"02-sole-proprietorship.{lang}.md").read_text(encoding="utf-8") for lang in ("en", "nb", "ar")
    )
    english = help_segments(en, nb, en)
    assert [seg for seg, _ in english] == [seg for seg, _ in help_segments(en, nb, ar)]
    assert len(english) > 25
    # a Norwegian page that no longer lines up with its source: nothing, in any help language
    broken = nb.replace("\n## ", "\nEn ny setning.\n\n## ", 1)
    assert help_segments(en, broken, en) == [] and help_segments(en, broken, ar) == []
