"""The preview's SCORM LMS (smab_pack/preview/assets/lms.js) judges every value as the project's own
statement of the SCORM data-model types does (tests/support/scorm_types.py, the oracle): both are run
on the same elements and values, and must agree on each one, for both versions and every kind of
interaction. The API's lifecycle and error codes are unit-tested in node (tests/js/lms.test.js)."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import scorm_types

LMS_JS = Path(__file__).resolve().parents[1] / "smab_pack" / "preview" / "assets" / "lms.js"

# Values chosen to sit on each type's edges (vocabularies, ranges, precision, SPMs, delimiters).
VALUES = [
    "",
    "0",
    "1",
    "t",
    "f",
    "true",
    "false",
    "100",
    "100.0",
    "101",
    "-1",
    "-0.5",
    "1.5",
    "0.75",
    "1.00000001",
    "12345678901",
    "123456.7891",
    "abc",
    "a",
    "ab",
    "a,b",
    "{a,b}",
    "A",
    "likert_4",
    "passed",
    "failed",
    "completed",
    "incomplete",
    "browsed",
    "not attempted",
    "unknown",
    "suspend",
    "normal",
    "logout",
    "time-out",
    "PT1.5S",
    "PT",
    "P",
    "P1DT",
    "P1DT2H3M4.56S",
    "PT0.123S",
    "0000:01:02.5",
    "01:02:03",
    "9999:00:00",
    "12:30:00",
    "24:00:00",
    "2026-12-01T10:00:00.12Z",
    "2026-12-01T10:00:00.123Z",
    "1969-01-01",
    "2026-12-01Z",
    "2026-12-01T10:00+01:00",
    "{lang=en}Hello",
    "{lang=nb-NO}Hei",
    "{lang=1}x",
    "{x",
    "a[,]b",
    "a[,]a",
    "a b",
    "http://example.org/q?id=1",
    "1[:]2",
    "[:]2",
    "1[:]",
    "{case_matters=true}Oslo",
    "{case_matters=yes}Oslo",
    "{order_matters=false}a[,]b",
    "{lang=ar}نعم",
    "x" * 255,
    "x" * 256,
    "x" * 1000,
    "x" * 1001,
    "x" * 4096,
    "x" * 4097,
    "x" * 64000,
    "x" * 64001,
    "[,]".join("abcdefghij"),
    "[,]".join("abcdefghijk"),
    "continue",
    "a.b",
    "a.b,c.d",
    "{a.b,c.d}",
    "ab.c",
    "a[.]b",
    "a[.]b[,]c[.]d",
    "a[.]b[,]a[.]b",
    "a[.]b[.]c",
    "a b[.]c",
    "a[,]b[,]a",
    "{target=p2}choice",
    "exitAll",
    "-1",
    "nb",
    "en-GB",
    "not a tag!",
]
KINDS_12 = ["true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"]
KINDS_2004 = ["true-false", "choice", "fill-in", "long-fill-in", "likert", "matching", "performance", "sequencing",
              "numeric", "other"]  # fmt: skip


def _cases() -> list[dict]:
    cases = []
    for version, static, per, kinds, response in (
        ("1.2", scorm_types._STATIC_12, scorm_types._INTERACTION_12, KINDS_12, "student_response"),
        ("2004", scorm_types._STATIC_2004, scorm_types._INTERACTION_2004, KINDS_2004, "learner_response"),
    ):
        elements = [*static, *(f"cmi.interactions.0.{name}" for name in per), "cmi.interactions.0.result"]
        elements += ["cmi.interactions.0.objectives.0.id", "cmi.no_such_element"]
        cases += [
            {"v": version, "el": el, "value": value, "types": {}} for el, value in itertools.product(elements, VALUES)
        ]
        for kind, value, el in itertools.product(
            kinds, VALUES, [f"cmi.interactions.0.{response}", "cmi.interactions.0.correct_responses.0.pattern"]
        ):
            cases.append({"v": version, "el": el, "value": value, "types": {"0": kind}})
        cases.append({"v": version, "el": f"cmi.interactions.0.{response}", "value": "a", "types": {}})
    return cases


def _judge_in_node(cases: list[dict]) -> list[str | None]:
    node = shutil.which("node")
    assert node, "node is needed (./dev test installs it)"
    script = (
        f"const L = require({json.dumps(str(LMS_JS))}).SMABLMS;"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(cases.map(c => L.check(c.v, c.el, c.value, c.types))));"
    )
    done = subprocess.run([node, "-e", script], input=json.dumps(cases), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_inspector_judges_every_value_as_the_oracle_does():
    cases = _cases()
    assert len(cases) > 3000
    verdicts = _judge_in_node(cases)
    disagree = []
    for case, js in zip(cases, verdicts, strict=True):
        oracle = scorm_types.check_value(case["v"], case["el"], case["value"], dict(case["types"]))
        if (oracle is None) != (js is None):
            disagree.append(
                f"{case['v']} {case['el']} = {case['value'][:40]!r} {case['types']}: oracle {oracle!r}, JS {js!r}"
            )
    assert not disagree, f"{len(disagree)} disagreements:\n" + "\n".join(disagree[:40])
    # Both refuse something and accept something of each version: the comparison is not vacuous.
    for version in ("1.2", "2004"):
        mine = [js for case, js in zip(cases, verdicts, strict=True) if case["v"] == version]
        assert any(v is None for v in mine) and sum(v is not None for v in mine) > 100


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_kind_of_refusal_gives_the_standards_error_code(version):
    """A type mismatch and a value out of range are told apart in 2004 (406, 407); 1.2 has one code (405)."""
    verdicts = _judge_in_node(
        [
            {"v": version, "el": el, "value": value, "types": {}}
            for el, value in (
                ("cmi.suspend_data", "x" * 70000),
                ("cmi.core.score.raw" if version == "1.2" else "cmi.score.scaled", "abc"),
            )
        ]
    )
    assert [v[0] for v in verdicts] == ["range", "type"]
