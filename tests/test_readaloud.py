"""Read-aloud (issue 13 point 4) in Chromium. Headless Chromium has no voices, so the page's
``speechSynthesis`` is replaced by a recorder with the voices a phone might have (Norwegian and
Arabic on the device, Ukrainian only as a network voice, which read-aloud must not use): pressing
read gives utterances whose text and lang are the page's segments in order, the help language's
under them with parallel text on; a paragraph reads alone; it stops on a page change; with no
voice the control says so. It is off unless the course turns it on, code and all."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from smab_pack.pipeline import build
from tests.conftest import SHIPPED

pytestmark = pytest.mark.browser

#: the recorder (and its utterances): speaks nothing, queues like the real one, records each
#: utterance as it starts with what is highlighted then
RECORDER = """(() => {
  const voices = (window.__voices || [
    {name: 'Nora', lang: 'nb-NO', localService: true}, {name: 'Laila', lang: 'ar-SA', localService: true},
    {name: 'Google українська', lang: 'uk-UA', localService: false}]);
  const queue = [], said = [];
  let busy = null, cancels = 0;
  function next() {
    busy = queue.shift() || null;
    if (!busy) return;
    const u = busy;
    setTimeout(() => {
      if (busy !== u) return;
      u.onstart && u.onstart();
      const now = document.querySelector('.smab-ra-now');
      said.push({text: u.text, lang: u.lang, rate: u.rate, voice: u.voice && u.voice.name,
                 lit: now ? now.textContent.replace(/\\s+/g, ' ').trim() : null});
      setTimeout(() => { if (busy !== u) return; u.onend && u.onend(); next(); }, window.__speakMs || 2);
    }, 0);
  }
  const fake = {
    getVoices: () => window.__noVoices ? [] : voices,
    speak(u) { queue.push(u); if (!busy) next(); },
    cancel() { cancels++; queue.length = 0; busy = null; },
    get speaking() { return !!busy; },
    addEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', {value: fake, configurable: true});
  // the real utterance takes only the real voices
  window.SpeechSynthesisUtterance = function (text) {
    this.text = text; this.lang = ''; this.rate = 1; this.voice = null;
  };
  window.__said = said;
  window.__cancels = () => cancels;
})();"""

#: the page's segments as a reader takes them: visible marked elements, their own words, then the
#: help segment under each
EXPECTED = """() => {
  const p = document.querySelector('[data-smab-ui=page]:not([hidden])'), out = [];
  const visible = e => { for (; e; e = e.parentElement) if (e.hidden) return false; return true; };
  for (const e of p.querySelectorAll('[data-seg]')) {
    if (!visible(e) || e.closest('.smab-ra')) continue;
    const c = e.cloneNode(true);
    c.querySelectorAll('.smab-par, .smab-ra-p, ul, ol, [data-seg]').forEach(x => x.remove());
    const text = c.textContent.replace(/\\s+/g, ' ').trim();
    if (text) out.push({text, lang: (e.closest('[lang]') || document.documentElement).getAttribute('lang')});
    const h = e.querySelector(':scope > .smab-par');
    if (h) out.push({text: h.textContent.replace(/\\s+/g, ' ').trim(), lang: h.getAttribute('lang')});
  }
  return out;
}"""


def _with_readaloud(folder: Path, enabled: bool = True) -> Path:
    """A copy of the shipped course (which turns read-aloud on) with read-aloud on or off."""
    course = folder / "course"
    shutil.copytree(SHIPPED, course)
    config = course / "course.yaml"
    text = config.read_text(encoding="utf-8")
    assert "  readaloud:\n    enabled: true\n" in text
    config.write_text(
        text.replace("  readaloud:\n    enabled: true\n", f"  readaloud:\n    enabled: {str(enabled).lower()}\n")
    )
    return course


@pytest.fixture(scope="module")
def nb_web(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("readaloud")
    built, _ = build(_with_readaloud(out), out, formats=["web"], languages=["nb"], help_languages=["ar", "uk"])
    return built[0].path


def _open(page, server, package: Path, name: str, page_id: str = "sole-proprietorship", setup: str = ""):
    url = server.mount_zip(name, package)
    page.add_init_script(setup + RECORDER)
    page.goto(f"{url}/index.html#{page_id}")
    page.wait_for_selector("html[data-smab=ready]")
    return page


def _said(page, count: int) -> list[dict]:
    page.wait_for_function(f"window.__said.length >= {count} && !speechSynthesis.speaking")
    return page.evaluate("window.__said.splice(0)")


def test_read_gives_the_pages_segments_in_order_in_their_languages(page, server, nb_web):
    _open(page, server, nb_web, "ra-order")
    go = page.locator(".smab-page:not([hidden]) .smab-ra-go")
    assert go.is_visible() and go.is_enabled()
    expected = page.evaluate(EXPECTED)
    assert len(expected) > 25 and {e["lang"] for e in expected} == {"nb"}
    go.click()
    said = _said(page, len(expected))
    assert [{"text": s["text"], "lang": s["lang"]} for s in said] == expected
    assert said[0]["text"] == page.locator(".smab-page:not([hidden]) h1").inner_text().strip()
    assert {s["voice"] for s in said} == {"Nora"} and {s["rate"] for s in said} == {1}
    assert all(s["lit"] is not None and s["text"] in s["lit"] for s in said)  # the one being read is lit
    assert go.get_attribute("aria-pressed") == "false" and page.locator(".smab-ra-now").count() == 0

    # with Arabic parallel text: each Norwegian segment, then its Arabic one, with the Arabic voice
    page.select_option("[data-smab-ui=help]", "ar")
    page.locator(".smab-page:not([hidden]) button.smab-par-on").click()
    page.select_option(".smab-page:not([hidden]) .smab-ra-rate", "1.25")
    expected = page.evaluate(EXPECTED)
    assert [e["lang"] for e in expected].count("ar") > 20
    go.click()
    said = _said(page, len(expected))
    assert [{"text": s["text"], "lang": s["lang"]} for s in said] == expected
    assert {s["voice"] for s in said if s["lang"] == "ar"} == {"Laila"} and {s["rate"] for s in said} == {1.25}
    assert page.locator(".smab-page:not([hidden]) .smab-ra-msg").inner_text() == ""

    # Ukrainian: only a network voice, which is not used: the Norwegian is read, the control says why
    page.select_option("[data-smab-ui=help]", "uk")
    expected = [e for e in page.evaluate(EXPECTED) if e["lang"] == "nb"]
    go.click()
    said = _said(page, len(expected))
    assert [{"text": s["text"], "lang": s["lang"]} for s in said] == expected
    assert "українська" in page.locator(".smab-page:not([hidden]) .smab-ra-msg").inner_text()
    assert page.js_errors == []


def test_a_paragraph_reads_alone_and_reading_stops_on_a_page_change(page, server, nb_web):
    _open(page, server, nb_web, "ra-paragraph")
    paragraph = page.locator(".smab-page:not([hidden]) p[data-seg]").first
    words = page.evaluate(
        "e => { const c = e.cloneNode(true); c.querySelectorAll('.smab-ra-p').forEach(x => x.remove());"
        " return c.textContent.replace(/\\s+/g, ' ').trim(); }",
        paragraph.element_handle(),
    )
    paragraph.locator(".smab-ra-p").click()
    said = _said(page, 1)
    assert [(s["text"], s["lang"]) for s in said] == [(words, "nb")]

    page.evaluate("window.__speakMs = 5000")  # a long utterance: still speaking when the page changes
    page.locator(".smab-page:not([hidden]) .smab-ra-go").click()
    page.wait_for_function("window.__said.length >= 1")
    assert page.locator(".smab-ra-now").count() == 1
    cancels = page.evaluate("window.__cancels()")
    page.locator("[data-smab-ui=next]").click()
    assert page.evaluate("window.__cancels()") > cancels
    assert page.evaluate("speechSynthesis.speaking") is False
    assert page.locator(".smab-ra-now").count() == 0
    assert page.locator(".smab-ra-go[aria-pressed=true]").count() == 0


def test_with_no_voice_for_the_language_the_control_says_so(page, server, nb_web):
    _open(page, server, nb_web, "ra-novoice", setup="window.__noVoices = true;")
    go = page.locator(".smab-page:not([hidden]) .smab-ra-go")
    assert go.is_disabled()
    message = page.locator(".smab-page:not([hidden]) .smab-ra-msg").inner_text()
    assert "norsk bokmål" in message and message != "norsk bokmål"
    assert page.evaluate("window.__said.length") == 0


def test_headless_chromium_as_it_is_has_no_voice_and_says_so(page, server, nb_web):
    """The real speechSynthesis of a device without voices: the control reports it."""
    url = server.mount_zip("ra-real", nb_web)
    page.goto(f"{url}/index.html#sole-proprietorship")
    page.wait_for_selector("html[data-smab=ready]")
    if page.evaluate("speechSynthesis.getVoices().filter(v => v.localService).length"):
        pytest.fail("this Chromium has local voices: the recorder tests cover that case")
    assert page.locator(".smab-page:not([hidden]) .smab-ra-go").is_disabled()
    assert "norsk bokmål" in page.locator(".smab-page:not([hidden]) .smab-ra-msg").inner_text()


def test_read_aloud_is_off_unless_the_course_turns_it_on(tmp_path):
    on, _ = build(_with_readaloud(tmp_path), tmp_path / "on", formats=["web"], languages=["nb"])
    off, _ = build(
        _with_readaloud(tmp_path / "copy", enabled=False), tmp_path / "off", formats=["web"], languages=["nb"]
    )
    for built, present in ((on, True), (off, False)):
        with zipfile.ZipFile(built[0].path) as zf:
            html, js = zf.read("index.html").decode(), zf.read("smab.js").decode()
        assert ('class="smab-ra"' in html) is present
        assert ("smab-ra-go" in js) is present
