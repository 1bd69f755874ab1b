"""Statements from a file: JSON Lines (one statement a line, as LRS exports write them),
a JSON array, or an xAPI StatementResult `{"statements": [...]}`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from smab_pack.reporting import ReportError


def read_statements_file(path: Path) -> list[dict[str, Any]]:
    """Every statement in ``path`` (``-`` reads standard input); ReportError names the line of a fault."""
    name = "standard input" if str(path) == "-" else str(path)
    try:
        raw = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as exc:
        raise ReportError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ReportError(f"{name}:{line}: not UTF-8 text") from None
    start = content.lstrip()[:1]
    if not start:
        return []
    if start in "[{":
        try:
            document = json.loads(content)
        except json.JSONDecodeError as exc:
            # A JSON Lines file parses as one object followed by "Extra data".
            if not (start == "{" and exc.msg == "Extra data"):
                raise ReportError(f"{name}:{exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno})") from None
        else:
            return _from_document(document, name)
    return _from_lines(content, name)


def _from_document(document: Any, name: str) -> list[dict[str, Any]]:
    if isinstance(document, dict) and isinstance(document.get("statements"), list):
        items = document["statements"]
    elif isinstance(document, list):
        items = document
    elif isinstance(document, dict) and ("actor" in document or "verb" in document):
        return [document]  # JSON Lines with a single line
    else:
        raise ReportError(f"{name}: not statements (expected JSON Lines, a JSON array or {{\"statements\": [...]}})")
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ReportError(f"{name}: item {index} is not a statement (a JSON object)")
    return items


def _from_lines(content: str, name: str) -> list[dict[str, Any]]:
    statements = []
    # Split on \n only: JSON strings may hold U+2028 and other characters str.splitlines() breaks on.
    for number, line in enumerate(content.split("\n"), 1):
        line = line.strip()
        if not line:
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReportError(f"{name}:{number}: not valid JSON ({exc.msg}, column {exc.colno})") from None
        if not isinstance(item, dict):
            raise ReportError(f"{name}:{number}: not a statement (a JSON object)")
        statements.append(item)
    return statements
