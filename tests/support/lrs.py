"""Ralph, a real learning record store, in its own virtual environment,
started on 127.0.0.1 with its filesystem backend and basic auth."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

USER, PASSWORD = "smab", "smab-test-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Ralph:
    def __init__(self, venv: Path, workdir: Path) -> None:
        self.bin = venv / "bin"
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_APP_DIR": str(workdir / "app"),
            "RALPH_AUTH_FILE": str(workdir / "app" / "auth.json"),
            "RALPH_HISTORY_FILE": str(workdir / "app" / "history.json"),
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(workdir / "lrs"),
            "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(workdir / "data"),
        }
        for sub in ("app", "lrs", "data"):
            (workdir / sub).mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                str(self.bin / "ralph"),
                "auth",
                "-u",
                USER,
                "-p",
                PASSWORD,
                "-s",
                "all",
                "-M",
                f"mailto:{USER}@example.org",
                "-w",
            ],
            env=self.env,
            check=True,
            capture_output=True,
            timeout=120,
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def token(self) -> str:
        return base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    def start(self) -> Ralph:
        with open(self.workdir / "ralph.log", "ab") as log:  # the child keeps its own descriptor
            self.process = subprocess.Popen(
                [
                    str(self.bin / "uvicorn"),
                    "--app-dir",
                    str(Path(__file__).parent),
                    "ralph_app:app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph exited: see {self.workdir / 'ralph.log'}")
            try:
                with urllib.request.urlopen(f"{self.url}/__heartbeat__", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError("Ralph did not start within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def statements(self, **filters: str) -> list[dict]:
        """Every stored statement (following `more` links), oldest first by stored time."""
        url = f"{self.url}/xAPI/statements"
        query = "&".join(f"{k}={urllib.request.quote(v)}" for k, v in filters.items())
        if query:
            url += "?" + query
        found: list[dict] = []
        while url:
            request = urllib.request.Request(
                url, headers={"Authorization": f"Basic {self.token}", "X-Experience-API-Version": "1.0.3"}
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                page = json.loads(response.read())
            found.extend(page["statements"])
            more = page.get("more")
            url = f"{self.url}{more}" if more else ""
        return sorted(found, key=lambda s: s["stored"])

    def post(self, statement: dict) -> None:
        request = urllib.request.Request(
            f"{self.url}/xAPI/statements",
            data=json.dumps(statement).encode(),
            method="POST",
            headers={
                "Authorization": f"Basic {self.token}",
                "X-Experience-API-Version": "1.0.3",
                "Content-Type": "application/json",
            },
        )
        with urllib.request.urlopen(request, timeout=30):
            pass
