"""The preview's help-language picker (issue 13, bridge): an author writing the Norwegian page sees
its Arabic parallel text and the glossary's Arabic help while writing, and after an edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SHIPPED
from tests.support.preview import running_preview

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def course(tmp_path) -> Path:
    copy = tmp_path / "course"
    shutil.copytree(SHIPPED, copy)
    return copy


def test_the_help_language_picker_shows_parallel_text_and_the_glossarys_help(course, page):
    from playwright.sync_api import expect

    with running_preview(course, "-l", "nb") as url:
        page.goto(url)
        frame = page.frame_locator("#pv-course")
        current = frame.locator("section[data-smab-ui=page]:not([hidden])")
        expect(current).to_have_attribute("id", "welcome", timeout=60_000)
        frame.locator("a[data-page=sole-proprietorship]").first.click()
        expect(current).to_have_attribute("id", "sole-proprietorship")
        assert current.locator(".smab-par").count() == 0

        page.select_option("#pv-help", "ar")
        segments = current.locator(".smab-par[lang=ar][dir=rtl]")
        expect(segments.first).to_be_visible(timeout=30_000)
        count = segments.count()
        assert count > 20
        expect(frame.locator("[data-smab-ui=help]")).to_have_value("ar")
        # the glossary's popover in Arabic too
        current.locator("button.smab-term").first.click()
        expect(frame.locator("#smab-gl-pop .smab-gl-h[lang=ar]")).to_be_visible()
        page.keyboard.press("Escape")

        # an edit: the new build keeps the help language, with the page's segments under the new words
        source = course / "modules/01-business-forms/02-sole-proprietorship.nb.md"
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("den enkleste organisasjonsformen", "den aller enkleste formen", 1), "utf-8")
        edited = current.locator("p[data-seg=paragraph1]")
        expect(edited).to_contain_text("den aller enkleste formen", timeout=60_000)
        expect(edited.locator(".smab-par[lang=ar]")).to_be_visible(timeout=30_000)
        assert current.locator(".smab-par[lang=ar]").count() == count
        # a paragraph added: the Norwegian page no longer lines up with its source, so no unit can be
        # placed with certainty and the page shows none (never a segment under the wrong paragraph)
        source.write_text(text.replace("\n## ", "\nEn setning forfatteren nettopp skrev.\n\n## ", 1), "utf-8")
        expect(current).to_contain_text("En setning forfatteren nettopp skrev.", timeout=60_000)
        expect(current.locator(".smab-par")).to_have_count(0)
        source.write_text(text, encoding="utf-8")
        expect(current.locator(".smab-par[lang=ar]")).to_have_count(count, timeout=60_000)

        page.select_option("#pv-help", "")
        expect(current.locator(".smab-par")).to_have_count(0)
        expect(frame.locator("[data-smab-ui=help]")).to_have_value("")
