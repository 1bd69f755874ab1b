"""A small HTTP server on 127.0.0.1 playing the web side of an LMS for tests:
it serves unpacked packages, the scorm-again run-time and the harness page,
and records what the run-time commits (scorm-again's lmsCommitUrl)."""

from __future__ import annotations

import json
import re
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


class TestServer:
    def __init__(self, root: Path, mounts: dict[str, Path]) -> None:
        self.root = root
        self.mounts = dict(mounts)
        self.commits: dict[str, list[dict]] = {}
        self._lock = threading.Lock()
        self.xapi = None  # an XapiFront when a test needs the xAPI/cmi5 LMS side
        server = self

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet test output
                pass

            def translate_path(self, path: str) -> str:
                parts = unquote(urlsplit(path).path).lstrip("/").split("/", 1)
                base = server.mounts.get(parts[0])
                if base is None:
                    return str(server.root / "__missing__")
                target = (base / (parts[1] if len(parts) > 1 else "")).resolve()
                if not str(target).startswith(str(base.resolve())):
                    return str(server.root / "__missing__")
                return str(target)

            def end_headers(self) -> None:
                self.send_header("Cache-Control", "no-store")
                super().end_headers()

            def _xapi(self, method: str) -> bool:
                return server.xapi is not None and server.xapi.handle(self, method)

            def do_GET(self) -> None:
                if self._xapi("GET"):
                    return
                if self.headers.get("Range") and self._ranged():
                    return
                super().do_GET()

            def _ranged(self) -> bool:
                """Byte ranges (RFC 9110), as an LMS's web server answers them: browsers
                need them to seek in a video. Only the single-range form players send."""
                match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers["Range"].strip())
                target = Path(self.translate_path(self.path))
                if not match or not target.is_file() or not any(match.groups()):
                    return False
                size = target.stat().st_size
                first, last = match.groups()
                start = int(first) if first else max(0, size - int(last))
                end = min(int(last), size - 1) if first and last else size - 1
                if start >= size or start > end:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return True
                self.send_response(206)
                self.send_header("Content-Type", self.guess_type(str(target)))
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
                self.send_header("Content-Length", str(end - start + 1))
                self.send_header("Accept-Ranges", "bytes")
                self.end_headers()
                with target.open("rb") as f:
                    f.seek(start)
                    remaining = end - start + 1
                    try:
                        while remaining:
                            chunk = f.read(min(remaining, 1 << 16))
                            if not chunk:
                                break
                            self.wfile.write(chunk)
                            remaining -= len(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the player moved on to another range
                return True

            def do_PUT(self) -> None:
                if not self._xapi("PUT"):
                    self.send_error(404)

            def do_DELETE(self) -> None:
                if not self._xapi("DELETE"):
                    self.send_error(404)

            def do_POST(self) -> None:
                if self._xapi("POST"):
                    return
                path = urlsplit(self.path).path
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if path.startswith("/commit/"):
                    run = path.split("/", 2)[2]
                    try:
                        data = json.loads(body or b"{}")
                    except ValueError:
                        data = {"_raw": body.decode("utf-8", "replace")}
                    with server._lock:
                        server.commits.setdefault(run, []).append(data)
                    payload = b'{"result": true, "errorCode": 0}'
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                self.send_error(404)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> TestServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def mount_zip(self, name: str, package: Path) -> str:
        """Unpack a package under its own mount; return its URL prefix."""
        target = self.root / "packages" / name
        if not target.exists():
            with zipfile.ZipFile(package) as zf:
                zf.extractall(target)
        self.mounts[name] = target
        return f"{self.url}/{name}"
