"""The statement store: a DuckDB database with one row per statement, flattened into the
typed columns the report reads (FLATTEN below). Statements go in as JSON Lines, which
DuckDB parses itself in a stream, so no statement becomes a Python object on the way.

DuckDB, because it is embedded (a file, no server), columnar (the report scans a few
columns of millions of rows), reads JSON Lines streaming and spills to disk past its
memory limit, lets the figures be written in SQL a reader can check, and exports
Parquet and CSV for other tools. It is imported here only: other commands do not pay
for it at start-up.

The same store serves a one-off report (a temporary file) and `report --store FILE`
(kept between runs, fed incrementally from an LRS; see incremental.py).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from smab_pack.reporting import ReportError
from smab_pack.reporting import vocabulary as xv

#: bump when FLATTEN changes: a store of another version must be rebuilt (--refresh)
SCHEMA_VERSION = 2  # 2: the quiz attempt of an answer

#: what Python's str.strip() removes, so that SQL's trim() agrees with statements.text();
#: written out because computing it (every code point's isspace()) costs 0.09 s at each
#: start; tests/test_report_store.py checks it against this Python's own.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

# Bounded by default (the machine is shared; DuckDB spills to its temporary folder past
# the limit); SMAB_REPORT_MEMORY / SMAB_REPORT_THREADS override.
MEMORY_LIMIT = os.environ.get("SMAB_REPORT_MEMORY", "256MB")
THREADS = int(os.environ.get("SMAB_REPORT_THREADS", "2"))


def one_row(result: Any) -> tuple[Any, ...]:
    """The row of an aggregate query: DuckDB types fetchone() as optional, an aggregate always has one."""
    row = result.fetchone()
    if row is None:
        raise ReportError("the statement store gave no row for an aggregate query")
    return row


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# The parts of a statement the report reads, as DuckDB's JSON reader parses them (once, in
# the reader): nested objects as structs, every leaf as JSON, so that a field of the wrong
# type is one NULL (the reader's ignore_errors), never a lost statement or an error.
SHAPE: dict[str, Any] = {
    "id": "JSON",
    "timestamp": "JSON",
    "stored": "JSON",
    "verb": {"id": "JSON"},
    "object": {
        "id": "JSON",
        "objectType": "JSON",
        "definition": {"type": "JSON", "interactionType": "JSON", "name": "JSON", "scale": "JSON"},
    },
    "actor": {
        "mbox": "JSON",
        "mbox_sha1sum": "JSON",
        "openid": "JSON",
        "account": {"homePage": "JSON", "name": "JSON", "accountServiceHomePage": "JSON", "accountName": "JSON"},
    },
    "context": {
        "language": "JSON",
        "extensions": {xv.COUNTRY_EXTENSION: "JSON"},
        "contextActivities": {"parent": "JSON", "grouping": "JSON", "category": "JSON", "other": "JSON"},
    },
    "result": {
        "success": "JSON",
        "response": "JSON",
        "score": {"scaled": "JSON", "raw": "JSON", "min": "JSON", "max": "JSON"},
        "extensions": {xv.VIDEO_PROGRESS: "JSON", xv.ATTEMPT_EXTENSION: "JSON"},
    },
}


def _type(shape: Any) -> str:
    if isinstance(shape, dict):
        return "STRUCT(" + ", ".join('"' + k.replace('"', '""') + '" ' + _type(v) for k, v in shape.items()) + ")"
    return shape


def _columns(shape: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{_literal(k)}: {_literal(_type(v))}" for k, v in shape.items()) + "}"


def reader(path: Path, *, strict: bool = False) -> str:
    """The SQL relation of a JSON Lines file's statements, in SHAPE. Strict, a line that is
    not a JSON object fitting SHAPE is an error; else it is a row of NULLs, and a field of the
    wrong type one NULL."""
    return (
        f"read_json({_literal(str(path))}, format='newline_delimited', records=true,"
        f" ignore_errors={'false' if strict else 'true'}, columns={_columns(SHAPE)})"
    )


def _columns_sql(shape: dict[str, Any]) -> str:
    return ", ".join('"' + k.replace('"', '""') + '" ' + _type(v) for k, v in shape.items())


#: LRS pages are flattened into the statements table once this many statements wait
STAGED_ROWS = 100_000

#: an LRS's page, a StatementResult: its statements in SHAPE, and the `more` link
PAGE_COLUMNS = "{'statements': " + _literal(_type(SHAPE) + "[]") + ", 'more': 'JSON'}"


def page_reader(path: Path, size: int) -> str:
    """The SQL relation (one row: statements, more) of a StatementResult, strict: a document
    that is not one JSON object, or a statement that does not fit SHAPE, is an error."""
    return (
        f"read_json({_literal(str(path))}, format='unstructured', records=true, ignore_errors=false,"
        f" maximum_object_size={max(size + 1, 1 << 24)}, columns={PAGE_COLUMNS})"
    )


def _field(*keys: str) -> str:
    return ".".join('"' + k.replace('"', '""') + '"' for k in keys)


# What Python's str.strip() removes, as a regular-expression class (RE2 syntax).
_SPACE = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE) + "]"

# txt(v): a JSON string, stripped as Python strips, non-empty; else NULL (statements.text).
# A JSON leaf's text starts with its type: '"' for a string, a digit or '-' for a number.
# Most strings are plain ASCII without escapes or spaces at their edges (ids, verbs, tags):
# those need no stripping, and telling them apart takes only byte comparisons (a regular
# expression or trim() over every value costs several times the rest of the reading).
# In the reader's JSON text every control character is escaped, so in a plain string the
# only white space Python strips is ' '.
MACROS = rf"""
CREATE OR REPLACE TEMP MACRO strip(s) AS regexp_replace(s, {_literal(f"^{_SPACE}+|{_SPACE}+$")}, '', 'g');
CREATE OR REPLACE TEMP MACRO plain(s) AS
    strlen(s) = length(s) AND NOT contains(s, '\') AND NOT starts_with(s, '" ') AND NOT ends_with(s, ' "');
CREATE OR REPLACE TEMP MACRO txt(v) AS  -- one flat CASE: nested ones cost DuckDB twice as much
    CASE WHEN NOT starts_with(CAST(v AS VARCHAR), '"') THEN NULL
         WHEN plain(CAST(v AS VARCHAR)) THEN nullif(json_extract_string(v, '$'), '')
         ELSE nullif(strip(json_extract_string(v, '$')), '') END;
CREATE OR REPLACE TEMP MACRO num(v) AS
    CASE WHEN regexp_matches(CAST(v AS VARCHAR), '^-?[0-9]') THEN TRY_CAST(CAST(v AS VARCHAR) AS DOUBLE) END;
CREATE OR REPLACE TEMP MACRO first_leaf(v) AS
    CASE WHEN starts_with(CAST(v AS VARCHAR), '[') THEN json_extract(v, '$[0].id')
         WHEN starts_with(CAST(v AS VARCHAR), '{{') THEN json_extract(v, '$.id') END;
-- The ids of a list of activities (or of one, as xAPI 0.95 sent it). A list of plain
-- objects whose every "id" is a plain string (the usual case) is read in one call.
CREATE OR REPLACE TEMP MACRO all_ids(v) AS
    CASE WHEN starts_with(CAST(v AS VARCHAR), '[') AND plain(CAST(v AS VARCHAR))
              AND NOT contains(CAST(v AS VARCHAR), ' ') AND NOT regexp_matches(CAST(v AS VARCHAR), '"id":[^"]')
            THEN list_filter(json_extract_string(v, '$[*].id'), lambda i: i <> '')
         WHEN starts_with(CAST(v AS VARCHAR), '[')
            THEN list_filter([txt(i) FOR i IN json_extract(v, '$[*].id')], lambda i: i IS NOT NULL)
         WHEN starts_with(CAST(v AS VARCHAR), '{{') THEN list_filter([txt(json_extract(v, '$.id'))],
                                                                    lambda i: i IS NOT NULL)
         ELSE [] END;
"""

_CA = "context.contextActivities"
_ATTEMPT = f"result.extensions.{_field(xv.ATTEMPT_EXTENSION)}"

#: statements in SHAPE (a relation named `src`) → the statements table's columns
FLATTEN = f"""
SELECT txt(id) AS sid,
       try_cast(txt("timestamp") AS TIMESTAMPTZ) AS ts,
       try_cast(txt(stored) AS TIMESTAMPTZ) AS stored,
       hash(id, "timestamp", stored, verb, object, actor, context, result) AS h,
       txt(verb.id) AS verb,
       txt(object.id) AS obj_id,
       coalesce(CAST(object.objectType AS VARCHAR) = '"StatementRef"', false) AS statement_ref,
       txt(object.definition.type) AS obj_type,
       txt(object.definition.interactionType) AS itype,
       CASE WHEN starts_with(CAST(object.definition.name AS VARCHAR), '{{') THEN object.definition.name END AS names,
       CASE WHEN regexp_matches(CAST(object.definition.scale AS VARCHAR), '^[\\[{{]') THEN object.definition.scale END
           AS scale,
       CASE WHEN home IS NOT NULL AND account IS NOT NULL THEN 'account:' || home || '|' || account
            WHEN mbox IS NOT NULL THEN 'mbox:' || mbox
            WHEN mbox_sha1sum IS NOT NULL THEN 'mbox_sha1sum:' || mbox_sha1sum
            WHEN openid IS NOT NULL THEN 'openid:' || openid END AS learner,
       txt(grouping_leaf) AS grouping0,
       txt(parent_leaf) AS parent0,
       list_concat(all_ids({_CA}.parent), all_ids({_CA}.grouping), all_ids({_CA}.category), all_ids({_CA}.other))
           AS context_ids,
       txt(context.language) AS lang_raw,
       txt(context.extensions.{_field(xv.COUNTRY_EXTENSION)}) AS country_raw,
       CASE CAST(result.success AS VARCHAR) WHEN 'true' THEN true WHEN 'false' THEN false END AS success,
       CASE WHEN starts_with(CAST(result.response AS VARCHAR), '"') THEN json_extract_string(result.response, '$') END
           AS response,
       CASE WHEN num(result.score.scaled) IS NOT NULL
                THEN CASE WHEN num(result.score.scaled) BETWEEN 0 AND 1 THEN num(result.score.scaled) END
            WHEN num(result.score.max) > num(result.score.min) AND num(result.score.raw) IS NOT NULL
                THEN least(1.0, greatest(0.0, (num(result.score.raw) - num(result.score.min))
                                              / (num(result.score.max) - num(result.score.min)))) END AS scaled,
       CASE WHEN num(result.extensions.{_field(xv.VIDEO_PROGRESS)}) BETWEEN 0 AND 1
            THEN num(result.extensions.{_field(xv.VIDEO_PROGRESS)}) END AS progress,
       -- a JSON integer from 1 (statements.attempt_of)
       CASE WHEN regexp_matches(CAST({_ATTEMPT} AS VARCHAR), '^[1-9][0-9]{{0,8}}$')
            THEN CAST(CAST({_ATTEMPT} AS VARCHAR) AS INTEGER) END AS attempt
FROM (SELECT *, first_leaf({_CA}.grouping) AS grouping_leaf, first_leaf({_CA}.parent) AS parent_leaf,
             -- each once (a macro's argument is evaluated at every place it is used)
             coalesce(txt(actor.account.homePage), txt(actor.account.accountServiceHomePage)) AS home,
             coalesce(txt(actor.account.name), txt(actor.account.accountName)) AS account,
             txt(actor.mbox) AS mbox, txt(actor.mbox_sha1sum) AS mbox_sha1sum, txt(actor.openid) AS openid
      FROM src)
"""

COLUMNS = """
    sid VARCHAR, ts TIMESTAMPTZ, stored TIMESTAMPTZ, h UBIGINT, verb VARCHAR, obj_id VARCHAR,
    statement_ref BOOLEAN, obj_type VARCHAR, itype VARCHAR, names JSON, scale JSON, learner VARCHAR,
    grouping0 VARCHAR, parent0 VARCHAR, context_ids VARCHAR[], lang_raw VARCHAR, country_raw VARCHAR,
    success BOOLEAN, response VARCHAR, scaled DOUBLE, progress DOUBLE, attempt INTEGER
"""


class Store:
    """A DuckDB database of statements: a file kept between runs, or a temporary one."""

    def __init__(self, path: Path | None = None) -> None:
        import duckdb  # here, not at the top: only `report` needs it

        self._duckdb = duckdb
        self._staged: dict[str, str] = {}  # staging table of LRS pages → the table they go to
        self.scratch = Path(tempfile.mkdtemp(prefix="smab-report-"))
        self.path = path
        try:
            self.db = duckdb.connect(
                ":memory:" if path is None else str(path),
                config={
                    "memory_limit": MEMORY_LIMIT,
                    "threads": THREADS,
                    "temp_directory": str(self.scratch / "spill"),
                    "preserve_insertion_order": False,
                },
            )
        except duckdb.Error as exc:
            shutil.rmtree(self.scratch, ignore_errors=True)
            raise ReportError(f"cannot open the statement store {path}: {_first_line(exc)}") from None
        if path is None:
            # A one-off store is deleted on close: writing it out in full first (a checkpoint) is wasted.
            self.db.execute("PRAGMA disable_checkpoint_on_shutdown")
        self.db.execute(MACROS)
        self.db.execute(f"CREATE TABLE IF NOT EXISTS statements ({COLUMNS})")
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        version = self.get("schema_version")
        if version is None:
            self.put("schema_version", str(SCHEMA_VERSION))
        elif version != str(SCHEMA_VERSION):
            self.close()
            raise ReportError(
                f"the statement store {path} was written by another version of smab-pack "
                f"(schema {version}, this one reads {SCHEMA_VERSION}): rebuild it with --refresh"
            )

    # ---- meta: the store's own facts (the LRS it mirrors, how far it got) ----

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def put(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    # ---- putting statements in ----

    def add_json_lines(self, path: Path, table: str = "statements") -> int:
        """Every line of a JSON Lines file, all or nothing. Returns the number of lines that
        are not JSON objects (the caller locates them: DuckDB gives no line numbers); raises
        duckdb.Error on a line that is not JSON."""
        try:
            # One pass, the usual case: DuckDB's reader, strict, refuses any line that is not
            # JSON or not an object, and any field that does not fit SHAPE's structs.
            if self._insert(path, table, strict=True):
                return 0
        except self._duckdb.Error:
            pass
        # Two passes for the rest: the first only parses (the lenient reader below would pass
        # over a broken line); the second reads a field of the wrong type as NULL.
        objects, strays = one_row(
            self.db.execute(
                f"SELECT count(*) FILTER (json_type(json) = 'OBJECT'), count(*) FILTER (json_type(json) <> 'OBJECT')"
                f" FROM read_ndjson_objects({_literal(str(path))})"
            )
        )
        if strays:
            return strays
        self._insert(path, table, strict=False, expected=objects)
        return 0

    def _insert(self, path: Path, table: str, *, strict: bool, expected: int | None = None) -> bool:
        """Insert the file's statements in one transaction. Strict, it keeps them only when no
        line may be a `null` (the strict reader reads one as a statement without fields,
        and only the first pass tells the two apart); returns whether it kept them."""
        self.db.execute(f"CREATE OR REPLACE TEMP VIEW src AS SELECT * FROM {reader(path, strict=strict)}")
        return self._insert_src(path, table, strict=strict, expected=expected)

    def _insert_src(self, path: Path, table: str, *, strict: bool, expected: int | None = None) -> bool:
        self.db.execute("BEGIN TRANSACTION")
        try:
            before, no_id = one_row(self.db.execute(f"SELECT count(*), count(*) FILTER (sid IS NULL) FROM {table}"))
            self.db.execute(f"INSERT INTO {table} {FLATTEN}")
            after, no_id_after = one_row(
                self.db.execute(f"SELECT count(*), count(*) FILTER (sid IS NULL) FROM {table}")
            )
            if strict and no_id_after > no_id:
                self.db.execute("ROLLBACK")
                return False
            if expected is not None and after - before != expected:
                # the lenient reader must not lose a statement the parser saw
                raise ReportError(f"{path}: {expected - (after - before)} statement(s) could not be read")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return True

    def add_page(self, body: bytes, url: str, table: str = "statements") -> tuple[int, int, Any]:
        """One page of an LRS (a StatementResult, the bytes it sent) into ``table``: returns
        (statements kept, items in its `statements`, its `more` value), as lrs.fetch_pages
        reads them. DuckDB parses the page, strictly, in one pass; a page it refuses (not a
        statement result, or a statement with a field of another type) is parsed in Python
        as before, for the same messages and the same lenient reading of odd statements."""
        page = self.scratch / "page.json"
        page.write_bytes(body)
        try:
            found = self._insert_page(page, len(body), table)
        except self._duckdb.InvalidInputException:  # what the strict reader raises (not SQL faults: those are bugs)
            found = None
        if found is not None:
            return found
        from smab_pack.reporting.lrs import parse_page

        parsed = parse_page(body, url)
        statements = parsed["statements"]
        return self.add_statements(statements, table), len(statements), parsed.get("more")

    def _insert_page(self, page: Path, size: int, table: str) -> tuple[int, int, Any] | None:
        db = self.db
        db.execute(f"CREATE OR REPLACE TEMP TABLE page AS SELECT * FROM {page_reader(page, size)}")
        rows = db.execute(
            "SELECT more, len(statements), len(list_filter(statements, lambda s: s IS NOT NULL)),"
            " (SELECT count(*) FROM page) FROM page WHERE statements IS NOT NULL"
        ).fetchall()
        if len(rows) != 1 or rows[0][3] != 1:
            return None  # no `statements` list, or not one JSON object: parse_page words it
        more, items, kept = rows[0][:3]
        # Pages wait in a staging table, still in SHAPE, and are flattened together (flush()):
        # FLATTEN costs a planning of ~50 ms, more than reading a page of 2,000 statements.
        # A `null` item is no statement (Python's reading leaves it out too).
        staging = f"pages_{table}"
        if staging not in self._staged:
            db.execute(f"CREATE OR REPLACE TEMP TABLE {staging} ({_columns_sql(SHAPE)})")
            self._staged[staging] = table
        db.execute(
            f"INSERT INTO {staging} SELECT s.* FROM (SELECT unnest(statements) AS s FROM page) WHERE s IS NOT NULL"
        )
        db.execute("DROP TABLE page")
        if one_row(db.execute(f"SELECT count(*) FROM {staging}"))[0] >= STAGED_ROWS:
            self.flush()
        return kept, items, None if more is None else json.loads(more)

    def flush(self) -> None:
        """Flatten the LRS pages waiting in staging tables into their tables."""
        for staging, table in self._staged.items():
            self.db.execute(f"CREATE OR REPLACE TEMP VIEW src AS SELECT * FROM {staging}")
            self._insert_src(Path(staging), table, strict=False)
            self.db.execute(f"DELETE FROM {staging}")

    def add_statements(self, statements: Iterable[Any], table: str = "statements") -> int:
        """Statements already parsed (a JSON document, an LRS page): through a JSON Lines
        file, the same path as any other input. Returns how many went in."""
        lines = self.scratch / "page.jsonl"
        count = 0
        with lines.open("w", encoding="utf-8") as out:
            for statement in statements:
                if isinstance(statement, dict):
                    out.write(json.dumps(statement, ensure_ascii=False, allow_nan=False) + "\n")
                    count += 1
        if count:
            self.add_json_lines(lines, table)
        return count

    def count(self) -> int:
        self.flush()
        return one_row(self.db.execute("SELECT count(*) FROM statements"))[0]

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
