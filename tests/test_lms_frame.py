"""The course inside an LMS page (issue 16, point 5): it never scrolls or navigates the page
around its frame, its notices are in view on arrival, and a 650 px frame (Moodle's default)
or a phone shows the page number, points, score and status.

The harness page tests/harness/frame.html is laid out like Moodle's player: a fixed navbar and
a header with the "Exit activity" link above the frame, more page below it; scorm-again is the LMS."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Frame, Page

from smab_pack.pipeline import build
from tests.support.scorm import ScormRun

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
#: Moodle's default frame: 650 px wide; 600 high fits under the LMS header in DESKTOP
MOODLE_FRAME = {"width": "650px", "height": "580px"}
HEADER = 200  # px of LMS page above the frame (tests/harness/frame.html)


@dataclass
class FramedRun(ScormRun):
    """A ScormRun in the tall LMS page instead of the full-window harness."""

    size: dict | None = None

    def launch(self, stored: dict | None = None) -> Frame:
        self.page.goto(f"{self.server.url}/harness/frame.html")
        size = self.size or {"width": "100%", "height": f"{self.page.viewport_size['height'] - HEADER - 10}px"}
        self.page.evaluate(
            "([v, u, r, s, z]) => launch(v, u, r, s, z)", [self.version, self.package_url, self.run, stored, size]
        )
        self.page.wait_for_function("window.events.includes('initialize')")
        frame = self.frame
        frame.wait_for_selector("html[data-smab=ready]", state="attached")
        return frame


def _new_page(browser, viewport: dict) -> Page:
    page = browser.new_context(viewport=viewport).new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    return page


def _long_course(tmp_path):
    """Two pages; the second links to a heading far down the first (an anchor to scroll to)."""
    root = tmp_path / "long"
    (root / "modules" / "01-m").mkdir(parents=True)
    (root / "course.yaml").write_text(
        "id: long\nversion: 1.0.0\ntitle: {en: Long}\nlanguages: [en]\nmastery_score: 50\n", encoding="utf-8"
    )
    (root / "modules" / "01-m" / "module.yaml").write_text("title: {en: Module}\n", encoding="utf-8")
    filler = "\n\n".join(f"Paragraph {n} of a long page." for n in range(80))
    (root / "modules" / "01-m" / "01-first.en.md").write_text(
        f"---\ntitle: First\n---\n\n{filler}\n\n## Far down {{#far}}\n\nHere.\n", encoding="utf-8"
    )
    (root / "modules" / "01-m" / "02-second.en.md").write_text(
        "---\ntitle: Second\n---\n\nSee [far down](01-first.en.md#far).\n\n"
        "::: quiz Check {#check}\n\n## Is this true? {#q1 type=true-false}\n\n- [x] True\n- [ ] False\n\n:::\n",
        encoding="utf-8",
    )
    built, _ = build(root, tmp_path / "dist", formats=["scorm12"], languages=["en"])
    return built[0].path


def _parent_scroll(page: Page) -> int:
    return page.evaluate("Math.round(window.scrollY)")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_lms_page_never_scrolls(playwright_browser, server, shipped_packages, tmp_path, viewport):
    page = _new_page(playwright_browser, viewport)
    url = server.mount_zip("frame-scorm2004-en", shipped_packages[("scorm2004", "en")])
    run = FramedRun(page, server, "2004", url)
    frame = run.launch()
    page.wait_for_timeout(300)  # a fragment scroll happens when the frame finishes loading
    history = page.evaluate("history.length")
    assert _parent_scroll(page) == 0, "the course scrolled the LMS page on start"
    assert frame.evaluate("location.hash") == ""  # no fragment: nothing the browser would scroll to
    for _ in range(3):
        run.next()
        assert _parent_scroll(page) == 0, f"Next scrolled the LMS page (on {run.current_page()})"
    frame.locator("[data-smab-ui=page]:not([hidden]) h1").click()
    frame.locator("body").press("Alt+ArrowRight")
    frame.wait_for_function("SMAB.state.page === 4")
    assert _parent_scroll(page) == 0
    if viewport is PHONE:
        frame.locator(".smab-menu").click()
    frame.locator(".smab-toc a[data-page]").nth(1).click()
    frame.wait_for_function("SMAB.state.page === 1")
    frame.locator(".smab-skip").focus()
    frame.locator(".smab-skip").press("Enter")
    assert frame.evaluate("document.activeElement.id") == "smab-main"
    answered = run.answer_visible(True) + run.walk(True, stop_at=run.frame.evaluate("SMAB.data.pages[8].id"))
    assert answered > 0
    assert _parent_scroll(page) == 0, "answering a quiz scrolled the LMS page"
    assert page.evaluate("history.length") == history, "the course added entries to the LMS page's history"
    assert page.js_errors == []

    # A link to a heading further down another page scrolls the frame, not the LMS page.
    url = server.mount_zip("frame-long", _long_course(tmp_path))
    run = FramedRun(page, server, "1.2", url)
    frame = run.launch()
    run.next()
    frame.locator("a[href='#first--far']").click()
    frame.wait_for_function("SMAB.state.page === 0 && window.scrollY > 500")
    far = frame.evaluate("""() => { const h = document.getElementById('first--far').getBoundingClientRect();
        const head = document.querySelector('[data-smab-ui=head]').getBoundingClientRect();
        return {top: h.top, headBottom: head.bottom, height: innerHeight}; }""")
    assert far["headBottom"] <= far["top"] < far["height"], f"the heading is not in view below the header: {far}"
    assert _parent_scroll(page) == 0, "the anchor scrolled the LMS page"
    page.context.close()


def _in_view(page: Page, frame: Frame, selector: str) -> dict:
    """Where the element is, in the frame and on the screen, and what is drawn at its centre."""
    box = frame.evaluate(
        """(s) => { const e = document.querySelector(s), r = e.getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2, hit = document.elementFromPoint(x, y);
        return {display: getComputedStyle(e).display, width: r.width, height: r.height, top: r.top,
                bottom: r.bottom, left: r.left, right: r.right, innerW: innerWidth, innerH: innerHeight,
                covered: !(hit && (hit === e || e.contains(hit))), text: e.textContent}; }""",
        selector,
    )
    at = frame.frame_element().bounding_box() if frame.parent_frame else {"x": 0, "y": 0}
    viewport = page.viewport_size
    box["on_screen"] = (
        at["y"] + box["top"] >= 0
        and at["y"] + box["bottom"] <= viewport["height"]
        and at["x"] + box["left"] >= 0
        and at["x"] + box["right"] <= viewport["width"]
    )
    return box


def _assert_visible(page: Page, frame: Frame, selector: str) -> str:
    box = _in_view(page, frame, selector)
    assert box["display"] != "none" and box["width"] > 0 and box["height"] > 0, box
    assert box["top"] >= 0 and box["bottom"] <= box["innerH"] and box["left"] >= 0 and box["right"] <= box["innerW"], (
        box
    )
    assert box["on_screen"], box
    assert not box["covered"], f"{selector} is covered at its centre (by the header?): {box}"
    return box["text"]


@pytest.mark.parametrize("where", ["moodle-frame", "phone"])
def test_notices_are_in_view_on_arrival(playwright_browser, server, shipped_packages, where):
    viewport = DESKTOP if where == "moodle-frame" else PHONE
    page = _new_page(playwright_browser, viewport)
    url = server.mount_zip("notice-scorm12-en", shipped_packages[("scorm12", "en")])
    # No LMS at all (the package opened on its own): "No learning platform was found".
    page.goto(f"{url}/index.html")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    assert "this browser only" in _assert_visible(page, page.main_frame, "[data-smab-ui=notice]")
    # Welcome back: a relaunch at the bookmark, from what the LMS kept of a first session.
    run = FramedRun(page, server, "1.2", url, size=MOODLE_FRAME if where == "moodle-frame" else None)
    run.launch()
    for _ in range(4):
        run.next()
    run.unload()
    last = run.commits()[-1]["cmi"]
    stored = {
        "cmi": {
            "suspend_data": last["suspend_data"],
            "core": {
                "lesson_location": last["core"]["lesson_location"],
                "entry": "resume",
                "lesson_status": last["core"]["lesson_status"],
            },
        }
    }
    again = FramedRun(page, server, "1.2", url, size=run.size)
    frame = again.launch(stored)
    assert frame.evaluate("SMAB.state.page") == 4
    assert "Welcome back" in _assert_visible(page, frame, "[data-smab-ui=notice]")
    assert _parent_scroll(page) == 0
    # It stays until the learner moves on.
    again.next()
    assert frame.locator("[data-smab-ui=notice]").is_hidden()
    assert page.js_errors == []
    page.context.close()


@pytest.mark.slow
@pytest.mark.parametrize("where", ["moodle-frame", "phone"])
def test_a_narrow_frame_shows_page_score_and_status(playwright_browser, server, shipped_packages, where):
    page = _new_page(playwright_browser, DESKTOP if where == "moodle-frame" else PHONE)
    url = server.mount_zip("narrow-scorm2004-en", shipped_packages[("scorm2004", "en")])
    run = FramedRun(page, server, "2004", url, size=MOODLE_FRAME if where == "moodle-frame" else None)
    frame = run.launch()
    if where == "moodle-frame":
        assert frame.evaluate("innerWidth") <= 650
    total = frame.evaluate("SMAB.data.pages.length")
    assert _assert_visible(page, frame, "[data-smab-ui=status]").startswith(f"Page 1 of {total}")
    graded = frame.evaluate("SMAB.data.questions.filter(q => q.graded)")
    first = graded[0]
    while run.current_page() != first["page"]:
        run.next()
    run.answer(frame.evaluate("k => SMAB.question(k)", first["key"]), True)
    frame.evaluate("() => document.activeElement.blur()")
    text = _assert_visible(page, frame, "[data-smab-ui=status]")
    assert "point" in text, text  # "n of m points" while graded questions are open
    run.walk(True)
    text = _assert_visible(page, frame, "[data-smab-ui=status]")
    assert f"Page {total} of {total}" in text and "Score 100%" in text and "passed" in text, text
    assert _parent_scroll(page) == 0
    assert page.js_errors == []
    page.context.close()
