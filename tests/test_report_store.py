"""`report --lrs URL --store FILE`: a statement store kept in step with Ralph, fetching only
what is new; voiding statements that arrive later; a fetch the LRS stops mid-way; `--store`
alone; `--refresh`; `--export parquet|csv`."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from smab_pack.cli import cli
from smab_pack.reporting import lrs as lrs_module
from tests.support.lrs import PASSWORD, USER, free_port
from tests.test_report import Log, account, mbox

CSV_FILES = [
    "learners.csv",
    "scores.csv",
    "questions.csv",
    "pages.csv",
    "survey.csv",
    "survey-texts.csv",
    "videos.csv",
    "free-text.csv",
]


def invoke(*args: str):
    return CliRunner().invoke(cli, ["report", *args], catch_exceptions=False)


def lrs(ralph, *more: str) -> list[str]:
    return ["--lrs", f"{ralph.url}/xAPI/", "--user", USER, "--password", PASSWORD, *more]


def csv_bytes(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in CSV_FILES}


def journey(log: Log, actor: dict, *, passed: bool, lang: str, country: str) -> dict:
    log.add(actor, "initialized", log.course_obj(), lang=lang, country=country)
    for pid in ("p1", "p2"):
        log.add(actor, "experienced", log.page(pid), lang=lang, country=country)
    log.answer(actor, "p2.q1", passed, lang=lang, country=country)
    log.add(actor, "completed", log.course_obj(), lang=lang, country=country)
    verdict = log.verdict(actor, passed, 0.9 if passed else 0.3, lang=lang, country=country)
    log.add(actor, "terminated", log.course_obj(), lang=lang, country=country)
    return verdict


def stored_ids(store: Path) -> list[str]:
    with duckdb.connect(str(store), read_only=True) as db:
        return [sid for (sid,) in db.execute("SELECT sid FROM statements").fetchall()]


@pytest.fixture
def requests(monkeypatch):
    """The URLs the report asks the LRS for."""
    seen: list[str] = []
    real_open = lrs_module._opener.open
    monkeypatch.setattr(
        lrs_module._opener, "open", lambda request, **kw: seen.append(request.full_url) or real_open(request, **kw)
    )
    return seen


@pytest.mark.slow
def test_incremental_runs_give_the_figures_of_a_fresh_full_run(tmp_path, ralph, requests):
    course = f"urn:smab-pack:store-test:{uuid.uuid4()}"
    log = Log(course, datetime.now(UTC) - timedelta(seconds=40))
    first = [mbox(f"a-{uuid.uuid4().hex[:6]}"), account(f"b-{uuid.uuid4().hex[:6]}")]
    journey(log, first[0], passed=True, lang="nb", country="NO")
    failed = journey(log, first[1], passed=False, lang="es", country="ES")
    ralph.post(log.items)
    store, activity = tmp_path / "statements.duckdb", ["--activity", course]

    # The first fetch reads the whole session's LRS: in the LRS's own page size (small pages
    # are for the second, which must follow `more` links over only what is new).
    one = invoke(*lrs(ralph, "--store", str(store), *activity, "-o", str(tmp_path / "r1")))
    assert one.exit_code == 0, one.output
    assert "learners: 2 started, 2 completed, 1 passed, 1 failed" in one.stdout
    assert not any("since=" in url for url in requests)  # a new store: everything
    in_store = len(stored_ids(store))

    # Later: a third learner, and the failing verdict voided by an administrator.
    requests.clear()
    later = Log(course, datetime.now(UTC))
    journey(later, mbox(f"c-{uuid.uuid4().hex[:6]}"), passed=True, lang="de", country="DE")
    later.add(mbox("admin"), "voided", {"objectType": "StatementRef", "id": failed["id"]}, context=False)
    ralph.post(later.items)
    two = invoke(*lrs(ralph, "--store", str(store), *activity, "--page-size", "5", "-o", str(tmp_path / "r2")))
    assert two.exit_code == 0, two.output
    assert "learners: 3 started, 3 completed, 2 passed, 0 failed" in two.stdout
    assert requests and all("since=" in url or "search_after=" in url for url in requests)
    ids = stored_ids(store)
    assert len(ids) == len(set(ids))  # the overlap fetched again is kept once
    assert len(ids) - in_store < in_store  # only what is new (and the overlap) was fetched

    fresh = invoke(*lrs(ralph, *activity, "-o", str(tmp_path / "fresh")))
    assert fresh.exit_code == 0, fresh.output
    assert csv_bytes(tmp_path / "r2") == csv_bytes(tmp_path / "fresh")

    # --store alone reports on what it holds, without the LRS.
    offline = invoke("--store", str(store), *activity, "-o", str(tmp_path / "offline"))
    assert offline.exit_code == 0, offline.output
    assert csv_bytes(tmp_path / "offline") == csv_bytes(tmp_path / "fresh")


@pytest.mark.slow
def test_a_fetch_the_lrs_stops_mid_way_resumes_without_gaps_or_duplicates(tmp_path, ralph, monkeypatch):
    course = f"urn:smab-pack:store-stop:{uuid.uuid4()}"
    log = Log(course, datetime.now(UTC) - timedelta(seconds=30))
    journey(log, mbox(f"a-{uuid.uuid4().hex[:6]}"), passed=True, lang="nb", country="NO")
    ralph.post(log.items)
    # Small pages only for the fetches that must stop between pages: the first fetch and the
    # rebuild read the whole session's LRS (every other test's statements too), which in pages
    # of 3 took minutes.
    store, args = tmp_path / "s.duckdb", ["--activity", course, "--page-size", "3"]
    first = ["--activity", course]
    assert invoke(*lrs(ralph, "--store", str(store), *first, "-o", str(tmp_path / "r1"))).exit_code == 0
    before = sorted(stored_ids(store))

    more = Log(course, datetime.now(UTC))
    for index in range(3):
        journey(more, mbox(f"n{index}-{uuid.uuid4().hex[:6]}"), passed=index != 1, lang="en", country="PL")
    ralph.post(more.items)
    # The LRS goes away after the second page of the next fetch: from then on its address
    # refuses connections, as a stopped server's does (a port nothing listens on; stopping
    # and restarting the session's Ralph would cost ~20 s and every other test its LRS).
    real_open, answered, gone = lrs_module._opener.open, [], f"http://127.0.0.1:{free_port()}"

    def flaky(request, **kw):
        answered.append(request.full_url)
        if len(answered) > 2:
            request.full_url = request.full_url.replace(ralph.url, gone, 1)
        return real_open(request, **kw)

    monkeypatch.setattr(lrs_module._opener, "open", flaky)
    try:
        stopped = invoke(*lrs(ralph, "--store", str(store), *args, "--timeout", "5", "-o", str(tmp_path / "r2")))
    finally:
        monkeypatch.setattr(lrs_module._opener, "open", real_open)
    assert len(answered) == 3  # two pages, then the refused connection
    assert stopped.exit_code == 1 and "cannot reach the LRS" in stopped.stderr, stopped.output
    assert not (tmp_path / "r2").exists()
    assert sorted(stored_ids(store)) == before  # nothing half-merged

    again = invoke(*lrs(ralph, "--store", str(store), *args, "-o", str(tmp_path / "r2")))
    assert again.exit_code == 0, again.output
    assert "learners: 4 started, 4 completed, 3 passed, 1 failed" in again.stdout
    ids = stored_ids(store)
    assert len(ids) == len(set(ids)) and {s["id"] for s in log.items + more.items} <= set(ids)
    invoke(*lrs(ralph, "--activity", course, "-o", str(tmp_path / "fresh")))
    assert csv_bytes(tmp_path / "r2") == csv_bytes(tmp_path / "fresh")

    # --refresh rebuilds the store from the whole LRS: the same figures.
    rebuilt = invoke(*lrs(ralph, "--store", str(store), "--refresh", *first, "-o", str(tmp_path / "r3")))
    assert rebuilt.exit_code == 0, rebuilt.output
    assert csv_bytes(tmp_path / "r3") == csv_bytes(tmp_path / "fresh")


def test_a_store_belongs_to_one_lrs_and_usage_errors(tmp_path, ralph):
    store = tmp_path / "s.duckdb"
    assert (
        invoke(*lrs(ralph, "--store", str(store), "--activity", "urn:none", "-o", str(tmp_path / "r"))).exit_code == 0
    )
    other = invoke(
        "--lrs",
        "http://127.0.0.1:9/xAPI/",
        "--user",
        "u",
        "--password",
        "p",
        "--store",
        str(store),
        "-o",
        str(tmp_path / "x"),
    )
    assert other.exit_code == 1 and "mirrors another LRS" in other.stderr and not (tmp_path / "x").exists()
    assert invoke("--store", str(tmp_path / "missing.duckdb"), "-o", str(tmp_path / "y")).exit_code == 2
    assert invoke("--from", "x.jsonl", "--store", str(store), "-o", str(tmp_path / "y")).exit_code == 2
    assert invoke("--store", str(store), "--refresh", "-o", str(tmp_path / "y")).exit_code == 2
    not_a_store = tmp_path / "notes.txt"
    not_a_store.write_text("hello")
    bad = invoke("--store", str(not_a_store), "-o", str(tmp_path / "y"))
    assert bad.exit_code == 1 and "statement store" in bad.stderr and not_a_store.read_text() == "hello"


def test_export_parquet_and_csv_hold_the_statements_counted(tmp_path):
    log = Log()
    journey(log, mbox("ana"), passed=True, lang="nb", country="no")
    log.add(mbox("ben"), "answered", log.question("p2.s2", "long-fill-in"), result={"response": "=1+1"})
    source = tmp_path / "s.jsonl"
    source.write_text("\n".join(__import__("json").dumps(s) for s in log.items), encoding="utf-8")
    for fmt in ("parquet", "csv"):
        out = tmp_path / fmt
        result = invoke("--from", str(source), "--export", fmt, "-o", str(out))
        assert result.exit_code == 0 and f"statements.{fmt}" in result.stdout, result.output
        again = tmp_path / (fmt + "2")
        invoke("--from", str(source), "--export", fmt, "-o", str(again))
        assert (out / f"statements.{fmt}").read_bytes() == (again / f"statements.{fmt}").read_bytes()
    with duckdb.connect() as db:
        rows = db.execute(
            f"SELECT id, learner, country, verb, response FROM '{tmp_path / 'parquet' / 'statements.parquet'}'"
            " ORDER BY timestamp"
        ).fetchall()
    assert [r[0] for r in rows] == [s["id"] for s in log.items]
    assert rows[0][1:3] == ("mbox:mailto:ana@example.org", "NO") and rows[-1][4] == "=1+1"
    table = list(csv.DictReader(io.StringIO((tmp_path / "csv" / "statements.csv").read_text(encoding="utf-8"))))
    assert len(table) == len(log.items) and table[-1]["response"] == "'=1+1"  # defused for spreadsheets


def test_the_whitespace_sql_strips_is_what_this_python_strips():
    """store.WHITESPACE is written out (computing it costs a tenth of a second per run):
    it must stay what str.strip() removes, or SQL and Python would read texts differently."""
    from smab_pack.reporting.store import WHITESPACE

    assert "".join(chr(i) for i in range(0x110000) if chr(i).isspace()) == WHITESPACE
