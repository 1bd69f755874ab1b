"""Leaving a SCORM course: one request per exit, and a data model small enough for
an LMS that posts all of it in one keep-alive request while the page unloads
(Moodle's 2004 player does; the browser's keep-alive budget is 64 KiB).

The API calls are recorded by the harness while the course's page goes away."""

from __future__ import annotations

import json

import pytest

from smab_pack.pipeline import build
from tests.support.scorm import ScormRun
from tests.support.scorm_types import refused, violations

pytestmark = pytest.mark.browser

QUESTIONS, PER_PAGE = 200, 20
# Question texts as long as real ones get (the shipped course's longest is 141 characters), in Norwegian.
TEXT = (
    "Hvilket skjema sender du til Brønnøysundregistrene når du registrerer et enkeltpersonforetak, "
    "og hva må du legge ved for å få et organisasjonsnummer? ({n})"
)
ANSWER = "Samordnet registermelding med vedlegg om daglig leder og styre"


def big_course(root, questions: int = QUESTIONS) -> None:
    (root / "modules" / "01-all").mkdir(parents=True)
    (root / "course.yaml").write_text(
        "id: exit-course\nversion: 1.0.0\ntitle: Exit\nlanguages: [nb]\nmastery_score: 50\n", encoding="utf-8"
    )
    (root / "modules" / "01-all" / "module.yaml").write_text("title: Alt\n", encoding="utf-8")
    n = 0
    for p in range(questions // PER_PAGE):
        lines = ["---", f"title: Side {p}", "---", "", "Spørsmål.", "", "::: quiz"]
        for _ in range(PER_PAGE):
            n += 1
            if n % 10 == 0:
                lines += ["", f"## {TEXT.format(n=n)} {{#q{n} type=fill-in}}", "", f"- [x] {ANSWER}"]
            else:
                lines += ["", f"## {TEXT.format(n=n)} {{#q{n} type=multiple}}", ""]
                lines += [f"- [{'x' if c in (0, 2) else ' '}] alternativ {c}" for c in range(5)]
        lines += ["", ":::", ""]
        (root / "modules" / "01-all" / f"{p:02d}-side{p}.nb.md").write_text("\n".join(lines), encoding="utf-8")


def answer_everything(run: ScormRun) -> None:
    """Answer every question (through the course's own forms) and read every page."""
    while True:
        run.frame.evaluate(
            """(text) => {
            document.querySelectorAll('.smab-page:not([hidden]) form.smab-q').forEach(f => {
                const q = SMAB.question(f.dataset.q);
                if (q.kind === 'fill-in') f.querySelector('input').value = text;
                else f.querySelectorAll('input').forEach((i, k) => { i.checked = k === 0 || k === 2; });
                f.requestSubmit();
            });
        }""",
            ANSWER,
        )
        if not run.next():
            return


def payload_bytes(commit: dict) -> int:
    """The commit as scorm-again posts it (JSON), in UTF-8 bytes."""
    return len(json.dumps(commit, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


@pytest.fixture(scope="module")
def big_packages(tmp_path_factory):
    root = tmp_path_factory.mktemp("exit")
    big_course(root / "course")
    built, _ = build(root / "course", root / "dist", formats=["scorm12", "scorm2004"])
    return {p.format: p.path for p in built}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["scorm12", "scorm2004"])
def test_one_request_per_exit_and_200_interactions_fit_in_64_kib(fmt, big_packages, page, server):
    version = "1.2" if fmt == "scorm12" else "2004"
    run = ScormRun(page, server, version, server.mount_zip(f"exit-{fmt}", big_packages[fmt]))
    run.launch()
    answer_everything(run)
    posted_before = len(run.commits())
    run.unload()

    calls = run.calls()
    during = [c["fn"] for c in calls[next(i for i, c in enumerate(calls) if c["fn"] == "unload") :]]
    commit, end = ("LMSCommit", "LMSFinish") if version == "1.2" else ("Commit", "Terminate")
    # One exit, one request: Terminate/LMSFinish commits by itself; no Commit while the page unloads.
    assert during.count(end) == 1 and commit not in during, during
    assert len(run.commits()) == posted_before + 1
    names = [c["fn"] for c in calls if c["fn"] not in ("GetValue", "LMSGetValue", "GetLastError", "LMSGetLastError")]
    assert names[names.index(end) - 1] != commit

    last = run.commits()[-1]
    assert sum(1 for i in last["cmi"]["interactions"].values() if i.get("result")) == QUESTIONS
    size = payload_bytes(last)
    print(f"{fmt}: the terminating commit with {QUESTIONS} interactions is {size} bytes")
    assert size < 64 * 1024, f"{fmt}: {size} bytes"
    if version == "2004":
        # 200 descriptions would not fit: they share a budget that leaves none here.
        assert all(i["description"] == "" for i in last["cmi"]["interactions"].values())
    assert page.js_errors == []


@pytest.mark.parametrize("fmt", ["scorm12", "scorm2004"])
def test_finish_is_in_reach_in_moodles_650_px_frame(fmt, page, server, shipped_packages):
    page.set_viewport_size({"width": 650, "height": 600})  # the harness's frame fills the window
    version = "1.2" if fmt == "scorm12" else "2004"
    run = ScormRun(page, server, version, server.mount_zip(f"{fmt}-en", shipped_packages[(fmt, "en")]))
    frame = run.launch()
    run.next()
    button = frame.locator(".smab-exit")
    box = button.bounding_box()
    assert button.is_visible() and button.inner_text() == "Finish"
    assert (
        box and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= 650 and box["y"] + box["height"] <= 600
    )
    before = len(run.calls())
    run.finish()  # pressed before the end: the session ends, the attempt stays open to resume
    during = [c for c in run.calls()[before:] if c["fn"] in ("LMSSetValue", "SetValue")]
    exit_element = "cmi.core.exit" if version == "1.2" else "cmi.exit"
    assert {c["el"]: c["value"] for c in during}[exit_element] == "suspend"
    assert "close this window" in frame.locator(".smab-notice").inner_text()
    assert page.js_errors == []


@pytest.mark.parametrize("fmt", ["scorm12", "scorm2004"])
def test_closing_the_course_window_sends_one_request(fmt, page, server, shipped_packages):
    """The SCO in its own window (found through window.opener), closed by the learner as a
    browser closes a tab: beforeunload, pagehide and visibilitychange all fire; still one
    Terminate/LMSFinish and no Commit while it goes."""
    version = "1.2" if fmt == "scorm12" else "2004"
    url = server.mount_zip(f"{fmt}-en", shipped_packages[(fmt, "en")])
    page.goto(f"{server.url}/harness/scorm.html")
    with page.context.expect_page() as opened:
        page.evaluate("([v, u]) => launch(v, u, 'popup-' + v, null, {popup: true})", [version, url])
    course = opened.value
    course.wait_for_selector("html[data-smab=ready]", state="attached")
    course.locator(".smab-next").click()
    page.evaluate("window.calls.push({fn: 'unload'})")
    course.close(run_before_unload=True)
    page.wait_for_function("window.events.includes('finish')")
    calls = page.evaluate("window.calls")
    during = [c["fn"] for c in calls[next(i for i, c in enumerate(calls) if c["fn"] == "unload") :]]
    commit, end = ("LMSCommit", "LMSFinish") if version == "1.2" else ("Commit", "Terminate")
    assert during.count(end) == 1 and commit not in during, during
    exit_element = "cmi.core.exit" if version == "1.2" else "cmi.exit"
    assert [c["value"] for c in calls if c.get("el") == exit_element] == ["suspend"]
    assert violations(version, calls) == [] and refused(calls) == []
    assert page.js_errors == []
