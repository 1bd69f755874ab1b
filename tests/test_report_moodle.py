"""`report --moodle`: Moodle's SCORM report downloads merged across partners.

The fixtures follow the layout of Moodle's own code, mod/scorm/report/interactions/
classes/report.php and mod/scorm/report/basic/classes/report.php ("Download in text
format": csv_export_writer("tab"), a .txt file): Name, identity fields, Attempt,
Started on, Last accessed on, Score, one column per SCO (its title; "raw/max" or the
status string), then Question N / Response N / Right answer N / Result N for the
interactions report (lang strings scormreport_interactions questionx, responsex,
rightanswerx, resultx); "-" for a learner without an attempt; text escaped by s().
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from smab_pack.cli import cli

SCO = "Start a business in Norway"
STARTED, LAST = "Tuesday, 3 June 2025, 10:12 AM", "Tuesday, 3 June 2025, 10:40 AM"


def tsv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\n").writerows(rows)
    return out.getvalue()


def interactions_report(path: Path) -> Path:
    """Spain: the interactions report with questions, responses and results shown."""
    header = ["Name", "Email address", "Attempt", "Started on", "Last accessed on", "Score", SCO]
    for n in range(3):
        header += [f"Question {n}", f"Response {n}", f"Result {n}"]
    rows = [
        header,
        # Ana: passes (9/10); got q1 wrong first, then right.
        [
            "Ana García",
            "ana@example.es",
            "1",
            STARTED,
            LAST,
            "9",
            "9/10",
            "money.q1",
            "b",
            "wrong",
            "money.q1",
            "a",
            "correct",
            "money.q2",
            "a &amp; b",
            "correct",
        ],
        # Ben: two attempts; fails (4/10), then passes (8/10: 80 % reaches mastery 80).
        [
            "Ben Ruiz",
            "ben@example.es",
            "1",
            STARTED,
            LAST,
            "4",
            "4/10",
            "money.q1",
            "b",
            "wrong",
            "money.q2",
            "c",
            "wrong",
            "",
            "",
            "",
        ],
        [
            "Ben Ruiz",
            "ben@example.es",
            "2",
            STARTED,
            LAST,
            "8",
            "8/10",
            "money.q1",
            "a",
            "correct",
            "money.q2",
            "c",
            "wrong",
            "end.s1",
            "likert_4",
            "neutral",
        ],
        # Cai never opened it.
        ["Cai Soto", "cai@example.es", "-", "-", "-", "-", "Not attempted", "", "", "", "", "", "", "", "", ""],
    ]
    path.write_text(tsv(rows), encoding="utf-8")
    return path


def basic_report(path: Path) -> Path:
    """Norway: the basic report (no interactions), SCORM 1.2 statuses without a score."""
    rows = [
        ["Name", "Attempt", "Started on", "Last accessed on", "Score", SCO],
        ["Kari Nordmann", "1", STARTED, LAST, "6", "6/10"],
        ["Ola Nordmann", "1", STARTED, LAST, "0", "Incomplete"],
        ["Per Hansen", "1", STARTED, LAST, "0", "Completed"],
    ]
    path.write_bytes("\ufeff".encode() + tsv(rows).encode("utf-8"))
    return path


def read(folder: Path, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO((folder / name).read_text(encoding="utf-8"))))


def invoke(*args: str):
    return CliRunner().invoke(cli, ["report", *args], catch_exceptions=False)


def test_two_partners_moodle_downloads_merge_into_one_report(tmp_path):
    es, no = interactions_report(tmp_path / "es.txt"), basic_report(tmp_path / "no.txt")
    out = tmp_path / "report"
    result = invoke("--mastery", "80", "--moodle", f"ES,es={es}", "--moodle", f"NO,nb={no}", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "learners: 5 started, 4 completed, 2 passed, 1 failed" in result.stdout
    assert read(out, "learners.csv") == [
        {"country": "ES", "language": "es", "started": "2", "completed": "2", "passed": "2", "failed": "0"},
        {"country": "NO", "language": "nb", "started": "3", "completed": "2", "passed": "0", "failed": "1"},
    ]
    scores = {r["bin"]: r["learners"] for r in read(out, "scores.csv") if r["learners"] != "0"}
    assert scores == {"60-69": "1", "80-89": "1", "90-100": "1"}  # Kari 60, Ben's best 80, Ana 90
    assert [(q["question"], q["answered"], q["correct"], q["incorrect"]) for q in read(out, "questions.csv")] == [
        ("money.q2", "3", "1", "2"),
        ("money.q1", "4", "2", "2"),
    ]


def test_moodle_rows_join_the_xapi_figures_of_the_same_course(tmp_path):
    import json

    from tests.test_report import COURSE, class_log

    source = tmp_path / "s.jsonl"
    source.write_text("\n".join(json.dumps(s) for s in class_log().items), encoding="utf-8")
    out = tmp_path / "both"
    result = invoke(
        "--from",
        str(source),
        "--activity",
        COURSE,
        "--mastery",
        "80",
        "--moodle",
        f"ES,es={interactions_report(tmp_path / 'es.txt')}",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "learners: 9 started," in result.stdout  # the class's 7 and Spain's 2
    q1 = next(q for q in read(out, "questions.csv") if q["question"] == "money.q1")
    assert (q1["answered"], q1["correct"]) == ("7", "3")  # 3 from statements, 4 from Moodle


def test_a_foreign_or_malformed_file_gives_a_located_error(tmp_path):
    out = tmp_path / "out"
    foreign = tmp_path / "grades.csv"
    foreign.write_text("First name,Last name,Email address,Quiz 1 (Real)\nAna,García,ana@example.es,9\n")
    result = invoke("--mastery", "80", "--moodle", f"ES={foreign}", "-o", str(out))
    assert result.exit_code == 1 and f"error: {foreign}:1: not a Moodle SCORM report" in result.stderr
    broken = interactions_report(tmp_path / "es.txt")
    lines = broken.read_text(encoding="utf-8").splitlines()
    lines[2] = "\t".join(lines[2].split("\t")[:5])
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("--mastery", "80", "--moodle", f"ES={broken}", "-o", str(out))
    assert result.exit_code == 1 and f"{broken}:3: 5 columns where the header has 16" in result.stderr
    odd = basic_report(tmp_path / "no.txt")
    odd.write_text(odd.read_text(encoding="utf-8-sig").replace("6/10", "six"), encoding="utf-8")
    result = invoke("--mastery", "80", "--moodle", f"NO={odd}", "-o", str(out))
    assert result.exit_code == 1 and f"{odd}:2:" in result.stderr and "neither a score" in result.stderr
    assert invoke("--mastery", "80", "--moodle", f"Spain={odd}", "-o", str(out)).exit_code == 1
    assert not out.exists()


def test_moodle_rows_need_the_mastery_score_and_a_real_language(tmp_path):
    """No guessed threshold (a 75 % pass of a 70 % course would count as failed), no --since
    (Moodle's rows have no statement times, so it would drop them all), no invented language."""
    out = tmp_path / "out"
    es = interactions_report(tmp_path / "es.txt")
    result = invoke("--moodle", f"ES,es={es}", "-o", str(out))
    assert result.exit_code == 2 and "--moodle needs --mastery" in result.output
    result = invoke("--mastery", "70", "--since", "2026-01-01T00:00:00Z", "--moodle", f"ES={es}", "-o", str(out))
    assert result.exit_code == 2 and "--since cannot select Moodle report rows" in result.output
    result = invoke("--mastery", "70", "--moodle", f"ES,zz-!!={es}", "-o", str(out))
    assert result.exit_code == 1 and "'zz-!!' is not a BCP 47 language tag" in result.stderr
    assert not out.exists()
