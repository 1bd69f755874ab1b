"""Diagnostics for people (text), programs (json) and CI (github annotations, junit).

Messages quote what they found (names from a package, text from a page), so
nothing in them may forge a line of a report or break its format: control
characters, line breaks, ANSI escapes and bidirectional overrides are shown
escaped (``\\x1b``, ``\\n``, ``\\u202e``) in every format but json, which
escapes them itself."""

from __future__ import annotations

import json
import os
import re
import stat
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import click

from smab_pack.diagnostics import Diagnostic, Severity

COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
MAX_SOURCE = 4 << 20  # a source line is shown only from a regular file this size or smaller
# Everything but tab that can move the cursor, end a line, recolour a terminal or reorder text, and what
# XML 1.0 and UTF-8 cannot carry (lone surrogates, U+FFFE/U+FFFF).
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str | None) -> str:
    """``text`` on one line, safe for a terminal, an XML file and a CI log."""
    return _UNSAFE.sub(lambda m: ascii(m.group(0))[1:-1], text or "")


@lru_cache(maxsize=64)
def _lines(file: str) -> list[str]:
    try:  # never open a FIFO or a device, nor read a huge file, to show one line
        info = os.stat(file)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SOURCE:
            return []
        return Path(file).read_text(encoding="utf-8", errors="replace").splitlines()
    except (OSError, ValueError):
        return []


def forget_sources() -> None:
    """Source lines are read once per file; a long-running ``preview`` reads them again after a save."""
    _lines.cache_clear()


def source_line(diag: Diagnostic) -> str | None:
    if not diag.file or not diag.line:
        return None
    lines = _lines(diag.file)
    return lines[diag.line - 1] if 0 < diag.line <= len(lines) else None


SOURCE_WIDTH = 160  # a longer source line is shown as the part around the column


def _excerpt(line: str, column: int | None) -> tuple[str, int | None]:
    """(what to show of a source line, the caret's column in it)."""
    if len(line) <= SOURCE_WIDTH:
        return line, column
    start = max(0, min((column or 1) - 1 - SOURCE_WIDTH // 2, len(line) - SOURCE_WIDTH))
    prefix = "…" if start else ""
    suffix = "…" if start + SOURCE_WIDTH < len(line) else ""
    caret = column - start + len(prefix) if column else None
    return prefix + line[start : start + SOURCE_WIDTH] + suffix, caret


def as_text(diags: list[Diagnostic], colour: bool) -> str:
    out: list[str] = []
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for diag in diags:
        by_file[diag.file or "<input>"].append(diag)
    for file, items in by_file.items():
        # A line that starts with '::' is a workflow command to GitHub Actions, whatever the stream.
        header = clean(file) if not file.startswith("::") else "./" + clean(file)
        out.append(click.style(header, bold=True) if colour else header)
        for diag in items:
            label = f"{diag.severity.value}[{clean(diag.code)}]"
            if colour:
                label = click.style(label, fg=COLOURS[diag.severity], bold=True)
            out.append(f"  {clean(diag.location())}: {label} {clean(diag.message)}")
            line = source_line(diag)
            if line is not None:
                shown, caret = _excerpt(line, diag.column)
                out.append(f"  {diag.line:>5} | {clean(shown)}")
                if caret:
                    out.append(f"        | {' ' * (caret - 1)}^")
            if diag.hint:
                out.append(f"        = hint: {clean(diag.hint)}")
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = sum(d.severity is Severity.WARNING for d in diags)
    out.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(out)


def _no_surrogates(value):
    """Lone surrogates (from undecodable file names) cannot be written as UTF-8: show them escaped."""
    if isinstance(value, str):
        return _SURROGATE.sub(lambda m: ascii(m.group(0))[1:-1], value)
    if isinstance(value, dict):
        return {k: _no_surrogates(v) for k, v in value.items()}
    return value


def as_json(diags: list[Diagnostic]) -> str:
    return json.dumps(
        {
            "errors": sum(d.severity is Severity.ERROR for d in diags),
            "warnings": sum(d.severity is Severity.WARNING for d in diags),
            "diagnostics": [_no_surrogates(d.model_dump(mode="json")) for d in diags],
        },
        indent=2,
        ensure_ascii=False,
    )


def as_github(diags: list[Diagnostic]) -> str:
    """Workflow commands: ``::error file=…,line=…,title=…::message``, one per line. Property values
    escape ``%``, CR, LF, ``:`` and ``,``; the message ``%``, CR and LF (GitHub's own rules)."""

    def message(text: str) -> str:
        return clean(text).replace("%", "%25")

    def prop(text: str) -> str:
        return message(text).replace(":", "%3A").replace(",", "%2C")

    out = []
    for diag in diags:
        kind = {"error": "error", "warning": "warning"}.get(diag.severity.value, "notice")
        props = [f"file={prop(diag.file)}"] if diag.file else []
        if diag.line:
            props.append(f"line={diag.line}")
        if diag.column:
            props.append(f"col={diag.column}")
        props.append(f"title={prop(diag.code)}")
        out.append(f"::{kind} {','.join(props)}::{message(diag.message)}")
    return "\n".join(out)


def as_junit(diags: list[Diagnostic]) -> str:
    """JUnit XML for CI dashboards: one test case per file, one failure per error."""
    from lxml import etree

    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for diag in diags:
        by_file[diag.file or "<input>"].append(diag)
    errors = sum(d.severity is Severity.ERROR for d in diags)
    suites = etree.Element("testsuites", name="smab-pack", tests=str(max(len(by_file), 1)), failures=str(errors))
    suite = etree.SubElement(
        suites,
        "testsuite",
        name="smab-pack",
        tests=str(max(len(by_file), 1)),
        failures=str(errors),
        errors="0",
        skipped="0",
    )
    if not by_file:
        etree.SubElement(suite, "testcase", classname="smab-pack", name="no problems found")
    for file, items in by_file.items():
        case = etree.SubElement(suite, "testcase", classname="smab-pack", name=clean(file))
        notes = []
        for diag in items:
            text = clean(f"{diag.location()}: {diag.message}" + (f" (hint: {diag.hint})" if diag.hint else ""))
            if diag.severity is Severity.ERROR:
                failure = etree.SubElement(case, "failure", message=clean(diag.message), type=clean(diag.code))
                failure.text = text
            else:
                notes.append(f"{diag.severity.value}[{clean(diag.code)}] {text}")
        if notes:
            etree.SubElement(case, "system-out").text = "\n".join(notes)
    return etree.tostring(suites, pretty_print=True, xml_declaration=True, encoding="UTF-8").decode()


#: the output formats but "text", which also takes the colour switch
FORMATTERS: dict[str, Callable[[list[Diagnostic]], str]] = {"json": as_json, "github": as_github, "junit": as_junit}
#: every value of --format
FORMATS = sorted(["text", *FORMATTERS])


def render(diags: list[Diagnostic], fmt: str, colour: bool) -> str:
    if fmt == "text":
        return as_text(diags, colour)
    return FORMATTERS[fmt](diags)
