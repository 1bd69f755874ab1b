"""The end of the course and navigation as on any web page (issue 12, points 1, 2 and 5).

The results view shows what the run-time reported to the LMS: SCORM 1.2 journeys under scorm-again
compare it with what scorm-again committed, at a desktop's and a phone's size, and run axe-core on
it in English and Arabic, light and dark. Screenshots go to test-artifacts/ for people to look at."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from lxml import etree
from playwright.sync_api import Frame, Page

from smab_pack.diagnostics import Diagnostics
from smab_pack.pipeline import build
from smab_pack.translation.xliff import XLIFF2, export_xliff, import_xliff
from tests.conftest import FIXTURES, ROOT
from tests.support.scorm import ScormRun
from tests.test_xliff import _course

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
NEXT_STEPS = {"en": "Book a free talk with an adviser at your local business centre.", "nb": "Bestill en samtale."}


def _mini(tmp_path, next_steps: bool = True):
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    if next_steps:
        with (root / "course.yaml").open("a", encoding="utf-8") as f:
            f.write("next_steps:\n" + "".join(f"  {k}: {v}\n" for k, v in NEXT_STEPS.items()))
    return root


def _new_page(browser, viewport: dict, **options) -> Page:
    page = browser.new_context(viewport=viewport, **options).new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    return page


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("html[data-smab=ready]", state="attached")


def _in_viewport(target, selector: str) -> dict:
    return target.evaluate(
        """(s) => { const r = document.querySelector(s).getBoundingClientRect();
        const head = document.querySelector('[data-smab-ui=head]').getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, height: r.height, inner: innerHeight, head: head.bottom,
                shown: r.height > 0 && r.top >= 0 && r.bottom <= innerHeight}; }""",
        selector,
    )


# ---- next_steps: a course.yaml setting, rendered, translated ----


def test_next_steps_is_shown_in_the_results_view_in_each_language(tmp_path):
    built, diags = build(_mini(tmp_path), tmp_path / "dist", formats=["web"])
    assert not diags.has_errors
    html = {p.lang: p.path for p in built}
    import zipfile

    for lang, text in NEXT_STEPS.items():
        page = zipfile.ZipFile(html[lang]).read("index.html").decode()
        results = page[page.index('id="smab-results"') :]
        assert f'<p class="smab-next-steps">{text}</p>' in results[: results.index("</section>")]


def test_no_next_steps_no_heading(tmp_path):
    built, _ = build(_mini(tmp_path, next_steps=False), tmp_path / "dist", formats=["web"], languages=["en"])
    import zipfile

    page = zipfile.ZipFile(built[0].path).read("index.html").decode()
    results = page[page.index('id="smab-results"') :]
    results = results[: results.index("</section>")]
    assert "<h1" in results and "smab-next-steps" not in results and "What next" not in results


def test_next_steps_travels_through_xliff(tmp_path):
    root = _mini(tmp_path)
    text = (root / "course.yaml").read_text(encoding="utf-8")
    (root / "course.yaml").write_text(text.replace("languages: [en, nb]", "languages: [en, nb, de]"), encoding="utf-8")
    xliff = etree.fromstring(export_xliff(_course(root), "de"))
    units = {u.get("id"): u for u in xliff.iter(f"{{{XLIFF2}}}unit")}
    unit = next(u for key, u in units.items() if "next_steps" in key)
    assert unit.find(f".//{{{XLIFF2}}}source").text == NEXT_STEPS["en"]
    for segment in xliff.iter(f"{{{XLIFF2}}}segment"):
        source = segment.find(f"{{{XLIFF2}}}source")
        target = etree.SubElement(segment, f"{{{XLIFF2}}}target")
        target.text = "DE " + (source.text or "")
        target[:] = list(source)
    (tmp_path / "de.xlf").write_bytes(etree.tostring(xliff))
    diags = Diagnostics()
    assert import_xliff(_course(root), tmp_path / "de.xlf", diags) is not None and not diags.has_errors
    config = yaml.safe_load((root / "course.yaml").read_text(encoding="utf-8"))
    assert config["next_steps"]["de"] == "DE " + NEXT_STEPS["en"]
    assert config["next_steps"]["nb"] == NEXT_STEPS["nb"]  # the other languages are untouched


# ---- navigation, contents, notices: the course opened on its own (no LMS) ----


@pytest.fixture(scope="module")
def standalone(server, shipped_packages):
    return server.mount_zip("results-scorm12-en", shipped_packages[("scorm12", "en")]) + "/index.html"


@pytest.mark.browser
def test_back_and_forward_move_between_pages(playwright_browser, standalone):
    page = _new_page(playwright_browser, DESKTOP)
    _open(page, standalone)
    ids = page.evaluate("SMAB.data.pages.map(p => p.id)")
    for _ in range(2):
        page.locator(".smab-next").click()
    assert page.evaluate("location.hash") == f"#{ids[2]}"
    page.go_back()
    page.wait_for_function("SMAB.state.page === 1")
    assert page.evaluate("document.activeElement.textContent") == page.evaluate("SMAB.data.pages[1].title")
    assert page.evaluate("scrollY") == 0
    page.go_back()
    page.wait_for_function("SMAB.state.page === 0")
    page.go_forward()
    page.wait_for_function("SMAB.state.page === 1")
    # A fragment typed in the address bar (hashchange) opens that page; Back returns from it.
    page.evaluate("h => { location.hash = h; }", f"#{ids[5]}")
    page.wait_for_function("SMAB.state.page === 5")
    assert page.locator(".smab-page:not([hidden]) h1").inner_text() == page.evaluate("SMAB.data.pages[5].title")
    # The results view has its own entry too.
    page.locator("[data-smab-ui=resbtn]").click()
    assert page.locator("[data-smab-ui=results]").is_visible() and page.evaluate("location.hash") == "#smab-results"
    assert page.evaluate("document.activeElement.textContent") == "Results"
    page.go_back()
    page.wait_for_function("SMAB.state.page === 5 && !document.querySelector('[data-smab-ui=results]:not([hidden])')")
    assert page.js_errors == []
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_arrival_top_notice_and_first_tab(playwright_browser, standalone, viewport):
    page = _new_page(playwright_browser, viewport)
    ids_page = page  # the course opened at a page deep in it, as from a bookmark
    _open(ids_page, standalone + "#vat")
    assert page.evaluate("SMAB.data.pages[SMAB.state.page].id") == "vat"
    assert page.evaluate("scrollY") == 0, "the page did not open at its top"
    box = _in_viewport(page, "[data-smab-ui=notice]")
    assert box["shown"] and "this browser only" in page.locator("[data-smab-ui=notice]").inner_text(), box
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "smab-skip"
    assert _in_viewport(page, ".smab-skip")["shown"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "smab-main"
    assert page.js_errors == []
    page.context.close()


@pytest.mark.browser
def test_phone_contents_is_a_drawer_where_the_learner_is(playwright_browser, standalone):
    page = _new_page(playwright_browser, PHONE)
    _open(page, standalone)
    for _ in range(12):
        page.locator(".smab-next").click()
    page.evaluate("scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("scrollY") > 300
    page.locator(".smab-menu").click()
    toc = page.evaluate("""() => { const r = document.querySelector('.smab-toc').getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, height: innerHeight}; }""")
    assert toc["top"] == 0 and toc["bottom"] <= toc["height"], toc
    current = page.locator(".smab-toc a[aria-current=page]")
    assert current.get_attribute("data-page") == page.evaluate("SMAB.data.pages[12].id")
    assert page.evaluate("document.activeElement.getAttribute('aria-current')") == "page"
    box = current.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    assert page.locator(".smab-menu").get_attribute("aria-expanded") == "true"
    # Seen, not seen and current say so in words (for screen readers), and with an icon.
    texts = page.evaluate("Array.from(document.querySelectorAll('.smab-toc a .smab-vh')).map(s => s.textContent)")
    assert texts[:12] == [" (seen)"] * 12 and texts[13:] == [" (not seen yet)"] * (len(texts) - 13)
    icons = page.evaluate("""Array.from(document.querySelectorAll('.smab-toc a')).slice(11, 14)
        .map(a => getComputedStyle(a, '::before').content)""")
    assert len(set(icons)) == 3, icons
    close = page.locator("[data-smab-ui=close]")
    assert close.is_visible() and close.inner_text() == "Close"
    close.click()
    assert page.locator(".smab-toc").is_hidden()
    assert page.evaluate("document.activeElement.dataset.smabUi") == "menu"
    page.locator(".smab-menu").click()
    page.keyboard.press("Escape")
    assert page.locator(".smab-toc").is_hidden()
    assert page.js_errors == []
    page.context.close()


@pytest.mark.browser
def test_a_quiz_shows_its_result_after_its_last_question(playwright_browser, server, tmp_path):
    built, _ = build(_mini(tmp_path), tmp_path / "dist", formats=["web"], languages=["en"])
    page = _new_page(playwright_browser, PHONE)
    _open(page, server.mount_zip("results-mini", built[0].path) + "/index.html")
    qs = page.evaluate("SMAB.data.questions.filter(q => q.graded)")
    groups = {(q["page"], q["group"]) for q in qs}
    page.locator(f".smab-toc a[data-page='{qs[0]['page']}']").evaluate("a => a.click()")
    run = _Here(page, server, "1.2", "")
    assert len(groups) == 1
    for q in qs[:-1]:
        run.answer(q, True)
        assert page.locator(".smab-qres").count() == 0  # not before the quiz's last answer
    run.answer(qs[-1], False)
    result = page.locator(".smab-qres")
    assert result.count() == 1 and result.get_attribute("role") == "status"
    earned = sum(q["points"] for q in qs[:-1])
    total = sum(q["points"] for q in qs)
    assert result.inner_text() == f"Results: {earned:g} of {total:g} points · " + (
        "passed" if earned / total >= 0.75 else "not passed yet"
    )
    page.locator(".smab-page:not([hidden]) .smab-retry").click()
    assert page.locator(".smab-qres").is_hidden()
    assert page.js_errors == []
    page.context.close()


class _Here(ScormRun):
    """Answers as ScormRun does, in a course opened on its own (no LMS frame)."""

    @property
    def frame(self) -> Frame:
        return self.page.main_frame


# ---- the results view after whole SCORM 1.2 journeys, as scorm-again committed them ----


def _results(frame: Frame) -> dict:
    return frame.evaluate("""() => {
        const r = document.querySelector('[data-smab-ui=results]'), q = s => r.querySelector(s);
        return {shown: !r.hidden, sum: q('[data-smab-ui=res-sum]').textContent,
                verdict: q('.smab-verdict').textContent,
                quizzes: Array.from(r.querySelectorAll('[data-smab-ui=res-quizzes] li')).map(li => li.textContent),
                quizzesShown: !q('[data-smab-ui=res-quizzes]').hidden,
                unseen: Array.from(r.querySelectorAll('[data-smab-ui=res-unseen] li')).map(li => li.textContent),
                exit: q('[data-smab-ui=res-exit] p').textContent,
                button: (b => b.hidden ? null : b.textContent)(q('[data-smab-ui=res-exit] button')),
                status: document.querySelector('[data-smab-ui=status]').textContent,
                strings: SMAB.data.strings}; }""")


def _axe(frame: Frame) -> list:
    frame.add_script_tag(path=str(AXE))
    return frame.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }""")


def _walk(run: ScormRun, passing: bool) -> None:
    """Every page, every question: all right (passing), or only the first graded quiz right."""
    first = run.frame.evaluate("(() => { const q = SMAB.data.questions.find(q => q.graded); return q.page; })()")
    while True:
        right = passing or run.current_page() == first
        for question in run.visible_questions():
            if not question["done"]:
                run.answer(question, right)
        run.watch_visible()
        run.answer_surveys()
        if not run.next():
            return


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(("passing", "lang"), [(True, "en"), (False, "ar")], ids=["pass-en", "fail-ar"])
def test_results_view_shows_what_was_committed(playwright_browser, server, shipped_packages, passing, lang):
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run ./dev test (npm ci installs it)")
    page = _new_page(playwright_browser, DESKTOP)
    url = server.mount_zip(f"results-scorm12-{lang}", shipped_packages[("scorm12", lang)])
    run = ScormRun(page, server, "1.2", url)
    frame = run.launch()
    _walk(run, passing)
    # Next on the last page leads on to the results.
    assert frame.locator(".smab-next").is_hidden()
    frame.locator("[data-smab-ui=tores]").click()
    frame.wait_for_selector("[data-smab-ui=results]:not([hidden])")
    committed = run.commits()[-1]["cmi"]["core"]
    status, raw = committed["lesson_status"], float(committed["score"]["raw"])
    assert status == ("passed" if passing else "failed")
    assert (raw == 100) if passing else (0 < raw < 70), raw
    seen = _results(frame)
    s = seen["strings"]
    score = s["score"].replace("{score}", str(round(raw)))
    assert seen["sum"].startswith(score + " · " + s["pass_mark"].replace("{score}", "70")), seen["sum"]
    assert seen["verdict"] == s[status]
    assert score in seen["status"] and s[status] in seen["status"]  # the header says the same
    # One line per graded quiz, each with its points and verdict; nothing left unseen.
    graded = frame.evaluate("new Set(SMAB.data.questions.filter(q => q.graded).map(q => q.page + q.group)).size")
    assert seen["quizzesShown"] and len(seen["quizzes"]) == graded >= 2
    verdicts = [line.rsplit(" · ", 1)[1] for line in seen["quizzes"]]
    assert verdicts == ([s["passed"]] * graded if passing else [s["passed"]] + [s["failed"]] * (graded - 1))
    assert seen["unseen"] == []
    assert seen["exit"] == s["results_finish"].replace("{button}", s["finish"]) and seen["button"] == s["finish"]
    # Light and dark, desktop and phone: the same values, in view, and nothing axe calls serious.
    ARTIFACTS.mkdir(exist_ok=True)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert _axe(frame) == [], scheme
    page.emulate_media(color_scheme="light")
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        assert _results(frame)["sum"] == seen["sum"]
        assert _in_viewport(frame, "[data-smab-ui=status]")["height"] > 0
        total = frame.evaluate("SMAB.data.pages.length")
        assert frame.locator("[data-smab-ui=status]").is_visible()
        assert str(total) in seen["status"] and score in seen["status"]
        frame.frame_element().screenshot(path=str(ARTIFACTS / f"results-{lang}-{name}.png"))
    # The way out: Finish ends the session as SCORM expects (exit "" on a finished course).
    frame.locator("[data-smab-ui=res-exit] button").click()
    page.wait_for_function("window.events.includes('finish')")
    run.assert_conforming()
    assert run.get("cmi.core.exit") == ""
    assert _results(frame)["exit"] == s["finished"] and _results(frame)["button"] is None
    assert page.js_errors == []
    page.context.close()


@pytest.mark.browser
def test_results_view_before_the_end_lists_what_is_left(playwright_browser, standalone):
    page = _new_page(playwright_browser, PHONE)
    _open(page, standalone)
    page.locator("[data-smab-ui=resbtn]").click()
    seen = _results(page.main_frame)
    titles = page.evaluate("SMAB.data.pages.map(p => p.title)")
    assert seen["unseen"] == titles[1:]  # only the first page has been seen
    assert seen["verdict"] == "not finished yet" and seen["sum"].startswith("Score 0% · Pass mark 70%")
    assert seen["quizzes"] and all(
        re.search(r" · 0 of \d+ points · not finished yet$", line) for line in seen["quizzes"]
    ), seen["quizzes"]
    assert seen["exit"] == "You can close this window when you are done." and seen["button"] is None
    # A page link in the results view opens that page.
    page.locator("[data-smab-ui=res-unseen] a").nth(2).click()
    assert page.evaluate("SMAB.state.page") == 3 and page.locator("[data-smab-ui=results]").is_hidden()
    assert page.js_errors == []
    page.context.close()


@pytest.mark.browser
def test_print_of_the_results_view_is_the_summary_alone(playwright_browser, standalone):
    page = _new_page(playwright_browser, DESKTOP)
    _open(page, standalone)
    page.locator("[data-smab-ui=resbtn]").click()
    page.emulate_media(media="print")
    shown = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.smab-page, .smab-results, .smab-head, .smab-toc')).filter(e => getComputedStyle(e).display !== 'none')
        .map(e => e.className)""")
    assert shown == ["smab-results"]
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # one page
    page.emulate_media(media="screen")
    page.locator(".smab-prev").click()
    page.emulate_media(media="print")
    assert page.evaluate(
        "Array.from(document.querySelectorAll('.smab-page')).every(e => getComputedStyle(e).display !== 'none')"
    )
    page.context.close()
