"""`smab-pack preview` put together: the first build, the server, the watcher, the terminal."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys
import threading
import traceback
import webbrowser
from pathlib import Path

import click

from smab_pack.preview.builder import Builder, Outcome
from smab_pack.preview.overlay import terminal
from smab_pack.preview.server import PreviewServer
from smab_pack.preview.watcher import watch

#: ports tried after the default one when it is taken (an explicit --port is used or refused)
DEFAULT_PORT = 8000
SPARE_PORTS = 10


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _server(host: str, port: int | None, builder: Builder, lang: str, fmt: str) -> PreviewServer:
    tries = [port] if port is not None else range(DEFAULT_PORT, DEFAULT_PORT + SPARE_PORTS)
    for number in tries:
        try:
            return PreviewServer((host, number), builder, lang=lang, fmt=fmt)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or number == tries[-1]:
                what = (
                    f"port {number} is in use" if exc.errno == errno.EADDRINUSE else f"{host}:{number}: {exc.strerror}"
                )
                raise click.UsageError(f"cannot serve the preview: {what} (choose another with --port)") from None
    raise AssertionError("unreachable")


def run(path: Path, *, lang: str | None, fmt: str, host: str, port: int | None, open_browser: bool) -> int:
    try:
        import watchfiles  # noqa: F401  (a dependency; an environment installed before it lacks it)
    except ImportError:
        raise click.ClickException(
            "preview needs the watchfiles package: pip install watchfiles (or reinstall smab-pack)"
        ) from None
    colour = sys.stderr.isatty()
    builder = Builder(path, fmt)
    first = builder.rebuild()
    languages = builder.course_languages
    if lang is not None and languages and lang not in languages:
        raise click.BadParameter(
            f"'{lang}' is not a language of this course ({', '.join(languages)})", param_hint="'-l'"
        )
    lang = lang or builder.default_language or "en"
    if builder.good is not None:
        builder.site(lang)  # ready before the browser asks
    try:
        socket.getaddrinfo(host, None)
    except socket.gaierror:
        raise click.BadParameter(f"'{host}' is no address of this machine", param_hint="'--host'") from None
    server = _server(host, port, builder, lang, fmt)
    url = server.url()
    click.echo(terminal(first, colour), err=True)
    if not _loopback(host):
        click.echo(f"warning: --host {host}: anyone who can reach this machine can open the preview", err=True)
    click.echo(f"Preview of {path} ({fmt}, {lang}) at {url}")
    click.echo("Watching the course folder: save a file and the browser shows it. Ctrl-C stops.")
    stop = threading.Event()

    def done(outcome: Outcome) -> None:
        server.hub.publish()
        click.echo(terminal(outcome, colour), err=True)

    def crashed(exc: Exception) -> None:
        if os.environ.get("SMAB_DEBUG"):
            traceback.print_exception(exc)
        click.echo(
            f"smab-pack: internal error while rebuilding: {type(exc).__name__}: {exc}\n"
            "The browser keeps the last build; please report it (SMAB_DEBUG=1 shows the traceback).",
            err=True,
        )

    watcher = threading.Thread(
        target=watch,
        args=(builder, lambda: set(server.viewed), done, crashed, stop),
        name="smab-preview-watch",
        daemon=True,
    )
    watcher.start()
    if open_browser:
        webbrowser.open(url)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.hub.close()
        server.server_close()
        watcher.join(timeout=2)
    click.echo("Preview stopped.", err=True)
    return 0
