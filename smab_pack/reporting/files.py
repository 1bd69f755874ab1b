"""Statements from a file: JSON Lines (one statement a line, as LRS exports write them),
a JSON array, or an xAPI StatementResult `{"statements": [...]}`: read whole into Python
(read_statements_file) or streamed into the statement store (load_statements_file)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smab_pack.reporting import ReportError

if TYPE_CHECKING:
    from smab_pack.reporting.store import Store


def read_text(path: Path, name: str) -> str:
    """The UTF-8 text of ``path`` (``-``: standard input); ReportError names the line that is not UTF-8."""
    try:
        raw = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as exc:
        raise ReportError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReportError(f"{name}:{line}: not UTF-8 text") from None


def read_statements_file(path: Path) -> list[dict[str, Any]]:
    """Every statement in ``path`` (``-`` reads standard input); ReportError names the line of a fault."""
    name = "standard input" if str(path) == "-" else str(path)
    content = read_text(path, name)
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
        raise ReportError(f'{name}: not statements (expected JSON Lines, a JSON array or {{"statements": [...]}})')
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ReportError(f"{name}: item {index} is not a statement (a JSON object)")
    return items


def _from_lines(content: str, name: str) -> list[dict[str, Any]]:
    statements = []
    # Split on \n only: JSON strings may hold U+2028 and other characters str.splitlines() breaks on.
    for number, line in enumerate(content.split("\n"), 1):
        item = _parse_line(line, name, number)
        if item is not None:
            statements.append(item)
    return statements


def _parse_line(line: str, name: str, number: int) -> dict[str, Any] | None:
    """One JSON Lines statement (None for a blank line); ReportError names the line of a fault."""
    line = line.strip()
    if not line:
        return None
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ReportError(f"{name}:{number}: not valid JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(item, dict):
        raise ReportError(f"{name}:{number}: not a statement (a JSON object)")
    return item


# ---- streaming into the statement store ----


def load_statements_file(path: Path, store: Store) -> int:
    """Put the statements of ``path`` into ``store``; the number read.

    JSON Lines (what LRSs export, and the only format that grows large) go to DuckDB as
    they are: it parses them in a stream, in parallel, and no statement becomes a Python
    object. A JSON document (an array, a StatementResult, a pretty-printed statement) is
    read as before, whole. Faults get the same file:line messages either way: DuckDB
    gives no line numbers, so a file it refuses is scanned again, line by line, to
    locate the fault.
    """
    name = "standard input" if str(path) == "-" else str(path)
    if str(path) == "-":
        path = _spool_stdin(store)
    try:
        with path.open("rb") as stream:
            head = stream.read(1 << 16)
    except OSError as exc:
        raise ReportError(f"cannot read {name}: {exc.strerror or exc}") from None
    if not _looks_like_json_lines(head):
        statements = read_statements_file(path) if name != "standard input" else _read_spooled(path, name)
        return store.add_statements(statements)
    import duckdb

    before = store.count()
    try:
        strays = store.add_json_lines(path)
    except duckdb.Error as exc:
        _locate_fault(path, name)
        raise ReportError(f"{name}: not JSON Lines ({' '.join(str(exc).split())[:200]})") from None
    if strays:
        _locate_fault(path, name)
        raise ReportError(f"{name}: {strays} line(s) are not statements (JSON objects)")
    return store.count() - before


def _looks_like_json_lines(head: bytes) -> bool:
    """The first line is a whole JSON object that is not a StatementResult."""
    text_head = head.decode("utf-8-sig", errors="replace").lstrip()
    if not text_head.startswith("{"):
        return False
    first = text_head.split("\n", 1)[0]
    try:
        item = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(item, dict) and not isinstance(item.get("statements"), list)


def _locate_fault(path: Path, name: str) -> None:
    """Raise the ReportError of the first bad line, as read_statements_file words it."""
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, 1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ReportError(f"{name}:{number}: not UTF-8 text") from None
            _parse_line(line, name, number)


def _spool_stdin(store: Store) -> Path:
    """Standard input, copied to the store's scratch folder in chunks (DuckDB reads files)."""
    target = store.scratch / "stdin.jsonl"
    with target.open("wb") as out:
        while chunk := sys.stdin.buffer.read(1 << 20):
            out.write(chunk)
    return target


def _read_spooled(path: Path, name: str) -> list[dict[str, Any]]:
    try:
        return read_statements_file(path)
    except ReportError as exc:
        raise ReportError(str(exc).replace(str(path), name, 1)) from None
