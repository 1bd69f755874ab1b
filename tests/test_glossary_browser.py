"""The glossary and the help language in Chromium, under scorm-again (SCORM 1.2): the popover of a
term in the Norwegian build carrying Arabic and Ukrainian help languages, by keyboard, with axe; the
help language through a relaunch and a language switch, and never in the score or the interactions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from smab_pack.pipeline import build
from tests.conftest import ROOT, SHIPPED
from tests.support.scorm import ScormRun

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TERMS = {t["id"]: t for t in yaml.safe_load((SHIPPED / "glossary.yaml").read_text(encoding="utf-8"))["terms"]}
#: the learner's view, for the README (a test artifact: test-artifacts/ is not kept in git)
SCREENSHOT = ROOT / "test-artifacts" / "glossary-popover-nb-ar.png"


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("glossary")
    one, _ = build(SHIPPED, out / "one", formats=["scorm12"], languages=["nb"], help_languages=["ar", "uk"])
    many, _ = build(SHIPPED, out / "many", formats=["scorm12"], languages=["nb", "ar", "de"], multilingual=True)
    return {"nb": one[0].path, "mul": many[0].path}


def _show_page_with(frame, term: str) -> None:
    """Show the first page that marks ``term`` (pages' bodies arrive when shown: visit them in turn)."""
    for page_id in frame.evaluate("SMAB.data.pages.map(p => p.id)"):
        frame.evaluate("id => document.querySelector(`.smab-toc a[data-page=${id}]`).click()", page_id)
        frame.wait_for_selector(f"#{page_id}[data-smab-full]:not([hidden])", state="attached")
        if frame.locator(f"#{page_id} button.smab-term[data-term={term}]").count():
            return
    raise AssertionError(f"no page marks the term {term!r}")


def _popover(frame) -> dict:
    return frame.evaluate("""() => {
        const p = document.getElementById('smab-gl-pop'), h = p && p.querySelector('.smab-gl-h');
        return p && {role: p.getAttribute('role'), text: p.querySelector(':scope > span:not(.smab-gl-h)').textContent,
            title: p.querySelector(':scope > b').textContent, focused: document.activeElement === p,
            help: h && {lang: h.lang, dir: h.dir, term: h.querySelector('b').textContent,
                        text: h.querySelector('span').textContent}};
    }""")


def _answer_first_question(run: ScormRun) -> None:
    while not run.visible_questions():
        assert run.next(), "no question in the course"
    run.answer(run.visible_questions()[0], True)


def _interaction_calls(run: ScormRun) -> list[tuple[str, str]]:
    return [(c["el"], c["value"]) for c in run.calls() if c["fn"] == "LMSSetValue" and ".interactions." in c["el"]]


def _stored(run: ScormRun) -> dict:
    core = run.commits()[-1]["cmi"]["core"]
    return {
        "cmi": {
            "suspend_data": run.commits()[-1]["cmi"]["suspend_data"],
            "core": {
                "entry": "resume",
                "lesson_location": core["lesson_location"],
                "lesson_status": core["lesson_status"],
                "score": {k: v for k, v in core["score"].items() if v != ""},
            },
        }
    }


def test_a_terms_popover_shows_norwegian_and_arabic_and_is_keyboard_accessible(page, server, packages):
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run ./dev test (npm ci installs it)")
    run = ScormRun(page, server, "1.2", server.mount_zip("glossary-nb", packages["nb"]))
    frame = run.launch()
    _answer_first_question(run)
    interactions, score = _interaction_calls(run), frame.evaluate("JSON.stringify(SMAB.status().score)")
    assert interactions

    frame.select_option("[data-smab-ui=help]", "ar")
    assert frame.evaluate("SMAB.helpLang()") == "ar"
    _show_page_with(frame, "enk")
    button = frame.locator(".smab-page:not([hidden]) button.smab-term[data-term=enk]").first
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    frame.page.keyboard.press("Enter")
    shown = _popover(frame)
    assert button.get_attribute("aria-expanded") == "true" and button.get_attribute("aria-controls") == "smab-gl-pop"
    assert shown["role"] == "dialog" and shown["focused"]
    assert shown["title"] == TERMS["enk"]["term"]["nb"] and shown["text"] == TERMS["enk"]["definition"]["nb"]
    assert shown["help"] == {
        "lang": "ar",
        "dir": "rtl",
        "term": TERMS["enk"]["term"]["ar"],
        "text": TERMS["enk"]["definition"]["ar"],
    }
    frame.add_script_tag(path=str(AXE))
    violations = frame.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    assert violations == []
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    frame.page.screenshot(path=str(SCREENSHOT))  # the header (its help-language picker) and the popover

    frame.page.keyboard.press("Escape")
    assert _popover(frame) is None
    assert button.get_attribute("aria-expanded") == "false"
    assert frame.evaluate("document.activeElement.getAttribute('data-term')") == "enk"
    # another help language: the popover follows it; none: the course language alone
    frame.select_option("[data-smab-ui=help]", "uk")
    button.click()
    assert _popover(frame)["help"] == {
        "lang": "uk",
        "dir": "ltr",
        "term": TERMS["enk"]["term"]["uk"],
        "text": TERMS["enk"]["definition"]["uk"],
    }
    button.click()
    frame.select_option("[data-smab-ui=help]", "ar")

    # what the learner reads aids in never touches what is graded or recorded
    assert _interaction_calls(run) == interactions
    assert frame.evaluate("JSON.stringify(SMAB.status().score)") == score
    run.unload()
    assert "/ar;" in run.commits()[-1]["cmi"]["suspend_data"]
    run.assert_conforming()  # suspend_data within SCORM 1.2's 4,096 characters, every value typed

    again = ScormRun(page, server, "1.2", run.package_url)
    frame = again.launch(_stored(run))
    assert frame.evaluate("SMAB.helpLang()") == "ar"
    assert frame.locator("[data-smab-ui=help]").input_value() == "ar"
    assert frame.evaluate("JSON.stringify(SMAB.status().score)") == score
    _show_page_with(frame, "mva")
    frame.locator(".smab-page:not([hidden]) button.smab-term[data-term=mva]").first.click()
    assert _popover(frame)["help"]["term"] == TERMS["mva"]["term"]["ar"]

    # the glossary page: the Arabic texts shown under each definition, and the search field filters
    frame.locator(".smab-toc a[data-page='glossary']").click()
    shown_help = frame.evaluate(
        "() => Array.from(document.querySelectorAll('#glossary .smab-gl-help:not([hidden])')).map(x => x.lang)"
    )
    assert shown_help == ["ar"] * len(TERMS)
    search = frame.locator("#glossary .smab-gl-q")
    for query, expected in (("altinn", {"altinn", "bankid", "brreg"}), ("qqqq", set())):
        search.fill(query)
        entries = frame.evaluate("""() => Array.from(document.querySelectorAll('#glossary .smab-gl-entry'))
            .map(e => [e.dataset.term, !e.hidden, e.textContent.toLocaleLowerCase()])""")
        visible = {term for term, shown, _ in entries if shown}
        assert expected <= visible and all((query in text) == shown for _, shown, text in entries), query
        none = frame.locator("#glossary .smab-gl-none span")
        assert none.is_visible() == (not visible)
    assert page.js_errors == []


def test_the_help_language_survives_a_language_switch_and_a_relaunch(page, server, packages):
    run = ScormRun(page, server, "1.2", server.mount_zip("glossary-mul", packages["mul"]))
    frame = run.launch()
    assert frame.evaluate("document.documentElement.lang") == "nb"
    # a multilingual package carries every other language as a help language
    assert [o for o in frame.locator("[data-smab-ui=help] option").evaluate_all("os => os.map(o => o.value)")] == [
        "",
        "ar",
        "de",
    ]
    frame.select_option("[data-smab-ui=help]", "ar")
    frame.select_option("[data-smab-ui=langs]", "de")
    frame.wait_for_function("document.documentElement.lang === 'de'")
    assert frame.evaluate("SMAB.helpLang()") == "ar"
    assert frame.locator("[data-smab-ui=help]").input_value() == "ar"
    _show_page_with(frame, "as")
    frame.locator(".smab-page:not([hidden]) button.smab-term[data-term=as]").first.click()
    shown = _popover(frame)
    assert shown["text"] == TERMS["as"]["definition"]["de"] and shown["help"]["text"] == TERMS["as"]["definition"]["ar"]
    # in Arabic, Arabic is no help language: none is shown, and it comes back in another language
    frame.select_option("[data-smab-ui=langs]", "ar")
    frame.wait_for_function("document.documentElement.lang === 'ar'")
    assert frame.evaluate("SMAB.helpLang()") == ""
    frame.select_option("[data-smab-ui=langs]", "de")
    frame.wait_for_function("document.documentElement.lang === 'de'")
    assert frame.evaluate("SMAB.helpLang()") == "ar"
    run.unload()
    run.assert_conforming()

    again = ScormRun(page, server, "1.2", run.package_url)
    frame = again.launch(_stored(run))
    assert frame.evaluate("[document.documentElement.lang, SMAB.helpLang()]") == ["de", "ar"]
    assert page.js_errors == []
