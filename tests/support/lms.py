"""The LMS side of xAPI and cmi5 launches, as a strict test double in front of Ralph.

A cmi5 LMS issues one-time fetch tokens, writes LMS.LaunchData to the State
API, records `launched`, `abandoned` and `satisfied`, and is the AU's LRS
endpoint. Ralph's filesystem backend has only the Statements API, so this
front serves the State API itself and hands accepted statements to Ralph.

It is as strict as a real cmi5 player with a strict LRS (Ralph alone is more
lenient: it answers 409 for duplicates and does not check max > min):

- every statement is judged by tests/support/statement_rules.py: 400 for a
  statement the xAPI or cmi5 statement rules refuse, 403 for one that breaks a
  session rule (another session's id: 10.2.1.0-7 (d); after terminated or
  abandoned: 9.3.0.0-5 (d), 9.3.6.0-2 (d); a verb twice: 9.3.0.0-2 (d) …);
- each launch has its own auth token, dead once its session ended
  (8.1.2.0-2 (d): 401), and a new launch abandons the registration's open
  session (9.3.6.0-1);
- a POSTed array is all or nothing: one refused statement refuses the batch
  and stores none of it;
- a known statement id answers as an LRS does: the same statement again is
  accepted without storing it twice (204 when nothing else was new), a
  different one under that id is a 409.

Faults for journeys: `fail_verbs` answers a status for statements of a verb
(e.g. 503 for `passed`), `delay_terminated` holds the reply to the request
that carries `terminated` (the statements are stored first) so it comes
after the page is gone.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.support.statement_rules import (
    ADL,
    CMI5_CATEGORY,
    SESSION_ID,
    Cmi5Launch,
    Cmi5Session,
    Registration,
    check_cmi5_journey,
    session_of,
    xapi_errors,
)

MOVEON_EXT = "https://w3id.org/xapi/cmi5/context/extensions/moveon"
LAUNCHMODE_EXT = "https://w3id.org/xapi/cmi5/context/extensions/launchmode"
MASTERY_EXT = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
ADL_VERBS = "https://w3id.org/xapi/adl/verbs/"
# Rules about where a statement stands in its session or registration: 403, as for a forbidden write.
_SESSION_RULES = ("9.3.0.0", "9.3.6.0", "9.6.3.1-4", "10.2.1.0-7", "10.2.2.0-9", "11.0.0.0-3", "8.1.2.0-2")


def _status(rule: str) -> int:
    return 403 if rule.startswith(_SESSION_RULES) else 400


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Session:
    launch: Cmi5Launch
    rules: Cmi5Session
    token: str
    move_on: str
    started: float = field(default_factory=time.monotonic)
    prefs_read: bool = False

    @property
    def ended(self) -> bool:
        return self.rules.terminated or self.rules.abandoned


@dataclass
class Received:
    """One statement as one request brought it, and what the LMS answered."""

    id: str
    verb: str
    session: str | None
    status: int
    rule: str = ""


class XapiFront:
    def __init__(self, ralph) -> None:
        self.ralph = ralph
        self.state: dict[tuple, bytes] = {}
        self.fetch_tokens: dict[str, str] = {}  # fetch token -> session token, "" once used
        self.fetch_calls: list[str] = []
        #: (kind, detail) of each request the AU made, in order
        self.events: list[tuple[str, str]] = []
        self.sessions: dict[str, Session] = {}  # by auth token
        self.registrations: dict[str, Registration] = {}
        self.open_session: dict[str, Session] = {}  # registration -> its session not yet ended
        self.satisfied: set[str] = set()
        self.stored: dict[str, dict] = {}  # id -> statement, everything this LMS handed to Ralph
        self.received: list[Received] = []
        self.sent: list[dict] = []  # every statement the AUs sent, as sent, for the tests' own rules
        self.fail_verbs: dict[str, int] = {}
        self.delay_terminated = 0.0
        self._lock = threading.RLock()

    def reset_faults(self) -> None:
        self.fail_verbs = {}
        self.delay_terminated = 0.0

    # ---- the LMS launching an AU ----
    def cmi5_launch(
        self,
        base_url: str,
        package_url: str,
        au_id: str,
        *,
        actor: dict,
        registration: str,
        launch_mode: str = "Normal",
        mastery: float | None = None,
        move_on: str = "CompletedAndPassed",
        return_url: str | None = None,
        launch_path: str = "index.html",
    ) -> dict:
        activity_id = f"https://lms.example.org/registrations/{registration}/au"  # LMS-generated, not the AU id
        session_id = str(uuid.uuid4())
        template = {"contextActivities": {"grouping": [{"id": au_id}]}, "extensions": {SESSION_ID: session_id}}
        launch_data = {"contextTemplate": template, "launchMode": launch_mode, "moveOn": move_on}
        if mastery is not None:
            launch_data["masteryScore"] = mastery
        if return_url:
            launch_data["returnURL"] = return_url
        key = self._key(
            {
                "stateId": "LMS.LaunchData",
                "activityId": activity_id,
                "agent": json.dumps(actor),
                "registration": registration,
            }
        )
        token, auth = str(uuid.uuid4()), uuid.uuid4().hex
        launch = Cmi5Launch(
            registration=registration,
            activity_id=activity_id,
            session=session_id,
            template=json.loads(json.dumps(template)),
            actor=actor,
            mastery=mastery,
            launch_mode=launch_mode,
        )
        with self._lock:
            previous = self.open_session.get(registration)
            if previous is not None:
                self._abandon(previous)
            self.state[key] = json.dumps(launch_data).encode()
            session = Session(
                launch, Cmi5Session(launch, self.registrations.setdefault(registration, Registration())), auth, move_on
            )
            self.sessions[auth] = self.open_session[registration] = session
            self.fetch_tokens[token] = auth
        extensions = {
            SESSION_ID: session_id,
            LAUNCHMODE_EXT: launch_mode,
            MOVEON_EXT: move_on,
            "https://w3id.org/xapi/cmi5/context/extensions/launchurl": f"{package_url}/{launch_path}",
        }
        if mastery is not None:
            extensions[MASTERY_EXT] = mastery
        self._record(session, "launched", activity_id, extensions=extensions)
        query = urlencode(
            {
                "endpoint": f"{base_url}/xapi/",
                "fetch": f"{base_url}/fetch/{token}",
                "actor": json.dumps(actor),
                "registration": registration,
                "activityId": activity_id,
            }
        )
        joiner = "&" if "?" in launch_path else "?"
        return {
            "url": f"{package_url}/{launch_path}{joiner}{query}",
            "activity_id": activity_id,
            "session": session_id,
            "token": token,
            "launch": launch,
        }

    def _record(self, session: Session, verb: str, object_id: str, **kw) -> None:
        """Record a statement the LMS itself makes (launched, abandoned)."""
        statement = self._lms_statement(session, verb, object_id, **kw)
        self.ralph.post(statement)
        self.stored[statement["id"]] = statement

    def _lms_statement(
        self,
        session: Session,
        verb: str,
        object_id: str,
        *,
        extensions: dict | None = None,
        result: dict | None = None,
        object_type: str | None = None,
    ) -> dict:
        """A statement the LMS itself makes (launched, abandoned, satisfied)."""
        launch = session.launch
        context = {
            "registration": launch.registration,
            "contextActivities": {
                "grouping": launch.template["contextActivities"]["grouping"],
                "category": [{"id": CMI5_CATEGORY}],
            },
            "extensions": extensions or {SESSION_ID: launch.session},
        }
        obj = {"id": object_id, "objectType": "Activity"}
        if object_type:
            obj["definition"] = {"type": object_type}
        statement = {
            "id": str(uuid.uuid4()),
            "actor": launch.actor,
            "timestamp": _now(),
            "verb": {"id": (ADL if verb == "launched" else ADL_VERBS) + verb, "display": {"en-US": verb}},
            "object": obj,
            "context": context,
        }
        if result:
            statement["result"] = result
        assert xapi_errors(statement) == [], xapi_errors(statement)  # the LMS's own statements obey too
        return statement

    def _abandon(self, session: Session) -> None:
        """9.3.6.0-1: a launch in a registration with an open session abandons that session."""
        if session.ended:
            return
        seconds = round(time.monotonic() - session.started, 2)
        self._record(session, "abandoned", session.launch.activity_id, result={"duration": f"PT{seconds}S"})
        session.rules.abandoned = True

    def _satisfied(self, session: Session, trial: Cmi5Session) -> list[dict]:
        """9.3.9.0-5: the LMS records satisfied once the AU met its moveOn (one AU: the course),
        stored with the statements that met it (so no reader sees them without it)."""
        reg = session.launch.registration
        done, passed = trial.registration.completed, trial.registration.passed
        met = {
            "CompletedAndPassed": done and passed,
            "CompletedOrPassed": done or passed,
            "Completed": done,
            "Passed": passed,
            "NotApplicable": True,
        }[session.move_on]
        if not met or reg in self.satisfied:
            return []
        return [
            self._lms_statement(
                session,
                "satisfied",
                f"https://lms.example.org/registrations/{reg}/course",
                object_type="https://w3id.org/xapi/cmi5/activitytype/course",
            )
        ]

    # ---- HTTP ----
    @staticmethod
    def _key(query: dict) -> tuple:
        agent = query.get("agent")
        agent = json.dumps(json.loads(agent), sort_keys=True) if agent else None
        return (query.get("stateId"), query.get("activityId"), agent, query.get("registration"))

    def handle(self, handler, method: str) -> bool:
        parts = urlsplit(handler.path)
        if parts.path.startswith("/fetch/"):
            self._fetch(handler, method, parts.path.split("/")[-1])
            return True
        if not parts.path.startswith("/xapi/"):
            return False
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        resource = parts.path[len("/xapi/") :]
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        auth = (handler.headers.get("Authorization") or "").removeprefix("Basic ").strip()
        session = self.sessions.get(auth)
        if session is None and auth != self.ralph.token:
            self._reply(handler, 401, b'{"error": "unknown credentials"}')
            return True
        if session is not None and session.ended and not (resource == "statements" and method == "GET"):
            # 8.1.2.0-2 (d): a session's token dies with the session.
            self.events.append(("refused-token", resource))
            self._reply(handler, 401, b'{"error": "the session of this token has ended"}')
            return True
        if resource == "activities/state":
            self.events.append(("state-" + method.lower(), query.get("stateId", "")))
            self._state(handler, method, query, body)
        elif resource == "agents/profile":
            self.events.append(("profile-" + method.lower(), query.get("profileId", "")))
            if session is not None and method == "GET":
                session.prefs_read = True
            self._reply(handler, 404, b"")  # no learner preferences stored: the AU must cope
        elif resource == "statements":
            self.events.append(("statements-" + method.lower(), ""))
            if method in ("POST", "PUT"):
                self._statements(handler, method, query, body, session)
            else:
                self._forward(handler, method, parts.query, b"")
        else:
            self._reply(handler, 404, b'{"error": "not served by this LMS"}')
        return True

    def _fetch(self, handler, method: str, token: str) -> None:
        self.fetch_calls.append(method)
        if method != "POST":
            self._reply(handler, 405, b'{"error-code": "3", "error-text": "use POST"}')
        elif token not in self.fetch_tokens:
            self._reply(handler, 200, b'{"error-code": "2", "error-text": "unknown launch"}')
        elif not self.fetch_tokens[token]:
            self._reply(handler, 200, b'{"error-code": "1", "error-text": "already used"}')
        else:
            auth, self.fetch_tokens[token] = self.fetch_tokens[token], ""
            self._reply(handler, 200, json.dumps({"auth-token": auth}).encode())

    def _state(self, handler, method: str, query: dict, body: bytes) -> None:
        key = self._key(query)
        with self._lock:
            if method == "GET":
                found = self.state.get(key)
                self._reply(handler, 200 if found is not None else 404, found or b"")
            elif query.get("stateId") == "LMS.LaunchData":
                self._reply(handler, 403, b'{"error": "10.2.1.0-5: the AU must not change LMS.LaunchData"}')
            elif method in ("PUT", "POST"):
                self.state[key] = body
                self._reply(handler, 204, b"")
            elif method == "DELETE":
                self.state.pop(key, None)
                self._reply(handler, 204, b"")
            else:
                self._reply(handler, 405, b"")

    def _judge(
        self, statements: list[dict], session: Session | None
    ) -> tuple[int, str, list[dict], Cmi5Session | None]:
        """The batch's fate: (status, why, the statements to store, the session rules after them)."""
        trial = session.rules.trial() if session else None
        fresh: list[dict] = []
        for statement in statements:
            if not isinstance(statement, dict):
                return 400, "a statement must be a JSON object", [], None
            sid = statement.get("id")
            if session is not None and session_of(statement) != session.launch.session:
                # Judged before anything else, a statement already stored included: under this
                # session's token only this session's statements (10.2.1.0-6/-7, 9.6.3.1-4).
                return 403, f"10.2.1.0-7: session id {session_of(statement)!r} is not this session's", [], None
            if sid in self.stored:
                if self.stored[sid] != statement:
                    return 409, f"{sid}: another statement has this id", [], None
                continue  # the same statement again: already stored, nothing changes
            if sid is None or any(sid == f.get("id") for f in fresh):
                return 400, "each statement needs an id of its own (this AU makes them)", [], None
            name = (statement.get("verb") or {}).get("id", "").rsplit("/", 1)[-1]
            if name in self.fail_verbs:
                return self.fail_verbs[name], f"injected fault for {name}", [], None
            if trial is not None:
                problems = trial.feed(statement)
                if name == "initialized" and not session.prefs_read:
                    problems.append(("11.0.0.0-3", "initialized before the learner preferences were read"))
            else:
                problems = [("xAPI", message) for message in xapi_errors(statement)]
            if problems:
                rule, message = problems[0]
                return _status(rule), f"{rule}: {message}", [], None
            fresh.append(statement)
        return (200 if fresh else 204), "", fresh, trial

    def _statements(self, handler, method: str, query: dict, body: bytes, session: Session | None) -> None:
        try:
            data = json.loads(body or b"null")
        except ValueError:
            self._reply(handler, 400, b'{"error": "not JSON"}')
            return
        statements = data if isinstance(data, list) else [data]
        if method == "PUT":
            if not isinstance(data, dict) or data.get("id", query.get("statementId")) != query.get("statementId"):
                self._reply(handler, 400, b'{"error": "PUT needs statementId matching the statement id"}')
                return
            data.setdefault("id", query["statementId"])
        self.sent.extend(s for s in statements if isinstance(s, dict))
        with self._lock:
            status, why, fresh, trial = self._judge(statements, session)
            extra = self._satisfied(session, trial) if fresh and session is not None else []
            if fresh:
                try:
                    self.ralph.post(fresh + extra)
                except urllib.error.HTTPError as exc:
                    status, why, fresh = exc.code, f"the LRS answered {exc.code}", []
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    status, why, fresh = 502, "LRS unreachable", []
            if fresh:
                for statement in fresh + extra:
                    self.stored[statement["id"]] = statement
                if extra:
                    self.satisfied.add(session.launch.registration)
                if session is not None:
                    session.rules.adopt(trial)
                    if session.rules.terminated:
                        self.open_session.pop(session.launch.registration, None)
            for statement in statements:
                if isinstance(statement, dict):
                    self.received.append(
                        Received(
                            str(statement.get("id")),
                            (statement.get("verb") or {}).get("id", "").rsplit("/", 1)[-1],
                            session_of(statement),
                            status,
                            why,
                        )
                    )
        if fresh and self.delay_terminated and any(s["verb"]["id"] == ADL + "terminated" for s in fresh):
            time.sleep(self.delay_terminated)  # stored already; the reply comes after the page is gone
        if status in (200, 204):
            payload = (
                json.dumps([s.get("id") for s in statements]).encode() if status == 200 and method == "POST" else b""
            )
            self._reply(handler, 200 if payload else 204, payload)
        else:
            self._reply(handler, status, json.dumps({"error": why}).encode())

    def _forward(self, handler, method: str, query: str, body: bytes) -> None:
        url = f"{self.ralph.url}/xAPI/statements" + (f"?{query}" if query else "")
        headers = {"Authorization": f"Basic {self.ralph.token}", "X-Experience-API-Version": "1.0.3"}
        request = urllib.request.Request(url, data=body or None, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                self._reply(handler, response.status, response.read())
        except urllib.error.HTTPError as exc:
            self._reply(handler, exc.code, exc.read())
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            self._reply(handler, 502, b'{"error": "LRS unreachable"}')

    @staticmethod
    def _reply(handler, status: int, body: bytes) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            if body:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went away before the reply (a delayed keep-alive request)

    # ---- what the tests check after every journey ----
    def mark(self) -> tuple[int, int]:
        return len(self.sent), len(self.received)

    def problems(self, since: tuple[int, int] = (0, 0)) -> list[str]:
        """Every rule a statement the AUs sent broke (the tests' own rules, not
        only what Ralph accepts), and every cmi5 rule broken by what was stored
        for the registrations those statements belong to."""
        out: list[str] = []
        sent = self.sent[since[0] :]
        for statement in sent:
            out += [f"{statement.get('id')}: {m}" for m in xapi_errors(statement)]
        # Refused for a broken rule (4xx); an LRS that is down (5xx) or an injected fault is no fault of the AU's.
        refused = [
            r
            for r in self.received[since[1] :]
            if 400 <= r.status < 500 and r.status != 429 and not r.rule.startswith("injected")
        ]
        out += [f"{r.id} ({r.verb}): refused {r.status}: {r.rule}" for r in refused]
        touched = {s.get("context", {}).get("registration") for s in sent}
        for reg in sorted(r for r in touched if r):
            launches = [s.launch for s in self.sessions.values() if s.launch.registration == reg]
            if not launches:
                continue  # a TinCan registration: xAPI rules only
            stored = sorted(
                (s for s in self.stored.values() if s["context"].get("registration") == reg),
                key=lambda s: s["timestamp"],
            )
            out += check_cmi5_journey(stored, launches)
        return out
