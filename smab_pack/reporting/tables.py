"""The report's CSV files: UTF-8, a header row, `\\n` line ends, rates with three decimals."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime

from smab_pack.reporting.analysis import Analysis
from smab_pack.reporting.statements import after
from smab_pack.reporting.vocabulary import QUESTION_SEGMENT

#: file name → header, in the order the files are described in the README
HEADERS: dict[str, list[str]] = {
    "learners.csv": ["country", "language", "started", "completed", "passed", "failed"],
    "scores.csv": ["bin", "from", "to", "learners"],
    "questions.csv": ["question", "name", "answered", "correct", "incorrect", "failure_rate", "id", "type"],
    "pages.csv": ["position", "page", "name", "learners", "share_of_started", "id"],
    "survey.csv": ["question", "name", "type", "value", "label", "responses", "id"],
    "survey-texts.csv": ["question", "name", "language", "text"],
    "videos.csv": ["video", "name", "played", "completed", "completion_rate", "median_progress", "id"],
    "free-text.csv": ["question", "name", "learner", "language", "time", "answer", "id"],
}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """One CSV cell. Text that a spreadsheet would run as a formula (learners write the
    survey answers; anyone can send a statement) gets a leading apostrophe."""
    if isinstance(value, float):
        return f"{value:.3f}"
    if value is None:
        return ""
    out = str(value)
    return "'" + out if isinstance(value, str) and out.startswith(_FORMULA_START) else out


def _csv(name: str, rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS[name])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue()


def csv_files(analysis: Analysis) -> dict[str, str]:
    started = analysis.started
    survey_rows: list[list[object]] = []
    for q in analysis.survey:
        if q.likert:
            survey_rows.extend([q.key, q.name, q.kind, p.value, p.label, p.responses, q.id] for p in q.likert)
        else:
            survey_rows.append([q.key, q.name, q.kind, "", "open-text answers", q.texts, q.id])
    return {
        "learners.csv": _csv(
            "learners.csv",
            ([g.country, g.language, g.started, g.completed, g.passed, g.failed] for g in analysis.learner_groups),
        ),
        "scores.csv": _csv("scores.csv", ([b.label, b.low, b.high, b.learners] for b in analysis.score_bins)),
        "questions.csv": _csv(
            "questions.csv",
            (
                [q.key, q.name, q.answered, q.correct, q.incorrect, q.failure_rate, q.id, q.kind]
                for q in analysis.questions
            ),
        ),
        "pages.csv": _csv(
            "pages.csv",
            (
                [i, p.key, p.name, p.learners, p.learners / started if started else 0.0, p.id]
                for i, p in enumerate(analysis.pages, 1)
            ),
        ),
        "survey.csv": _csv("survey.csv", survey_rows),
        "survey-texts.csv": _csv(
            "survey-texts.csv",
            ([after(t.question, QUESTION_SEGMENT), t.name, t.language, t.text] for t in analysis.survey_texts),
        ),
        "videos.csv": _csv(
            "videos.csv",
            (
                [v.key, v.name, v.played, v.completed, v.completion_rate, v.median_progress, v.id]
                for v in analysis.videos
            ),
        ),
        "free-text.csv": _csv(
            "free-text.csv",
            (
                [after(t.question, QUESTION_SEGMENT), t.name, t.learner, t.language, _time(t.time), t.text, t.question]
                for t in analysis.free_texts
            ),
        ),
    }


def _time(moment: datetime | None) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if moment else ""
