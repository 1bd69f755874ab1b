"""From statements to the report folder's files, and from there to disk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from smab_pack.reporting.analysis import Analysis, analyse
from smab_pack.reporting.html import render_html
from smab_pack.reporting.output import write_folder
from smab_pack.reporting.statements import prepare
from smab_pack.reporting.tables import HEADERS, csv_files

#: every file a report folder holds
REPORT_FILES = frozenset({"report.html", *HEADERS})


@dataclass(frozen=True)
class Report:
    analysis: Analysis
    files: dict[str, bytes]  # name → content, the same bytes for the same statements


def make_report(statements: list[dict[str, Any]], *, activity: str | None = None,
                since: datetime | None = None) -> Report:
    analysis = analyse(prepare(statements, activity=activity, since=since))
    files = {name: text.encode("utf-8") for name, text in csv_files(analysis).items()}
    files["report.html"] = render_html(analysis, activity=activity, since=since).encode("utf-8")
    return Report(analysis, files)


def write_report(report: Report, out_dir: Path) -> None:
    write_folder(out_dir, report.files, REPORT_FILES)
