"""What an LMS hands the SCO decides what it may write: review and browse modes,
a relaunch after a finished attempt as Moodle does it, and the score held back
until the course is complete (Moodle's "mastery score overrides status").
scorm-again is the LMS; the harness records every call and checks every value."""

from __future__ import annotations

import pytest
import yaml

from smab_pack.pipeline import build
from tests.conftest import shipped_config
from tests.support.scorm import ScormRun

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VERSIONS = {"scorm12": "1.2", "scorm2004": "2004"}
SCORE = {"1.2": "cmi.core.score.raw", "2004": "cmi.score.raw"}


@pytest.fixture(params=sorted(VERSIONS))
def scorm_format(request) -> str:
    return request.param


def _run(page, server, packages, fmt: str, name: str | None = None) -> ScormRun:
    url = server.mount_zip(name or f"{fmt}-en", packages[(fmt, "en")])
    return ScormRun(page, server, VERSIONS[fmt], url)


def _answer_quiz_pages_only(run: ScormRun) -> None:
    """Jump (with the table of contents) to each page with a graded quiz and answer it right."""
    quiz_pages = run.frame.evaluate("[...new Set(SMAB.data.questions.filter(q => q.graded).map(q => q.page))]")
    for pid in quiz_pages:
        run.frame.locator(f'.smab-toc a[data-page="{pid}"]').click()
        run.frame.wait_for_function("(p) => SMAB.data.pages[SMAB.state.page].id === p", arg=pid)
        run.answer_visible(correct=True)
    seen = run.frame.evaluate("SMAB.status().seen")
    assert seen < run.frame.evaluate("SMAB.data.pages.length")


def _stored(run: ScormRun) -> dict:
    """The learner's record as the LMS keeps it after the session (from the last commit)."""
    last = run.commits()[-1]["cmi"]
    if run.version == "1.2":
        core = last["core"]
        return {
            "cmi": {
                "suspend_data": last["suspend_data"],
                "core": {
                    "lesson_location": core["lesson_location"],
                    "lesson_status": core["lesson_status"],
                    "entry": "resume" if core["exit"] == "suspend" else "",
                    "score": {k: v for k, v in core["score"].items() if v != ""},
                },
                "student_data": {"mastery_score": str(int(shipped_config().mastery_score))},
            }
        }
    cmi = {
        "suspend_data": last["suspend_data"],
        "location": last["location"],
        "completion_status": last["completion_status"],
        "success_status": last["success_status"],
        "progress_measure": last["progress_measure"],
        "entry": "resume" if last["exit"] == "suspend" else "",
        "score": {k: v for k, v in last["score"].items() if v != ""},
        "scaled_passing_score": str(shipped_config().mastery_score / 100),
    }
    return {"cmi": {k: v for k, v in cmi.items() if v != "" or k == "suspend_data"}}


def test_no_score_before_every_page_is_seen_then_passed_with_score(page, server, shipped_packages, scorm_format):
    run = _run(page, server, shipped_packages, scorm_format)
    mastery = str(int(shipped_config().mastery_score))
    # An LMS with a mastery score, which scorm-again (like Moodle by default) lets override the status.
    first = (
        {"cmi": {"student_data": {"mastery_score": mastery}}}
        if run.version == "1.2"
        else {"cmi": {"scaled_passing_score": str(int(mastery) / 100)}}
    )
    run.launch(first)
    _answer_quiz_pages_only(run)
    run.unload()
    sets = run.sets()
    assert SCORE[run.version] not in sets and "cmi.score.scaled" not in sets
    if run.version == "1.2":
        assert run.get("cmi.core.lesson_status") == "incomplete" and run.get("cmi.core.score.raw") == ""
    else:
        assert "cmi.success_status" not in sets
        assert run.get("cmi.completion_status") == "incomplete" and run.get("cmi.success_status") == "unknown"

    again = ScormRun(page, server, run.version, run.package_url)
    again.launch(_stored(run))
    again.frame.locator(".smab-toc a[data-page]").first.click()
    again.walk(correct=True)
    again.finish()
    if run.version == "1.2":
        assert again.get("cmi.core.lesson_status") == "passed" and float(again.get("cmi.core.score.raw")) == 100
    else:
        assert again.get("cmi.success_status") == "passed" and again.get("cmi.completion_status") == "completed"
        assert float(again.get("cmi.score.raw")) == 100
    assert page.js_errors == []


def test_score_before_completion_setting_sends_it_at_once(page, server, course_copy, tmp_path):
    config = yaml.safe_load((course_copy / "course.yaml").read_text(encoding="utf-8"))
    config.setdefault("packaging", {})["scorm"] = {"score_before_completion": True}
    (course_copy / "course.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    built, _ = build(course_copy, tmp_path / "dist", formats=["scorm12"], languages=["en"])
    run = ScormRun(page, server, "1.2", server.mount_zip("scorm12-early", built[0].path))
    run.launch()
    _answer_quiz_pages_only(run)
    run.unload()
    assert float(run.sets()["cmi.core.score.raw"]) == 100
    assert page.js_errors == []


def test_moodle_relaunch_of_a_finished_2004_attempt_lowers_nothing(page, server, shipped_packages):
    run = _run(page, server, shipped_packages, "scorm2004")
    run.launch()
    run.walk(correct=True)
    run.finish()
    assert run.get("cmi.exit") == "normal" and run.get("cmi.completion_status") == "completed"

    # What Moodle hands back after exit=normal: the same attempt, review mode, empty data.
    again = ScormRun(page, server, "2004", run.package_url)
    frame = again.launch(
        {
            "cmi": {
                "mode": "review",
                "entry": "ab-initio",
                "credit": "no-credit",
                "completion_status": "unknown",
                "suspend_data": "",
            }
        }
    )
    assert "Review" in frame.locator(".smab-notice").inner_text()  # on arrival
    again.walk(correct=False)  # the learner clicks through and even answers: nothing may be written
    assert frame.locator(".smab-exit").is_hidden()
    again.unload()
    assert again.sets() == {}
    assert not [c for c in again.calls() if c["fn"] == "Commit"]
    assert [c["fn"] for c in again.calls()].count("Terminate") == 1
    assert page.js_errors == []


def test_review_shows_the_saved_answers_and_result(page, server, shipped_packages, scorm_format):
    run = _run(page, server, shipped_packages, scorm_format)
    run.launch()
    run.walk(correct=True)
    run.unload()  # closed, not finished: exit=suspend, so the LMS keeps everything
    stored = _stored(run)
    (stored["cmi"]["core"] if run.version == "1.2" else stored["cmi"]).update(
        {"lesson_mode" if run.version == "1.2" else "mode": "review"}
    )

    again = ScormRun(page, server, run.version, run.package_url)
    frame = again.launch(stored)
    again.show_every_page()  # page bodies arrive when shown
    done = frame.evaluate("document.querySelectorAll('form.smab-q.smab-done').length")
    # every quiz question shows its answers again (a cloze is one form over its gaps' interactions)
    assert done == frame.evaluate("document.querySelectorAll('form.smab-q:not([hidden])').length") > 0
    status = frame.locator(".smab-status").inner_text()
    assert "100" in status and "passed" in status
    again.unload()
    assert again.sets() == {}
    assert page.js_errors == []


def test_browse_mode_in_12_sets_nothing(page, server, shipped_packages):
    run = _run(page, server, shipped_packages, "scorm12")
    frame = run.launch({"cmi": {"core": {"lesson_mode": "browse", "credit": "no-credit"}}})
    assert "Review" in frame.locator(".smab-notice").inner_text()  # on arrival
    run.walk(correct=True)
    run.unload()
    assert run.sets() == {}
    assert not [c for c in run.calls() if c["fn"] == "LMSCommit"]
    assert page.js_errors == []


def test_relaunch_after_passing_with_ab_initio_keeps_what_the_lms_holds(page, server, shipped_packages, scorm_format):
    """entry=ab-initio in normal mode with the record kept (another LMS, or Moodle after suspend):
    nothing the LMS holds is written lower, even when the learner now answers wrongly."""
    run = _run(page, server, shipped_packages, scorm_format)
    run.launch()
    run.walk(correct=True)
    run.finish()
    stored = _stored(run)
    stored["cmi"]["suspend_data"] = ""
    (stored["cmi"]["core"] if run.version == "1.2" else stored["cmi"])["entry"] = "ab-initio"
    again = ScormRun(page, server, run.version, run.package_url)
    again.launch(stored)
    again.walk(correct=False)
    again.unload()
    sets = again.sets()
    if run.version == "1.2":
        assert "cmi.core.lesson_status" not in sets and float(sets.get("cmi.core.score.raw", "100")) == 100
    else:
        assert "cmi.completion_status" not in sets and "cmi.success_status" not in sets
        assert float(sets.get("cmi.score.raw", "100")) == 100 and "cmi.progress_measure" not in sets
    assert page.js_errors == []
