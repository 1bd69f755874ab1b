"""The strict test LMS (tests/support/lms.py) refuses what a real cmi5 player
and a strict LRS refuse: checked here with plain HTTP, without a browser."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from tests.support import server as http_server
from tests.support.lms import XapiFront
from tests.support.statement_rules import ADL, CMI5_CATEGORY, MASTERY, MOVEON_CATEGORY, SESSION_ID
from tests.support.xapi import new_actor

AU = "urn:smab-pack:strict/au"


@pytest.fixture
def front(ralph, tmp_path):
    server = http_server.TestServer(tmp_path, {}).start()
    server.xapi = XapiFront(ralph)
    yield server
    server.stop()


def http(url: str, method: str = "GET", body=None, token: str | None = None) -> tuple[int, bytes]:
    headers = {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Basic {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class Au:
    """An AU session driven by hand: fetch, preferences, then statements."""

    def __init__(self, server, actor=None, registration=None) -> None:
        self.server = server
        self.actor = actor or new_actor()
        self.registration = registration or str(uuid.uuid4())
        info = server.xapi.cmi5_launch(
            server.url, server.url + "/pkg", AU, actor=self.actor, registration=self.registration, mastery=0.8
        )
        self.session, self.activity = info["session"], info["activity_id"]
        _, body = http(f"{server.url}/fetch/{info['token']}", "POST")
        self.token = json.loads(body)["auth-token"]

    def prefs(self) -> Au:
        http(f"{self.server.url}/xapi/agents/profile?profileId=cmi5LearnerPreferences", token=self.token)
        return self

    def statement(self, verb: str, *, result=None, categories=("cmi5",), session=None, mastery=False) -> dict:
        extensions = {SESSION_ID: session or self.session}
        if mastery:
            extensions[MASTERY] = 0.8
        s = {
            "id": str(uuid.uuid4()),
            "timestamp": "2026-12-01T10:00:00.000Z",
            "actor": self.actor,
            "verb": {"id": ADL + verb, "display": {"en-US": verb}},
            "object": {"objectType": "Activity", "id": self.activity},
            "context": {
                "registration": self.registration,
                "extensions": extensions,
                "contextActivities": {
                    "grouping": [{"id": AU}],
                    "category": [{"id": f"https://w3id.org/xapi/cmi5/context/categories/{c}"} for c in categories],
                },
            },
        }
        if result:
            s["result"] = result
        return s

    def experienced(self, score=None) -> dict:
        s = self.statement("experienced", categories=())
        s["object"] = {"objectType": "Activity", "id": "urn:smab-pack:strict/page/p1"}
        if score:
            s["result"] = {"score": score}
        return s

    def send(self, body) -> int:
        return http(f"{self.server.url}/xapi/statements", "POST", body, self.token)[0]

    def stored(self) -> list[dict]:
        return [s for s in self.server.xapi.stored.values() if s["context"].get("registration") == self.registration]


def test_one_bad_statement_refuses_the_whole_batch(front, ralph):
    au = Au(front).prefs()
    assert au.send(au.statement("initialized")) == 200
    good, bad = au.experienced(), au.experienced(score={"raw": 0, "min": 0, "max": 0})
    assert au.send([good, bad]) == 400
    assert au.send([good]) == 200
    ids = {s["id"] for s in ralph.statements(registration=au.registration)}
    assert good["id"] in ids and bad["id"] not in ids


def test_another_sessions_statement_is_403_even_when_known(front):
    au = Au(front).prefs()
    assert au.send(au.statement("initialized")) == 200
    stray = au.experienced()
    stray["context"]["extensions"][SESSION_ID] = str(uuid.uuid4())
    assert au.send(stray) == 403
    assert front.xapi.received[-1].rule.startswith("10.2.1.0-7")


def test_known_ids_answer_as_an_lrs(front):
    au = Au(front).prefs()
    first = au.statement("initialized")
    assert au.send(first) == 200
    assert au.send(first) == 204  # the same statement again: nothing new, nothing stored twice
    changed = dict(first, timestamp="2026-12-01T10:00:05.000Z")
    assert au.send(changed) == 409
    assert [s["id"] for s in au.stored()].count(first["id"]) == 1


def test_session_rules(front):
    au = Au(front)
    assert au.send(au.statement("initialized")) == 403  # 11.0.0.0-3: preferences first
    au.prefs()
    assert au.send(au.experienced()) == 403  # 9.3.0.0-4: nothing before initialized
    assert au.send(au.statement("initialized")) == 200
    assert au.send(au.statement("initialized")) == 403  # 9.3.0.0-2
    passed = au.statement(
        "passed",
        categories=("cmi5", "moveon"),
        mastery=True,
        result={"success": True, "duration": "PT1S", "score": {"scaled": 0.5}},
    )
    assert au.send(passed) == 400  # 9.3.4.0-2: below the mastery score
    terminated = au.statement("terminated", result={"duration": "PT9S"})
    assert au.send([terminated, au.experienced()]) == 403  # 9.3.0.0-5, and the batch with it
    assert au.send(terminated) == 200
    assert au.send(au.experienced()) == 401  # 8.1.2.0-2: the token ended with its session


def test_a_new_launch_abandons_the_open_session_and_satisfied_follows_the_move_on(front, ralph):
    first = Au(front).prefs()
    assert first.send(first.statement("initialized")) == 200
    second = Au(front, first.actor, first.registration).prefs()
    stored = ralph.statements(registration=first.registration)
    abandoned = [s for s in stored if s["verb"]["id"].endswith("/abandoned")]
    assert len(abandoned) == 1 and abandoned[0]["context"]["extensions"][SESSION_ID] == first.session
    assert abandoned[0]["result"]["duration"].startswith("PT")
    assert first.send(first.experienced()) == 401  # 9.3.6.0-2
    assert second.send(second.statement("initialized")) == 200
    moveon = ("cmi5", "moveon")
    assert (
        second.send(second.statement("completed", categories=moveon, result={"completion": True, "duration": "PT1S"}))
        == 200
    )
    assert not any(s["verb"]["id"].endswith("/satisfied") for s in ralph.statements(registration=first.registration))
    assert (
        second.send(
            second.statement(
                "passed",
                categories=moveon,
                mastery=True,
                result={"success": True, "duration": "PT1S", "score": {"scaled": 0.9, "raw": 9, "min": 0, "max": 10}},
            )
        )
        == 200
    )
    satisfied = [s for s in ralph.statements(registration=first.registration) if s["verb"]["id"].endswith("/satisfied")]
    assert len(satisfied) == 1 and satisfied[0]["context"]["extensions"][SESSION_ID] == second.session
    assert {c["id"] for c in satisfied[0]["context"]["contextActivities"]["category"]} == {CMI5_CATEGORY}
    assert MOVEON_CATEGORY  # categories named by the rules module


def test_the_reply_to_the_closing_request_can_come_late(front):
    au = Au(front).prefs()
    assert au.send(au.statement("initialized")) == 200
    front.xapi.delay_terminated = 1.5
    terminated = au.statement("terminated", result={"duration": "PT9S"})
    status: list[int] = []
    started = time.monotonic()
    worker = threading.Thread(target=lambda: status.append(au.send([au.experienced(), terminated])))
    worker.start()
    deadline = time.monotonic() + 5
    while terminated["id"] not in front.xapi.stored:  # stored at once …
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert not status  # … while the reply has not come yet
    worker.join()
    assert status == [200] and time.monotonic() - started >= 1.5


def test_a_tincan_launch_gets_the_xapi_rules(front, ralph):
    actor, registration = new_actor(), str(uuid.uuid4())
    s = {
        "id": str(uuid.uuid4()),
        "actor": actor,
        "timestamp": "2026-12-01T10:00:00Z",
        "verb": {"id": ADL + "answered", "display": {"en_US": "answered"}},
        "object": {"id": "urn:smab-pack:strict/q1"},
        "context": {"registration": registration},
    }
    url = f"{front.url}/xapi/statements"
    assert http(url, "POST", s, ralph.token)[0] == 400  # en_US is no language tag
    s["verb"]["display"] = {"en-US": "answered"}
    assert http(url, "POST", s, ralph.token)[0] == 200
    assert http(url, "POST", s, "bm9ib2R5Om5vdGhpbmc=")[0] == 401


def test_the_lrs_answers_queries_by_verb_and_activity(front, ralph):
    """A resumed AU asks the LRS whether an earlier session's completed/passed arrived."""
    au = Au(front).prefs()
    assert au.send(au.statement("initialized")) == 200
    query = urllib.parse.urlencode(
        {
            "agent": json.dumps(au.actor),
            "verb": ADL + "initialized",
            "activity": au.activity,
            "registration": au.registration,
            "limit": 1,
        }
    )
    status, body = http(f"{front.url}/xapi/statements?{query}", token=au.token)
    assert status == 200 and [s["verb"]["id"] for s in json.loads(body)["statements"]] == [ADL + "initialized"]
    query = query.replace("initialized", "completed")
    assert json.loads(http(f"{front.url}/xapi/statements?{query}", token=au.token)[1])["statements"] == []
