"""Light on the network (issue 12 point 6): what the shipped course's first page fetches, in
Chromium, request by request. index.html carries the first page; another page's body is a
fragment fetched when it is shown or when the browser is idle (the next page, the aids); a video's
poster and captions only once its page is shown, the video itself only when played."""

from __future__ import annotations

import json
import re
import zipfile

import pytest

from smab_pack.pipeline import build
from tests.conftest import SHIPPED

pytestmark = pytest.mark.browser

MEDIA = re.compile(r"\.(mp4|webm|jpg|jpeg|png|webp|vtt)$")
READY = "(ready)"
WATCH = """new MutationObserver(function (list, obs) {
  if (document.documentElement.getAttribute("data-smab") === "ready") { obs.disconnect(); window.smabReady(); }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-smab"] });"""


def _data(package) -> dict:
    html = zipfile.ZipFile(package).read("index.html").decode()
    return json.loads(re.search(r'<script type="application/json" id="smab-data"[^>]*>(.*?)</script>', html, re.S)[1])


class Requests:
    """Every request the tab makes, as package paths."""

    def __init__(self, page, base: str) -> None:
        self.seen: list[str] = []
        page.on("request", lambda r: self.seen.append(r.url.split("#")[0].removeprefix(base + "/")))
        # The moment the run-time marks the page usable, in the same order as the requests
        page.expose_function("smabReady", lambda: self.seen.append(READY))
        page.add_init_script(WATCH)

    def before_ready(self) -> list[str]:
        assert READY in self.seen, self.seen
        return self.seen[: self.seen.index(READY)]

    def fragments(self) -> list[str]:
        return [u for u in self.seen if u.startswith("pages/")]

    def media(self) -> list[str]:
        return [u for u in self.seen if u.startswith("content/") and MEDIA.search(u)]


@pytest.fixture(scope="module")
def english(shipped_packages):
    return shipped_packages[("scorm12", "en")]


def test_the_first_page_fetches_only_itself_then_the_next_page_when_idle(page, server, english):
    data = _data(english)
    pages = data["pages"]
    url = server.mount_zip("network-en", english)
    got = Requests(page, url)
    page.goto(f"{url}/index.html")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    # Usable with what index.html and the run-time brought: no fragment, no media at all.
    at_ready = got.before_ready()
    assert [u for u in at_ready if u.startswith("pages/")] == [], at_ready
    assert [u for u in at_ready if MEDIA.search(u)] == [], at_ready
    assert page.evaluate("performance.getEntriesByName('smab-interactive').length") == 1
    # Then, idle: exactly the next page and the aids (the glossary), once each.
    wanted = {f"pages/en/{pages[1]['id']}.js"} | {f"pages/en/{p['id']}.js" for p in pages if p.get("aid")}
    page.wait_for_function("n => document.querySelectorAll('[data-smab-full]').length >= n", arg=1 + len(wanted))
    page.wait_for_timeout(500)
    assert sorted(got.fragments()) == sorted(wanted)
    # Nothing of the video (its page is far on): no poster, no captions, no video.
    video_page = data["media"][0]["page"]
    assert f"pages/en/{video_page}.js" not in wanted
    assert got.media() == []
    # The next page is there already: Next shows it without another request.
    page.click("[data-smab-ui=next]")
    assert page.evaluate("document.querySelector('.smab-page:not([hidden])').id") == pages[1]["id"]
    assert page.locator(".smab-page:not([hidden]) .smab-wait").count() == 0
    # The video's page, opened from the contents: its fragment, then its poster and the
    # captions and chapters shown by default; the video itself waits for Play (preload="none").
    before = len(got.seen)
    page.evaluate(f"document.querySelector('a[data-page={video_page}]').click()")
    page.wait_for_selector(f"#{video_page}[data-smab-full] video[poster]", state="attached")
    tracks = "document.querySelectorAll('.smab-page:not([hidden]) track')"
    page.wait_for_function(f"() => Array.from({tracks}).every(t => t.src)")
    page.wait_for_timeout(500)
    later = got.seen[before:]
    assert later[0] == f"pages/en/{video_page}.js", later
    fetched = [u for u in later if MEDIA.search(u)]
    assert any(u.endswith(".jpg") for u in fetched), later
    assert any(u.endswith(".en.vtt") and ".chapters." not in u for u in fetched), later
    assert not any(u.endswith(".mp4") for u in fetched), later
    assert page.js_errors == []


def test_a_page_opened_directly_is_the_first_fragment_fetched(page, server, english):
    """Resuming (or a link) to a later page: that page first, before any prefetch."""
    pages = _data(english)["pages"]
    target = pages[11]["id"]
    url = server.mount_zip("network-en", english)
    got = Requests(page, url)
    page.goto(f"{url}/index.html#{target}")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    assert got.fragments()[0] == f"pages/en/{target}.js"
    assert page.evaluate("document.querySelector('.smab-page:not([hidden])').id") == target
    assert page.locator(f"#{target}[data-smab-full] > :not(h1):not(.smab-module)").count() > 0


def test_a_fragment_that_does_not_come_says_so_and_can_be_fetched_again(page, server, english):
    pages = _data(english)["pages"]
    target = pages[5]["id"]
    url = server.mount_zip("network-en", english)
    page.route(f"**/pages/en/{target}.js", lambda route: route.abort("internetdisconnected"))
    page.goto(f"{url}/index.html")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    page.evaluate(f"document.querySelector('a[data-page={target}]').click()")
    box = page.locator(f"#{target} [data-smab-ui=wait]")
    box.get_by_role("button").wait_for()
    assert box.is_visible() and "could not be loaded" in box.inner_text()
    assert page.locator(f"#{target} h1").is_visible()  # never a blank page: the heading and why
    page.unroute(f"**/pages/en/{target}.js")
    box.get_by_role("button").click()
    page.wait_for_selector(f"#{target}[data-smab-full]", state="attached")
    assert page.locator(f"#{target} [data-smab-ui=wait]").count() == 0
    assert page.locator(f"#{target} > :not(h1):not(.smab-module)").count() > 0
    assert page.js_errors == []


def test_a_multilingual_package_fetches_one_language_at_a_time(page, server, tmp_path):
    built, _ = build(SHIPPED, tmp_path, formats=["web"], multilingual=True)
    url = server.mount_zip("network-mul", built[0].path)
    got = Requests(page, url)
    page.goto(f"{url}/index.html")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    first = page.evaluate("document.documentElement.lang")
    page.wait_for_timeout(1000)  # idle prefetch
    assert {u.split("/")[1] for u in got.fragments()} == {first}
    assert not [u for u in got.fragments() if u.count("/") == 1]  # no other language's shell
    current = page.evaluate("document.querySelector('.smab-page:not([hidden])').id")
    page.select_option("[data-smab-ui=langs]", "ar")
    page.wait_for_function("() => document.documentElement.lang === 'ar'")
    # The switch shows the page whole: the language's shell and texts, and this page, came before it.
    arabic = [u for u in got.fragments() if u.split("/")[1].removesuffix(".js") == "ar"]
    assert arabic[:2] == ["pages/ar.js", f"pages/ar/{current}.js"]
    assert page.locator(f"#{current}[data-smab-full]").count() == 1
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.wait_for_timeout(1000)
    assert {u.split("/")[1].removesuffix(".js") for u in got.fragments()} == {first, "ar"}
    assert page.js_errors == []
