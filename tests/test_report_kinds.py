"""`smab-pack report` and issue 14's question kinds: matching, sequencing, numeric, cloze gaps
(fill-in), long-fill-in and likert inside quizzes, from xAPI statements shaped as the adapter
sends them (smab_pack/builtin/xapi/adapter.js) and from Moodle's interactions report. Every
figure below is counted by hand from the statements written here."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from smab_pack.cli import cli
from smab_pack.reporting.pipeline import make_report
from tests.test_report import COURSE, Log, account, mbox
from tests.test_report_engine import assert_same_as_python
from tests.test_report_moodle import LAST, SCO, STARTED, tsv

ANA, BEN, CAI = mbox("ana"), mbox("ben"), account("cai")


def quiz_log() -> Log:
    log = Log()
    matching = {"source": [{"id": "as"}, {"id": "enk"}], "target": [{"id": "limited"}, {"id": "personal"}]}
    steps = {"choices": [{"id": "name"}, {"id": "register"}, {"id": "vat"}]}

    def answer(actor, key, kind, ok, response, lang="nb", **definition):
        result = {"response": response}
        if ok is not None:
            result["success"] = ok
        return log.add(actor, "answered", log.question(key, kind, **definition), result=result, lang=lang)

    log.add(ANA, "initialized", log.course_obj())
    answer(ANA, "forms.q1", "matching", True, "as[.]limited[,]enk[.]personal", **matching)
    answer(ANA, "forms.q2", "sequencing", False, "register[,]name[,]vat", **steps)
    answer(ANA, "vat.q1", "numeric", True, "7.5")
    answer(ANA, "vat.q2#1", "fill-in", True, "25")  # a cloze: one fill-in per gap
    answer(ANA, "vat.q2#2", "fill-in", False, "12")
    answer(ANA, "vat.q3", "likert", None, "likert_4", scale=[{"id": "likert_4"}])  # in the quiz, unscored
    answer(ANA, "plan.q1", "long-fill-in", None, "  Jeg selger kaffe fra en vogn.  ")
    log.add(BEN, "initialized", log.course_obj(), lang="en")
    answer(BEN, "forms.q1", "matching", False, "as[.]personal[,]enk[.]limited", lang="en", **matching)
    answer(BEN, "forms.q1", "matching", True, "as[.]limited[,]enk[.]personal", lang="en", **matching)  # a retry
    answer(BEN, "forms.q2", "sequencing", False, "vat[,]name[,]register", lang="en", **steps)
    answer(BEN, "vat.q1", "numeric", False, "75", lang="en")
    answer(BEN, "plan.q1", "long-fill-in", None, "A bike repair shop.", lang="en")
    answer(BEN, "plan.q1", "long-fill-in", None, "A bike repair shop, with a cafe.", lang="en")  # written again
    answer(CAI, "plan.q1", "long-fill-in", None, "   ", lang="ar")  # blank: nothing to grade
    answer(CAI, "vat.q2#1", "fill-in", True, "25", lang="ar")
    answer(CAI, "vat.q2#2", "fill-in", True, "12,5", lang="ar")
    return log


def rows(files: dict, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files[name].decode("utf-8"))))


def test_each_new_kind_is_in_the_questions_table_with_its_type_and_counts():
    files = make_report(quiz_log().items, activity=COURSE).files
    found = [
        (q["question"], q["type"], q["answered"], q["correct"], q["incorrect"], q["failure_rate"])
        for q in rows(files, "questions.csv")
    ]
    assert found == [
        ("forms.q2", "sequencing", "2", "0", "2", "1.000"),  # ana and ben both wrong
        ("vat.q1", "numeric", "2", "1", "1", "0.500"),
        ("vat.q2#2", "fill-in", "2", "1", "1", "0.500"),
        ("forms.q1", "matching", "3", "2", "1", "0.333"),  # ben's retry counts again
        ("vat.q2#1", "fill-in", "2", "2", "0", "0.000"),
    ]
    # Unscored kinds are not questions with a failure rate: the likert item is counted as a
    # survey's is, the free text goes to free-text.csv (and, anonymously, survey-texts.csv).
    likert = [(r["question"], r["value"], r["responses"]) for r in rows(files, "survey.csv") if r["type"] == "likert"]
    assert likert == [("vat.q3", "likert_4", "1")]
    html = files["report.html"].decode("utf-8")
    assert "<td>matching</td>" in html and "<td>sequencing</td>" in html and "<td>numeric</td>" in html
    assert "3 free-text answer(s) to grade by hand" in html and "Jeg selger kaffe" not in html.split("Survey")[0]


def test_free_text_answers_are_listed_for_manual_grading():
    files = make_report(quiz_log().items, activity=COURSE).files
    name = "Question plan.q1"
    assert rows(files, "free-text.csv") == [
        {
            "question": "plan.q1",
            "name": name,
            "learner": "mbox:mailto:ana@example.org",
            "language": "nb",
            "time": "2024-05-01T08:00:08Z",
            "answer": "Jeg selger kaffe fra en vogn.",
            "id": f"{COURSE}/question/plan.q1",
        },
        {
            "question": "plan.q1",
            "name": name,
            "learner": "mbox:mailto:ben@example.org",
            "language": "en",
            "time": "2024-05-01T08:00:14Z",
            "answer": "A bike repair shop.",
            "id": f"{COURSE}/question/plan.q1",
        },
        {
            "question": "plan.q1",
            "name": name,
            "learner": "mbox:mailto:ben@example.org",
            "language": "en",
            "time": "2024-05-01T08:00:15Z",
            "answer": "A bike repair shop, with a cafe.",
            "id": f"{COURSE}/question/plan.q1",
        },
    ]


def test_the_new_kinds_give_the_python_figures():
    assert_same_as_python(quiz_log().items)
    assert_same_as_python(quiz_log().items, activity=COURSE)


def test_moodle_free_text_answers_join_free_text_csv(tmp_path):
    """Moodle's interactions report (mod/scorm/report/interactions/classes/report.php): a free
    text is a Response with Result "neutral"; SCORM 2004 writes it with its {lang=} delimiter."""
    header = ["Name", "Email address", "Attempt", "Started on", "Last accessed on", "Score", SCO]
    for n in range(3):
        header += [f"Question {n}", f"Response {n}", f"Result {n}"]
    rows_ = [
        header,
        # SCORM 2004: free text with its language, a likert answer (neutral, not free text), a matching
        ["Ana García", "ana@example.es", "1", STARTED, LAST, "9", "9/10"]
        + ["plan.q1", "{lang=es}Una tienda de bicicletas &amp; café", "neutral"]
        + ["vat.q3", "likert_4", "neutral"]
        + ["forms.q1", "as[.]limited[,]enk[.]personal", "correct"],
        # SCORM 1.2: no long-fill-in type; a one-character likert answer is not free text
        ["Ben Ruiz", "ben@example.es", "1", STARTED, LAST, "4", "4/10"]
        + ["plan.q1", "Reparar bicis", "neutral"]
        + ["vat.q3", "4", "neutral"]
        + ["forms.q1", "as.personal,enk.limited", "wrong"],
    ]
    es = tmp_path / "es.txt"
    es.write_text(tsv(rows_), encoding="utf-8")
    out = tmp_path / "report"
    result = CliRunner().invoke(cli, ["report", "--mastery", "80", "--moodle", f"ES,es-ES={es}", "-o", str(out)])
    assert result.exit_code == 0, result.output
    texts = list(csv.DictReader((out / "free-text.csv").open(encoding="utf-8")))
    assert [(t["question"], t["learner"], t["language"], t["time"], t["answer"]) for t in texts] == [
        ("plan.q1", "account:moodle:ES|Ana García|ana@example.es", "es", "", "Una tienda de bicicletas & café"),
        ("plan.q1", "account:moodle:ES|Ben Ruiz|ben@example.es", "es-ES", "", "Reparar bicis"),
    ]
    questions = list(csv.DictReader((out / "questions.csv").open(encoding="utf-8")))
    assert [(q["question"], q["answered"], q["correct"]) for q in questions] == [("forms.q1", "2", "1")]


def test_free_text_csv_is_among_the_files_of_an_empty_report(tmp_path: Path):
    files = make_report([]).files
    assert files["free-text.csv"] == b"question,name,learner,language,time,answer,id\n"


ATTEMPT = "https://w3id.org/xapi/smab-pack/extensions/attempt"


def attempts_log() -> Log:
    """The run-time names each answer's quiz attempt (a retry is a new attempt)."""
    log = Log()

    def answer(actor, ok, attempt=None):
        result = {"success": ok, "response": "a" if ok else "b"}
        if attempt is not None:
            result["extensions"] = {ATTEMPT: attempt}
        return log.add(actor, "answered", log.question("final.q1"), result=result)

    answer(ANA, False, 1)
    answer(ANA, True, 2)  # a retry: a second attempt, counted again
    answer(BEN, False, 1)
    answer(BEN, False, 1)  # the same attempt's answer sent again (another statement id): once
    answer(BEN, True, 1)  # … and of one attempt's answers the latest counts
    answer(CAI, False)  # no attempt named (an older run-time, another tool): every answer counts
    answer(CAI, False)
    answer(None, True, 1)  # no learner: counted as it comes
    answer(None, True, 1)
    log.add(ANA, "answered", log.question("final.q2"), result={"success": True, "extensions": {ATTEMPT: "2"}})
    log.add(ANA, "answered", log.question("final.q2"), result={"success": True, "extensions": {ATTEMPT: 2.5}})
    return log


def test_one_answer_counts_per_learner_question_and_attempt():
    files = make_report(attempts_log().items).files
    found = [(q["question"], q["answered"], q["correct"], q["incorrect"]) for q in rows(files, "questions.csv")]
    # final.q1: ana 1 wrong + 1 right, ben 1 right, cai 2 wrong, no learner 2 right;
    # final.q2: attempts that are not whole numbers are no attempts, each answer counts.
    assert found == [("final.q1", "7", "4", "3"), ("final.q2", "2", "2", "0")]
    assert_same_as_python(attempts_log().items)
