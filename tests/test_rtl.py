"""Right-to-left: an Arabic build is laid out mirrored, in a real browser."""

from __future__ import annotations

import shutil

import pytest

from smab_pack.pipeline import build
from smab_pack.plugins import languages
from tests.conftest import FIXTURES, ROOT, shipped_config

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"


#: the right-to-left built-in languages, each with a course title and the word for "page"
RTL = {
    "ar": ("دورة قصيرة", "صفحة "),
    "fa": ("دوره کوتاه", "صفحه "),
    "ur": ("مختصر کورس", "صفحہ "),
    "ps": ("لنډ کورس", "پاڼه "),
}


def _rtl_course(tmp_path, lang="ar"):
    title, word = RTL[lang]
    course = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", course)
    yaml = (course / "course.yaml").read_text()
    yaml = yaml.replace("languages: [en, nb]", f"languages: [en, nb, {lang}]")
    yaml = yaml.replace("  nb: Minikurs\n", f"  nb: Minikurs\n  {lang}: {title}\n", 1)
    (course / "course.yaml").write_text(yaml)
    for path in course.glob("modules/*/*.en.md"):
        text = path.read_text().replace(".en.md", f".{lang}.md").replace("title: ", f"title: {word}", 1)
        path.with_name(path.name.replace(".en.md", f".{lang}.md")).write_text(text)
    return course


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("rtl", list(RTL))
def test_right_to_left_build_is_mirrored(tmp_path, page, server, rtl):
    """Arabic, Persian, Urdu and Pashto: mirrored layout, and the buttons in the language's own words."""
    built, _ = build(_rtl_course(tmp_path, rtl), tmp_path / "dist", formats=["scorm12"])
    by_lang = {p.lang: p.path for p in built}
    for lang, direction in ((rtl, "rtl"), ("en", "ltr")):
        url = server.mount_zip(f"rtl-{rtl}-{lang}", by_lang[lang])
        page.goto(f"{url}/index.html#check")
        page.wait_for_selector("html[data-smab=ready]", state="attached")
        assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [lang, direction]
        assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == direction
        toc, main = _box(page, ".smab-toc"), _box(page, ".smab-main")
        prev, nxt = _box(page, ".smab-prev"), _box(page, ".smab-next")
        choice = _box(page, ".smab-page:not([hidden]) .smab-choice input")
        label = _box(page, ".smab-page:not([hidden]) .smab-choice span")
        if direction == "rtl":
            # Navigation on the right, "previous" on the right, answers read from the right.
            assert toc["x"] > main["x"] and prev["x"] > nxt["x"] and choice["x"] > label["x"]
        else:
            assert toc["x"] < main["x"] and prev["x"] < nxt["x"] and choice["x"] < label["x"]
        assert page.locator(".smab-next").first.inner_text().strip() == languages()[lang].strings["next"]
        if direction == "rtl":
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"fixture-{lang}.png"))
        # Alt+→ moves toward the start of an RTL text: back a page there, forward here.
        before = page.evaluate("SMAB.state.page")
        page.keyboard.press("Alt+ArrowRight")
        assert page.evaluate("SMAB.state.page") == before + (-1 if direction == "rtl" else 1)
    assert page.js_errors == []


SHOTS = [lang for lang in ("ar", "el") if lang in shipped_config().languages]


def test_the_shipped_course_is_in_the_seven_languages_of_the_programme_and_ukrainian():
    # Issue 4: en, nb, es, de, pl, el and ar, with Arabic as the right-to-left one;
    # issue 13: uk too, so that Ukrainian is both a course language and a help language.
    assert set(shipped_config().languages) >= {"en", "nb", "es", "de", "pl", "el", "ar", "uk"}
    assert SHOTS == ["ar", "el"]


@pytest.mark.parametrize("lang", SHOTS)
def test_screenshot_of_a_shipped_page(page, server, shipped_packages, lang):
    """Screenshots for people to look at (test-artifacts/): the Greek and, when it
    is translated, the Arabic course. The Arabic fixture's page is shot above."""
    url = server.mount_zip(f"shot-{lang}", shipped_packages[("scorm12", lang)])
    page.set_viewport_size({"width": 1100, "height": 800})
    page.goto(f"{url}/index.html#choosing-a-form")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.evaluate("getComputedStyle(document.body).direction") == ("rtl" if lang == "ar" else "ltr")
    assert page.evaluate("document.documentElement.lang") == lang
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"page-{lang}.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
