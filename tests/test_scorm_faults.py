"""An LMS that misbehaves: every API call may throw, answer "false" or vanish
mid-session. The course must start, navigate and give quiz feedback all the same,
tell the learner once that progress is not being saved, and send again what failed.
scorm-again is the LMS, wrapped by the harness to inject the faults."""

from __future__ import annotations

import pytest

from tests.support.scorm import ScormRun

pytestmark = pytest.mark.browser

VERSIONS = {"scorm12": "1.2", "scorm2004": "2004"}
NOT_SAVING = "Your progress is not being saved."


# Every state the notice goes through, in each frame (notices clear on the next page).
WATCH_NOTICES = """document.addEventListener("DOMContentLoaded", () => {
  window.__notices = [];
  new MutationObserver(() => {
    const n = document.querySelector(".smab-notice"), t = !n || n.hidden ? "" : n.textContent;
    if (window.__notices[window.__notices.length - 1] !== t) window.__notices.push(t);
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true, attributes: true});
});"""


@pytest.fixture(params=sorted(VERSIONS))
def run(request, page, server, shipped_packages) -> ScormRun:
    fmt = request.param
    page.context.add_init_script(WATCH_NOTICES)
    url = server.mount_zip(f"{fmt}-en", shipped_packages[(fmt, "en")])
    return ScormRun(page, server, VERSIONS[fmt], url)


def _fn(run: ScormRun, short: str) -> str:
    return (
        {"commit": "LMSCommit", "set": "LMSSetValue"}[short]
        if run.version == "1.2"
        else {"commit": "Commit", "set": "SetValue"}[short]
    )


def _warnings(page) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "smab-pack: the LMS did not take" in m.text else None)
    return seen


def _through_first_quiz(run: ScormRun) -> str:
    """Read on to the first graded quiz, answer it; returns the quiz page's id."""
    questions = run.frame.evaluate("SMAB.data.questions")
    quiz_page = next(q["page"] for q in questions if q["graded"])
    run.walk(correct=True, stop_at=quiz_page)
    assert run.answer_visible(correct=True) > 0
    # Feedback shows for every answered question.
    results = run.frame.evaluate("""() => Array.from(document.querySelectorAll(
        '.smab-page:not([hidden]) form.smab-q .smab-result')).map(r => r.textContent.trim())""")
    assert results and all(results)
    return quiz_page


def _told_once(run: ScormRun) -> None:
    """The learner saw the notice appear exactly once, however many calls failed."""
    states = run.frame.evaluate("window.__notices")
    shown = [t for i, t in enumerate(states) if NOT_SAVING in t and (i == 0 or NOT_SAVING not in states[i - 1])]
    assert len(shown) == 1 and shown[0].count(NOT_SAVING) == 1, states


def test_a_throwing_commit_never_stops_the_course(run, page):
    warnings = _warnings(page)
    run.launch(faults={"throwOn": "Commit$"})
    _through_first_quiz(run)
    assert run.next() and run.next()
    _told_once(run)
    run.unload()  # Terminate still works, and every value set was valid
    assert any("Commit" in w for w in warnings)
    assert page.js_errors == []


def test_a_refused_commit_is_sent_again_on_the_next_page(run, page):
    run.launch(faults={"falseOn": "Commit$"})
    commit = _fn(run, "commit")
    assert run.next()
    before = [c["fn"] for c in run.calls()].count(commit)
    assert before >= 1  # refused
    assert run.next()
    assert [c["fn"] for c in run.calls()].count(commit) > before
    _told_once(run)
    run.unload()
    assert page.js_errors == []


def test_refused_interactions_leave_feedback_and_the_rest_working(run, page):
    warnings = _warnings(page)
    run.launch(faults={"refuse": r"^cmi\.interactions\."})
    _through_first_quiz(run)
    assert run.next()
    _told_once(run)
    run.unload()
    # Only the id of each record was tried: a refused id is not followed by the rest of the record.
    tried = [c["el"] for c in run.calls() if c["fn"] == _fn(run, "set") and c["el"].startswith("cmi.interactions.")]
    assert tried and all(t.endswith(".id") for t in tried)
    # Place and state still reached the LMS.
    location = "cmi.core.lesson_location" if run.version == "1.2" else "cmi.location"
    assert run.get(location) and run.get("cmi.suspend_data")
    assert warnings
    assert page.js_errors == []


def test_an_api_that_vanishes_after_page_two_never_stops_the_course(run, page):
    run.launch()
    assert run.next()
    page.evaluate("vanish()")
    _through_first_quiz(run)
    assert run.next()
    _told_once(run)
    page.evaluate("unload()")  # Terminate throws now: the page still goes away without an error
    page.wait_for_timeout(300)
    run.assert_conforming()
    assert page.js_errors == []


def test_a_throwing_initialize_falls_back_to_this_browser(run, page):
    frame = run.launch(faults={"throwOn": "Initialize$"})
    assert "saved in this browser only" in frame.locator(".smab-notice").inner_text()
    assert run.next()
    assert page.js_errors == []
