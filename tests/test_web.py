"""The plain web build: a static site with no LMS, progress kept in the browser."""

from __future__ import annotations

import zipfile

import pytest

from smab_pack import plugins
from smab_pack.pipeline import build
from tests.conftest import SHIPPED


def test_web_is_built_only_on_request_and_has_no_manifest(tmp_path):
    assert plugins.formats()["web"].default is False
    built, _ = build(SHIPPED, tmp_path, formats=["web"], languages=["en"])
    assert built[0].path.name.endswith("-en-web.zip")
    names = set(zipfile.ZipFile(built[0].path).namelist())
    assert {"index.html", "smab.js", "smab.css", "adapter.js"} <= names
    assert not names & {"imsmanifest.xml", "tincan.xml", "cmi5.xml"}


@pytest.mark.browser
def test_the_web_site_runs_alone_and_remembers_the_learner(page, server, tmp_path):
    built, _ = build(SHIPPED, tmp_path, formats=["web"], multilingual=True)
    url = server.mount_zip("web-mul", built[0].path)
    page.goto(f"{url}/index.html")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    assert page.locator(".smab-notice").is_hidden()  # no LMS is expected: nothing to warn about
    page.locator(".smab-next").click()
    page.locator(".smab-next").click()
    page.select_option(".smab-langs select", "ar")
    # the language's texts and this page arrive first (fragments)
    page.wait_for_function("document.documentElement.lang === 'ar'")
    where = page.evaluate("SMAB.data.pages[SMAB.state.page].id")
    page.goto(f"{url}/index.html")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    assert page.evaluate("SMAB.data.pages[SMAB.state.page].id") == where
    assert page.evaluate("document.documentElement.lang") == "ar"  # the learner's language, remembered
    assert page.js_errors == []
