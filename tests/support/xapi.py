"""Launch xAPI and cmi5 packages in Chromium and read back what Ralph stored."""

from __future__ import annotations

import json
import time
import uuid
from urllib.parse import urlencode

from tests.support.scorm import ScormRun

ADL = "http://adlnet.gov/expapi/verbs/"


def new_actor(name: str = "Amina Hansen") -> dict:
    return {
        "objectType": "Agent",
        "name": name,
        "account": {"homePage": "https://lms.example.org", "name": f"learner-{uuid.uuid4().hex[:10]}"},
    }


def tincan_url(package_url: str, endpoint: str, token: str, actor: dict, registration: str) -> str:
    query = urlencode(
        {"endpoint": endpoint, "auth": f"Basic {token}", "actor": json.dumps(actor), "registration": registration}
    )
    return f"{package_url}/index.html?{query}"


class CourseTab(ScormRun):
    """The course opened as its own page (no SCORM harness), driven like ScormRun."""

    def __init__(self, page, url: str) -> None:
        self.page = page
        self.url = url

    def open(self):
        self.page.goto(self.url)
        self.page.wait_for_selector("html[data-smab=ready]", state="attached")
        return self.page

    @property
    def frame(self):
        return self.page.main_frame

    def walk(self, correct: bool, stop_at: str | None = None) -> int:
        # The learner reads in this tab, so it is the one in front: Chromium throttles the
        # animation frames of a tab behind another, and each click waits for frames.
        self.page.bring_to_front()
        return super().walk(correct, stop_at)

    def close(self) -> None:
        """The learner closes the tab: pagehide sends the last statements with keep-alive."""
        self.page.goto("about:blank")


VIDEO_TYPE = "https://w3id.org/xapi/video/activity-type/video"


def is_video(statement: dict) -> bool:
    """A statement of the xAPI Video Profile (checked in test_video.py)."""
    return statement["object"].get("definition", {}).get("type") == VIDEO_TYPE


def verbs(statements: list[dict]) -> list[str]:
    """The verbs of the course's own statements, in order; video-profile
    statements (about a video, not the course) are left out."""
    return [s["verb"]["id"].rsplit("/", 1)[-1] for s in statements if not is_video(s)]


def wait_for(ralph, actor: dict, until, timeout: float = 45) -> list[dict]:
    """Poll Ralph for the actor's statements until ``until(statements)`` holds."""
    deadline = time.monotonic() + timeout
    found: list[dict] = []
    while time.monotonic() < deadline:
        found = ralph.statements(agent=json.dumps(actor))
        if until(found):
            return found
        time.sleep(0.3)
    raise AssertionError(f"timed out; Ralph has {verbs(found)}")
