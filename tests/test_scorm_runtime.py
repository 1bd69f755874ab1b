"""Learner journeys through real SCORM packages, with scorm-again as the LMS in
headless Chromium. Every assertion reads the data model scorm-again holds (and
the commits it posted), never our own run-time's variables."""

from __future__ import annotations

import re

import pytest

from tests.conftest import shipped_config
from tests.support.scorm import QUIZ_TEXT, SURVEY_TEXT, ScormRun

pytestmark = pytest.mark.browser

VERSIONS = {"scorm12": "1.2", "scorm2004": "2004"}


def _course_questions(run: ScormRun) -> list[dict]:
    return run.frame.evaluate("SMAB.data.questions.filter(q => SMAB.asked(q.key))")  # a pool's drawn ones


def _interactions(run: ScormRun) -> list[dict]:
    data = run.cmi()["interactions"]
    return [data[k] for k in sorted(data, key=int)]


def _stored_by_lms(run: ScormRun, mastery: float) -> dict:
    """What an LMS such as Moodle hands back to the SCO on the next launch."""
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
                    "student_id": "learner-1",
                    "student_name": "Hansen, Amina",
                },
                "student_data": {"mastery_score": str(int(mastery))},
            }
        }
    return {
        "cmi": {
            "suspend_data": last["suspend_data"],
            "location": last["location"],
            "completion_status": last["completion_status"],
            "success_status": last["success_status"],
            "entry": "resume" if last["exit"] == "suspend" else "",
            "score": {k: v for k, v in last["score"].items() if v != ""},
            "scaled_passing_score": str(mastery / 100),
            "learner_id": "learner-1",
            "learner_name": "Hansen, Amina",
        }
    }


@pytest.fixture(params=sorted(VERSIONS))
def scorm_format(request) -> str:
    return request.param


@pytest.fixture
def launch(page, server, shipped_packages, scorm_format):
    def start(lang: str = "en") -> ScormRun:
        url = server.mount_zip(f"{scorm_format}-{lang}", shipped_packages[(scorm_format, lang)])
        run = ScormRun(page, server, VERSIONS[scorm_format], url)
        return run

    return start


def _mastery() -> float:
    return shipped_config().mastery_score


@pytest.mark.slow
def test_pass_journey_completes_with_score_and_interactions(launch, page):
    run = launch()
    run.launch()
    questions = _course_questions(run)
    answered = run.walk(correct=True)
    run.finish()
    # Finish ended the session: the learner is told they may close the window.
    assert "close this window" in run.frame.locator(".smab-notice").inner_text()
    assert run.frame.locator(".smab-exit").is_hidden()
    assert answered == len(questions) > 0
    interactions = _interactions(run)
    assert [i["id"] for i in interactions] == [q["key"] for q in questions]
    unscored = [q for q in questions if q["kind"] in ("likert", "long-fill-in")]
    # the career kit's survey, and inside quizzes module 3's self-assessment and the business idea
    assert {(q["block"], q["kind"]) for q in unscored} == {
        (block, kind) for block in ("survey", "quiz") for kind in ("likert", "long-fill-in")
    }
    for inter, q in zip(interactions, questions, strict=True):
        if q in unscored:
            # Recorded, never judged: neutral, weight 0, no correct response; 1.2 has no long-fill-in.
            assert inter["result"] == "neutral" and float(inter["weighting"]) == 0
            assert inter["correct_responses"] == {} or "0" not in inter["correct_responses"]
            response = inter["student_response" if run.version == "1.2" else "learner_response"]
            if q["kind"] == "likert":
                assert inter["type"] == "likert" and response == ("4" if run.version == "1.2" else "likert_4")
            else:
                typed = SURVEY_TEXT if q["block"] == "survey" else QUIZ_TEXT
                assert inter["type"] == ("fill-in" if run.version == "1.2" else "long-fill-in")
                assert response == ("" if run.version == "1.2" else "{lang=en}") + typed
            continue
        assert inter["result"] == "correct"
        assert inter["type"] == q["kind"]
        assert inter["correct_responses"]["0"]["pattern"]
        assert float(inter["weighting"]) == (q["points"] if q["graded"] else 0)
    if run.version == "1.2":
        assert run.get("cmi.core.lesson_status") == "passed"
        assert float(run.get("cmi.core.score.raw")) == 100
        assert run.get("cmi.core.score.min") == "0" and run.get("cmi.core.score.max") == "100"
        assert run.get("cmi.core.exit") == ""
        assert re.fullmatch(r"\d{2,4}:\d\d:\d\d(\.\d{1,2})?", run.get("cmi.core.session_time"))
        for inter in interactions:
            assert re.fullmatch(r"\d{2,4}:\d\d:\d\d(\.\d{1,2})?", inter["latency"])
            assert (
                inter["result"] == "neutral"
                or inter["type"] == "fill-in"
                or inter["student_response"] == inter["correct_responses"]["0"]["pattern"]
            )
    else:
        assert run.get("cmi.completion_status") == "completed"
        assert run.get("cmi.success_status") == "passed"
        assert float(run.get("cmi.score.scaled")) == 1
        assert float(run.get("cmi.score.raw")) == 100
        assert float(run.get("cmi.progress_measure")) == 1
        assert run.get("cmi.exit") == "normal"
        assert run.get("cmi.session_time").startswith("PT")
        for inter in interactions:
            assert inter["latency"].startswith("PT")
            assert inter["description"]
            assert inter["timestamp"]
    assert page.js_errors == []


@pytest.mark.slow
def test_fail_journey_reports_failed(launch, page):
    run = launch()
    run.launch()
    run.walk(correct=False)
    run.unload()
    interactions = [i for i in _interactions(run) if i["result"] != "neutral"]  # likert and free text are not judged
    assert interactions and all(i["result"] in ("wrong", "incorrect") for i in interactions)
    if run.version == "1.2":
        assert run.get("cmi.core.lesson_status") == "failed"
        assert float(run.get("cmi.core.score.raw")) < _mastery()
    else:
        assert run.get("cmi.completion_status") == "completed"
        assert run.get("cmi.success_status") == "failed"
        assert float(run.get("cmi.score.scaled")) < _mastery() / 100
    assert page.js_errors == []


@pytest.mark.slow
def test_stop_half_way_then_resume_at_bookmark_with_answers(launch, page):
    run = launch()
    run.launch()
    pages = run.frame.evaluate("SMAB.data.pages.map(p => p.id)")
    questions = _course_questions(run)
    # Stop on the page after the first graded quiz, so some answers must come back.
    first_quiz_page = next(q["page"] for q in questions if q["graded"])
    stop_at = pages[pages.index(first_quiz_page) + 1]
    answered_before = run.walk(correct=True, stop_at=stop_at)
    run.unload()
    assert answered_before > 0
    bookmark = run.get("cmi.core.lesson_location" if run.version == "1.2" else "cmi.location")
    assert bookmark == stop_at
    if run.version == "1.2":
        assert run.get("cmi.core.exit") == "suspend"
        assert run.get("cmi.core.lesson_status") == "incomplete"
        assert len(run.get("cmi.suspend_data")) <= 4096
    else:
        assert run.get("cmi.exit") == "suspend"
        assert run.get("cmi.completion_status") == "incomplete"

    stored = _stored_by_lms(run, _mastery())
    second = ScormRun(page, run.server, run.version, run.package_url)
    frame = second.launch(stored)
    assert second.current_page() == stop_at
    assert frame.locator(f"section#{stop_at}").is_visible()
    # The learner's choices are shown again, locked, as they left them (on each page as it is shown).
    assert frame.locator(f"section#{stop_at}[data-smab-full]").count() == 1  # the bookmarked page came first
    first_done = frame.evaluate("SMAB.data.questions.find(q => SMAB.state.ans[q.key]).page")
    second.open_page(first_done)
    assert frame.locator("form.smab-q.smab-done input:checked, form.smab-q.smab-done input[type=text]").count() > 0
    restored = second.done_forms(stop_at)
    assert len(restored) == answered_before
    answered_after = second.walk(correct=True)
    second.unload()
    assert answered_before + answered_after == len(questions)
    if run.version == "1.2":
        assert second.get("cmi.core.lesson_status") == "passed"
        assert float(second.get("cmi.core.score.raw")) == 100
    else:
        assert second.get("cmi.success_status") == "passed"
        assert second.get("cmi.completion_status") == "completed"
        assert float(second.get("cmi.score.scaled")) == 1
    assert page.js_errors == []


@pytest.mark.slow
def test_passed_learner_who_relaunches_stays_passed(launch, page):
    run = launch()
    run.launch()
    run.walk(correct=True)
    run.unload()
    stored = _stored_by_lms(run, _mastery())
    # A new session without saved answers (e.g. the LMS kept only the status):
    # the learner now answers everything wrong.
    stored["cmi"]["suspend_data"] = ""
    again = ScormRun(page, run.server, run.version, run.package_url)
    again.launch(stored)
    again.walk(correct=False)
    again.unload()
    if run.version == "1.2":
        assert again.get("cmi.core.lesson_status") == "passed"
        assert float(again.get("cmi.core.score.raw")) == 100
    else:
        assert again.get("cmi.success_status") == "passed"
        assert again.get("cmi.completion_status") == "completed"
        assert float(again.get("cmi.score.scaled")) == 1
    assert page.js_errors == []


def test_typed_text_cannot_break_the_response_format(launch, page):
    """A fill-in answer that looks like SCORM syntax ("[,]" lists, a {lang=} delimiter) is sent as
    one plain string; the strict checker in unload() fails the journey otherwise."""
    run = launch()
    run.launch()
    fill_in = next(q for q in _course_questions(run) if q["kind"] == "fill-in")
    run.walk(correct=True, stop_at=fill_in["page"])
    key = fill_in["key"]
    form = run.frame.locator(f'form[data-q="{key}"]')
    form.locator("input[type=text]").fill("{lang=not a tag}one[,]two")
    form.locator("button.smab-check").click()
    form.locator(".smab-result:not(:empty)").wait_for()
    run.unload()
    sent = run.sets()
    key = next(k for k, v in sent.items() if k.endswith(".id") and v == fill_in["key"]).rsplit(".", 1)[0]
    response = sent[key + (".student_response" if run.version == "1.2" else ".learner_response")]
    if run.version == "1.2":
        assert response == "{lang=not a tag}one[,]two"  # CMIString255: any text is fine
    else:
        assert response == " {lang=not a tag}one, two"
    assert page.js_errors == []
