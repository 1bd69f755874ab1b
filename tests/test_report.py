"""`smab-pack report`: the figures from hand-made statements, the CSV and HTML files,
an LRS read page by page (Ralph), real journeys in Chromium, and bad input."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from smab_pack.cli import cli
from smab_pack.reporting import ReportError
from smab_pack.reporting import lrs as lrs_module
from smab_pack.reporting.figures import analyse
from smab_pack.reporting.files import read_statements_file
from smab_pack.reporting.pipeline import make_report
from smab_pack.reporting.statements import prepare
from tests.support.lrs import PASSWORD, USER
from tests.support.scorm import QUIZ_TEXT, SURVEY_TEXT
from tests.support.xapi import CourseTab, new_actor, tincan_url, verbs, wait_for

ADL = "http://adlnet.gov/expapi/verbs/"
TYPE = "http://adlnet.gov/expapi/activities/"
VIDEO = "https://w3id.org/xapi/video/"
COUNTRY = "https://w3id.org/xapi/smab-pack/extensions/country"
COURSE = "urn:test:course"
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


class Log:
    """Statements the way the adapter writes them, one second apart."""

    def __init__(self, course: str = COURSE, start: datetime = T0) -> None:
        self.course, self.clock, self.items = course, start, []

    def add(
        self,
        actor: dict | None,
        verb: str,
        obj: dict,
        *,
        result: dict | None = None,
        lang: str | None = "en",
        country: str | None = "NO",
        context: bool = True,
        **extra,
    ) -> dict:
        self.clock += timedelta(seconds=1)
        statement = {
            "id": str(uuid.uuid4()),
            "timestamp": self.clock.isoformat().replace("+00:00", "Z"),
            "verb": {"id": verb if ":" in verb else ADL + verb},
            "object": obj,
            **extra,
        }
        if actor is not None:
            statement["actor"] = actor
        if context:
            ctx = {"contextActivities": {"grouping": [{"id": self.course}]}}
            if lang is not None:
                ctx["language"] = lang
            if country is not None:
                ctx["extensions"] = {COUNTRY: country}
            statement["context"] = ctx
        if result is not None:
            statement["result"] = result
        self.items.append(statement)
        return statement

    # objects
    def course_obj(self, kind: str = "course") -> dict:
        return {"id": self.course, "definition": {"type": TYPE + kind, "name": {"en": "Test course"}}}

    def page(self, pid: str) -> dict:
        return {"id": f"{self.course}/page/{pid}", "definition": {"type": TYPE + "lesson", "name": {"en": pid.title()}}}

    def question(self, key: str, kind: str = "choice", **definition) -> dict:
        return {
            "id": f"{self.course}/question/{key}",
            "definition": {
                "type": TYPE + "cmi.interaction",
                "interactionType": kind,
                "name": {"nb": f"{key} (nb)", "en-US": f"Question {key}"},
                **definition,
            },
        }

    def video(self, key: str) -> dict:
        return {
            "id": f"{self.course}/video/{key}",
            "definition": {"type": VIDEO + "activity-type/video", "name": {"en": f"Video {key}"}},
        }

    # the course's own statements
    def verdict(self, actor, passed: bool, scaled: float, **kw) -> dict:
        return self.add(
            actor,
            "passed" if passed else "failed",
            self.course_obj(),
            result={"success": passed, "score": {"scaled": scaled}},
            **kw,
        )

    def answer(self, actor, key: str, ok: bool, **kw) -> dict:
        return self.add(actor, "answered", self.question(key), result={"success": ok, "response": "a"}, **kw)


SCALE = [
    {"id": f"likert_{i}", "description": {"en-US": label}}
    for i, label in enumerate(["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"], 1)
]


def mbox(name: str) -> dict:
    return {"mbox": f"mailto:{name}@example.org", "name": name}


def account(name: str) -> dict:
    return {"account": {"homePage": "https://lms.example.org", "name": name}}


def class_log() -> Log:
    """Six learners and some strays; every figure below is counted by hand from this."""
    log = Log()
    ana, ben, cai, dan, eve, fay = (
        mbox("ana"),
        account("ben"),
        {"mbox_sha1sum": "ab" * 20},
        {"openid": "https://id.example.org/dan"},
        mbox("eve"),
        account("fay"),
    )
    # dan, first of all: no context at all; jumps to the last page, then back to the first.
    log.add(dan, "experienced", log.page("end"), context=False)
    log.add(dan, "experienced", log.page("intro"), context=False)
    # ana, Norway, Bokmål: every page, one of two questions right, passes with 85 %.
    log.add(ana, "initialized", log.course_obj(), lang="nb")
    for pid in ("intro", "money", "end"):
        log.add(ana, "experienced", log.page(pid), lang="nb")
    log.answer(ana, "money.q1", True, lang="nb")
    log.answer(ana, "money.q2", False, lang="nb")
    log.add(ana, "completed", log.course_obj(), lang="nb")
    duplicate = log.verdict(ana, True, 0.85, lang="nb")
    log.items.append(json.loads(json.dumps(duplicate)))  # the same statement twice: counted once
    log.verdict(ana, False, 0.95, lang="nb")  # a later retake, failed (other mastery): the pass still counts
    # ben, Spain, Spanish (cmi5: lesson-typed course): fails with 40 %, tries again, passes with 90 %.
    log.add(ben, "initialized", log.course_obj("lesson"), lang="es", country="es")
    for pid in ("intro", "money"):
        log.add(ben, "experienced", log.page(pid), lang="es", country="ES")
    log.answer(ben, "money.q1", False, lang="es", country="ES")
    log.answer(ben, "money.q2", False, lang="es", country="ES")
    log.verdict(ben, False, 0.4, lang="es", country="ES")
    log.answer(ben, "money.q2", True, lang="es", country="ES")
    log.verdict(ben, True, 0.9, lang="es", country="ES")
    # cai: a cmi5 LMS's `launched` comes first: its object is the LMS's own activity id (only the
    # context names the course), no language or country. cai reaches one page and fails with 29 %.
    log.add(
        cai,
        "launched",
        {"id": "https://lms.example.org/registrations/r1/au", "definition": {"type": TYPE + "lesson"}},
        lang=None,
        country=None,
    )
    log.add(cai, "experienced", log.page("intro"), lang="de", country="DE")
    log.verdict(cai, False, 0.29, lang="de", country="DE")
    # eve: reads every page, completes, gets no verdict (no graded answer).
    for pid in ("intro", "money", "end"):
        log.add(eve, "experienced", log.page(pid), lang="nb")
    log.add(eve, "completed", log.course_obj(), lang="nb")
    # fay: a score given only as raw/min/max (3 of 10 → 30 %), an empty language.
    log.add(
        fay, "failed", log.course_obj(), result={"success": False, "score": {"raw": 3, "min": 0, "max": 10}}, lang=""
    )
    # A video's `completed` is not the course's (ben never completes the course).
    log.add(ben, VIDEO + "verbs/played", log.video("v1"), lang="es", country="ES")
    log.add(
        ben,
        "completed",
        log.video("v1"),
        lang="es",
        country="ES",
        result={"extensions": {VIDEO + "extensions/progress": 1.0}, "completion": True},
    )
    log.add(ana, VIDEO + "verbs/played", log.video("v1"), lang="nb")
    log.add(
        ana,
        VIDEO + "verbs/paused",
        log.video("v1"),
        lang="nb",
        result={"extensions": {VIDEO + "extensions/progress": 0.4}},
    )
    log.add(
        fay,
        "completed",
        log.video("v1"),
        lang="",  # its `played` was lost: still a viewer
        result={"extensions": {VIDEO + "extensions/progress": 1.0}, "completion": True},
    )
    log.add(eve, "initialized", log.video("v2"), lang="nb")  # loaded, never played
    # Survey: Likert (one vote per learner, the latest) and open text.
    likert = log.question("end.s1", "likert", scale=SCALE)
    log.add(ana, "answered", likert, result={"response": "likert_4"}, lang="nb")
    log.add(ben, "answered", likert, result={"response": "likert_2"}, lang="es", country="ES")
    log.add(ben, "answered", likert, result={"response": "likert_5"}, lang="es", country="ES")
    log.add(None, "answered", likert, result={"response": "likert_5"})  # anonymous: counts once
    text = log.question("end.s2", "long-fill-in")
    log.add(ana, "answered", text, result={"response": "Nyttig kurs"}, lang="nb")
    log.add(ben, "answered", text, result={"response": '=HYPERLINK("x")'}, lang="es", country="ES")
    log.add(cai, "answered", text, result={"response": "   "}, lang="de", country="DE")  # blank: not an answer
    log.add(ben, "terminated", log.course_obj("lesson"), lang="es", country="NO")  # later elsewhere: ben stays ES
    # Strays: no identifiable actor (its answer still counts), a malformed context, another course.
    log.add({"name": "Nobody"}, "answered", log.question("money.q1"), result={"success": False})
    stray = log.add(mbox("gus"), "experienced", {"id": f"{COURSE}/page/intro"}, context=False)
    stray["context"] = "broken"
    other = Log("urn:other:course", T0)
    other.add(mbox("hal"), "initialized", other.course_obj())
    other.answer(mbox("hal"), "x.q9", False)
    log.items.extend(other.items)
    return log


def rows(report, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(report.files[name].decode("utf-8"))))


@pytest.fixture(scope="module")
def class_report():
    return make_report(class_log().items, activity=COURSE)


def test_learners_started_completed_passed_failed(class_report):
    a = class_report.analysis
    # ana ben cai dan eve fay gus; hal is another course, "Nobody" is no learner.
    assert (a.started, a.completed, a.passed, a.failed) == (7, 2, 2, 2)  # ben failed then passed: passed
    assert rows(class_report, "learners.csv") == [
        {"country": "DE", "language": "de", "started": "1", "completed": "0", "passed": "0", "failed": "1"},
        {"country": "ES", "language": "es", "started": "1", "completed": "0", "passed": "1", "failed": "0"},
        {"country": "NO", "language": "nb", "started": "2", "completed": "2", "passed": "1", "failed": "0"},
        {"country": "NO", "language": "und", "started": "1", "completed": "0", "passed": "0", "failed": "1"},
        {"country": "unknown", "language": "und", "started": "2", "completed": "0", "passed": "0", "failed": "0"},
    ]
    assert [c.id for c in a.courses] == [COURSE] and a.courses[0].name == "Test course"


def test_statement_counts_and_duplicates(class_report):
    a = class_report.analysis
    total = len(class_log().items)
    assert a.statements_read == total and a.duplicates == 1
    assert a.filtered_out == 2 and a.statements_used == total - 3


def test_scores_best_verdict_in_ten_point_bins(class_report):
    # ana 85, ben 90 (a pass beats his 40), cai 29, fay 3/10 = 30.
    assert class_report.analysis.scores == [0.29, 0.3, 0.85, 0.9]
    bins = {r["bin"]: int(r["learners"]) for r in rows(class_report, "scores.csv")}
    assert list(bins) == ["0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90-100"]
    assert bins == {**dict.fromkeys(bins, 0), "20-29": 1, "30-39": 1, "80-89": 1, "90-100": 1}


def test_score_bands_at_their_edges():
    log = Log()
    # 0.7 - 0.4 is 0.3 minus a rounding error: a score another tool computed so is still 30 %.
    for index, scaled in enumerate([0.0, 0.1, 0.7 - 0.4, 0.999, 1.0, 0.5]):
        log.verdict(mbox(f"l{index}"), scaled >= 0.5, scaled)
    bins = [b.learners for b in analyse(prepare(log.items)).score_bins]
    assert bins == [1, 1, 0, 1, 0, 1, 0, 0, 0, 2]


def test_questions_most_failed_first(class_report):
    assert rows(class_report, "questions.csv") == [
        {
            "question": "money.q1",
            "name": "Question money.q1",
            "answered": "3",
            "correct": "1",
            "incorrect": "2",
            "failure_rate": "0.667",
            "id": f"{COURSE}/question/money.q1",
            "type": "choice",
        },
        {
            "question": "money.q2",
            "name": "Question money.q2",
            "answered": "3",
            "correct": "1",
            "incorrect": "2",
            "failure_rate": "0.667",
            "id": f"{COURSE}/question/money.q2",
            "type": "choice",
        },
    ]


def test_pages_in_median_order_with_drop_off(class_report):
    # First-visit positions: intro 0 (ana ben cai eve gus), 1 (dan) → 0; money 1 (ana ben eve) → 1;
    # end 2 (ana eve), 0 (dan, who jumped there before anyone else read a page) → 2.
    # cai, dan and gus dropped off.
    found = [(r["position"], r["page"], r["name"], r["learners"]) for r in rows(class_report, "pages.csv")]
    assert found == [("1", "intro", "Intro", "6"), ("2", "money", "Money", "3"), ("3", "end", "End", "3")]


def test_survey_votes_and_open_texts(class_report):
    survey = rows(class_report, "survey.csv")
    likert = [(r["value"], r["label"], r["responses"]) for r in survey if r["question"] == "end.s1"]
    assert likert == [
        ("likert_1", "Strongly disagree", "0"),
        ("likert_2", "Disagree", "0"),
        ("likert_3", "Neutral", "0"),
        ("likert_4", "Agree", "1"),
        ("likert_5", "Strongly agree", "2"),
    ]
    assert [(r["type"], r["responses"]) for r in survey if r["question"] == "end.s2"] == [("long-fill-in", "2")]
    texts = [(r["question"], r["language"], r["text"]) for r in rows(class_report, "survey-texts.csv")]
    # A formula is defused for spreadsheets.
    assert texts == [("end.s2", "es", '\'=HYPERLINK("x")'), ("end.s2", "nb", "Nyttig kurs")]


def test_videos_played_completed(class_report):
    assert rows(class_report, "videos.csv") == [
        {
            "video": "v1",
            "name": "Video v1",
            "played": "3",
            "completed": "2",
            "completion_rate": "0.667",
            "median_progress": "1.000",
            "id": f"{COURSE}/video/v1",
        },
        {
            "video": "v2",
            "name": "Video v2",
            "played": "0",
            "completed": "0",
            "completion_rate": "0.000",
            "median_progress": "",
            "id": f"{COURSE}/video/v2",
        },
    ]


def test_same_statements_in_any_order_give_the_same_bytes():
    items = class_log().items
    first = make_report(items, activity=COURSE).files
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)
    assert make_report(shuffled, activity=COURSE).files == first
    today = datetime.now(UTC).strftime("%Y-%m-%d").encode()
    assert not any(today in data for data in first.values())  # the only dates are the data's


def test_html_is_self_contained_with_accessible_charts(class_report):
    html = class_report.files["report.html"].decode("utf-8")
    for forbidden in ("<script", "<link", "src=", "url(", "<img"):
        assert forbidden not in html
    charts = html.count("<svg")
    assert charts >= 6 and html.count('role="img"') == charts and html.count("<desc id=") == charts
    assert html.count("<table>") >= 6
    assert "Statements from 2024-05-01 08:00 UTC to 2024-05-01" in html
    assert "=HYPERLINK(&#34;x&#34;)" in html  # escaped, never markup
    assert "Question money.q1: 67% of 3" in html  # a bar's own title


def test_no_activity_filter_counts_every_course_and_since_keeps_later_statements():
    items = class_log().items
    everything = analyse(prepare(items))
    assert everything.started == 8 and len(everything.courses) == 2  # hal joins
    later = analyse(prepare(items, since=T0 + timedelta(seconds=30)))
    assert 0 < later.statements_used < everything.statements_used
    assert later.filtered_out == everything.statements_used - later.statements_used


def test_defensive_statements_never_raise():
    junk = [
        {},
        {"actor": "x", "verb": "y", "object": 3, "context": [], "result": "r"},
        {
            "actor": {"account": {"homePage": "h"}},
            "verb": {"id": ADL + "passed"},
            "object": {"id": COURSE},
            "context": {"contextActivities": {"grouping": {"id": COURSE}}},
            "result": {"score": {"scaled": True}},
        },
        {
            "actor": {"mbox": "mailto:z@x"},
            "verb": {"id": ADL + "passed"},
            "timestamp": "not a time",
            "object": {"id": COURSE},
            "context": {"contextActivities": {"parent": [{"id": COURSE}]}},
            "result": {"score": {"scaled": 7}},
        },
    ]
    a = analyse(prepare(junk))
    # The third has no learner (an account without name); the last one: course from parent,
    # passed, its out-of-range score ignored.
    assert (a.started, a.passed, a.scores) == (1, 1, [])


def test_voided_statements_are_left_out():
    log = Log()
    verdict = log.verdict(mbox("ana"), False, 0.1)
    log.add(mbox("admin"), "voided", {"objectType": "StatementRef", "id": verdict["id"]})
    a = analyse(prepare(log.items))
    assert (a.started, a.failed, a.voided) == (0, 0, 2)


# ---- files ----


def test_reads_json_lines_arrays_and_statement_results(tmp_path):
    items = class_log().items[:5]
    lines = tmp_path / "s.jsonl"
    lines.write_text(
        "\ufeff"
        + "\n".join(json.dumps(s) for s in items[:3])
        + "\n\n"
        + json.dumps(items[3], indent=None)
        + "\r\n"
        + json.dumps(items[4]),
        encoding="utf-8",
    )
    array = tmp_path / "s.json"
    array.write_text(json.dumps(items, indent=2), encoding="utf-8")
    result = tmp_path / "r.json"
    result.write_text(json.dumps({"statements": items, "more": ""}), encoding="utf-8")
    single = tmp_path / "one.jsonl"
    single.write_text(json.dumps(items[0]), encoding="utf-8")
    for path in (lines, array, result):
        assert read_statements_file(path) == items
    assert read_statements_file(single) == items[:1]


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"id": "1"}\n{"id": 2,\n', "bad.jsonl:2: not valid JSON"),
        ('{"id": "1"}\n[1, 2]\n', "bad.jsonl:2: not a statement"),
        ('[\n {"id": "1"},\n {"id": \n]', "bad.jsonl:4: not valid JSON"),
        ('[{"id": "1"}, 3]', "bad.jsonl: item 2 is not a statement"),
        ('"hello"', "bad.jsonl:1: not a statement"),
    ],
)
def test_file_errors_name_the_file_and_line(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReportError, match=re.escape(message)):
        read_statements_file(path)


# ---- the command ----


def invoke(*args: str):
    return CliRunner().invoke(cli, ["report", *args], catch_exceptions=False)


def assert_failed_cleanly(result, out: Path, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output and all(f in lines[0] for f in fragments), lines
    assert not out.exists() and not list(out.parent.glob(f".{out.name}*"))


def test_command_writes_the_report_atomically_and_prints_a_summary(tmp_path):
    source = tmp_path / "statements.jsonl"
    source.write_text("\n".join(json.dumps(s) for s in class_log().items), encoding="utf-8")
    out = tmp_path / "out" / "report"
    result = invoke("--from", str(source), "--activity", COURSE, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "learners: 7 started, 2 completed, 2 passed, 2 failed" in result.stdout
    assert f"statements: {len(class_log().items)} read" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            "report.html",
            "learners.csv",
            "scores.csv",
            "questions.csv",
            "pages.csv",
            "survey.csv",
            "survey-texts.csv",
            "videos.csv",
            "free-text.csv",
        ]
    )
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    again = invoke("--from", str(source), "--activity", COURSE, "-o", str(out))  # replaces the earlier report
    assert again.exit_code == 0 and {p.name: p.read_bytes() for p in out.iterdir()} == first
    assert sorted(p.name for p in out.parent.iterdir()) == ["report"]  # no temporary folder left


def test_command_refuses_to_replace_a_folder_with_other_files(tmp_path):
    source = tmp_path / "s.jsonl"
    source.write_text(json.dumps(class_log().items[0]), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "thesis.odt").write_text("precious")
    result = invoke("--from", str(source), "-o", str(tmp_path / "docs"))
    assert result.exit_code == 1 and "holds other files (thesis.odt)" in result.stderr
    assert (tmp_path / "docs" / "thesis.odt").read_text() == "precious"


def test_command_usage_errors_exit_2(tmp_path):
    out = str(tmp_path / "out")
    assert invoke("-o", out).exit_code == 2
    assert invoke("--lrs", "http://x/xAPI/", "-o", out).exit_code == 2
    assert invoke("--from", "x.jsonl", "--since", "yesterday", "-o", out).exit_code == 2
    assert not (tmp_path / "out").exists()


def test_unreadable_file_exits_1_without_output(tmp_path):
    out = tmp_path / "out"
    assert_failed_cleanly(
        invoke("--from", str(tmp_path / "missing.jsonl"), "-o", str(out)), out, "cannot read", "missing.jsonl"
    )
    assert_failed_cleanly(invoke("--from", str(tmp_path), "-o", str(out)), out, "cannot read")


def test_invalid_json_line_exits_1_naming_file_and_line(tmp_path):
    source = tmp_path / "export.jsonl"
    source.write_text('{"id": "a"}\n{"id": "b"}\n{"id": \n', encoding="utf-8")
    out = tmp_path / "out"
    assert_failed_cleanly(invoke("--from", str(source), "-o", str(out)), out, f"{source}:3: not valid JSON")


def test_lrs_that_is_not_there_or_not_an_lrs(tmp_path, server):
    out = tmp_path / "out"
    assert_failed_cleanly(
        invoke("--lrs", "ftp://lrs.example.org/", "--user", "u", "--password", "p", "-o", str(out)),
        out,
        "not an LRS address",
    )
    # The test web server answers, but with no statements API.
    assert_failed_cleanly(
        invoke("--lrs", f"{server.url}/nothing/", "--user", "u", "--password", "p", "--timeout", "5", "-o", str(out)),
        out,
        "HTTP 404",
    )


# ---- a real LRS ----


def lrs_args(ralph, *more: str) -> list[str]:
    return ["--lrs", f"{ralph.url}/xAPI/", "--user", USER, "--password", PASSWORD, *more]


def test_wrong_password_exits_1_without_output(tmp_path, ralph):
    out = tmp_path / "out"
    args = ["--lrs", f"{ralph.url}/xAPI/", "--user", USER, "--password", "not-the-password", "-o", str(out)]
    assert_failed_cleanly(invoke(*args), out, "refused the user name or password", "401")


def test_lrs_read_page_by_page(tmp_path, ralph, monkeypatch):
    course = f"urn:smab-pack:report-test:{uuid.uuid4()}"
    since = datetime.now(UTC) - timedelta(seconds=60)
    log = Log(course, since)  # one statement a second from then: all in the past, all after --since
    learners = [
        mbox(f"l1-{uuid.uuid4().hex[:6]}"),
        mbox(f"l2-{uuid.uuid4().hex[:6]}"),
        account(f"l3-{uuid.uuid4().hex[:6]}"),
        account(f"l4-{uuid.uuid4().hex[:6]}"),
    ]
    one, two, three, four = learners
    log.add(one, "initialized", log.course_obj(), lang="en", country="NO")
    for pid in ("p1", "p2"):
        log.add(one, "experienced", log.page(pid), lang="en", country="NO")
    log.answer(one, "p2.q1", True, lang="en", country="NO")
    log.answer(one, "p2.q2", False, lang="en", country="NO")
    log.add(one, "completed", log.course_obj(), lang="en", country="NO")
    log.verdict(one, True, 0.75, lang="en", country="NO")
    log.add(one, "terminated", log.course_obj(), lang="en", country="NO")
    log.add(two, "initialized", log.course_obj(), lang="es", country="ES")
    log.add(two, "experienced", log.page("p1"), lang="es", country="ES")
    log.answer(two, "p2.q1", False, lang="es", country="ES")
    log.verdict(two, False, 0.2, lang="es", country="ES")
    log.add(two, "terminated", log.course_obj(), lang="es", country="ES")
    log.add(three, "initialized", log.course_obj(), lang="nb", country="NO")
    for pid in ("p1", "p2"):
        log.add(three, "experienced", log.page(pid), lang="nb", country="NO")
    log.answer(three, "p2.q1", True, lang="nb", country="NO")
    log.answer(three, "p2.q2", True, lang="nb", country="NO")
    log.add(three, "completed", log.course_obj(), lang="nb", country="NO")
    log.verdict(three, True, 1.0, lang="nb", country="NO")
    log.add(
        three,
        "answered",
        log.question("p2.s1", "likert", scale=SCALE),
        result={"response": "likert_5"},
        lang="nb",
        country="NO",
    )
    log.add(
        three, "answered", log.question("p2.s2", "long-fill-in"), result={"response": "Nyttig"}, lang="nb", country="NO"
    )
    log.add(three, "terminated", log.course_obj(), lang="nb", country="NO")
    log.add(four, "initialized", log.course_obj(), lang="pl", country="PL")
    log.add(four, VIDEO + "verbs/played", log.video("intro"), lang="pl", country="PL")
    assert len(log.items) == 25
    ralph.post(log.items)  # one POST with all of them, through Ralph's own statements API

    requested: list[str] = []
    real_open = lrs_module._opener.open
    monkeypatch.setattr(
        lrs_module._opener, "open", lambda request, **kw: requested.append(request.full_url) or real_open(request, **kw)
    )
    out = tmp_path / "report"
    result = invoke(
        *lrs_args(ralph, "--activity", course, "--since", since.isoformat(), "--page-size", "4", "-o", str(out))
    )
    assert result.exit_code == 0, result.output
    assert "learners: 4 started, 2 completed, 2 passed, 1 failed" in result.stdout
    # 25 statements, 4 a page: the first query and at least six `more` links, each followed.
    assert len(requested) >= 7 and "limit=4" in requested[0]
    assert all("search_after=" in url for url in requested[1:])

    def read(name: str) -> list[list[str]]:
        return list(csv.reader(io.StringIO((out / name).read_text(encoding="utf-8"))))[1:]

    assert read("learners.csv") == [
        ["ES", "es", "1", "0", "0", "1"],
        ["NO", "en", "1", "1", "1", "0"],
        ["NO", "nb", "1", "1", "1", "0"],
        ["PL", "pl", "1", "0", "0", "0"],
    ]
    assert [r[:6] for r in read("questions.csv")] == [
        ["p2.q2", "Question p2.q2", "2", "1", "1", "0.500"],
        ["p2.q1", "Question p2.q1", "3", "2", "1", "0.333"],
    ]
    assert [r[:4] for r in read("pages.csv")] == [["1", "p1", "P1", "3"], ["2", "p2", "P2", "2"]]
    assert [r[0] for r in read("scores.csv") for _ in range(int(r[3]))] == ["20-29", "70-79", "90-100"]
    assert [r[3:6] for r in read("survey.csv")][-2:] == [
        ["likert_5", "Strongly agree", "1"],
        ["", "open-text answers", "1"],
    ]
    assert read("survey-texts.csv") == [["p2.s2", "Question p2.s2", "nb", "Nyttig"]]
    assert [r[:5] for r in read("videos.csv")] == [["intro", "Video intro", "1", "0", "0.000"]]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 6
    assert (
        '<desc id="chart-funnel-desc">Number of learners who started, completed, passed and failed. '
        "Started: 4; Completed: 2; Passed: 2; Failed: 1.</desc>" in html
    )
    assert "Question p2.q2: 50% of 2" in html and "P1: 3" in html


# ---- real journeys ----


@pytest.mark.slow
@pytest.mark.browser
def test_report_on_a_passing_and_a_failing_journey(tmp_path, page, server, lms, ralph, shipped_packages):
    # A fresh course activity (the TinCan `activity_id` launch parameter), actors and
    # registrations: the counts are exactly these two learners'.
    activity = f"urn:smab-pack:report-journey:{uuid.uuid4()}"
    package = server.mount_zip("xapi-en", shipped_packages[("xapi", "en")])
    stored: dict[bool, list[dict]] = {}
    for correct in (True, False):
        actor = new_actor("Pass Learner" if correct else "Fail Learner")
        url = tincan_url(package, f"{server.url}/xapi/", ralph.token, actor, str(uuid.uuid4()))
        # The partner country comes with the launch (or from build --country).
        course = CourseTab(page, url + "&" + urlencode({"activity_id": activity, "country": "NO" if correct else "ES"}))
        course.open()
        pages = page.evaluate("SMAB.data.pages.map(p => p.id)")
        course.walk(correct=correct)
        course.close()
        stored[correct] = wait_for(ralph, actor, lambda s: verbs(s)[-1:] == ["terminated"])
    assert page.js_errors == []

    out = tmp_path / "report"
    result = invoke(*lrs_args(ralph, "--activity", activity, "-o", str(out)))
    assert result.exit_code == 0, result.output
    assert "learners: 2 started," in result.stdout and "1 passed, 1 failed" in result.stdout
    learners = list(csv.DictReader((out / "learners.csv").open(encoding="utf-8")))
    assert learners == [
        {"country": "ES", "language": "en", "started": "1", "completed": "1", "passed": "0", "failed": "1"},
        {"country": "NO", "language": "en", "started": "1", "completed": "1", "passed": "1", "failed": "0"},
    ]
    # Both watched the career-kit video to the end and answered its survey (walk() does what a learner does).
    videos = list(csv.DictReader((out / "videos.csv").open(encoding="utf-8")))
    assert [(v["played"], v["completed"]) for v in videos] == [("2", "2")]
    survey = list(csv.DictReader((out / "survey.csv").open(encoding="utf-8")))
    likert4 = [r for r in survey if r.get("value") == "likert_4"]
    # The career kit's two Likert questions, module 3's self-assessment (an unscored item of a graded
    # quiz) and the course evaluation's two, each answered by both.
    assert len(likert4) == 5 and all(r["responses"] == "2" for r in likert4), survey
    texts = list(csv.DictReader((out / "survey-texts.csv").open(encoding="utf-8")))
    # the career kit's and the evaluation's open questions, and the business idea written for the teacher
    assert sorted(t["text"] for t in texts) == sorted([SURVEY_TEXT] * 4 + [QUIZ_TEXT] * 2)

    def answers(statements: list[dict], ok: bool) -> dict[str, int]:
        found: dict[str, int] = {}
        for s in statements:
            if s["verb"]["id"] == ADL + "answered" and s.get("result", {}).get("success") is ok:
                key = s["object"]["id"].split("/question/")[1]
                found[key] = found.get(key, 0) + 1
        return found

    wrong = answers(stored[False], False)
    assert wrong  # the failing learner answered wrongly …
    questions = {r["question"]: r for r in csv.DictReader((out / "questions.csv").open(encoding="utf-8"))}
    for key, count in wrong.items():  # … and every wrong answer is in questions.csv
        assert int(questions[key]["incorrect"]) >= count
    # Every row is exactly what Ralph holds for the two learners.
    both = stored[True] + stored[False]
    right_all, wrong_all = answers(both, True), answers(both, False)
    assert {k: (int(r["correct"]), int(r["incorrect"])) for k, r in questions.items()} == {
        k: (right_all.get(k, 0), wrong_all.get(k, 0)) for k in set(right_all) | set(wrong_all)
    }
    reached = [(r["page"], r["learners"]) for r in csv.DictReader((out / "pages.csv").open(encoding="utf-8"))]
    assert reached == [(p, "2") for p in pages]  # both read every page: course order, nobody dropped off
