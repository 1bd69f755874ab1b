"""The glossary popover floats over the text (issue 13, bridge): opening it moves no word of the
page, it sits under its term, and it stays on the screen of a 390×844 phone, in Norwegian and in
Arabic (right to left); Enter opens it and Escape closes it as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from smab_pack.pipeline import build
from tests.conftest import SHIPPED

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("popover")
    nb, _ = build(SHIPPED, out / "nb", formats=["web"], languages=["nb"], help_languages=["ar"])
    ar, _ = build(SHIPPED, out / "ar", formats=["web"], languages=["ar"], help_languages=["uk"])
    return {"nb": nb[0].path, "ar": ar[0].path}


@pytest.mark.parametrize(("lang", "width", "height"), [("nb", 390, 844), ("ar", 390, 844), ("nb", 1200, 900)])
def test_the_popover_floats_under_its_term_and_stays_on_screen(page, server, packages, lang, width, height):
    page.set_viewport_size({"width": width, "height": height})
    url = server.mount_zip(f"popover-{lang}", packages[lang])
    page.goto(f"{url}/index.html")
    page.wait_for_selector("html[data-smab=ready]")
    assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
    checked = 0
    # every page (each body arrives when shown): its first and last term
    for page_id in page.evaluate("SMAB.data.pages.map(p => p.id)"):
        page.evaluate(f"location.hash = '#{page_id}'")
        page.wait_for_function(f"!document.getElementById('{page_id}').hidden")
        page.wait_for_function(f"document.getElementById('{page_id}').hasAttribute('data-smab-full')")
        if page.locator(f"#{page_id} button.smab-term").count() == 0:
            continue
        buttons = page.locator(f"#{page_id} button.smab-term")
        for button in {0: buttons.first, 1: buttons.last}.values():
            button.scroll_into_view_if_needed()
            block = button.evaluate_handle("b => b.closest('p, li, td, th, dd') || b.parentNode")
            before = block.evaluate("e => e.getBoundingClientRect().height")
            following = page.evaluate(
                "() => document.querySelector('.smab-nav').getBoundingClientRect().top + window.scrollY"
            )
            button.focus()
            page.keyboard.press("Enter")
            pop = page.locator("#smab-gl-pop")
            assert pop.is_visible()
            box, term = pop.bounding_box(), button.bounding_box()
            assert box is not None and term is not None
            # over the text: the paragraph and what follows it have not moved
            assert block.evaluate("e => e.getBoundingClientRect().height") == before
            assert (
                page.evaluate("() => document.querySelector('.smab-nav').getBoundingClientRect().top + window.scrollY")
                == following
            )
            # anchored: just under its term; on the screen, left and right
            assert term["y"] + term["height"] <= box["y"] <= term["y"] + term["height"] + 12
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (page_id, box)
            # its start edge at the term's (the right one in RTL), unless that would leave the screen:
            # then against the screen's edge (8 px in)
            start = term["x"] + term["width"] if lang == "ar" else term["x"]
            edge = box["x"] + box["width"] if lang == "ar" else box["x"]
            screen = page.evaluate("document.documentElement.clientWidth")
            assert abs(edge - start) < 2 or abs(box["x"] - 8) < 1 or abs(box["x"] + box["width"] - (screen - 8)) < 1, (
                page_id,
                edge,
                start,
            )
            assert page.evaluate("document.activeElement.id") == "smab-gl-pop"
            page.keyboard.press("Escape")
            assert pop.count() == 0
            assert page.evaluate("document.activeElement.classList.contains('smab-term')")
            checked += 1
    assert checked >= 10
    assert page.js_errors == []
