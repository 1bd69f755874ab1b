"""Diagnostics for people (text), programs (json) and CI (github annotations)."""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import click

from smab_pack.diagnostics import Diagnostic, Severity

COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


@lru_cache(maxsize=64)
def _lines(file: str) -> list[str]:
    try:
        return Path(file).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def source_line(diag: Diagnostic) -> str | None:
    if not diag.file or not diag.line:
        return None
    lines = _lines(diag.file)
    return lines[diag.line - 1] if 0 < diag.line <= len(lines) else None


def as_text(diags: list[Diagnostic], colour: bool) -> str:
    out: list[str] = []
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for diag in diags:
        by_file[diag.file or "<input>"].append(diag)
    for file, items in by_file.items():
        out.append(click.style(file, bold=True) if colour else file)
        for diag in items:
            label = f"{diag.severity.value}[{diag.code}]"
            if colour:
                label = click.style(label, fg=COLOURS[diag.severity], bold=True)
            out.append(f"  {diag.location()}: {label} {diag.message}")
            line = source_line(diag)
            if line is not None:
                out.append(f"  {diag.line:>5} | {line}")
                if diag.column:
                    out.append(f"        | {' ' * (diag.column - 1)}^")
            if diag.hint:
                out.append(f"        = hint: {diag.hint}")
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = sum(d.severity is Severity.WARNING for d in diags)
    out.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(out)


def as_json(diags: list[Diagnostic]) -> str:
    return json.dumps({
        "errors": sum(d.severity is Severity.ERROR for d in diags),
        "warnings": sum(d.severity is Severity.WARNING for d in diags),
        "diagnostics": [d.model_dump(mode="json") for d in diags],
    }, indent=2, ensure_ascii=False)


def as_github(diags: list[Diagnostic]) -> str:
    def esc(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    out = []
    for diag in diags:
        kind = {"error": "error", "warning": "warning"}.get(diag.severity.value, "notice")
        props = [f"file={diag.file}"] if diag.file else []
        if diag.line:
            props.append(f"line={diag.line}")
        if diag.column:
            props.append(f"col={diag.column}")
        props.append(f"title={diag.code}")
        out.append(f"::{kind} {','.join(props)}::{esc(diag.message)}")
    return "\n".join(out)


def as_junit(diags: list[Diagnostic]) -> str:
    """JUnit XML for CI dashboards: one test case per file, one failure per error."""
    from lxml import etree

    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for diag in diags:
        by_file[diag.file or "<input>"].append(diag)
    errors = sum(d.severity is Severity.ERROR for d in diags)
    suites = etree.Element("testsuites", name="smab-pack", tests=str(max(len(by_file), 1)), failures=str(errors))
    suite = etree.SubElement(suites, "testsuite", name="smab-pack", tests=str(max(len(by_file), 1)),
                             failures=str(errors), errors="0", skipped="0")
    if not by_file:
        etree.SubElement(suite, "testcase", classname="smab-pack", name="no problems found")
    for file, items in by_file.items():
        case = etree.SubElement(suite, "testcase", classname="smab-pack", name=file)
        notes = []
        for diag in items:
            text = f"{diag.location()}: {diag.message}" + (f" (hint: {diag.hint})" if diag.hint else "")
            if diag.severity is Severity.ERROR:
                failure = etree.SubElement(case, "failure", message=diag.message, type=diag.code)
                failure.text = text
            else:
                notes.append(f"{diag.severity.value}[{diag.code}] {text}")
        if notes:
            etree.SubElement(case, "system-out").text = "\n".join(notes)
    return etree.tostring(suites, pretty_print=True, xml_declaration=True, encoding="UTF-8").decode()


FORMATTERS = {"text": None, "json": as_json, "github": as_github, "junit": as_junit}


def render(diags: list[Diagnostic], fmt: str, colour: bool) -> str:
    if fmt == "text":
        return as_text(diags, colour)
    return FORMATTERS[fmt](diags)
