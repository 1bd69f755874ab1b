"""The tests' own statement validator (tests/support/statement_rules.py) is
itself tested: valid statements pass, and each broken rule is caught."""

from __future__ import annotations

import copy
import uuid

import pytest

from tests.support.statement_rules import (
    ADL,
    CMI5_CATEGORY,
    MASTERY,
    MOVEON_CATEGORY,
    SESSION_ID,
    Cmi5Launch,
    Cmi5Session,
    Registration,
    check_cmi5_journey,
    is_duration,
    is_language_tag,
    xapi_errors,
)

ACTOR = {"objectType": "Agent", "name": "Amina", "account": {"homePage": "https://lms.example.org", "name": "a1"}}
REG, SESSION, ACT = str(uuid.uuid4()), str(uuid.uuid4()), "https://lms.example.org/au/1"
TEMPLATE = {"contextActivities": {"grouping": [{"id": "urn:smab-pack:course/au"}]}, "extensions": {SESSION_ID: SESSION}}


def launch(**kw) -> Cmi5Launch:
    return Cmi5Launch(
        registration=REG, activity_id=ACT, session=SESSION, template=TEMPLATE, actor=ACTOR, mastery=0.8, **kw
    )


def statement(
    verb: str, *, result=None, categories=("cmi5",), extensions=None, obj=None, stamp="2026-12-01T10:00:00.000Z"
):
    context = copy.deepcopy(TEMPLATE)
    context["registration"] = REG
    context["language"] = "nb"
    if categories:
        context["contextActivities"]["category"] = [
            {"id": f"https://w3id.org/xapi/cmi5/context/categories/{c}"} for c in categories
        ]
    context["extensions"].update(extensions or {})
    s = {
        "id": str(uuid.uuid4()),
        "timestamp": stamp,
        "actor": copy.deepcopy(ACTOR),
        "verb": {"id": ADL + verb, "display": {"en-US": verb}},
        "object": obj
        or {
            "objectType": "Activity",
            "id": ACT,
            "definition": {"type": "http://adlnet.gov/expapi/activities/lesson", "name": {"nb": "Kurs"}},
        },
        "context": context,
    }
    if result is not None:
        s["result"] = result
    return s


def passed(scaled=0.9):
    return statement(
        "passed",
        categories=("cmi5", "moveon"),
        extensions={MASTERY: 0.8},
        result={"success": True, "duration": "PT12.5S", "score": {"scaled": scaled, "raw": 9, "min": 0, "max": 10}},
    )


def answered(score=None):
    result = {"response": "a[,]b", "success": True, "duration": "PT3S"}
    if score is not None:
        result["score"] = score
    return statement(
        "answered",
        categories=(),
        result=result,
        obj={
            "objectType": "Activity",
            "id": "urn:smab-pack:course/question/q1",
            "definition": {
                "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                "interactionType": "choice",
                "name": {"en": "Which?"},
                "correctResponsesPattern": ["a[,]b"],
                "choices": [{"id": "a", "description": {"en": "A"}}, {"id": "b", "description": {"en": "B"}}],
            },
        },
    )


def test_valid_statements_pass():
    assert xapi_errors(passed()) == []
    assert xapi_errors(answered({"raw": 1, "min": 0, "max": 1, "scaled": 1})) == []
    session = Cmi5Session(launch())
    for s in (
        statement("initialized"),
        answered(),
        passed(),
        statement("completed", categories=("cmi5", "moveon"), result={"completion": True, "duration": "P0DT1M"}),
        statement("terminated", result={"duration": "PT1M2.25S"}),
    ):
        assert session.feed(s) == [], s["verb"]["id"]


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda s: s.update(id="not-a-uuid"), "is not a UUID"),
        (lambda s: s["actor"].update(mbox="mailto:a@example.org"), "exactly one inverse functional identifier"),
        (lambda s: s["actor"].pop("account"), "exactly one inverse functional identifier, found none"),
        (lambda s: s["verb"].update(id="passed"), "verb.id: must be an IRI"),
        (lambda s: s["verb"].update(display={"en_US": "passed"}), "not a valid BCP 47"),
        (lambda s: s["verb"].update(display={"xx-YY-not-a-tag!": "passed"}), "not a valid BCP 47"),
        (lambda s: s["object"].update(id="course 1"), "is not an IRI"),
        (lambda s: s["object"]["definition"].update(name={}), "non-empty object"),
        (lambda s: s["result"]["score"].update(min=0, max=0, raw=0), "min (0) must be less than max (0)"),
        (lambda s: s["result"]["score"].update(min=5, max=3, raw=4), "must be less than max"),
        (lambda s: s["result"]["score"].update(raw=11), "is above max 10"),
        (lambda s: s["result"]["score"].update(raw=-1), "is below min 0"),
        (lambda s: s["result"]["score"].update(scaled=1.5), "outside [-1, 1]"),
        (lambda s: s["result"]["score"].update(scaled="0.9"), "must be a number"),
        (lambda s: s["result"].update(duration="12 seconds"), "not an ISO 8601 duration"),
        (lambda s: s["result"].update(duration="PT"), "not an ISO 8601 duration"),
        (lambda s: s["result"].update(success="true"), "must be true or false"),
        (lambda s: s["context"].update(language="english"), "context.language"),
        (lambda s: s["context"].update(registration="r-1"), "registration: 'r-1' is not a UUID"),
        (lambda s: s["context"]["extensions"].update({"sessionid": "x"}), "key 'sessionid' is not an IRI"),
        (lambda s: s["context"].update(platform=None), "null is not allowed"),
        (lambda s: s["result"].update(response=None), "null is not allowed"),
        (lambda s: s.update(timestamp="2026-12-01 10:00"), "not an ISO 8601 timestamp"),
        (lambda s: s.update(timestamp="2026-12-01T10:00:00"), "not an ISO 8601 timestamp"),
        (lambda s: s.update(timestamp="2026-13-01T10:00:00Z"), "not an ISO 8601 timestamp"),
        (lambda s: s.pop("verb"), "verb: required"),
        (lambda s: s.update(score=1), "unknown properties ['score']"),
    ],
)
def test_each_broken_xapi_rule_is_caught(change, expected):
    s = passed()
    change(s)
    errors = xapi_errors(s)
    assert any(expected in e for e in errors), errors


def test_interaction_components_must_fit_the_interaction_type():
    s = answered()
    s["object"]["definition"]["interactionType"] = "likert"
    assert any("choices: not allowed for interactionType 'likert'" in e for e in xapi_errors(s))
    s = answered()
    s["object"]["definition"]["choices"][1]["id"] = "a"
    assert any("component ids must be unique" in e for e in xapi_errors(s))


def test_extensions_may_hold_null_and_any_json():
    s = answered()
    s["result"]["extensions"] = {"https://example.org/x": None}
    assert xapi_errors(s) == []


def test_language_tags_and_durations():
    assert all(is_language_tag(t) for t in ("en", "nb", "ar", "en-US", "sr-Latn", "zh-Hant-TW"))
    assert not any(is_language_tag(t) for t in ("", "en_US", "english", "e", "zz-ZZ", "en US", 12))
    assert all(is_duration(d) for d in ("PT1.5S", "P1DT2H", "PT0S", "P2W", "PT10M"))
    assert not any(is_duration(d) for d in ("P", "PT", "1S", "PT1.5", "PT-1S", "P1H"))


@pytest.mark.parametrize(
    "make, rule",
    [
        (lambda: statement("completed", result={"completion": True, "duration": "PT1S"}), "9.6.2.2-1"),
        (lambda: statement("terminated", categories=("cmi5", "moveon"), result={"duration": "PT1S"}), "9.6.2.2-2"),
        (lambda: statement("terminated"), "9.5.4.1"),
        (lambda: statement("completed", categories=("cmi5", "moveon"), result={"completion": True}), "9.5.4.1"),
        (
            lambda: statement(
                "completed",
                categories=("cmi5", "moveon"),
                result={"completion": True, "success": True, "duration": "PT1S"},
            ),
            "9.5.2.0-3",
        ),
        (
            lambda: statement(
                "completed",
                categories=("cmi5", "moveon"),
                result={"completion": True, "duration": "PT1S", "score": {"scaled": 1}},
            ),
            "9.5.1.0-2",
        ),
        (
            lambda: statement(
                "passed",
                categories=("cmi5", "moveon"),
                extensions={MASTERY: 0.8},
                result={"success": False, "duration": "PT1S"},
            ),
            "9.5.2.0-1",
        ),
        (
            lambda: statement(
                "failed",
                categories=("cmi5", "moveon"),
                extensions={MASTERY: 0.8},
                result={"success": True, "duration": "PT1S"},
            ),
            "9.5.2.0-2",
        ),
        (
            lambda: statement(
                "passed",
                categories=("cmi5", "moveon"),
                result={"success": True, "duration": "PT1S", "score": {"scaled": 0.9}},
            ),
            "9.6.3.2-2",
        ),
        (lambda: passed(scaled=0.5), "9.3.4.0-2"),
        (
            lambda: statement(
                "failed",
                categories=("cmi5", "moveon"),
                extensions={MASTERY: 0.8},
                result={"success": False, "duration": "PT1S", "score": {"scaled": 0.8}},
            ),
            "9.3.5.0-2",
        ),
        (
            lambda: statement(
                "passed",
                categories=("cmi5", "moveon"),
                extensions={MASTERY: 0.8},
                result={"success": True, "duration": "PT1S", "score": {"raw": 9}},
            ),
            "9.5.1.0-3",
        ),
        (lambda: statement("initialized", extensions={SESSION_ID: str(uuid.uuid4())}), "9.6.3.1-4"),
        (lambda: statement("initialized", stamp="2026-12-01T11:00:00+01:00"), "9.7.0.0-2"),
        (
            lambda: statement("initialized", obj={"objectType": "Activity", "id": "urn:smab-pack:course/au"}),
            "8.1.5.0-6",
        ),
        (lambda: statement("experienced", categories=("moveon",)), "9.6.2.2-2"),
    ],
)
def test_each_broken_cmi5_statement_rule_is_caught(make, rule):
    session = Cmi5Session(launch())
    assert session.feed(statement("initialized")) == []
    assert rule in [r for r, _ in session.errors(make())]


def test_a_context_missing_the_template_grouping_is_refused():
    s = statement("initialized")
    s["context"]["contextActivities"]["grouping"] = []
    assert "9.6.2.0-1" in [r for r, _ in Cmi5Session(launch()).errors(s)]


def test_session_ordering_rules():
    session = Cmi5Session(launch())
    assert [r for r, _ in session.feed(answered())] == ["9.3.0.0-4"]  # nothing before initialized
    assert session.feed(statement("initialized")) == []
    assert [r for r, _ in session.feed(statement("initialized"))] == ["9.3.0.0-2"]
    assert session.feed(passed()) == []
    failed = statement(
        "failed",
        categories=("cmi5", "moveon"),
        extensions={MASTERY: 0.8},
        result={"success": False, "duration": "PT1S", "score": {"scaled": 0.5}},
    )
    assert {"9.3.0.0-3", "9.3.0.0-8"} <= {r for r, _ in session.feed(failed)}
    assert session.feed(statement("terminated", result={"duration": "PT1S"})) == []
    assert [r for r, _ in session.feed(answered())] == ["9.3.0.0-5"]  # nothing after terminated


def test_registration_rules_span_sessions():
    registration = Registration()
    first = Cmi5Session(launch(), registration)
    for s in (
        statement("initialized"),
        passed(),
        statement("completed", categories=("cmi5", "moveon"), result={"completion": True, "duration": "PT1S"}),
    ):
        assert first.feed(s) == []
    second_launch = launch()
    second_launch.session = str(uuid.uuid4())
    second_launch.template = {**TEMPLATE, "extensions": {SESSION_ID: second_launch.session}}
    second = Cmi5Session(second_launch, registration)
    init = statement("initialized", extensions={SESSION_ID: second_launch.session})
    assert second.feed(init) == []
    again = passed()
    again["context"]["extensions"][SESSION_ID] = second_launch.session
    assert [r for r, _ in second.feed(again)] == ["9.3.0.0-7"]
    done = statement(
        "completed",
        categories=("cmi5", "moveon"),
        result={"completion": True, "duration": "PT1S"},
        extensions={SESSION_ID: second_launch.session},
    )
    assert [r for r, _ in second.feed(done)] == ["9.3.0.0-6"]


def test_browse_mode_allows_no_verdict():
    session = Cmi5Session(launch(launch_mode="Browse"))
    assert session.feed(statement("initialized")) == []
    assert "10.2.2.0-9" in [r for r, _ in session.feed(passed())]


def test_a_trial_leaves_the_session_untouched():
    session = Cmi5Session(launch())
    trial = session.trial()
    assert trial.feed(statement("initialized")) == []
    assert session.count == 0 and session.feed(statement("initialized")) == []


def test_a_stored_journey_is_checked_session_by_session():
    good = [
        statement("initialized", stamp="2026-12-01T10:00:00.000Z"),
        statement("terminated", result={"duration": "PT1S"}, stamp="2026-12-01T10:00:01.000Z"),
    ]
    assert check_cmi5_journey(good, [launch()]) == []
    late = good + [statement("initialized", stamp="2026-12-01T10:00:02.000Z")]
    errors = check_cmi5_journey(late, [launch()])
    assert any("9.3.0.0-5" in e for e in errors) and any("9.3.0.0-2" in e for e in errors)
    stray = statement("initialized", extensions={SESSION_ID: "another"})
    assert any("no launch has session 'another'" in e for e in check_cmi5_journey([stray], [launch()]))
    assert any("9.3: timestamps" in e for e in check_cmi5_journey(list(reversed(good)), [launch()]))
    assert CMI5_CATEGORY and MOVEON_CATEGORY  # the module's names, used by the LMS too
