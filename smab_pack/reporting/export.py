"""`report --export parquet|csv`: the statements the report counted, one row each, for a
partner's own tools (Superset, Metabase, a spreadsheet). Written by DuckDB straight from
the store, in time order, so the same statements give the same rows."""

from __future__ import annotations

from pathlib import Path

from smab_pack.reporting.store import Store, _literal

#: the exported columns: name → SQL over the `used` view (figures.USED)
EXPORT_COLUMNS = {
    "id": "sid",
    "timestamp": "ts",
    "stored": "stored",
    "learner": "learner",
    "verb": "verb",
    "object_id": "obj_id",
    "object_type": "obj_type",
    "interaction_type": "itype",
    "course": "published_course",
    "about_course": "about",
    "language": "lang_raw",
    "country": "CASE WHEN regexp_full_match(country_raw, '[A-Za-z]{2}') THEN upper(country_raw) ELSE country_raw END",
    "success": "success",
    "score_scaled": "scaled",
    "response": "response",
    "video_progress": "progress",
}
TEXT_COLUMNS = {
    "id",
    "learner",
    "verb",
    "object_id",
    "object_type",
    "interaction_type",
    "course",
    "language",
    "country",
    "response",
}

FILE_NAMES = {"parquet": "statements.parquet", "csv": "statements.csv"}


def export(store: Store, fmt: str) -> Path:
    """Write the used statements (figures.compute must have run) to a file in the store's
    scratch folder; its path."""
    target = store.scratch / FILE_NAMES[fmt]
    columns = []
    for name, sql in EXPORT_COLUMNS.items():
        if fmt == "csv" and name in TEXT_COLUMNS:
            # As in the report's CSV files: text a spreadsheet would run as a formula gets an apostrophe.
            sql = f"CASE WHEN regexp_matches({sql}, '^[=+\\-@\\t\\r]') THEN '''' || ({sql}) ELSE {sql} END"
        columns.append(f"{sql} AS {name}")
    options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER true"
    store.db.execute(f"COPY (SELECT {', '.join(columns)} FROM used ORDER BY k) TO {_literal(str(target))} ({options})")
    return target
