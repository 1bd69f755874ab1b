"""The strict SCORM value checker the journeys use (tests/support/scorm_types.py):
it must reject what the standards reject, even where scorm-again is lenient."""

from __future__ import annotations

import pytest

from tests.support.scorm_types import check_value, refused, violations


def _set(version: str, pairs: list[tuple[str, str]]) -> list[dict]:
    fn = "LMSSetValue" if version == "1.2" else "SetValue"
    return [{"fn": fn, "el": k, "value": v, "result": "true", "error": "0"} for k, v in pairs]


def test_millisecond_timestamps_are_rejected_in_2004():
    # What the run-time wrote before: toISOString() has three decimals; time(second,10,2) allows two.
    bad = violations("2004", _set("2004", [("cmi.interactions.0.timestamp", "2026-12-01T10:00:00.023Z")]))
    assert len(bad) == 1 and "at most 2 decimals" in bad[0]
    assert violations("2004", _set("2004", [("cmi.interactions.0.timestamp", "2026-12-01T10:00:00.02Z")])) == []
    assert violations("2004", _set("2004", [("cmi.interactions.0.timestamp", "2026-12-01T10:00:00Z")])) == []


@pytest.mark.parametrize(
    ("element", "value"),
    [
        ("cmi.interactions.0.timestamp", "2039-01-01T00:00:00Z"),  # past 2038
        ("cmi.interactions.0.timestamp", "2026-12-01Z"),  # a zone without a time
        ("cmi.session_time", "PT1H2M3.456S"),  # three decimals
        ("cmi.session_time", "PT"),
        ("cmi.session_time", "01:02:03"),  # the 1.2 form
        ("cmi.score.scaled", "1.5"),
        ("cmi.score.scaled", "0.12345678"),  # 8 decimals > real(10,7)
        ("cmi.score.raw", "12345678901"),  # 11 digits > real(10,7)
        ("cmi.progress_measure", "-0.1"),
        ("cmi.completion_status", "done"),
        ("cmi.success_status", "completed"),
        ("cmi.exit", "finish"),
        ("cmi.location", "x" * 1001),
        ("cmi.suspend_data", "x" * 64001),
        ("cmi.interactions.0.id", "has space"),
        ("cmi.interactions.0.description", "x" * 251),
        ("cmi.interactions.0.description", "{lang=not a tag}text"),
        ("cmi.interactions.0.description", "{lang=en}{text in braces}"),  # a second delimiter
        ("cmi.interactions.0.description", "{not a delimiter} text"),
        ("cmi.interactions.0.result", "wrong"),  # 1.2's word
        ("cmi.interactions.0.latency", "PT0.123S"),
        ("cmi.core.lesson_status", "passed"),  # a 1.2 element in 2004
    ],
)
def test_2004_rejects(element, value):
    assert check_value("2004", element, value) is not None


@pytest.mark.parametrize(
    ("element", "value"),
    [
        ("cmi.interactions.0.timestamp", "2026-12-01T10:00:00.02Z"),
        ("cmi.interactions.0.timestamp", "2026-12-01T10:00:00+01:00"),
        ("cmi.session_time", "PT1H2M3.45S"),
        ("cmi.session_time", "P1DT2H"),
        ("cmi.score.scaled", "-1"),
        ("cmi.score.scaled", "0.8571429"),
        ("cmi.progress_measure", "0.05"),
        ("cmi.exit", "suspend"),
        ("cmi.exit", ""),
        ("cmi.interactions.0.description", "{lang=nb}Hva koster det å registrere et AS?"),
        ("cmi.interactions.0.id", "choosing-a-form.m1-enk-debts"),
    ],
)
def test_2004_accepts(element, value):
    assert check_value("2004", element, value) is None


def test_2004_responses_follow_the_interaction_type():
    calls = _set(
        "2004",
        [
            ("cmi.interactions.0.type", "choice"),
            ("cmi.interactions.0.learner_response", "a[,]c"),
            ("cmi.interactions.1.type", "true-false"),
            ("cmi.interactions.1.learner_response", "t"),
            ("cmi.interactions.2.type", "fill-in"),
            ("cmi.interactions.2.correct_responses.0.pattern", "{case_matters=maybe}Skatteetaten"),
            ("cmi.interactions.3.type", "likert"),
            ("cmi.interactions.3.learner_response", "two words"),
            ("cmi.interactions.4.type", "long-fill-in"),
            ("cmi.interactions.4.learner_response", "{lang=en}" + "x" * 4001),
            ("cmi.interactions.5.type", "choice"),
            ("cmi.interactions.5.learner_response", "a[,]a"),
        ],
    )
    bad = violations("2004", calls)
    assert [b.split(" ")[0] for b in bad] == [
        "cmi.interactions.1.learner_response",
        "cmi.interactions.2.correct_responses.0.pattern",
        "cmi.interactions.3.learner_response",
        "cmi.interactions.4.learner_response",
        "cmi.interactions.5.learner_response",
    ]


@pytest.mark.parametrize(
    ("element", "value"),
    [
        ("cmi.core.lesson_status", "not attempted"),  # CMIStatus2 only: not for a SCO
        ("cmi.core.lesson_status", "unknown"),
        ("cmi.core.exit", "normal"),  # 2004's word
        ("cmi.core.session_time", "PT1M"),
        ("cmi.core.session_time", "1:00:00"),
        ("cmi.core.session_time", "00:00:00.123"),
        ("cmi.core.score.raw", "101"),
        ("cmi.core.score.raw", "ninety"),
        ("cmi.core.lesson_location", "x" * 256),
        ("cmi.suspend_data", "x" * 4097),
        ("cmi.interactions.0.id", "has space"),
        ("cmi.interactions.0.id", "x" * 256),
        ("cmi.interactions.0.time", "2026-12-01T10:00:00Z"),
        ("cmi.interactions.0.time", "24:00:00"),
        ("cmi.interactions.0.result", "incorrect"),  # 2004's word
        ("cmi.interactions.0.latency", "PT2S"),
        ("cmi.interactions.0.type", "long-fill-in"),  # not in 1.2
        ("cmi.interactions.0.description", "text"),  # not in 1.2
        ("cmi.score.raw", "50"),  # a 2004 element in 1.2
    ],
)
def test_12_rejects(element, value):
    assert check_value("1.2", element, value) is not None


def test_12_responses_follow_the_interaction_type():
    calls = _set(
        "1.2",
        [
            ("cmi.interactions.0.type", "choice"),
            ("cmi.interactions.0.student_response", "a,c"),
            ("cmi.interactions.1.type", "true-false"),
            ("cmi.interactions.1.student_response", "true"),
            ("cmi.interactions.2.type", "choice"),
            ("cmi.interactions.2.correct_responses.0.pattern", "a[,]c"),
            ("cmi.interactions.3.type", "likert"),
            ("cmi.interactions.3.student_response", "likert_4"),
            ("cmi.interactions.4.type", "fill-in"),
            ("cmi.interactions.4.student_response", "x" * 256),
            ("cmi.interactions.5.type", "true-false"),
            ("cmi.interactions.5.student_response", "t"),
            ("cmi.interactions.6.type", "likert"),
            ("cmi.interactions.6.student_response", "4"),
        ],
    )
    assert [b.split(" ")[0] for b in violations("1.2", calls)] == [
        "cmi.interactions.1.student_response",
        "cmi.interactions.2.correct_responses.0.pattern",
        "cmi.interactions.3.student_response",
        "cmi.interactions.4.student_response",
    ]


def test_a_value_that_is_not_a_string_is_rejected():
    calls = [{"fn": "SetValue", "el": "cmi.score.raw", "value": 50}]
    assert violations("2004", calls) == ["cmi.score.raw: the value is a int, not a string"]


def test_refusals_are_reported_unless_injected():
    calls = [
        {"fn": "SetValue", "el": "cmi.location", "value": "p1", "result": "false", "error": "406"},
        {"fn": "SetValue", "el": "cmi.location", "value": "p1", "result": "false", "injected": True},
        {"fn": "Commit", "el": "", "result": "true", "error": "0"},
        {"fn": "GetValue", "el": "cmi.mode", "result": "normal"},
    ]
    assert refused(calls) == ["SetValue('cmi.location', 'p1') → false, error 406"]
