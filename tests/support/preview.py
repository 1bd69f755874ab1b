"""A running `smab-pack preview` for the browser tests, and a learner driving the course in it the way
tests/support/scorm.py drives it under scorm-again (same clicks, same answers)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Frame, Page

from tests.support.scorm import ScormRun
from tests.support.scorm_types import refused, violations


@contextlib.contextmanager
def running_preview(course: Path, *args: str) -> Iterator[str]:
    """`smab-pack preview COURSE --port 0 ARGS…` until the block ends; yields its URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "smab_pack", "preview", course.name, "--port", "0", *args],
        cwd=course.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        url = None
        deadline = time.monotonic() + 120
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if " at http://" in line:
                url = line.split(" at ", 1)[1].split()[0]
        assert url, f"preview did not start: {proc.stderr.read() if proc.poll() is not None else ''}"
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class PreviewRun(ScormRun):
    """The course in the preview's frame, the preview's inspector as the LMS."""

    def __init__(self, page: Page, url: str, version: str) -> None:
        self.page, self.url, self.version = page, url, version
        self.sessions = 0

    def launch(self, stored: dict | None = None, faults: dict | None = None) -> Frame:
        self.page.goto(self.url)
        return self._started()

    def _started(self) -> Frame:
        self.sessions += 1
        self.page.wait_for_function(
            "n => window.smabInspector && smabInspector.session() === n && "
            "smabInspector.lms().calls.some(c => /Initialize$/.test(c.fn))",
            arg=self.sessions,
            timeout=60_000,
        )
        frame = self.frame
        frame.wait_for_selector("html[data-smab=ready]", state="attached")
        return frame

    def wait_ready(self) -> Frame:
        """Until the course in the frame has started (whatever the launch did before)."""
        self.page.wait_for_function(
            """() => { try {
                const w = document.getElementById('pv-course').contentWindow, root = w.document.documentElement;
                return w.location.pathname.startsWith('/course/') && root.dataset.smab === 'ready';
            } catch (e) { return false; } }""",
            timeout=60_000,
        )
        return self.frame

    @property
    def frame(self) -> Frame:
        for frame in self.page.frames:
            if "/course/" in frame.url and "/index.html" in frame.url:
                return frame
        raise AssertionError(f"course frame not loaded: {[f.url for f in self.page.frames]}")

    def lms(self) -> dict:
        return self.page.evaluate("smabInspector.lms()")

    def calls(self) -> list[dict]:
        return self.lms()["calls"]

    def assert_conforming(self) -> None:
        calls = self.calls()
        bad = violations(self.version, calls) + refused(calls)
        assert not bad, (
            "the inspector's LMS saw values or refusals that break SCORM " + self.version + ":\n" + "\n".join(bad)
        )

    def relaunch(self) -> Frame:
        """The inspector's Relaunch button: the session ends (the frame unloads), the next resumes."""
        self.page.click("#pv-relaunch")
        frame = self._started()
        return frame

    def finish(self) -> None:
        self.frame.locator(".smab-exit").click()
        self.page.wait_for_function("smabInspector.lms().calls.some(c => /(Finish|Terminate)$/.test(c.fn))")
        self.assert_conforming()
