"""`report --moodle ES=file.txt`: the downloads a Moodle teacher gets from a SCORM
activity's reports, turned into statements so that they count in the same figures as
xAPI ones (learners per country and language, scores, questions most often failed).

The layout is Moodle's own (mod/scorm/report/basic/classes/report.php and
mod/scorm/report/interactions/classes/report.php, "Download in text format"): a
tab-separated text file written by csv_export_writer("tab"), one row per learner and
attempt, with the columns

    Name, [identity fields, e.g. Email address], Attempt, Started on, Last accessed on,
    Score, <one column per SCO, titled with the SCO's title>,
    then per interaction N (interactions report, as chosen in its options):
    Question N, Response N, Right answer N, Result N

A learner without an attempt has "-" under Attempt. A SCO cell holds "raw/max" when the
SCO reported a score, else its status ("Passed", "Failed", "Completed", "Incomplete",
"Browsed", "Not attempted"). Headers are in the teacher's language: download with
Moodle in English. Text is HTML-escaped by Moodle (s()): unescaped here.

How a row counts: a learner with an attempt started; completed when a SCO says
Completed, Passed or Failed or gives a score (smab-pack's run-time reports a score only
with its verdict); passed when the status is Passed or the score reaches the mastery
score (Moodle's report does not show the status when it shows a score), else failed;
each "Question N" with a "Result N" of correct or wrong/incorrect is one checked answer.
A "neutral" result with a free-text response is a long-fill-in answer (free-text.csv):
SCORM 2004 writes it as "{lang=nb}text"; SCORM 1.2 has no long-fill-in type (smab-pack
records it as a fill-in), so there a neutral response that is neither one character (1.2's
likert answers) nor a likert id is taken as free text. Moodle's report gives no time per answer.
"""

from __future__ import annotations

import csv
import html
import io
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from smab_pack.models.course import is_language_tag
from smab_pack.reporting import ReportError
from smab_pack.reporting import vocabulary as xv

FIXED = ["Attempt", "Started on", "Last accessed on", "Score"]
INTERACTION = re.compile(r"^(Question|Response|Right answer|Result) (\d+)$")
STATUSES = {
    "Passed": "passed",
    "Failed": "failed",
    "Completed": "completed",
    "Incomplete": "incomplete",
    "Browsed": "browsed",
    "Not attempted": "notattempted",
}
SCORE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:/\s*(\d+(?:\.\d+)?))?\s*$")
CORRECT, WRONG = {"correct"}, {"wrong", "incorrect"}
LANG_DELIMITER = re.compile(r"^\{lang=([A-Za-z0-9-]+)\}")
NOT_TEXT = re.compile(r"^(?:[0-9a-z]|likert_\d+)$")  # a likert answer as 1.2 or 2004 records it
NAMESPACE = uuid.UUID("5b1f3c1e-8d0e-4c1a-9d55-6d0f2a4b7e10")  # statement ids made from the file's rows


def parse_source(spec: str) -> tuple[str, str | None, Path]:
    """`ES=file.txt` or `ES,es=file.txt` (country, optional language, file)."""
    tag, sep, name = spec.partition("=")
    country, _, lang = tag.partition(",")
    if not sep or not name or not re.fullmatch(r"[A-Za-z]{2}", country.strip()):
        raise ReportError(f"--moodle {spec!r}: expected COUNTRY=FILE or COUNTRY,LANGUAGE=FILE (ES=moodle.txt)")
    language = lang.strip() or None
    if language is not None and not is_language_tag(language):
        raise ReportError(f"--moodle {spec!r}: {language!r} is not a BCP 47 language tag (es, nb, pt-BR)")
    return country.strip().upper(), language, Path(name)


def statements(  # noqa: C901 (split pending; CONTRIBUTING.md)
    path: Path, country: str, language: str | None, *, course: str, mastery: float
) -> Iterator[dict[str, Any]]:
    """xAPI-shaped statements for the rows of one Moodle report download."""
    from smab_pack.reporting.files import read_text

    content = read_text(path, str(path))
    first = content.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else ","  # re-saved by a spreadsheet as CSV: commas
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header or "Attempt" not in header:
        raise ReportError(
            f"{path}:1: not a Moodle SCORM report (no 'Attempt' column): download the SCORM "
            "activity's Basic or Interactions report in text format, with Moodle in English"
        )
    start = header.index("Attempt")
    if header[start : start + 4] != FIXED:
        raise ReportError(
            f"{path}:1: not a Moodle SCORM report: expected the columns {', '.join(FIXED)} "
            f"after the learner's, found {', '.join(header[start : start + 4])}"
        )
    scos: list[int] = []
    interactions: dict[int, dict[str, int]] = {}
    for index in range(start + 4, len(header)):
        found = INTERACTION.match(header[index].strip())
        if found:
            interactions.setdefault(int(found.group(2)), {})[found.group(1)] = index
        elif interactions:
            raise ReportError(f"{path}:1: column {index + 1} ({header[index]!r}) is not a Moodle interaction column")
        else:
            scos.append(index)
    if not scos:
        raise ReportError(f"{path}:1: not a Moodle SCORM report: no SCO column after 'Score'")
    base = f"{country}|{language or ''}|{path.name}"
    for line, row in enumerate(reader, 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ReportError(f"{path}:{line}: {len(row)} columns where the header has {len(header)}")
        attempt = row[start].strip()
        if attempt in ("", "-"):
            continue  # a learner who never opened the activity
        if not attempt.isdigit():
            raise ReportError(f"{path}:{line}: Attempt {attempt!r} is not a number")
        who = "|".join(html.unescape(cell.strip()) for cell in row[:start])
        actor = {"account": {"homePage": f"moodle:{country}", "name": who}}
        context = {"contextActivities": {"grouping": [{"id": course}]}, "extensions": {xv.COUNTRY_EXTENSION: country}}
        if language:
            context["language"] = language
        course_obj = {"id": course, "definition": {"type": xv.COURSE_TYPE}}

        def statement(
            n: str, verb: str, obj: dict, result: dict | None = None, line=line, actor=actor, context=context
        ) -> dict[str, Any]:
            made = {
                "id": str(uuid.uuid5(NAMESPACE, f"{base}|{line}|{n}")),
                "actor": actor,
                "verb": {"id": verb},
                "object": obj,
                "context": context,
            }
            if result is not None:
                made["result"] = result
            return made

        yield statement("attempt", xv.INITIALIZED, course_obj)
        for index in scos:
            cell = html.unescape(row[index].strip())
            score, status = SCORE.match(cell), STATUSES.get(cell)
            if score is None and status is None:
                raise ReportError(
                    f"{path}:{line}: {header[index]!r} holds {cell!r}, neither a score nor a SCORM status"
                )
            if score is not None:
                raw_score, top = float(score.group(1)), float(score.group(2) or 100)
                scaled = min(1.0, max(0.0, raw_score / top)) if top > 0 else None
                passed = scaled is not None and scaled * 100 >= mastery
                yield statement(f"{index}:completed", xv.COMPLETED, course_obj)
                yield statement(
                    f"{index}:verdict",
                    xv.PASSED if passed else xv.FAILED,
                    course_obj,
                    {"success": passed, **({"score": {"scaled": scaled}} if scaled is not None else {})},
                )
            elif status in ("completed", "passed", "failed"):
                yield statement(f"{index}:completed", xv.COMPLETED, course_obj)
                if status != "completed":
                    yield statement(
                        f"{index}:verdict",
                        xv.PASSED if status == "passed" else xv.FAILED,
                        course_obj,
                        {"success": status == "passed"},
                    )
        for number, columns in sorted(interactions.items()):
            if "Question" not in columns or "Result" not in columns:
                continue
            key = html.unescape(row[columns["Question"]].strip())
            result = html.unescape(row[columns["Result"]].strip()).lower()
            if key and result == "neutral" and "Response" in columns:
                free = _free_text(html.unescape(row[columns["Response"]]))
                if free is not None:
                    answer_text, answer_lang = free
                    yield statement(
                        f"q{number}",
                        xv.ANSWERED,
                        {
                            "id": f"{course}{xv.QUESTION_SEGMENT}{key}",
                            "definition": {"type": xv.INTERACTION_TYPE, "interactionType": xv.LONG_FILL_IN},
                        },
                        {"response": answer_text},
                        context={**context, **({"language": answer_lang} if answer_lang else {})},
                    )
                continue
            if not key or result not in CORRECT | WRONG:
                continue  # no interaction N in this attempt, a likert answer (neutral), or no verdict
            answer: dict[str, Any] = {"success": result in CORRECT}
            if "Response" in columns:
                answer["response"] = html.unescape(row[columns["Response"]])
            yield statement(
                f"q{number}",
                xv.ANSWERED,
                {
                    "id": f"{course}{xv.QUESTION_SEGMENT}{key}",
                    # no interactionType: Moodle's report does not give it (questions.csv leaves `type` empty)
                    "definition": {"type": xv.INTERACTION_TYPE},
                },
                answer,
            )


def _free_text(response: str) -> tuple[str, str | None] | None:
    """(text, language) of a neutral response that is free text, else None (see the module's notes)."""
    found = LANG_DELIMITER.match(response)
    if found:
        text = response[found.end() :].strip()
        return (text, found.group(1)) if text else None
    text = response.strip()
    return None if not text or NOT_TEXT.match(text) else (text, None)
