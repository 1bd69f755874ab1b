"""xAPI (TinCan launch) packages reporting to Ralph, a real LRS."""

from __future__ import annotations

import uuid
import zipfile

import pytest
from lxml import etree

from tests.conftest import shipped_config
from tests.support.scorm import QUIZ_TEXT, SURVEY_TEXT
from tests.support.xapi import CourseTab, new_actor, tincan_url, verbs, wait_for

pytestmark = pytest.mark.browser

COURSE_IRI = "urn:smab-pack:" + shipped_config().id


@pytest.fixture
def tab(page, server, lms, ralph, shipped_packages):
    def open_course(lang: str = "en", actor: dict | None = None, registration: str | None = None) -> CourseTab:
        package = server.mount_zip(f"xapi-{lang}", shipped_packages[("xapi", lang)])
        actor = actor or new_actor()
        registration = registration or str(uuid.uuid4())
        tab = CourseTab(page, tincan_url(package, f"{server.url}/xapi/", ralph.token, actor, registration))
        tab.actor, tab.registration = actor, registration
        return tab

    return open_course


def _ended(statements):
    return verbs(statements)[-1:] == ["terminated"]  # the course's, not a video's


def test_tincan_xml_names_the_course_and_its_launch(shipped_packages, conformance):
    for lang in ("en", "nb"):
        path = shipped_packages[("xapi", lang)]
        _, kind, errors, _, _ = conformance.validate_file(str(path), conformance.HERE + "/xsd")
        assert kind == "tincan" and errors == []
        root = etree.fromstring(zipfile.ZipFile(path).read("tincan.xml"))
        activity = root.find(".//{*}activity")
        assert activity.get("id") == COURSE_IRI
        assert activity.find("{*}launch").text == "index.html"
        assert activity.find("{*}name").get("lang") == lang


@pytest.mark.slow
def test_passing_journey_statements(tab, ralph, page):
    course = tab()
    course.open()
    pages = page.evaluate("SMAB.data.pages.map(p => p.id)")
    questions = page.evaluate("SMAB.data.questions.filter(q => SMAB.asked(q.key))")  # a pool's drawn ones
    course.walk(correct=True)
    course.close()
    stored = wait_for(ralph, course.actor, _ended)
    names = verbs(stored)
    assert names[0] == "initialized" and names[-1] == "terminated"
    assert names.count("experienced") == len(pages)
    assert names.count("answered") == len(questions)
    assert names.count("completed") == 1 and names.count("passed") == 1 and "failed" not in names
    assert "suspended" not in names  # finished, so not suspended
    # Order: the stored order is the order the learner acted in.
    stamps = [s["timestamp"] for s in stored]
    assert stamps == sorted(stamps)
    assert len({s["id"] for s in stored}) == len(stored)
    for statement in stored:
        context = statement["context"]
        assert context["registration"] == course.registration
        assert context["language"] == "en"
        assert {"id": COURSE_IRI} in context["contextActivities"]["grouping"]
    pages_seen = [s["object"]["id"] for s in stored if s["verb"]["id"].endswith("experienced")]
    assert pages_seen == [f"{COURSE_IRI}/page/{p}" for p in pages]
    answered = [s for s in stored if s["verb"]["id"].endswith("answered")]
    for statement, question in zip(answered, questions, strict=False):
        obj, result = statement["object"], statement["result"]
        assert obj["id"] == f"{COURSE_IRI}/question/{question['key']}"
        definition = obj["definition"]
        assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
        if question["kind"] in ("likert", "long-fill-in"):  # surveys, and unscored items inside quizzes:
            # recorded, not judged: a response and nothing to be right about
            assert definition["interactionType"] == question["kind"]
            assert "correctResponsesPattern" not in definition and "success" not in result
            if question["kind"] == "likert":
                assert [c["id"] for c in definition["scale"]] == question["choices"]
                assert definition["scale"][4]["description"]["en"] == "Strongly agree"
                assert result["response"] == "likert_4"
            else:
                typed = SURVEY_TEXT if question["block"] == "survey" else QUIZ_TEXT
                assert result["response"] == typed
            continue
        expected = question["kind"]
        assert definition["interactionType"] == expected
        assert definition["correctResponsesPattern"]
        if expected == "choice":
            assert [c["id"] for c in definition["choices"]] == question["choices"]
            assert all(c["description"]["en"] for c in definition["choices"])
        assert result["success"] is True and result["response"] and result["duration"].startswith("PT")
    passed = next(s for s in stored if s["verb"]["id"].endswith("/passed"))
    assert passed["result"]["success"] is True and passed["result"]["score"]["scaled"] == 1
    assert page.js_errors == []


@pytest.mark.slow
def test_failing_journey_statements(tab, ralph, page):
    course = tab("nb")
    course.open()
    course.walk(correct=False)
    course.close()
    stored = wait_for(ralph, course.actor, _ended)
    names = verbs(stored)
    assert "failed" in names and "passed" not in names
    failed = next(s for s in stored if s["verb"]["id"].endswith("/failed"))
    assert (
        failed["result"]["success"] is False
        and failed["result"]["score"]["scaled"] < shipped_config().mastery_score / 100
    )
    assert all(s["context"]["language"] == "nb" for s in stored)
    # Quiz answers are judged; survey answers (likert, long-fill-in) never are.
    answers = [s for s in stored if s["verb"]["id"].endswith("answered")]
    judged = [s for s in answers if s["object"]["definition"]["interactionType"] not in ("likert", "long-fill-in")]
    assert judged and all(s["result"]["success"] is False for s in judged)
    assert all("success" not in s["result"] and "score" not in s["result"] for s in answers if s not in judged)


@pytest.mark.slow
def test_suspend_and_resume_in_the_same_registration(tab, ralph, page, lms):
    course = tab()
    course.open()
    pages = page.evaluate("SMAB.data.pages.map(p => p.id)")
    course.walk(correct=True, stop_at=pages[3])
    course.close()
    first = wait_for(ralph, course.actor, _ended)
    assert verbs(first)[-2:] == ["suspended", "terminated"]
    again = tab(actor=course.actor, registration=course.registration)
    again.open()
    assert again.current_page() == pages[3]
    again.walk(correct=True)
    again.close()
    stored = wait_for(ralph, course.actor, lambda s: verbs(s).count("terminated") == 2)
    names = verbs(stored)
    second = names[len(first) :]
    assert second[:2] == ["initialized", "resumed"]
    assert names.count("completed") == 1 and names.count("passed") == 1
    assert page.js_errors == []


@pytest.mark.slow
def test_lrs_outage_loses_nothing_and_duplicates_nothing(tab, ralph, page):
    course = tab()
    course.open()
    pages = page.evaluate("SMAB.data.pages.map(p => p.id)")
    questions = page.evaluate("SMAB.data.questions.filter(q => SMAB.asked(q.key))")  # a pool's drawn ones
    course.walk(correct=True, stop_at=pages[2])
    wait_for(ralph, course.actor, lambda s: verbs(s).count("experienced") >= 3)
    ralph.stop()
    try:
        course.walk(correct=True, stop_at=pages[-2])
        pending = page.evaluate("SMAB.adapter.pending()")
        assert pending > 0  # queued in the browser while the LRS is down
    finally:
        ralph.start()
    course.walk(correct=True)
    # The queue drains by itself once the LRS is back (retries with backoff).
    page.wait_for_function("SMAB.adapter.pending() === 0", timeout=60000)
    course.close()
    stored = wait_for(ralph, course.actor, _ended)
    names = verbs(stored)
    assert names.count("experienced") == len(pages)
    assert names.count("answered") == len(questions)
    assert names[0] == "initialized" and names[-1] == "terminated"
    assert names.count("completed") == 1 and names.count("passed") == 1 and names.count("initialized") == 1
    assert len({s["id"] for s in stored}) == len(stored)
    stamps = [s["timestamp"] for s in stored]
    assert stamps == sorted(stamps)


def test_statements_carry_the_partner_country(page, server, lms, ralph, tmp_path):
    """build --country sets it for a partner's packages; a `country` launch parameter wins."""
    from smab_pack.pipeline import build
    from tests.conftest import SHIPPED
    from tests.support.xapi import tincan_url

    built, _ = build(SHIPPED, tmp_path, formats=["xapi"], languages=["es"], country="ES")
    package = server.mount_zip("xapi-country-es", built[0].path)
    for extra, expected in (("", "ES"), ("&country=PL", "PL")):
        actor = new_actor()
        course = CourseTab(
            page, tincan_url(package, f"{server.url}/xapi/", ralph.token, actor, str(uuid.uuid4())) + extra
        )
        course.open()
        course.close()
        stored = wait_for(ralph, actor, _ended)
        assert {s["context"]["extensions"]["https://w3id.org/xapi/smab-pack/extensions/country"] for s in stored} == {
            expected
        }
    assert page.js_errors == []
