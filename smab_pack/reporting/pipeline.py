"""From statements to the report folder's files, and from there to disk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smab_pack.reporting.analysis import Analysis
from smab_pack.reporting.html import render_html
from smab_pack.reporting.output import write_folder
from smab_pack.reporting.tables import HEADERS, csv_files

if TYPE_CHECKING:
    from smab_pack.reporting.store import Store

#: every file a report folder holds
REPORT_FILES = frozenset({"report.html", *HEADERS, "statements.parquet", "statements.csv"})


@dataclass(frozen=True)
class Report:
    analysis: Analysis
    files: dict[str, bytes | Path]  # name → content (or a file to copy), the same bytes for the same statements


def make_report(
    statements: list[dict[str, Any]], *, activity: str | None = None, since: datetime | None = None
) -> Report:
    """The report of statements already in memory (tests, small inputs)."""
    from smab_pack.reporting.store import Store

    with Store() as store:
        store.add_statements(statements)
        report = report_from_store(store, activity=activity, since=since)
    # statements that are not JSON objects were never statements, but they were read
    return (
        Report(_with_read(report.analysis, len(statements)), report.files)
        if len(statements) != report.analysis.statements_read
        else report
    )


def _with_read(analysis: Analysis, read: int) -> Analysis:
    from dataclasses import replace

    return replace(analysis, statements_read=read)


def report_from_store(
    store: Store, *, activity: str | None = None, since: datetime | None = None, export: str | None = None
) -> Report:
    """The report of a store's statements; with ``export`` (parquet, csv) also the statements
    counted, as a file in the store's scratch folder (write the report before closing the store)."""
    from smab_pack.reporting.figures import compute

    report = render(compute(store, activity=activity, since=since), activity=activity, since=since)
    if export is not None:
        from smab_pack.reporting.export import export as export_statements

        path = export_statements(store, export)
        report.files[path.name] = path
    return report


def render(analysis: Analysis, *, activity: str | None = None, since: datetime | None = None) -> Report:
    files: dict[str, bytes | Path] = {name: text.encode("utf-8") for name, text in csv_files(analysis).items()}
    files["report.html"] = render_html(analysis, activity=activity, since=since).encode("utf-8")
    return Report(analysis, files)


def write_report(report: Report, out_dir: Path) -> None:
    write_folder(out_dir, report.files, REPORT_FILES)
