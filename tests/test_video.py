"""The video block: captions per language, transcript, page completion, the
xAPI Video Profile checked by Ralph's own models, and media streamed into zips."""

from __future__ import annotations

import json
import re
import subprocess
import tracemalloc
import uuid
import zipfile
from pathlib import Path

import pytest

from smab_pack.packaging.zipwriter import PackageWriter
from smab_pack.pipeline import build
from tests.conftest import SHIPPED, diagnostics_for, shipped_config
from tests.support.pages import course_html
from tests.support.xapi import CourseTab, is_video, new_actor, tincan_url, verbs, wait_for

VIDEO_DIR = SHIPPED / "assets" / "career-kit"
STEM = "register-in-one-minute"
PAGE = "modules/06-career-kit/01-register-in-one-minute.en.md"
KEY = "register-in-one-minute.register-video"


def _cues(path: Path) -> list[str]:
    """Cue texts of a WebVTT file, read independently of smab-pack's reader."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")[1:]
    return [" ".join(b.strip().split("\n")[2:]) for b in blocks if "-->" in b]


def _codes(diags) -> list[tuple[str, str, int | None]]:
    return [(d.code, Path(d.file).name if d.file else "", d.line) for d in diags]


# ---- authoring errors, each at its file and line ----


def test_the_shipped_video_has_captions_in_every_course_language():
    langs = {p.name.split(".")[-2] for p in VIDEO_DIR.glob(f"{STEM}.*.vtt") if ".chapters." not in p.name}
    assert langs == set(shipped_config().languages)
    assert (VIDEO_DIR / f"{STEM}.mp4").stat().st_size < 600_000  # committed media stay small


def test_a_video_without_captions_is_an_error_and_a_missing_language_a_warning(course_copy):
    folder = course_copy / "assets" / "career-kit"
    for vtt in folder.glob(f"{STEM}.nb.vtt"):
        vtt.unlink()
    found = _codes(diagnostics_for(course_copy))
    assert ("video-captions", "01-register-in-one-minute.en.md", 7) in found
    for vtt in folder.glob(f"{STEM}.*.vtt"):
        vtt.unlink()
    found = _codes(diagnostics_for(course_copy))
    assert ("video-no-captions", "01-register-in-one-minute.en.md", 7) in found


def test_a_broken_caption_file_is_reported_at_its_line(course_copy):
    vtt = course_copy / "assets" / "career-kit" / f"{STEM}.de.vtt"
    lines = vtt.read_text(encoding="utf-8").split("\n")
    at = [i for i, line in enumerate(lines) if "-->" in line][1]
    lines[at] = "00:00:06.771 --> 00:00:05.000"  # the second cue ends before it starts
    vtt.write_text("\n".join(lines), encoding="utf-8")
    diags = diagnostics_for(course_copy)
    assert ("video-vtt", vtt.name, at + 1) in _codes(diags)
    assert diags.has_errors


@pytest.mark.parametrize(
    "attrs, code",
    [
        ("src=../../assets/career-kit/missing.mp4", "missing-file"),
        ("src=../../assets/career-kit/register-in-one-minute.jpg", "video-format"),
        ("src=../../../../outside.mp4", "path-escape"),
        ("", "video-src"),
        ("src=../../assets/career-kit/register-in-one-minute.mp4 threshold=2", "video-threshold"),
        ("src=../../assets/career-kit/register-in-one-minute.mp4 autoplay", "video-attribute"),
    ],
)
def test_bad_video_blocks(course_copy, attrs, code):
    page = course_copy / PAGE
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"::: video (.*) \{[^}]*\}", lambda m: f"::: video {m.group(1)} {{#register-video {attrs}}}", text)
    page.write_text(text, encoding="utf-8")
    assert (code, page.name, 7) in _codes(diagnostics_for(course_copy))


# ---- what the package holds ----


def test_transcript_and_tracks_follow_the_page_language(shipped_packages):
    for lang in ("en", "ar"):
        html = course_html(shipped_packages[("scorm12", lang)])
        section = html[html.index('class="smab-video"') :]
        section = section[: section.index("</figure>")]
        transcript = re.findall(r'<p><button type="button" class="smab-t"[^>]*>[^<]*</button> ([^<]*)</p>', section)
        expected = [t.replace("&", "&amp;") for t in _cues(VIDEO_DIR / f"{STEM}.{lang}.vtt")]
        assert transcript == [t for t in expected]
        default = re.findall(r'<track kind="captions" data-src="([^"]+)" srclang="(\w+)"[^>]* default>', section)
        assert default == [(f"content/assets/career-kit/{STEM}.{lang}.vtt", lang)]
        assert len(re.findall(r'<track kind="captions"', section)) == len(shipped_config().languages)


def test_media_are_stored_not_recompressed(shipped_packages):
    with zipfile.ZipFile(shipped_packages[("xapi", "en")]) as zf:
        info = zf.getinfo(f"content/assets/career-kit/{STEM}.mp4")
        assert info.compress_type == zipfile.ZIP_STORED
        assert zf.read(info) == (VIDEO_DIR / f"{STEM}.mp4").read_bytes()


def test_a_large_media_file_is_streamed_into_the_zip(tmp_path):
    """Memory stays flat: the writer never holds the file (scripts/benchmark.py measures 1 GB)."""
    big = tmp_path / "big.mp4"
    with big.open("wb") as f:
        block = bytes(range(256)) * 4096  # 1 MiB, not all zeros
        for _ in range(48):
            f.write(block)
    writer = PackageWriter()
    writer.add("content/big.mp4", big)
    writer.add("index.html", "<!doctype html>")
    tracemalloc.start()
    writer.write(tmp_path / "out.zip")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MiB while writing a 48 MiB file"
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert zf.getinfo("content/big.mp4").file_size == big.stat().st_size
        assert zf.testzip() is None


# ---- in Chromium ----


@pytest.fixture
def xapi_tab(page, server, lms, ralph, shipped_packages):
    def open_course(lang: str = "en") -> CourseTab:
        package = server.mount_zip(f"video-xapi-{lang}", shipped_packages[("xapi", lang)])
        actor, registration = new_actor("Video Learner"), str(uuid.uuid4())
        tab = CourseTab(page, tincan_url(package, f"{server.url}/xapi/", ralph.token, actor, registration))
        tab.actor, tab.registration = actor, registration
        return tab

    return open_course


RALPH_CHECK = """
import json, sys
from ralph.models.xapi.video import statements as v
MODELS = {"initialized": v.VideoInitialized, "played": v.VideoPlayed, "paused": v.VideoPaused,
          "seeked": v.VideoSeeked, "completed": v.VideoCompleted, "terminated": v.VideoTerminated,
          "interacted": v.VideoEnableClosedCaptioning}
out = []
for s in json.load(sys.stdin):
    verb = s["verb"]["id"].rsplit("/", 1)[-1]
    try:
        MODELS[verb].model_validate(s)
        out.append([verb, "ok"])
    except Exception as exc:
        out.append([verb, str(exc)[:400]])
print(json.dumps(out))
"""


@pytest.mark.slow
@pytest.mark.browser
def test_video_journey_follows_the_xapi_video_profile(xapi_tab, ralph, page):
    tab = xapi_tab()
    tab.open()
    page.locator("a[data-page='register-in-one-minute']").first.click()  # from the contents
    page.wait_for_function("SMAB.data.pages[SMAB.state.page].id === 'register-in-one-minute'")
    fig = page.locator(".smab-video")
    video = fig.locator("video")
    assert fig.locator(".smab-vc").is_visible() and video.evaluate("v => v.controls") is False
    page_index = page.evaluate("SMAB.data.pages.findIndex(p => p.id === 'register-in-one-minute')")
    assert page.evaluate(f"SMAB.state.seen[{page_index}]") == 0  # a required video: not done yet
    # Keyboard: focus the play button and press Enter; captions toggle with their button.
    video.evaluate("v => { v.muted = true; v.playbackRate = 16; }")
    fig.locator(".smab-vc-play").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.smab-video video').currentTime > 8")
    fig.locator(".smab-vc-play").click()  # pause
    assert video.evaluate("v => v.paused")
    fig.locator(".smab-vc-cc").click()  # captions off, then on again
    assert fig.locator(".smab-vc-cc").get_attribute("aria-pressed") == "false"
    fig.locator(".smab-vc-cc").click()
    # The second chapter (6.8 s) is back before where the learner paused: it seeks, then plays to the end,
    # so every part has been watched once.
    fig.locator(".smab-chapters button").nth(1).click()
    page.wait_for_function(f"SMAB.state.media['{KEY}']", timeout=30_000)
    assert page.evaluate(f"SMAB.state.seen[{page_index}]") == 1
    assert fig.locator(".smab-video-status").text_content() == "You have watched this video."
    tab.close()
    stored = wait_for(ralph, tab.actor, lambda s: verbs(s)[-1:] == ["terminated"])
    videos = [s for s in stored if is_video(s)]
    names = [s["verb"]["id"].rsplit("/", 1)[-1] for s in videos]
    assert names[0] == "initialized" and names[-1] == "terminated"
    for expected in ("played", "paused", "seeked", "interacted", "completed"):
        assert expected in names, names
    assert names.count("completed") == 1
    completed = next(s for s in videos if s["verb"]["id"].endswith("/completed"))
    ext = completed["result"]["extensions"]
    assert ext["https://w3id.org/xapi/video/extensions/progress"] >= 0.95
    assert completed["result"]["completion"] is True
    length = completed["context"]["extensions"]["https://w3id.org/xapi/video/extensions/length"]
    assert abs(length - 45.2) < 0.5
    sessions = {s["context"]["extensions"]["https://w3id.org/xapi/video/extensions/session-id"] for s in videos}
    assert sessions == {videos[0]["id"]}  # the session id is the initialized statement's id
    # Played segments in the order they were watched; a paused statement comes before terminated.
    assert names[-2] == "paused" or names.count("paused") >= 1
    assert all(
        s["context"]["extensions"].get("https://w3id.org/xapi/video/extensions/cc-subtitle-enabled") in (True, False)
        for s in videos
        if s["verb"]["id"].endswith("/initialized")
    )
    seeked = next(s for s in videos if s["verb"]["id"].endswith("/seeked"))
    to = seeked["result"]["extensions"]["https://w3id.org/xapi/video/extensions/time-to"]
    assert abs(to - _chapter_starts()[1]) < 0.3
    assert seeked["result"]["extensions"]["https://w3id.org/xapi/video/extensions/time-from"] > 8
    # Ralph's own pydantic models of the Video Profile judge every statement.
    python = Path(ralph.bin) / "python"
    checked = json.loads(
        subprocess.run(
            [str(python), "-c", RALPH_CHECK], input=json.dumps(videos), capture_output=True, text=True, check=True
        ).stdout
    )
    assert [c for c in checked if c[1] != "ok"] == []
    assert page.js_errors == []


def _chapter_starts() -> list[float]:
    text = (VIDEO_DIR / f"{STEM}.chapters.en.vtt").read_text(encoding="utf-8")
    starts = re.findall(r"^(\d\d):(\d\d):(\d\d\.\d{3}) -->", text, re.M)
    return [int(h) * 3600 + int(m) * 60 + float(s) for h, m, s in starts]


@pytest.mark.browser
def test_captions_switch_with_the_language(page, server, tmp_path):
    built, _ = build(SHIPPED, tmp_path, formats=["scorm12"], multilingual=True)
    url = server.mount_zip("video-mul", built[0].path)
    page.goto(f"{url}/index.html#register-in-one-minute")
    page.wait_for_selector("html[data-smab=ready]", state="attached")

    def showing() -> list[str]:
        return page.evaluate("""() => Array.from(document.querySelector('.smab-page:not([hidden]) .smab-video video')
            .textTracks).filter(t => t.kind === 'captions' && t.mode === 'showing').map(t => t.language)""")

    def transcript() -> list[str]:
        return page.evaluate("""() => Array.from(document.querySelectorAll(
            '.smab-page:not([hidden]) .smab-transcript-text p')).map(p => p.textContent.replace(/^\\S+\\s/, ''))""")

    first = page.evaluate("document.documentElement.lang")
    assert showing() == [first]
    for lang in ("nb", "ar"):
        page.select_option(".smab-langs select", lang)
        page.wait_for_function("l => document.documentElement.lang === l", arg=lang)
        assert showing() == [lang]
        assert transcript() == _cues(VIDEO_DIR / f"{STEM}.{lang}.vtt")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.js_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("fmt, version", [("scorm12", "1.2"), ("scorm2004", "2004")])
def test_a_watched_video_and_survey_answers_survive_a_relaunch(page, server, shipped_packages, fmt, version):
    from tests.support.scorm import ScormRun
    from tests.test_scorm_runtime import _stored_by_lms

    url = server.mount_zip(f"video-resume-{fmt}", shipped_packages[(fmt, "en")])
    run = ScormRun(page, server, version, url)
    frame = run.launch()
    frame.locator("a[data-page='register-in-one-minute']").first.click()
    frame.wait_for_function("SMAB.data.pages[SMAB.state.page].id === 'register-in-one-minute'")
    assert run.watch_visible() == 1
    assert run.answer_surveys() == 3
    run.unload()
    stored = _stored_by_lms(run, shipped_config().mastery_score)
    again = ScormRun(page, server, version, url)
    frame = again.launch(stored)
    assert again.current_page() == "register-in-one-minute"
    assert frame.evaluate(f"!!SMAB.state.media['{KEY}']")
    index = frame.evaluate("SMAB.data.pages.findIndex(p => p.id === 'register-in-one-minute')")
    assert frame.evaluate(f"SMAB.state.seen[{index}]") == 1
    assert frame.locator(".smab-video-status").first.text_content() == "You have watched this video."
    assert frame.locator(".smab-sq.smab-done").count() == 3
    assert frame.locator(".smab-sq input[value=likert_4]:checked").count() == 2
    text = frame.locator("section#register-in-one-minute .smab-sq textarea").input_value()
    # SCORM 1.2's 4,096 characters keep the place and results; 2004 keeps the text too.
    assert text == "More videos about tax, please." or (version == "1.2" and text == "")
    assert page.js_errors == []


def _open_video_page(page, server, shipped_packages, name: str):
    url = server.mount_zip(name, shipped_packages[("scorm12", "en")])
    page.goto(f"{url}/index.html")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    page.locator("a[data-page='register-in-one-minute']").first.click()
    page.wait_for_function("SMAB.data.pages[SMAB.state.page].id === 'register-in-one-minute'")
    page.locator(".smab-video video").evaluate("v => { v.muted = true; v.playbackRate = 16; }")
    return page.evaluate("SMAB.data.pages.findIndex(p => p.id === 'register-in-one-minute')")


@pytest.mark.browser
def test_jumping_to_the_last_chapter_is_not_watching(page, server, shipped_packages):
    index = _open_video_page(page, server, shipped_packages, "video-skip")
    page.locator(".smab-chapters button").last.click()  # the last chapter, then on to the end
    page.wait_for_function("document.querySelector('.smab-video video').ended", timeout=20_000)
    page.wait_for_timeout(500)
    assert page.evaluate(f"!!SMAB.state.media['{KEY}']") is False
    assert page.evaluate(f"SMAB.state.seen[{index}]") == 0
    assert page.locator(".smab-video-status").text_content() == "Watch the video to the end to complete this page."
    assert page.js_errors == []


@pytest.mark.browser
def test_leaving_the_page_stops_the_video(page, server, shipped_packages):
    _open_video_page(page, server, shipped_packages, "video-leave")
    page.locator(".smab-video video").evaluate("v => { v.playbackRate = 1; }")
    page.locator(".smab-vc-play").click()
    page.wait_for_function("document.querySelector('.smab-video video').currentTime > 0.3")
    page.locator(".smab-next").click()
    page.wait_for_function("document.querySelector('.smab-video video').paused")
    assert page.evaluate(f"!!SMAB.state.media['{KEY}']") is False
    assert page.js_errors == []
