"""cmi5 packages launched by a test LMS (tests/support/lms.py) with Ralph as
its LRS: every cmi5 rule checked on the statements Ralph stored."""

from __future__ import annotations

import uuid
import zipfile

import pytest
from lxml import etree

from tests.conftest import shipped_config
from tests.support.lms import CMI5_CATEGORY, SESSION_ID
from tests.support.xapi import CourseTab, is_video, new_actor, verbs, wait_for

pytestmark = pytest.mark.browser

COURSE_IRI = "urn:smab-pack:" + shipped_config().id
AU_ID = COURSE_IRI + "/au"
MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
MASTERY_EXT = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
DEFINED = {"initialized", "completed", "passed", "failed", "terminated"}


@pytest.fixture
def launch(page, server, lms, ralph, shipped_packages):
    def start(lang="en", actor=None, registration=None, **options) -> CourseTab:
        package = server.mount_zip(f"cmi5-{lang}", shipped_packages[("cmi5", lang)])
        actor = actor or new_actor()
        registration = registration or str(uuid.uuid4())
        options.setdefault("mastery", shipped_config().mastery_score / 100)
        lms.events.clear()  # one LMS serves the whole session: look at this launch only
        session = lms.cmi5_launch(server.url, package, AU_ID, actor=actor, registration=registration, **options)
        tab = CourseTab(page, session["url"])
        tab.actor, tab.registration, tab.session = actor, registration, session
        return tab

    return start


def _categories(statement) -> set[str]:
    return {c["id"] for c in statement["context"].get("contextActivities", {}).get("category", [])}


def _session(stored, tab) -> list[dict]:
    return [s for s in stored if s["context"].get("extensions", {}).get(SESSION_ID) == tab.session["session"]]


def _terminated(tab):
    return lambda stored: "terminated" in verbs(_session(stored, tab))  # the AU's, not a video's


def _retry_graded_quizzes(tab, page) -> None:
    """Retry every graded quiz on the page where it stands, answering right."""
    for quiz_page in page.evaluate("[...new Set(SMAB.data.questions.filter(q => q.graded).map(q => q.page))]"):
        page.locator(f"a[data-page='{quiz_page}']").first.click()
        page.locator(f"section#{quiz_page} .smab-retry").first.click()
        tab.answer_visible(correct=True)


def check_cmi5_rules(statements: list[dict], tab, mastery: float) -> None:
    """The rules of the cmi5 specification for one AU session."""
    lms_made = ("launched", "satisfied", "abandoned")  # recorded by the LMS
    names = verbs(statements)
    assert names[0] == "launched"
    au = [s for s in statements[1:] if s["verb"]["id"].rsplit("/", 1)[-1] not in lms_made]
    assert verbs(au)[0] == "initialized" and verbs(au)[-1] == "terminated"
    assert verbs(au).count("initialized") == 1 and verbs(au).count("terminated") == 1
    course_level = [s for s in au if not is_video(s)]
    assert course_level[0]["verb"]["id"].endswith("/initialized") and course_level[-1]["verb"]["id"].endswith(
        "/terminated"
    )
    for statement in au:
        verb = statement["verb"]["id"].rsplit("/", 1)[-1]
        context = statement["context"]
        if is_video(statement):
            # "cmi5 allowed": any verb, between initialized and terminated, never the cmi5 category.
            assert CMI5_CATEGORY not in _categories(statement) and MOVEON not in _categories(statement)
            assert course_level[0]["timestamp"] <= statement["timestamp"] <= course_level[-1]["timestamp"]
            assert context["registration"] == tab.registration
            assert context["extensions"][SESSION_ID] == tab.session["session"]
            continue
        assert context["registration"] == tab.registration
        assert context["extensions"][SESSION_ID] == tab.session["session"]
        assert {"id": AU_ID} in context["contextActivities"]["grouping"]
        assert statement["actor"] == tab.actor  # the launch actor, unchanged
        assert statement["timestamp"].endswith("Z")
        if verb in DEFINED:
            assert CMI5_CATEGORY in _categories(statement), verb
            assert statement["object"]["id"] == tab.session["activity_id"]
        else:
            assert CMI5_CATEGORY not in _categories(statement), verb  # "cmi5 allowed" statements
        result = statement.get("result", {})
        if verb in ("completed", "passed", "failed", "terminated"):
            assert result["duration"].startswith("PT")
        if verb == "completed":
            assert result["completion"] is True and "score" not in result and "success" not in result
            assert MOVEON in _categories(statement)
        if verb in ("passed", "failed"):
            assert result["success"] is (verb == "passed")
            assert MOVEON in _categories(statement)
            assert context["extensions"][MASTERY_EXT] == mastery
            scaled = result["score"]["scaled"]
            assert scaled >= mastery if verb == "passed" else scaled < mastery
        if verb in ("initialized", "terminated", "experienced"):
            assert "score" not in result
    for verb in ("completed", "passed", "failed"):
        assert verbs(au).count(verb) <= 1, f"{verb} sent twice in a session"


def test_cmi5_xml_is_valid_and_carries_mastery_and_move_on(shipped_packages, conformance):
    for lang in ("en", "nb"):
        path = shipped_packages[("cmi5", lang)]
        _, kind, errors, warnings, _ = conformance.validate_file(str(path), conformance.HERE + "/xsd")
        assert kind == "cmi5" and errors == [] and warnings == []
        root = etree.fromstring(zipfile.ZipFile(path).read("cmi5.xml"))
        au = root.find("{*}au")
        assert au.get("id") == AU_ID and au.get("moveOn") == "CompletedAndPassed"
        assert float(au.get("masteryScore")) == shipped_config().mastery_score / 100
        assert au.find("{*}title/{*}langstring").get("lang") == lang


@pytest.mark.slow
def test_passing_session(launch, ralph, lms, page):
    tab = launch()
    tab.open()
    tab.walk(correct=True)
    tab.close()
    stored = wait_for(ralph, tab.actor, _terminated(tab))
    check_cmi5_rules(stored, tab, shipped_config().mastery_score / 100)
    names = verbs(stored)
    assert names.count("completed") == 1 and names.count("passed") == 1 and "failed" not in names
    assert "experienced" in names and "answered" in names
    assert lms.fetch_calls.count("POST") >= 1 and "GET" not in lms.fetch_calls
    # LaunchData, then the learner preferences, before the first statement.
    kinds = [kind for kind, _ in lms.events]
    first_statement = kinds.index("statements-post")
    assert ("state-get", "LMS.LaunchData") in lms.events[:first_statement]
    assert ("profile-get", "cmi5LearnerPreferences") in lms.events[:first_statement]
    assert ("state-put", "LMS.LaunchData") not in lms.events  # the AU never writes it
    assert page.js_errors == []


@pytest.mark.slow
def test_failing_session(launch, ralph, page):
    tab = launch("nb")
    tab.open()
    tab.walk(correct=False)
    tab.close()
    stored = wait_for(ralph, tab.actor, _terminated(tab))
    check_cmi5_rules(stored, tab, shipped_config().mastery_score / 100)
    names = verbs(stored)
    assert names.count("failed") == 1 and "passed" not in names and names.count("completed") == 1
    assert all(s["context"]["language"] == "nb" for s in stored[1:])


@pytest.mark.slow
def test_fail_then_retry_and_pass_in_one_session_sends_only_passed(launch, ralph, page):
    tab = launch()
    tab.open()
    tab.walk(correct=False)
    _retry_graded_quizzes(tab, page)
    tab.close()
    stored = wait_for(ralph, tab.actor, _terminated(tab))
    names = verbs(stored)
    assert names.count("passed") == 1 and "failed" not in names  # one of passed or failed a session
    check_cmi5_rules(stored, tab, shipped_config().mastery_score / 100)


@pytest.mark.slow
def test_lms_mastery_score_overrides_the_course(launch, ralph):
    tab = launch(mastery=0.0)
    tab.open()
    tab.walk(correct=False)
    tab.close()
    stored = wait_for(ralph, tab.actor, _terminated(tab))
    check_cmi5_rules(stored, tab, 0.0)
    passed = [s for s in stored if s["verb"]["id"].endswith("/passed")]
    assert len(passed) == 1 and passed[0]["result"]["score"]["scaled"] == 0


@pytest.mark.slow
def test_browse_mode_sends_only_initialized_and_terminated(launch, ralph, page):
    tab = launch(launch_mode="Browse")
    tab.open()
    tab.walk(correct=True)
    tab.close()
    stored = wait_for(ralph, tab.actor, _terminated(tab))
    assert verbs(stored) == ["launched", "initialized", "terminated"]
    check_cmi5_rules(stored, tab, shipped_config().mastery_score / 100)


@pytest.mark.slow
def test_fail_then_pass_later_in_the_same_registration(launch, ralph, page):
    first = launch()
    first.open()
    first.walk(correct=False)
    first.close()
    wait_for(ralph, first.actor, _terminated(first))
    second = launch(actor=first.actor, registration=first.registration)
    second.open()
    _retry_graded_quizzes(second, page)
    second.close()
    stored = wait_for(ralph, first.actor, _terminated(second))
    session = _session(stored, second)
    names = verbs(session)
    assert "passed" in names and "failed" not in names
    assert "completed" not in names  # completed once per registration, in the first session
    check_cmi5_rules(session, second, shipped_config().mastery_score / 100)
    assert page.js_errors == []


def test_a_used_fetch_url_is_refused_and_the_learner_is_told(launch, ralph, page):
    tab = launch()
    tab.open()
    page.reload()  # the same launch URL again: its one-time fetch token is spent
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    notice = page.locator(".smab-notice")
    assert notice.is_visible() and "already used" in notice.inner_text()
    tab.close()
    stored = wait_for(ralph, tab.actor, _terminated(tab))
    assert verbs(stored).count("initialized") == 1


def test_exit_returns_to_the_lms(launch, ralph, page, server):
    tab = launch(return_url=f"{server.url}/harness/scorm.html?returned=1")
    tab.open()
    exit_button = page.locator(".smab-exit")
    assert exit_button.is_visible()
    exit_button.click()
    page.wait_for_url("**/harness/scorm.html?returned=1")
    stored = wait_for(ralph, tab.actor, _terminated(tab))
    assert verbs(stored)[-1] == "terminated"


def test_the_results_view_exits_to_the_lms(launch, ralph, page, server):
    """The results view's way out under cmi5 is the launch's returnURL (issue 12 point 1)."""
    tab = launch(return_url=f"{server.url}/harness/scorm.html?returned=2")
    tab.open()
    page.locator("[data-smab-ui=resbtn]").click()
    button = page.locator("[data-smab-ui=res-exit] button")
    assert button.is_visible() and button.inner_text() == "Exit"
    assert page.locator("[data-smab-ui=res-exit] p").inner_text() == ""  # no "close this window"
    button.click()
    page.wait_for_url("**/harness/scorm.html?returned=2")
    stored = wait_for(ralph, tab.actor, _terminated(tab))
    assert verbs(stored)[-1] == "terminated"


def test_one_au_per_module(tmp_path, page, server, lms, ralph, conformance):
    import shutil

    from smab_pack.pipeline import build
    from tests.conftest import FIXTURES

    course = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", course)
    with (course / "course.yaml").open("a") as f:
        f.write("packaging:\n  cmi5:\n    au_per: module\n")
    built, _ = build(course, tmp_path / "dist", formats=["cmi5"], languages=["en"])
    _, _, errors, _, _ = conformance.validate_file(str(built[0].path), conformance.HERE + "/xsd")
    assert errors == []
    root = etree.fromstring(zipfile.ZipFile(built[0].path).read("cmi5.xml"))
    aus = {au.get("id"): au.findtext("{*}url") for au in root.findall("{*}au")}
    assert aus == {
        "urn:smab-pack:mini-course/au/basics": "index.html?module=basics",
        "urn:smab-pack:mini-course/au/test": "index.html?module=test",
    }
    package = server.mount_zip("cmi5-per-module", built[0].path)
    actor, registration = new_actor(), str(uuid.uuid4())
    session = lms.cmi5_launch(
        server.url,
        package,
        "urn:smab-pack:mini-course/au/test",
        actor=actor,
        registration=registration,
        mastery=0.75,
        launch_path=aus["urn:smab-pack:mini-course/au/test"],
    )
    tab = CourseTab(page, session["url"])
    tab.actor, tab.registration, tab.session = actor, registration, session
    tab.open()
    assert page.evaluate("SMAB.data.pages.map(p => p.id)") == ["check", "end", "summary"]
    assert page.locator(".smab-toc [data-module=basics]").is_hidden()
    tab.walk(correct=True)
    tab.close()
    stored = wait_for(ralph, actor, _terminated(tab))
    experienced = [s["object"]["id"].rsplit("/", 1)[-1] for s in stored if s["verb"]["id"].endswith("experienced")]
    assert experienced == ["check", "end", "summary"]
    assert verbs(stored).count("completed") == 1 and verbs(stored).count("passed") == 1


def test_aids_are_in_every_au_and_no_au_of_their_own(tmp_path, page, server, lms, ralph, conformance):
    """A glossary is no AU the LMS would wait for: each module's AU carries it, and completes without it."""
    import shutil

    from smab_pack.pipeline import build
    from tests.conftest import FIXTURES

    course = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", course)
    (course / "glossary.yaml").write_text(
        "terms:\n  - id: end\n    term: {en: end, nb: slutt}\n    forms: {en: [end], nb: [end]}\n"
        "    definition:\n      en: Where it stops.\n      nb: Der det stopper.\n",
        encoding="utf-8",
    )
    with (course / "course.yaml").open("a") as f:
        f.write("packaging:\n  cmi5:\n    au_per: module\n")
    built, _ = build(course, tmp_path / "dist", formats=["cmi5"], languages=["en"])
    _, _, errors, _, _ = conformance.validate_file(str(built[0].path), conformance.HERE + "/xsd")
    assert errors == []
    root = etree.fromstring(zipfile.ZipFile(built[0].path).read("cmi5.xml"))
    aus = {au.get("id"): au.findtext("{*}url") for au in root.findall("{*}au")}
    assert sorted(aus) == ["urn:smab-pack:mini-course/au/basics", "urn:smab-pack:mini-course/au/test"]
    package = server.mount_zip("cmi5-per-module-aids", built[0].path)
    actor, registration = new_actor(), str(uuid.uuid4())
    au = "urn:smab-pack:mini-course/au/test"
    session = lms.cmi5_launch(
        server.url, package, au, actor=actor, registration=registration, mastery=0.75, launch_path=aus[au]
    )
    tab = CourseTab(page, session["url"])
    tab.actor, tab.registration, tab.session = actor, registration, session
    tab.open()
    assert page.evaluate("SMAB.data.pages.map(p => p.id)") == ["check", "end", "summary", "glossary"]
    assert page.locator(".smab-toc a[data-page=glossary]").is_visible()
    assert page.locator(".smab-toc [data-module=basics]").is_hidden()
    tab.walk(correct=True, stop_at="glossary")  # the glossary never opened
    tab.close()
    stored = wait_for(ralph, actor, _terminated(tab))
    assert verbs(stored).count("completed") == 1 and verbs(stored).count("passed") == 1
