"""Comfort (issue 12, point 7): a dark theme with the light theme's contrast, reduced motion, a
remembered text size, captions of at least 16 px with a caption-size control, and a survey with one
Send whose answers can be changed until it is sent and whose scale keeps its order on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

#: pairs of (text, background) as the theme draws them
CONTRAST = """() => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lin = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  const lum = c => { const [r, g, b] = rgb(c).map(lin);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m); return (x + 0.05) / (y + 0.05); };
  const cs = s => getComputedStyle(document.querySelector(s));
  const bg = cs('body').backgroundColor;
  return {bg, text: ratio(cs('body').color, bg), muted: ratio(cs('.smab-status').color, bg),
          link: ratio(cs('a.smab-resbtn').color, bg),
          button: ratio(cs('.smab-next').color, cs('.smab-next').backgroundColor),
          notice: ratio(cs('[data-smab-ui=notice]').color, cs('[data-smab-ui=notice]').backgroundColor)};
}"""


@pytest.fixture(scope="module")
def course(server, shipped_packages):
    return server.mount_zip("comfort-scorm12-en", shipped_packages[("scorm12", "en")]) + "/index.html"


def _open(browser, url: str, viewport=DESKTOP, **options) -> Page:
    page = browser.new_context(viewport=viewport, **options).new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    page.goto(url)
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    return page


def test_dark_theme_keeps_the_light_themes_contrast(playwright_browser, course):
    light = _open(playwright_browser, course, color_scheme="light")
    dark = _open(playwright_browser, course, color_scheme="dark")
    a, b = light.evaluate(CONTRAST), dark.evaluate(CONTRAST)
    assert a["bg"] == "rgb(255, 255, 255)" and b["bg"] != a["bg"]
    for pair in ("text", "muted", "link", "button", "notice"):
        assert b[pair] >= min(a[pair], 7) and b[pair] >= 4.5, (pair, a[pair], b[pair])
    for page in (light, dark):
        assert page.js_errors == []
        page.context.close()


def test_reduced_motion_has_no_transitions(playwright_browser, course):
    moving = _open(playwright_browser, course)
    still = _open(playwright_browser, course, reduced_motion="reduce")
    bar = "getComputedStyle(document.querySelector('.smab-bar span')).transitionDuration"
    assert moving.evaluate(bar) == "0.3s" and still.evaluate(bar) == "0s"
    moving.context.close()
    still.context.close()


def test_text_size_is_remembered(playwright_browser, course):
    page = _open(playwright_browser, course, PHONE)
    size = "getComputedStyle(document.documentElement).fontSize"
    assert page.evaluate(size) == "16px"
    page.locator(".smab-menu").click()  # on a phone the control is in the Contents drawer
    select = page.locator("[data-smab-ui=text-size]")
    assert select.is_visible()
    select.select_option("150")
    assert page.evaluate(size) == "24px"
    page.reload()
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    assert page.evaluate(size) == "24px" and page.locator("[data-smab-ui=text-size]").input_value() == "150"
    assert page.js_errors == []
    page.context.close()


def test_captions_are_at_least_16px_and_have_a_size_control(playwright_browser, course):
    page = _open(playwright_browser, course, PHONE)
    rule = page.evaluate("""() => Array.from(document.styleSheets).flatMap(s => Array.from(s.cssRules))
        .map(r => r.cssText).find(t => t.includes('::cue'))""")
    assert rule and "max(16px" in rule and "var(--smab-cc" in rule, rule
    page.locator(".smab-menu").click()
    page.locator("[data-smab-ui=cc-size]").select_option("200")
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--smab-cc')").strip() == "2"
    assert page.js_errors == []
    page.context.close()


def test_survey_has_one_send_and_answers_change_until_sent(playwright_browser, course):
    page = _open(playwright_browser, course, PHONE)
    page.evaluate("location.hash = '#course-evaluation'")
    page.wait_for_function("SMAB.data.pages[SMAB.state.page].id === 'course-evaluation'")
    form = page.locator(".smab-page:not([hidden]) form.smab-survey-form")
    assert form.count() == 1 and form.locator(".smab-send").count() == 1
    questions = form.locator(".smab-sq")
    keys = [questions.nth(n).get_attribute("data-q") for n in range(questions.count())]
    likert = [k for n, k in enumerate(keys) if questions.nth(n).get_attribute("data-type") == "likert"]
    assert len(likert) >= 2
    first = form.locator(f'.smab-sq[data-q="{likert[0]}"]')
    # On a phone the five points are one column, in their order.
    boxes = [first.locator("label").nth(n).bounding_box() for n in range(5)]
    assert all(b["x"] == boxes[0]["x"] for b in boxes)
    assert [b["y"] for b in boxes] == sorted(b["y"] for b in boxes) and len({b["y"] for b in boxes}) == 5
    first.locator("input[value=likert_2]").check()
    first.locator("input[value=likert_4]").check()  # changed before sending
    assert page.evaluate("k => SMAB.state.ans[k]", likert[0]) is None  # nothing recorded yet
    form.locator(".smab-send").click()
    assert page.evaluate("k => SMAB.state.ans[k].r", likert[0]) == ["likert_4"]
    assert first.locator("input").first.is_disabled()
    # A question left blank stays open, with the one Send, until it is answered too.
    assert page.evaluate("k => SMAB.state.ans[k]", likert[1]) is None
    assert form.locator(".smab-send").is_visible()
    assert form.locator(".smab-result").inner_text() == "Thank you for your answer."
    second = form.locator(f'.smab-sq[data-q="{likert[1]}"]')
    second.locator("input[value=likert_5]").check()
    form.locator("textarea").fill("More about VAT.")
    form.locator(".smab-send").click()
    assert form.locator(".smab-send").is_hidden()
    assert all(page.evaluate("k => !!SMAB.state.ans[k]", k) for k in keys)
    assert page.js_errors == []
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_page_is_wider_than_a_phone(playwright_browser, server, shipped_packages, lang):
    """Nothing makes a page scroll sideways at 390 px: wide tables scroll inside themselves, and a
    form's fieldset or a long option does not stretch the page (a fieldset is min-content wide
    by default)."""
    url = server.mount_zip(f"comfort-phone-{lang}", shipped_packages[("scorm12", lang)]) + "/index.html"
    page = _open(playwright_browser, url, viewport=PHONE)
    wide = []
    for pid in page.evaluate("SMAB.data.pages.map(p => p.id)"):
        page.evaluate("id => { location.hash = id; }", pid)
        page.wait_for_function("id => { const s = document.getElementById(id); return s && !s.hidden; }", arg=pid)
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width[0] > width[1]:
            wide.append((pid, width))
    assert wide == []
    assert page.js_errors == []
    page.context.close()
