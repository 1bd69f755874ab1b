"""What the page's overlay and the terminal say about a build: its diagnostics with their source
lines, and which build is on screen."""

from __future__ import annotations

import json
import time

import click

from smab_pack.diagnostics import Diagnostic
from smab_pack.preview.builder import Builder, Outcome
from smab_pack.report import clean, forget_sources, render, source_line

#: diagnostics sent to the page at most (the terminal has them all): a page of them is plenty
MAX_SHOWN = 200


def _item(diag: Diagnostic) -> dict:
    return {
        "severity": diag.severity.value,
        "code": diag.code,
        "file": diag.file,
        "line": diag.line,
        "column": diag.column,
        "location": diag.location(),
        "message": diag.message,
        "hint": diag.hint,
        "source": source_line(diag),
    }


def state(builder: Builder) -> dict:
    outcome = builder.last
    good = builder.good
    if outcome is None:
        return {"build": 0, "shown": None, "diagnostics": [], "errors": 0, "warnings": 0}
    items = outcome.diagnostics
    return {
        "build": outcome.number,
        "shown": outcome.shown,
        "shown_at": time.strftime("%H:%M:%S", time.localtime(good.finished)) if good else None,
        "errors": outcome.errors,
        "warnings": outcome.warnings,
        "failed": outcome.failed,
        "diagnostics": [_item(d) for d in items[:MAX_SHOWN]],
        "more": max(0, len(items) - MAX_SHOWN),
        "seconds": round(outcome.seconds, 3),
        "parsed": outcome.parsed,
        "rendered": outcome.rendered,
    }


def state_json(builder: Builder) -> str:
    """The state as one line of JSON (an event-stream message may not hold a line break)."""
    return json.dumps(state(builder), ensure_ascii=False, separators=(",", ":"))


def terminal(outcome: Outcome, colour: bool) -> str:
    """What the terminal shows after a build: its problems in the usual text report, then one line."""
    forget_sources()  # the files changed: show the source lines as they are now
    now = time.strftime("%H:%M:%S")
    ms = f"{outcome.seconds * 1000:,.0f} ms"
    work = f"{outcome.parsed} page file(s) parsed, {outcome.reused} unchanged"
    if outcome.rendered:
        work += f", {', '.join(outcome.rendered)} rendered"
    if outcome.failed:
        line = f"[{now}] {clean(outcome.failed)}"
    elif outcome.errors:
        shown = f"build {outcome.shown}" if outcome.shown else "nothing (no good build yet)"
        counts = f"{outcome.errors} error(s), {outcome.warnings} warning(s)"
        line = f"[{now}] build {outcome.number}: {counts} in {ms}: the browser shows {shown}"
    else:
        line = f"[{now}] build {outcome.number} in {ms} ({work}); {outcome.warnings} warning(s)"
    if colour:
        line = click.style(line, fg="red" if outcome.errors or outcome.failed else "green")
    report = render(outcome.diagnostics, "text", colour=colour) if outcome.diagnostics else ""
    # render ends with the error/warning count line; our own line says it, with the build number
    body = "\n".join(report.splitlines()[:-1]) if report else ""
    return f"{body}\n{line}" if body else line
