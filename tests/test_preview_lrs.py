"""The preview's LRS and cmi5 LMS (smab_pack/preview/lrs.py, statements.py) without a browser: what
it refuses and why, the cmi5 launch sequence and its session rules, and the failing switch. The
statements the course's adapter really sends are checked in tests/test_preview_inspector.py."""

from __future__ import annotations

import json
import uuid
from urllib.parse import parse_qs

import pytest

from smab_pack.preview.lrs import LAUNCH_DATA, SESSION_ID, Lrs, package_facts
from smab_pack.preview.statements import problems

AU = "urn:smab-pack:course/au"
FACTS = {"activity": AU, "moveOn": "CompletedAndPassed", "masteryScore": "0.7"}


def _statement(verb: str = "experienced", **extra) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "account": {"homePage": "https://lms.example.org", "name": "a"}},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en": verb}},
        "object": {"objectType": "Activity", "id": "urn:smab-pack:course"},
        "timestamp": "2026-12-01T10:00:00.123Z",
        **extra,
    }


def test_a_conforming_statement_passes():
    good = _statement(result={"score": {"raw": 3, "min": 0, "max": 4, "scaled": 0.75}, "duration": "PT1.5S"})
    assert problems(good) == []


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"id": "not-a-uuid"}, "id: not a UUID"),
        ({"verb": {"id": "experienced"}}, "verb.id: not an IRI"),
        ({"actor": {"name": "nobody"}}, "exactly one inverse functional identifier"),
        ({"actor": {"mbox": "mailto:a@b.org", "account": {"homePage": "https://x.org", "name": "a"}}}, "exactly one"),
        ({"actor": {"mbox": "a@b.org"}}, "actor.mbox: not a mailto: IRI"),
        ({"object": {"id": "no scheme"}}, "object.id: not an IRI"),
        ({"result": {"score": {"scaled": 1.5}}}, "result.score.scaled: outside [-1, 1]"),
        ({"result": {"score": {"raw": 5, "min": 0, "max": 4}}}, "result.score.raw: outside [min, max]"),
        ({"result": {"score": {"min": 0, "max": 0}}}, "min must be below max"),
        ({"result": {"duration": "1.5 seconds"}}, "result.duration: not an ISO 8601 duration"),
        ({"result": {"success": "yes"}}, "result.success: not true or false"),
        ({"timestamp": "yesterday"}, "timestamp: not an ISO 8601"),
        ({"context": {"registration": "r-1"}}, "context.registration: not a UUID"),
        ({"verb": {"id": "http://adlnet.gov/expapi/verbs/x", "display": {"not a tag!": "x"}}}, "verb.display"),
        ({"colour": "red"}, "'colour' is no property of it"),
    ],
)
def test_what_breaks_xapi_is_named(change, rule):
    found = problems({**_statement(), **change})
    assert any(rule in p for p in found), found


def _ask(lrs: Lrs, method: str, path: str, auth: str = "", body=None, **query):
    data = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
    reply = lrs.handle(method, path, {k: str(v) for k, v in query.items()}, auth, data)
    return reply.status, json.loads(reply.body) if reply.body else None


def _cmi5_launch(lrs: Lrs, fresh: bool = False) -> dict:
    query = lrs.launch("http://127.0.0.1:9", fresh=fresh)
    code = query["fetch"].rsplit("/", 1)[-1]
    status, got = _ask(lrs, "POST", f"cmi5/fetch/{code}")
    assert status == 200 and "auth-token" in got
    again = _ask(lrs, "POST", f"cmi5/fetch/{code}")
    assert again == (200, {"error-code": "1", "error-text": "this launch's token was fetched already"})
    state = {"stateId": LAUNCH_DATA, "activityId": query["activityId"], "agent": query["actor"]}
    status, data = _ask(lrs, "GET", "xapi/activities/state", f"Basic {got['auth-token']}", **state,
                        registration=query["registration"])  # fmt: skip
    assert status == 200
    return {"auth": f"Basic {got['auth-token']}", "data": data, "query": query, "state": state}


def _au_statement(launch: dict, verb: str, **extra) -> dict:
    context = {
        "registration": launch["query"]["registration"],
        "extensions": {SESSION_ID: launch["data"]["contextTemplate"]["extensions"][SESSION_ID]},
    }
    return _statement(
        verb, object={"objectType": "Activity", "id": launch["query"]["activityId"]}, context=context, **extra
    )


def test_the_cmi5_launch_sequence_and_its_rules():
    lrs = Lrs("cmi5", FACTS)
    launch = _cmi5_launch(lrs)
    data = launch["data"]
    assert data["launchMode"] == "Normal" and data["moveOn"] == "CompletedAndPassed" and data["masteryScore"] == 0.7
    assert data["returnURL"].endswith("/__lms/returned")
    assert data["contextTemplate"]["contextActivities"]["grouping"] == [{"id": AU}]
    auth = launch["auth"]
    # The AU may not write LMS.LaunchData; unknown credentials get nothing.
    assert _ask(lrs, "PUT", "xapi/activities/state", auth, {"x": 1}, **launch["state"])[0] == 403
    assert _ask(lrs, "POST", "xapi/statements", "Basic nope", _au_statement(launch, "initialized"))[0] == 401
    # The first statement is initialized; each carries this session's id; defined verbs once.
    assert _ask(lrs, "POST", "xapi/statements", auth, _au_statement(launch, "experienced"))[0] == 403
    first = _au_statement(launch, "initialized")
    assert _ask(lrs, "POST", "xapi/statements", auth, first)[0] == 200
    assert _ask(lrs, "POST", "xapi/statements", auth, first)[0] == 204  # the same again: stored once
    assert (
        _ask(lrs, "POST", "xapi/statements", auth, {**first, "verb": {"id": "http://adlnet.gov/expapi/verbs/x"}})[0]
        == 409
    )
    assert _ask(lrs, "POST", "xapi/statements", auth, _au_statement(launch, "initialized"))[0] == 403
    other = _au_statement(launch, "experienced")
    other["context"]["extensions"][SESSION_ID] = str(uuid.uuid4())
    assert _ask(lrs, "POST", "xapi/statements", auth, other)[0] == 403
    # A batch is all or nothing.
    batch = [_au_statement(launch, "completed"), _au_statement(launch, "passed", result={"score": {"scaled": 2}})]
    assert _ask(lrs, "POST", "xapi/statements", auth, batch)[0] == 400
    assert "completed" not in [e.get("verb") for e in lrs.log if e.get("status") == 200]
    done = [_au_statement(launch, "completed"), _au_statement(launch, "passed", result={"success": True})]
    assert _ask(lrs, "POST", "xapi/statements", auth, done)[0] == 200
    stored = [e["verb"] for e in lrs.snapshot()["log"] if e.get("statement") and e["status"] == 200]
    assert stored == ["launched", "initialized", "completed", "passed", "satisfied"]
    assert _ask(lrs, "POST", "xapi/statements", auth, _au_statement(launch, "terminated"))[0] == 200
    assert _ask(lrs, "POST", "xapi/statements", auth, _au_statement(launch, "experienced"))[0] == 403
    # Found again by the AU's query (a resumed launch asks before sending completed again).
    wanted = {"verb": "http://adlnet.gov/expapi/verbs/completed", "activity": launch["query"]["activityId"]}
    status, found = _ask(lrs, "GET", "xapi/statements", auth, **wanted, registration=launch["query"]["registration"])
    assert status == 200 and len(found["statements"]) == 1


def test_a_launch_that_finds_a_session_open_abandons_it():
    lrs = Lrs("cmi5", FACTS)
    first = _cmi5_launch(lrs)
    assert _ask(lrs, "POST", "xapi/statements", first["auth"], _au_statement(first, "initialized"))[0] == 200
    lrs.launch("http://127.0.0.1:9")
    verbs = [e["verb"] for e in lrs.log if e.get("statement") and e["status"] == 200]
    assert verbs == ["launched", "initialized", "abandoned", "launched"]
    assert _ask(lrs, "POST", "xapi/statements", first["auth"], _au_statement(first, "experienced"))[0] == 403


def test_a_new_attempt_is_a_new_registration_and_failing_answers_503():
    lrs = Lrs("xapi", {"activity": "urn:smab-pack:course"})
    query = lrs.launch("http://127.0.0.1:9")
    assert parse_qs("auth=" + query["auth"])
    again = lrs.launch("http://127.0.0.1:9")
    assert again["registration"] == query["registration"]
    assert lrs.launch("http://127.0.0.1:9", fresh=True)["registration"] != query["registration"]
    auth = query["auth"]
    lrs.fail(True)
    assert _ask(lrs, "POST", "xapi/statements", auth, _statement("initialized"))[0] == 503
    lrs.fail(False)
    assert _ask(lrs, "POST", "xapi/statements", auth, _statement("initialized"))[0] == 200
    assert _ask(lrs, "POST", "xapi/statements", auth, b"{not json")[0] == 400
    assert _ask(lrs, "POST", "xapi/statements", "Basic wrong", _statement("initialized"))[0] == 401


def test_the_facts_come_from_the_package_manifest():
    cmi5 = b'<course><au id="urn:x/au" moveOn="Completed" masteryScore="0.8"></au></course>'
    assert package_facts("cmi5", {"cmi5.xml": cmi5}) == {
        "activity": "urn:x/au",
        "moveOn": "Completed",
        "masteryScore": "0.8",
    }
    tincan = b'<tincan><activities><activity id="urn:x" type="http://adlnet.gov/expapi/activities/course">'
    assert package_facts("xapi", {"tincan.xml": tincan})["activity"] == "urn:x"


def test_a_video_s_initialized_completed_and_terminated_are_not_the_au_s():
    """The Video Profile uses ADL's initialized, completed and terminated about a video: allowed
    statements, which neither end the session nor count as the AU's own."""
    lrs = Lrs("cmi5", FACTS)
    launch = _cmi5_launch(lrs)
    auth = launch["auth"]
    assert _ask(lrs, "POST", "xapi/statements", auth, _au_statement(launch, "initialized"))[0] == 200
    for verb in ("initialized", "completed", "terminated"):
        video = _au_statement(launch, verb)
        video["object"] = {"objectType": "Activity", "id": "urn:smab-pack:course/video/intro"}
        assert _ask(lrs, "POST", "xapi/statements", auth, video)[0] == 200, verb
    assert lrs.registration not in lrs.satisfied
    assert _ask(lrs, "POST", "xapi/statements", auth, _au_statement(launch, "completed"))[0] == 200
    assert _ask(lrs, "POST", "xapi/statements", auth, _au_statement(launch, "terminated"))[0] == 200
