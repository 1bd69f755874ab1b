"""The branded shell in Chromium: the footer (EU emblem with its statement, logos, disclaimer) on every
page and in the results view, on a desktop and a 390×844 phone, in English and Arabic (right to left);
axe finds nothing serious with the brand colours in light, dark and forced-colours modes."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import Page

from smab_pack.pipeline import build
from tests.conftest import ROOT, SHIPPED

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
COLOURS = """  colours:
    accent: {light: "#7a1f5c", dark: "#f0a6d2"}
    header_background: {light: "#fdf3f8", dark: "#2a1020"}
"""

AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }"""
#: where the footer's parts are drawn (CSS pixels), and what the page around them does
LAYOUT = """() => {
  const box = s => { const e = document.querySelector(s); if (!e) return null;
    const r = e.getBoundingClientRect(), dx = window.scrollX;
    return {x: r.left + dx, y: r.top, w: r.width, h: r.height, right: r.right + dx}; };
  const logos = [...document.querySelectorAll('.smab-logos img')];
  return {foot: box('.smab-foot'), flag: box('.smab-eu svg'), statement: box('.smab-eu span'),
          text: box('.smab-foot-text'), statementText: document.querySelector('.smab-eu span').textContent,
          logos: logos.map(i => ({h: i.getBoundingClientRect().height, loaded: i.complete && i.naturalWidth > 0,
                                  alt: i.alt})),
          fill: getComputedStyle(document.querySelector('.smab-eu rect')).fill,
          star: getComputedStyle(document.querySelector('.smab-eu path')).fill,
          scrolled: window.scrollX};
}"""


@pytest.fixture(scope="module")
def branded(server, tmp_path_factory):
    """The shipped course (its branding: the EU footer and the SMAB logo) with brand colours added."""
    tmp = tmp_path_factory.mktemp("branded-shipped")
    course = tmp / "course"
    shutil.copytree(SHIPPED, course)
    text = (course / "course.yaml").read_text(encoding="utf-8")
    (course / "course.yaml").write_text(text.replace("branding:\n", "branding:\n" + COLOURS, 1), encoding="utf-8")
    built, _ = build(course, tmp / "dist", formats=["scorm12"], languages=["en", "ar"])
    return {p.lang: server.mount_zip(f"branded-{p.lang}", p.path) + "/index.html" for p in built}


def _open(browser, url: str, viewport, **options) -> Page:
    page = browser.new_context(viewport=viewport, **options).new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    page.goto(url)
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    return page


def _footer(page: Page) -> dict:
    page.locator(".smab-foot").scroll_into_view_if_needed()
    return page.evaluate(LAYOUT)


def _check(seen: dict, lang: str, viewport: dict) -> None:
    flag, statement = seen["flag"], seen["statement"]
    assert flag["w"] == pytest.approx(1.5 * flag["h"], abs=0.5) and flag["h"] >= 39  # 3:2, 2.5 rem
    assert seen["fill"] == "rgb(0, 51, 153)" and seen["star"] == "rgb(255, 204, 0)"
    # the statement beside the emblem, on its row, never overlapping it; in Arabic to its left
    assert statement["y"] < flag["y"] + flag["h"] and flag["y"] < statement["y"] + statement["h"]
    if lang == "ar":
        assert statement["right"] <= flag["x"]
    else:
        assert flag["right"] <= statement["x"]
    assert seen["logos"] and all(logo["loaded"] and 0 < logo["h"] <= flag["h"] for logo in seen["logos"])
    assert seen["text"]["h"] > 0
    # nothing of the footer sticks out of the screen (a wide table elsewhere may scroll the page sideways)
    for part in (seen["foot"], flag, statement, seen["text"]):
        assert part["x"] >= -0.5 and part["right"] <= viewport["width"] + 0.5


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_footer_is_on_every_page_and_in_the_results_view(playwright_browser, branded, lang, viewport):
    page = _open(playwright_browser, branded[lang], viewport)
    statements = {"en": "Co-funded by the European Union", "ar": "بتمويل مشترك من الاتحاد الأوروبي"}
    pages = page.evaluate("SMAB.data.pages.map(p => p.id)")
    assert len(pages) > 10
    for page_id in [*pages, "smab-results"]:
        page.evaluate("id => { location.hash = id; }", page_id)
        shown = "[data-smab-ui=results]" if page_id == "smab-results" else f"section[id='{page_id}']"
        page.wait_for_selector(f"{shown}:not([hidden])", state="attached")
        seen = _footer(page)
        assert seen["statementText"] == statements[lang], page_id
        _check(seen, lang, viewport)
    ARTIFACTS.mkdir(exist_ok=True)
    name = "desktop" if viewport is DESKTOP else "phone"
    page.screenshot(path=str(ARTIFACTS / f"branding-results-{lang}-{name}.png"))
    assert page.js_errors == []
    page.context.close()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize(
    "mode", [{"color_scheme": "light"}, {"color_scheme": "dark"}, {"forced_colors": "active"}], ids=str
)
def test_axe_finds_nothing_serious_with_branding(playwright_browser, branded, lang, mode):
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run ./dev test (npm ci installs it)")
    page = _open(playwright_browser, branded[lang], PHONE)
    page.emulate_media(**mode)
    page.add_script_tag(path=str(AXE))
    found = []
    for where in ("", "smab-results"):
        if where:
            page.evaluate("id => { location.hash = id; }", where)
            page.wait_for_selector("[data-smab-ui=results]:not([hidden])", state="attached")
        found += page.evaluate(AXE_RUN)
    assert found == []
    seen = _footer(page)
    # forced colours recolour the page, never the emblem
    assert seen["fill"] == "rgb(0, 51, 153)" and seen["star"] == "rgb(255, 204, 0)"
    assert page.js_errors == []
    page.context.close()
