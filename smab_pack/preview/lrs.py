"""The preview's LRS and cmi5 LMS, in process (``-f xapi`` / ``-f cmi5``): what the inspector beside
the course shows comes from here.

- ``/__lms/xapi/`` is an xAPI 1.0.3 endpoint for the course's adapter: the Statements resource
  (POST one or many, PUT with ``statementId``, GET by id or by agent/verb/activity/registration),
  the State resource (GET/PUT/POST/DELETE) and the Agent Profile resource. Each statement is
  checked (statements.py) and refused with 400 and the rule when it breaks one; a known id with
  another statement is 409; a batch is all or nothing. Credentials are the launch's own (401
  otherwise).
- cmi5 (section 8 of its specification): each launch gets a one-time fetch URL that answers the
  auth token once (then ``error-code`` 1), ``LMS.LaunchData`` in the State resource (which the AU
  may not write: 403), the ``launched`` statement made by the LMS, a session id every statement of
  the session must carry (403 otherwise, and after ``terminated``), ``abandoned`` for a session
  a new launch finds open, ``satisfied`` once the AU's moveOn is met, and a returnURL.
- The inspector's controls: a new launch, a new attempt (a new registration), and failing
  (every request to the endpoint answers 503).

Everything is kept in memory for the life of the preview.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from smab_pack.preview.statements import problems

ADL = "http://adlnet.gov/expapi/verbs/"
ADL_VERBS = "https://w3id.org/xapi/adl/verbs/"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
HOME = "https://preview.smab-pack.invalid"  # the preview learner's account home page (.invalid: RFC 2606)
LAUNCH_DATA = "LMS.LaunchData"
LOG_LIMIT = 500


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Session:
    """One cmi5 launch."""

    id: str
    token: str
    fetch: str
    started: float = field(default_factory=time.monotonic)
    fetched: bool = False
    verbs: list[str] = field(default_factory=list)

    @property
    def ended(self) -> bool:
        return "terminated" in self.verbs or "abandoned" in self.verbs


@dataclass
class Reply:
    status: int
    body: bytes = b""
    kind: str = "application/json"


def _json(status: int, value: Any) -> Reply:
    return Reply(status, json.dumps(value).encode())


class Lrs:
    def __init__(self, fmt: str, package: dict[str, str]) -> None:
        """``package``: the AU's facts from its manifest (cmi5.xml / tincan.xml): ``activity``
        (the course's or the AU's id), ``moveOn``, ``masteryScore``."""
        self.fmt, self.cmi5 = fmt, fmt == "cmi5"
        self.package = package
        self.actor = {"objectType": "Agent", "name": "Preview Author", "account": {"homePage": HOME, "name": "author"}}
        self.token = uuid.uuid4().hex  # the TinCan launch's credentials
        self.registration = str(uuid.uuid4())
        self.statements: dict[str, dict] = {}  # id -> statement, in the order stored
        self.state: dict[tuple, bytes] = {}
        self.sessions: dict[str, Session] = {}  # by auth token
        self.session: Session | None = None  # the latest launch's
        self.satisfied: set[str] = set()
        self.failing = False
        self.log: list[dict] = []
        self.version = 0
        self._cond = threading.Condition(threading.RLock())

    # ---- what the inspector sees ----
    def _note(self, entry: dict) -> None:
        with self._cond:
            entry["n"] = len(self.log) + 1
            self.log.append(entry)
            del self.log[:-LOG_LIMIT]
            self.version += 1
            self._cond.notify_all()

    def snapshot(self, after: int = -1, wait: float = 0) -> dict:
        """The log and the course's saved state; with ``after``, waits up to ``wait`` seconds for news."""
        with self._cond:
            self._cond.wait_for(lambda: self.version != after, wait)
            saved = None
            for (state_id, _activity, _agent, registration), body in self.state.items():
                if state_id != LAUNCH_DATA and registration == self.registration:
                    saved = body
            state = None
            if saved is not None:
                try:
                    doc = json.loads(saved)
                    state = {"state": doc.get("state") or "", "size": len(saved)}
                except (ValueError, AttributeError):
                    state = {"state": "", "size": len(saved)}
            return {
                "version": self.version,
                "failing": self.failing,
                "registration": self.registration,
                "log": list(self.log),
                "state": state,
            }

    def close(self) -> None:
        with self._cond:
            self.version += 1
            self._cond.notify_all()

    # ---- launches ----
    def launch(self, base: str, fresh: bool = False) -> dict[str, str]:
        """The query the LMS puts on the AU's URL for a new launch (``fresh``: a new registration)."""
        with self._cond:
            if fresh:
                self.registration = str(uuid.uuid4())
                self.state = {k: v for k, v in self.state.items() if k[3] != self.registration}
            endpoint = f"{base}/__lms/xapi/"
            actor = json.dumps(self.actor)
            if not self.cmi5:
                self._note({"kind": "launch", "what": f"TinCan launch, registration {self.registration}"})
                return {
                    "endpoint": endpoint,
                    "auth": f"Basic {self.token}",
                    "actor": actor,
                    "registration": self.registration,
                }
        previous = self.session
        if previous is not None and not previous.ended and not fresh:
            # The page before this launch is closing: its terminated may still be on its way.
            with self._cond:
                self._cond.wait_for(lambda: previous.ended, 3.0)
        with self._cond:
            if previous is not None and not previous.ended:
                seconds = round(time.monotonic() - previous.started, 2)
                self._lms_statement(previous, "abandoned", result={"duration": f"PT{seconds}S"})
            session = Session(str(uuid.uuid4()), uuid.uuid4().hex, uuid.uuid4().hex)
            self.sessions[session.token] = self.session = session
            data: dict[str, Any] = {
                "contextTemplate": {
                    "contextActivities": {"grouping": [{"id": self.package["activity"]}]},
                    "extensions": {SESSION_ID: session.id},
                },
                "launchMode": "Normal",
                "moveOn": self.package.get("moveOn", "NotApplicable"),
                "returnURL": f"{base}/__lms/returned",
            }
            if self.package.get("masteryScore"):
                data["masteryScore"] = float(self.package["masteryScore"])
            self.state[(LAUNCH_DATA, self._activity(), self._agent(self.actor), self.registration)] = json.dumps(
                data
            ).encode()
            self._lms_statement(session, "launched")
            return {
                "endpoint": endpoint,
                "fetch": f"{base}/__lms/cmi5/fetch/{session.fetch}",
                "actor": actor,
                "registration": self.registration,
                "activityId": self._activity(),
            }

    def _activity(self) -> str:
        # cmi5: the LMS makes the AU's activity id for the registration (the AU's own id is the grouping)
        return f"{HOME}/registrations/{self.registration}/au" if self.cmi5 else self.package["activity"]

    @staticmethod
    def _agent(agent: Any) -> str | None:
        try:
            return json.dumps(json.loads(agent) if isinstance(agent, str) else agent, sort_keys=True)
        except ValueError:
            return None

    def _lms_statement(self, session: Session, verb: str, *, result: dict | None = None, course: bool = False) -> None:
        """A statement the LMS makes itself (launched, abandoned, satisfied), stored and logged."""
        obj: dict[str, Any] = {"objectType": "Activity", "id": self._activity()}
        if course:
            obj = {"objectType": "Activity", "id": f"{HOME}/registrations/{self.registration}/course",
                   "definition": {"type": "https://w3id.org/xapi/cmi5/activitytype/course"}}  # fmt: skip
        statement: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "actor": self.actor,
            "verb": {"id": (ADL if verb == "launched" else ADL_VERBS) + verb, "display": {"en-US": verb}},
            "object": obj,
            "timestamp": _now(),
            "context": {
                "registration": self.registration,
                "contextActivities": {
                    "grouping": [{"id": self.package["activity"]}],
                    "category": [{"id": CMI5_CATEGORY}],
                },
                "extensions": {SESSION_ID: session.id},
            },
        }
        if result:
            statement["result"] = result
        if verb != "satisfied":  # the course's, not one of the session's
            session.verbs.append(verb)
        self.statements[statement["id"]] = statement
        self._note(self._entry("LMS", "statements", 200, "", statement, by_lms=True))

    @staticmethod
    def _entry(method: str, resource: str, status: int, why: str, statement: dict | None, by_lms: bool = False) -> dict:
        entry: dict[str, Any] = {"kind": "request", "method": method, "resource": resource, "status": status}
        entry["why"] = why
        if isinstance(statement, dict):
            verb = str((statement.get("verb") or {}).get("id", ""))
            obj = statement.get("object") or {}
            result = statement.get("result") or {}
            entry.update(
                verb=verb.rsplit("/", 1)[-1],
                object=str(obj.get("id", "")) if isinstance(obj, dict) else "",
                outcome=_outcome(result) if isinstance(result, dict) else "",
                statement=statement,
                lms=by_lms,
            )
        return entry

    # ---- HTTP ----
    def handle(self, method: str, path: str, query: dict[str, str], auth: str, body: bytes) -> Reply:
        if path.startswith("cmi5/fetch/"):
            return self._fetch(method, path.rsplit("/", 1)[-1])
        if not path.startswith("xapi/"):
            return _json(404, {"error": "not served by this LMS"})
        resource = path[len("xapi/") :]
        with self._cond:
            if self.failing:
                self._note({"kind": "request", "method": method, "resource": resource, "status": 503,
                            "why": "the LRS was made to fail (inspector)"})  # fmt: skip
                return _json(503, {"error": "the LRS is made to fail by the preview's inspector"})
            session = self.sessions.get(auth.removeprefix("Basic ").strip()) if self.cmi5 else None
            if (self.cmi5 and session is None) or (not self.cmi5 and auth != f"Basic {self.token}"):
                self._note({"kind": "request", "method": method, "resource": resource, "status": 401,
                            "why": "unknown credentials"})  # fmt: skip
                return _json(401, {"error": "unknown credentials"})
            if resource == "statements":
                if method in ("POST", "PUT"):
                    return self._store(method, query, body, session)
                if method == "GET":
                    return self._find(query)
            elif resource == "activities/state":
                return self._state(method, query, body)
            elif resource in ("agents/profile", "activities/profile"):
                # No learner preferences are stored: the AU goes on with its own (cmi5 11.0).
                return Reply(404) if method == "GET" else Reply(204)
            return _json(405 if resource == "statements" else 404, {"error": f"{method} {resource} is not served"})

    def _fetch(self, method: str, code: str) -> Reply:
        with self._cond:
            session = next((s for s in self.sessions.values() if s.fetch == code), None)
            if method != "POST":
                reply = _json(405, {"error-code": "3", "error-text": "the fetch URL takes POST"})
            elif session is None:
                reply = _json(200, {"error-code": "2", "error-text": "no such launch"})
            elif session.fetched:
                reply = _json(200, {"error-code": "1", "error-text": "this launch's token was fetched already"})
            else:
                session.fetched = True
                reply = _json(200, {"auth-token": session.token})
            why = "" if b"auth-token" in reply.body else reply.body.decode()
            self._note({"kind": "request", "method": method, "resource": "fetch", "status": reply.status, "why": why})
            return reply

    def _state(self, method: str, query: dict[str, str], body: bytes) -> Reply:
        agent = self._agent(query.get("agent", ""))
        key = (query.get("stateId"), query.get("activityId"), agent, query.get("registration"))
        if not key[0] or not key[1] or key[2] is None:
            return _json(400, {"error": "stateId, activityId and agent are required"})
        if method == "GET":
            found = self.state.get(key)
            if key[0] == LAUNCH_DATA:  # a step of the cmi5 launch: shown in the log
                why = "" if found is not None else "no LMS.LaunchData for this activity, agent and registration"
                entry = {"kind": "state", "method": method, "resource": "activities/state", "why": why}
                self._note({**entry, "status": 200 if found is not None else 404})
            return Reply(200, found) if found is not None else Reply(404)
        if key[0] == LAUNCH_DATA:
            self._note({"kind": "request", "method": method, "resource": "activities/state", "status": 403,
                        "why": "cmi5 10.2.1.0-5: the AU must not change LMS.LaunchData"})  # fmt: skip
            return _json(403, {"error": "the AU must not change LMS.LaunchData"})
        if method in ("PUT", "POST"):
            self.state[key] = body
        elif method == "DELETE":
            self.state.pop(key, None)
        else:
            return Reply(405)
        self._note({"kind": "state", "method": method, "resource": "activities/state", "status": 204, "why": ""})
        return Reply(204)

    def _find(self, query: dict[str, str]) -> Reply:
        if "statementId" in query:
            found = self.statements.get(query["statementId"])
            return _json(200, found) if found else _json(404, {"error": "no such statement"})
        agent = self._agent(query["agent"]) if "agent" in query else None
        out = [
            s
            for s in self.statements.values()
            if (agent is None or self._agent(s.get("actor")) == agent)
            and ("verb" not in query or s["verb"]["id"] == query["verb"])
            and ("activity" not in query or s["object"].get("id") == query["activity"])
            and ("registration" not in query or (s.get("context") or {}).get("registration") == query["registration"])
        ]
        limit = int(query["limit"]) if query.get("limit", "").isdigit() and int(query["limit"]) > 0 else len(out)
        return _json(200, {"statements": list(reversed(out))[:limit], "more": ""})

    def _store(self, method: str, query: dict[str, str], body: bytes, session: Session | None) -> Reply:
        try:
            data = json.loads(body or b"null")
        except ValueError:
            return self._refuse(method, 400, "the body is not JSON", None)
        if method == "PUT":
            wanted = query.get("statementId")
            if not isinstance(data, dict) or wanted is None or data.get("id", wanted) != wanted:
                return self._refuse(method, 400, "PUT needs statementId, equal to the statement's id", data)
            data.setdefault("id", query["statementId"])
        batch = data if isinstance(data, list) else [data]
        fresh: list[dict] = []
        verbs = list(session.verbs) if session else []
        for statement in batch:
            found = problems(statement)
            if found:
                return self._refuse(method, 400, "; ".join(found[:3]), statement)
            sid = statement.setdefault("id", str(uuid.uuid4()))
            if sid in self.statements or any(f["id"] == sid for f in fresh):
                if self.statements.get(sid) != statement:
                    return self._refuse(method, 409, f"another statement has the id {sid}", statement)
                continue  # the same statement again: stored once
            if session is not None:
                why = self._cmi5_rule(statement, session, verbs)
                if why:
                    return self._refuse(method, 403, why, statement)
                if self._about_the_au(statement):
                    verbs.append(statement["verb"]["id"].rsplit("/", 1)[-1])
            fresh.append(statement)
        for statement in fresh:
            self.statements[statement["id"]] = statement
            self._note(self._entry(method, "statements", 200, "", statement))
        if session is not None:
            session.verbs = verbs
            self._satisfy(session)
        if not fresh:
            return Reply(204)
        return _json(200, [s["id"] for s in batch]) if method == "POST" else Reply(204)

    def _refuse(self, method: str, status: int, why: str, statement: Any) -> Reply:
        self._note(self._entry(method, "statements", status, why, statement if isinstance(statement, dict) else None))
        return _json(status, {"error": why})

    def _about_the_au(self, statement: dict) -> bool:
        """A cmi5 defined statement is about the AU itself; the same verbs about something else (the
        Video Profile's initialized, completed, terminated of a video) are "cmi5 allowed" ones."""
        return (statement.get("object") or {}).get("id") == self._activity()

    def _cmi5_rule(self, statement: dict, session: Session, verbs: list[str]) -> str:
        """The session rules of cmi5 (section 9.3) a statement of this session's breaks, or ''.
        ``verbs``: the defined statements (about the AU) of the session so far."""
        extensions = (statement.get("context") or {}).get("extensions") or {}
        verb = statement["verb"]["id"].rsplit("/", 1)[-1]
        defined = self._about_the_au(statement)
        if extensions.get(SESSION_ID) != session.id:
            return "cmi5 10.2.1.0-7: the statement's session id is not this launch's"
        if "terminated" in verbs or "abandoned" in verbs:
            return "cmi5 9.3.0.0-5: a statement after the session ended"
        if "initialized" not in verbs and not (defined and verb == "initialized"):
            return "cmi5 9.3.0.0-1: the first statement of a session is initialized"
        if defined and verb in ("initialized", "completed", "passed", "failed", "terminated") and verb in verbs:
            return f"cmi5 9.3.0.0-2: {verb} twice in one session"
        return ""

    def _satisfy(self, session: Session) -> None:
        """cmi5 9.3.9.0-5: once the AU met its moveOn in this registration, the LMS records satisfied."""
        if self.registration in self.satisfied:
            return
        verbs = {
            s["verb"]["id"].rsplit("/", 1)[-1]
            for s in self.statements.values()
            if (s.get("context") or {}).get("registration") == self.registration and self._about_the_au(s)
        }
        done, passed = "completed" in verbs, "passed" in verbs
        rule = self.package.get("moveOn", "NotApplicable")
        met = {"CompletedAndPassed": done and passed, "CompletedOrPassed": done or passed, "Completed": done,
               "Passed": passed}.get(rule, True)  # fmt: skip
        if met:
            self.satisfied.add(self.registration)
            self._lms_statement(session, "satisfied", course=True)

    def fail(self, on: bool) -> None:
        with self._cond:
            self.failing = on
            self._note({"kind": "control", "what": "the LRS answers 503" if on else "the LRS answers again"})

    def returned(self) -> None:
        self._note({"kind": "control", "what": "the course went to the returnURL"})


def _outcome(result: dict) -> str:
    parts = []
    if "success" in result:
        parts.append("success" if result["success"] else "no success")
    if result.get("completion"):
        parts.append("completion")
    score = result.get("score")
    if isinstance(score, dict) and "scaled" in score:
        parts.append(f"scaled {score['scaled']}")
    if "response" in result:
        parts.append(f"response {str(result['response'])[:60]}")
    return ", ".join(parts)


def package_facts(fmt: str, files: dict) -> dict[str, str]:
    """The AU's id, moveOn and masteryScore from the package's cmi5.xml (the course's id from
    tincan.xml), read as an LMS reads them on import."""
    name = "cmi5.xml" if fmt == "cmi5" else "tincan.xml"
    raw = files.get(name)
    text = raw.decode("utf-8") if isinstance(raw, bytes) else ""
    tag = re.search(r"<au\b[^>]*>" if fmt == "cmi5" else r"<activity\b[^>]*>", text)
    facts: dict[str, str] = {}
    for key, value in re.findall(r'(\w+)="([^"]*)"', tag.group(0) if tag else ""):
        facts[key] = value
    return {"activity": facts.get("id", "urn:smab-pack:preview"), **{k: v for k, v in facts.items() if k != "id"}}
