"""The report's DuckDB engine against the Python implementation it replaced
(tests/support/report_oracle.py): the same figures from hand-made, generated and
mangled statements; JSON Lines read in a stream with the Python side's memory bounded."""

from __future__ import annotations

import copy
import importlib.util
import json
import random
import re
import tracemalloc
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from smab_pack.cli import cli
from smab_pack.reporting.files import load_statements_file
from smab_pack.reporting.pipeline import make_report, report_from_store
from smab_pack.reporting.statements import prepare
from smab_pack.reporting.store import Store
from tests.support.report_oracle import analyse_in_python
from tests.test_report import COURSE, T0, class_log

ROOT = Path(__file__).resolve().parents[1]


def generator():
    spec = importlib.util.spec_from_file_location("make_statements", ROOT / "scripts" / "make_statements.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generated(learners: int, seed: int = 3) -> list[dict]:
    make = generator()
    rng = random.Random(seed)
    return [s for i in range(learners) for s in make.learner_statements(rng, i)]


def figures(analysis) -> dict:
    out = asdict(analysis)
    out["first"], out["last"] = str(analysis.first), str(analysis.last)
    return out


def assert_same_as_python(items: list, **selection) -> None:
    engine = make_report(items, **selection).analysis
    python = analyse_in_python(prepare(items, **selection))
    assert figures(engine) == figures(python)


@pytest.mark.parametrize(
    "selection", [{}, {"activity": COURSE}, {"activity": "urn:other"}, {"since": T0 + timedelta(seconds=30)}]
)
def test_hand_made_statements_give_the_python_figures(selection):
    assert_same_as_python(class_log().items, **selection)


def test_generated_statements_give_the_python_figures():
    items = generated(150)
    assert len(items) > 3000
    assert_same_as_python(items)
    assert_same_as_python(items, activity="https://lms.example.org/au/")  # the cmi5 third


JUNK = [
    None,
    True,
    False,
    0,
    -3,
    2.5,
    1e300,
    "",
    "   ",
    "\u00a0x\u3000",
    "x",
    "\\n",
    [],
    [{}],
    [{"id": 7}],
    {},
    {"id": None},
    {"id": " urn:test:course "},
    [{"id": "urn:test:course"}, {"id": "urn:x"}],
]


def _mangle(value, rng: random.Random, depth: int = 0):
    """Replace one field somewhere in a statement by a value of another JSON type."""
    if isinstance(value, dict) and value and depth < 5:
        key = rng.choice(sorted(value))
        if rng.random() < 0.3:
            value[key] = copy.deepcopy(rng.choice(JUNK))
        else:
            value[key] = _mangle(value[key], rng, depth + 1)
        return value
    if isinstance(value, list) and value and depth < 5:
        index = rng.randrange(len(value))
        value[index] = _mangle(value[index], rng, depth + 1)
        return value
    return copy.deepcopy(rng.choice(JUNK))


@pytest.mark.parametrize("seed", range(6))
def test_mangled_statements_give_the_python_figures(seed):
    rng = random.Random(seed)
    # A deep copy: the hand-made statements share objects (the Likert scale) with other tests.
    items = copy.deepcopy(class_log().items + generated(12, seed))
    items = list({s["id"]: s for s in reversed(items)}.values())[::-1]
    for statement in rng.sample(items, len(items) // 3):
        ident = statement["id"]
        for _ in range(rng.randrange(1, 4)):
            _mangle(statement, rng)
        # Ids stay unique: of two different statements with one id and the same times, the
        # engine keeps the one whose text hashes lower, Python the one whose sorted JSON
        # sorts first (README, "How it counts"); any other field may be anything.
        statement["id"] = ident
    assert_same_as_python(items)
    assert_same_as_python(items, activity=COURSE)


def test_a_file_streamed_into_the_store_gives_the_bytes_of_the_statements_in_memory(tmp_path):
    items = class_log().items
    source = tmp_path / "s.jsonl"
    source.write_text("\ufeff" + "\n".join(json.dumps(s) for s in items) + "\r\n\n", encoding="utf-8")
    with Store() as store:
        assert load_statements_file(source, store) == len(items)
        streamed = report_from_store(store, activity=COURSE).files
    assert streamed == make_report(items, activity=COURSE).files
    out = tmp_path / "out"
    assert (
        CliRunner().invoke(cli, ["report", "--from", str(source), "--activity", COURSE, "-o", str(out)]).exit_code == 0
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == streamed


def test_a_bad_line_far_down_a_big_file_is_located_and_nothing_is_kept(tmp_path):
    source = tmp_path / "big.jsonl"
    lines = [json.dumps(s) for s in generated(40)]
    lines.insert(700, '{"id": "x", "verb": ')
    source.write_text("\n".join(lines), encoding="utf-8")
    from smab_pack.reporting import ReportError

    with Store() as store, pytest.raises(ReportError, match=r"big.jsonl:701: not valid JSON"):
        load_statements_file(source, store)


@pytest.mark.slow
def test_python_memory_stays_flat_on_500k_statements(tmp_path):
    """~500,000 statements (~450 MB of JSON Lines, issue 15's proof; the Python implementation
    held 3.3 GB for as many) through `report --from`'s path. DuckDB's own memory is native
    (its limit is SMAB_REPORT_MEMORY); what Python holds is traced: per-learner results
    (20,850 scores, survey texts, names) and never a statement. The peak is ~5 MB. 16 MB, a
    twenty-eighth of the file's text, leaves room for the per-learner results (a few hundred
    bytes each) but not for the statements: 500,000 of them as dicts would be gigabytes, and
    as much as one 32-byte object each would pass 16 MB."""
    make = generator()
    source = tmp_path / "500k.jsonl"
    with source.open("w", encoding="utf-8") as out:
        count = make.write(20_850, out)
    assert count >= 500_000 and source.stat().st_size > 400 * 2**20
    tracemalloc.start()
    try:
        with Store() as store:
            assert load_statements_file(source, store) == count
            report = report_from_store(store)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.analysis.started == 20_850 and report.analysis.statements_used == count
    assert peak < 16 * 2**20, f"Python peak {peak / 2**20:.0f} MB"


@pytest.mark.parametrize(
    "bad, message",
    [
        ("null", "s.jsonl:3: not a statement"),
        ("[1, 2]", "s.jsonl:3: not a statement"),
        ('{"id": "x", "verb": ', "s.jsonl:3: not valid JSON"),
    ],
)
def test_a_streamed_file_s_fault_is_located_whichever_pass_meets_it(tmp_path, bad, message):
    # `null` passes DuckDB's strict reader (a statement without fields); the others stop it.
    from smab_pack.reporting import ReportError

    lines = [json.dumps(s) for s in class_log().items[:5]]
    lines.insert(2, bad)
    source = tmp_path / "s.jsonl"
    source.write_text("\n".join(lines), encoding="utf-8")
    with Store() as store:
        with pytest.raises(ReportError, match=re.escape(message)):
            load_statements_file(source, store)
        assert store.count() == 0


def test_statements_the_strict_reader_refuses_are_read_as_python_reads_them(tmp_path):
    items = copy.deepcopy(class_log().items)
    items[0]["verb"] = "http://adlnet.gov/expapi/verbs/initialized"  # a string, not an object
    items[1]["actor"] = ["not", "an", "agent"]
    items[2].pop("id")  # no id: the strict pass cannot tell it from a `null` line
    source = tmp_path / "s.jsonl"
    source.write_text("\n".join(json.dumps(s) for s in items), encoding="utf-8")
    with Store() as store:
        assert load_statements_file(source, store) == len(items)
        streamed = report_from_store(store).analysis
    assert figures(streamed) == figures(analyse_in_python(prepare(items)))


def _page_figures(pages: list[bytes]) -> tuple[dict, list[tuple[int, int, object]]]:
    with Store() as store:
        read = [store.add_page(body, "http://lrs.example.org/xAPI/statements") for body in pages]
        return figures(report_from_store(store).analysis), read


@pytest.mark.parametrize("seed", range(3))
def test_lrs_pages_read_as_bytes_give_the_figures_of_their_statements_parsed_in_python(seed, monkeypatch):
    # LRS pages go to DuckDB as the LRS sent them; a page the strict reader refuses (here the
    # mangled statements' pages) is parsed in Python: either way the figures of the statements.
    rng = random.Random(seed)
    items = copy.deepcopy(class_log().items + generated(6, seed))
    items = list({s["id"]: s for s in reversed(items)}.values())[::-1]
    for statement in rng.sample(items, len(items) // 6):
        _mangle(statement, rng)
        statement.setdefault("id", f"mangled-{rng.random()}") if isinstance(statement, dict) else None
    pages = [items[i : i + 25] for i in range(0, len(items), 25)]
    bodies = [
        ("\ufeff" if i == 0 else "").encode()
        + json.dumps({"statements": page, "more": f"/more/{i}"}, indent=i % 2).encode()
        for i, page in enumerate(pages)
    ]
    from smab_pack.reporting import lrs

    parsed, real_parse = [], lrs.parse_page
    monkeypatch.setattr(lrs, "parse_page", lambda body, url: parsed.append(url) or real_parse(body, url))
    found, read = _page_figures(bodies)
    assert 0 < len(parsed) < len(pages)  # both ways were taken
    assert [(kept, items_, more) for kept, items_, more in read] == [
        (len(page), len(page), f"/more/{i}") for i, page in enumerate(pages)
    ]
    assert found == figures(analyse_in_python(prepare(items)))


def test_an_lrs_page_s_null_and_stray_items_and_faults():
    from smab_pack.reporting import ReportError

    one, two = class_log().items[:2]
    page = json.dumps({"statements": [one, None, two], "more": None}).encode()
    with Store() as store:
        assert store.add_page(page, "http://lrs.example.org/xAPI/statements") == (2, 3, None)
        # a stray item (not an object) is left out, as the Python reading always did
        stray = json.dumps({"statements": [7, one], "more": ""}).encode()
        assert store.add_page(stray, "http://lrs.example.org/xAPI/statements") == (1, 2, "")
        for body, message in [
            (b"<html>", "is not JSON"),
            (b'{"statements": {}}', "is not an xAPI statement result"),
            (b"[]", "is not an xAPI statement result"),
            (b'{"more": ""}', "is not an xAPI statement result"),
            (b'{"statements": []}{"statements": []}', "is not JSON"),
        ]:
            with pytest.raises(ReportError, match=re.escape(message)):
                store.add_page(body, "http://lrs.example.org/xAPI/statements?limit=2")
        assert store.count() == 3
