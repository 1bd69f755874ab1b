"""The preview's web server: the shell page (the course in a frame, the overlay), the course's files
as the package holds them, and a Server-Sent Events stream that says when a build is ready.

Routes (nothing else is served):

- ``/``: the shell (assets/shell.html), ``/__preview/shell.js`` and ``/__preview/shell.css``;
- ``/__preview/state``: the last build's outcome as JSON; ``/__preview/events``: the same, pushed
  (``text/event-stream``) after every build;
- ``/course/<lang>/<name>``: a file of the package in that language: only names the package holds,
  looked up as they are (no path is ever joined to a folder, so nothing outside the built site);
- ``/__lms/…`` with ``-f xapi`` / ``-f cmi5``: the LRS and cmi5 LMS the course reports to (lrs.py),
  the launches the inspector asks for (``/__lms/launch``), its log (``/__lms/log``, long-polled) and
  its failing switch (``/__lms/fail``).
"""

from __future__ import annotations

import json
import mimetypes
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from smab_pack.preview.builder import Builder
from smab_pack.preview.lrs import Lrs, package_facts
from smab_pack.preview.overlay import state_json

_assets = files("smab_pack.preview") / "assets"
HEARTBEAT = 15.0  # seconds between keep-alive comments on an idle event stream
CHUNK = 1 << 20
#: the shell page's own files: its script, its style, the LMS the inspector plays
ASSETS = {f"/__preview/{name}" for name in ("shell.js", "shell.css", "lms.js", "inspector.js")}


class Hub:
    """Who waits for the next build: the event streams block on it."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.version = 0
        self.closed = False

    def publish(self) -> None:
        with self._cond:
            self.version += 1
            self._cond.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self._cond:
            self._cond.wait_for(lambda: self.version != seen or self.closed, timeout)
            return self.version

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], builder: Builder, *, lang: str, fmt: str) -> None:
        super().__init__(address, Handler)
        self.builder = builder
        self.hub = Hub()
        self.lang = lang
        self.fmt = fmt
        #: languages a browser asked for: rendered again at once after a change
        self.viewed: set[str] = {lang}
        self.hosts = self._hosts()
        self._lrs: Lrs | None = None
        self._lrs_lock = threading.Lock()

    def lrs(self) -> Lrs | None:
        """The LRS (and cmi5 LMS) of an xAPI or cmi5 preview, made once the package is built."""
        if self.fmt not in ("xapi", "cmi5"):
            return None
        with self._lrs_lock:
            if self._lrs is None:
                got = self.builder.site(self.lang)
                if got is None:
                    return None
                self._lrs = Lrs(self.fmt, package_facts(self.fmt, got[1]))
            return self._lrs

    def _hosts(self) -> set[str]:
        """Host headers we answer: this server's own names. Anything else is a page elsewhere reaching
        in through a name it made point here (DNS rebinding): refused."""
        host, port = str(self.server_address[0]), self.server_address[1]
        names = {host, "localhost", "127.0.0.1", "[::1]"}
        return {f"{name}:{port}" for name in names} | ({host} if port == 80 else set())

    def url(self) -> str:
        host, port = str(self.server_address[0]), self.server_address[1]
        shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
        return f"http://{shown}:{port}/"

    def shutdown(self) -> None:
        if self._lrs is not None:
            self._lrs.close()
        self.hub.close()
        super().shutdown()


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    server_version = "smab-pack-preview"

    def log_message(self, format: str, *args) -> None:  # the terminal is for builds and problems
        pass

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def _foreign(self, head: bool = False) -> bool:
        if self.headers.get("Host") not in self.server.hosts and self.server.server_address[0] in ("127.0.0.1", "::1"):
            self._send(HTTPStatus.FORBIDDEN, b"unknown host\n", "text/plain; charset=utf-8", head)
            return True
        return False

    def do_POST(self) -> None:
        self._lms("POST")

    def do_PUT(self) -> None:
        self._lms("PUT")

    def do_DELETE(self) -> None:
        self._lms("DELETE")

    def _lms(self, method: str) -> None:
        """The LMS side of xAPI and cmi5 (lrs.py): only under /__lms/, only with -f xapi / cmi5."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if 0 < length <= 1 << 24 else b""
        if self._foreign():
            return
        parts = urlsplit(self.path)
        lrs = self.server.lrs() if parts.path.startswith("/__lms/") else None
        if lrs is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", False)
            return
        rest = parts.path[len("/__lms/") :]
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if rest == "launch" and method == "POST":
            launch = lrs.launch(f"http://{self.headers.get('Host')}", fresh=body == b"new")
            self._send(HTTPStatus.OK, json.dumps({"query": urlencode(launch)}).encode(), "application/json", False)
        elif rest == "fail" and method == "POST":
            lrs.fail(body == b"on")
            self._send(HTTPStatus.NO_CONTENT, b"", "application/json", False)
        elif rest == "log" and method == "GET":
            after = int(query["after"]) if query.get("after", "").isdigit() else -1
            snapshot = lrs.snapshot(after, 10.0 if after >= 0 else 0)
            self._send(HTTPStatus.OK, json.dumps(snapshot).encode(), "application/json", False)
        elif rest == "returned" and method == "GET":
            lrs.returned()
            page = "<!doctype html><meta charset=utf-8><title>Returned</title><p>The course went to its returnURL."
            self._send(HTTPStatus.OK, page.encode(), "text/html; charset=utf-8", False)
        else:
            auth = self.headers.get("Authorization") or ""
            reply = lrs.handle(method, rest, query, auth, body)
            self._send(HTTPStatus(reply.status), reply.body, reply.kind, False)

    def do_GET(self, head: bool = False) -> None:
        if self._foreign(head):
            return
        path = urlsplit(self.path).path
        if path.startswith("/__lms/") and not head:
            self._lms("GET")
            return
        if path == "/":
            self._send(HTTPStatus.OK, self._shell(), "text/html; charset=utf-8", head)
        elif path in ASSETS:
            name = path.rsplit("/", 1)[1]
            kind = "text/javascript" if name.endswith(".js") else "text/css"
            self._send(HTTPStatus.OK, (_assets / name).read_bytes(), f"{kind}; charset=utf-8", head)
        elif path == "/__preview/state.js":  # the run-time's own codec: the inspector decodes saved states with it
            codec = files("smab_pack.runtime") / "state.js"
            self._send(HTTPStatus.OK, codec.read_bytes(), "text/javascript; charset=utf-8", head)
        elif path == "/__preview/state":
            self._send(HTTPStatus.OK, state_json(self.server.builder).encode(), "application/json", head)
        elif path == "/__preview/events":
            self._events()
        elif path.startswith("/course/"):
            self._course_file(path[len("/course/") :], head)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head)

    def _shell(self) -> bytes:
        server = self.server
        config = {"lang": server.lang, "format": server.fmt, "languages": server.builder.languages or [server.lang]}
        text = (_assets / "shell.html").read_text(encoding="utf-8")
        data = json.dumps(config).replace("<", "\\u003c")
        return text.replace("{{config}}", data).encode("utf-8")

    def _course_file(self, rest: str, head: bool) -> None:
        lang, _, name = unquote(rest).partition("/")
        got = self.server.builder.site(lang)
        content = got[1].get(name or "index.html") if got else None
        if content is None:
            # Nothing but the package's own files: '..', absolute paths, the course's sources are 404.
            self._send(HTTPStatus.NOT_FOUND, b"not in the built course\n", "text/plain; charset=utf-8", head)
            return
        if lang not in self.server.viewed:
            self.server.viewed.add(lang)
        kind = mimetypes.guess_type(name or "index.html")[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "text/javascript", "image/svg+xml"):
            kind += "; charset=utf-8"
        if isinstance(content, bytes):
            self._send(HTTPStatus.OK, content, kind, head)
        else:
            self._send_file(content, kind, head)

    def _headers(self, status: HTTPStatus, kind: str, length: int, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")  # every reload shows the build just made
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool) -> None:
        self._headers(status, kind, len(body))
        if not head:
            self.wfile.write(body)

    def _send_file(self, path: Path, kind: str, head: bool) -> None:
        """A media file from disk, streamed; one byte range when asked (a video's seek bar needs it)."""
        try:
            size = path.stat().st_size
            start, end, status = 0, size - 1, HTTPStatus.OK
            wanted = self.headers.get("Range", "")
            if wanted.startswith("bytes=") and "," not in wanted:
                first, _, last = wanted[len("bytes=") :].partition("-")
                if first.isdigit():
                    start, end = int(first), min(int(last), size - 1) if last.isdigit() else size - 1
                elif last.isdigit():
                    start = max(0, size - int(last))
                if start > end or start >= size:
                    self._headers(
                        HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, kind, 0, {"Content-Range": f"bytes */{size}"}
                    )
                    return
                status = HTTPStatus.PARTIAL_CONTENT
            extra = {"Accept-Ranges": "bytes"}
            if status is HTTPStatus.PARTIAL_CONTENT:
                extra["Content-Range"] = f"bytes {start}-{end}/{size}"
            with path.open("rb") as stream:
                self._headers(status, kind, end - start + 1, extra)
                if head:
                    return
                stream.seek(start)
                left = end - start + 1
                while left > 0:
                    chunk = stream.read(min(CHUNK, left))
                    if not chunk:
                        break
                    self.wfile.write(chunk)
                    left -= len(chunk)
        except OSError:  # the file went away between the build and this request
            self.close_connection = True

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        hub, seen = self.server.hub, -1
        try:
            while not hub.closed:
                if seen != hub.version:
                    seen = hub.version
                    self.wfile.write(f"data: {state_json(self.server.builder)}\n\n".encode())
                else:
                    self.wfile.write(b": idle\n\n")
                self.wfile.flush()
                started = time.monotonic()
                while hub.wait(seen, HEARTBEAT) == seen and not hub.closed:
                    if time.monotonic() - started >= HEARTBEAT:
                        break
        except (BrokenPipeError, ConnectionResetError):  # the tab was closed or reloaded
            pass
