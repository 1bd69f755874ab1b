"""The LMS side of xAPI and cmi5 launches, as a test double in front of Ralph.

A cmi5 LMS issues one-time fetch tokens, writes LMS.LaunchData to the State
API, records `launched`, and hands statements to its LRS. Ralph's filesystem
backend has only the Statements API, so this front serves the State API itself
and forwards statements to Ralph untouched.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlencode, urlsplit

CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"


class XapiFront:
    def __init__(self, ralph) -> None:
        self.ralph = ralph
        self.state: dict[tuple, bytes] = {}
        self.fetch_tokens: dict[str, bool] = {}
        self.fetch_calls: list[str] = []
        #: (kind, detail) of each request the AU made, in order
        self.events: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    # ---- the LMS launching an AU ----
    def cmi5_launch(self, base_url: str, package_url: str, au_id: str, *, actor: dict, registration: str,
                    launch_mode: str = "Normal", mastery: float | None = None, move_on: str = "CompletedAndPassed",
                    return_url: str | None = None, launch_path: str = "index.html") -> dict:
        activity_id = f"https://lms.example.org/registrations/{registration}/au"  # LMS-generated, not the AU id
        session = str(uuid.uuid4())
        template = {"contextActivities": {"grouping": [{"id": au_id}]}, "extensions": {SESSION_ID: session}}
        launch_data = {"contextTemplate": template, "launchMode": launch_mode, "moveOn": move_on}
        if mastery is not None:
            launch_data["masteryScore"] = mastery
        if return_url:
            launch_data["returnURL"] = return_url
        key = self._key({"stateId": "LMS.LaunchData", "activityId": activity_id, "agent": json.dumps(actor),
                         "registration": registration})
        with self._lock:
            self.state[key] = json.dumps(launch_data).encode()
        token = str(uuid.uuid4())
        self.fetch_tokens[token] = False
        self.ralph.post({
            "id": str(uuid.uuid4()), "actor": actor, "timestamp": datetime.now(timezone.utc).isoformat(),
            "verb": {"id": "http://adlnet.gov/expapi/verbs/launched", "display": {"en-US": "launched"}},
            "object": {"id": activity_id, "objectType": "Activity"},
            "context": {"registration": registration, **json.loads(json.dumps(template)),
                        "contextActivities": {"grouping": [{"id": au_id}], "category": [{"id": CMI5_CATEGORY}]},
                        "extensions": {SESSION_ID: session,
                                       "https://w3id.org/xapi/cmi5/context/extensions/launchmode": launch_mode,
                                       "https://w3id.org/xapi/cmi5/context/extensions/moveon": move_on}},
        })
        query = urlencode({"endpoint": f"{base_url}/xapi/", "fetch": f"{base_url}/fetch/{token}",
                           "actor": json.dumps(actor), "registration": registration, "activityId": activity_id})
        joiner = "&" if "?" in launch_path else "?"
        return {"url": f"{package_url}/{launch_path}{joiner}{query}", "activity_id": activity_id, "session": session,
                "token": token}

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
        resource = parts.path[len("/xapi/"):]
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if resource == "activities/state":
            self.events.append(("state-" + method.lower(), query.get("stateId", "")))
            self._state(handler, method, query, body)
        elif resource == "agents/profile":
            self.events.append(("profile-" + method.lower(), query.get("profileId", "")))
            self._reply(handler, 404, b"")  # no learner preferences stored: the AU must cope
        elif resource == "statements":
            self.events.append(("statements-" + method.lower(), ""))
            self._forward(handler, method, parts.query, body)
        else:
            self._reply(handler, 404, b'{"error": "not served by this LMS"}')
        return True

    def _fetch(self, handler, method: str, token: str) -> None:
        self.fetch_calls.append(method)
        if method != "POST":
            self._reply(handler, 405, b'{"error-code": "3", "error-text": "use POST"}')
        elif token not in self.fetch_tokens:
            self._reply(handler, 200, b'{"error-code": "2", "error-text": "unknown launch"}')
        elif self.fetch_tokens[token]:
            self._reply(handler, 200, b'{"error-code": "1", "error-text": "already used"}')
        else:
            self.fetch_tokens[token] = True
            self._reply(handler, 200, json.dumps({"auth-token": self.ralph.token}).encode())

    def _state(self, handler, method: str, query: dict, body: bytes) -> None:
        key = self._key(query)
        with self._lock:
            if method == "GET":
                found = self.state.get(key)
                self._reply(handler, 200 if found is not None else 404, found or b"")
            elif method in ("PUT", "POST"):
                self.state[key] = body
                self._reply(handler, 204, b"")
            elif method == "DELETE":
                self.state.pop(key, None)
                self._reply(handler, 204, b"")
            else:
                self._reply(handler, 405, b"")

    def _forward(self, handler, method: str, query: str, body: bytes) -> None:
        url = f"{self.ralph.url}/xAPI/statements" + (f"?{query}" if query else "")
        headers = {k: handler.headers[k] for k in ("Authorization", "X-Experience-API-Version", "Content-Type")
                   if handler.headers.get(k)}
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
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if body:
            handler.wfile.write(body)
