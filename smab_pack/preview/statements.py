"""What the preview's LRS checks in each statement it receives: the xAPI 1.0.3 statement rules an LRS
enforces (Data, section 2.4), so a statement a strict LRS would answer 400 is refused here too, with
the rule it breaks. Own code, small and in the product (tests/support/statement_rules.py is the
tests' fuller oracle and is never imported by smab_pack): it checks the structure, the identifiers
(UUIDs, IRIs, an Agent's one inverse functional identifier), language maps, the result's score and
duration, timestamps and the properties each object may have."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", re.I)
IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
DURATION = re.compile(
    r"P(?=.)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?"
)
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)")
MBOX = re.compile(r"mailto:[^@\s]+@[^@\s]+")

STATEMENT = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version",
             "attachments"}  # fmt: skip
AGENT = {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
RESULT = {"score", "success", "completion", "response", "duration", "extensions"}
SCORE = {"scaled", "raw", "min", "max"}
CONTEXT = {"registration", "instructor", "team", "contextActivities", "revision", "platform", "language", "statement",
           "extensions"}  # fmt: skip
ACTIVITY = {"objectType", "id", "definition"}
DEFINITION = {"name", "description", "type", "moreInfo", "extensions", "interactionType", "correctResponsesPattern",
              "choices", "scale", "source", "target", "steps"}  # fmt: skip
INTERACTION_TYPES = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
                     "likert", "numeric", "other"}  # fmt: skip


def problems(statement: Any) -> list[str]:
    """Each rule of xAPI 1.0.3 the statement breaks, as 'where: what' (empty when it conforms)."""
    out: list[str] = []
    if not isinstance(statement, dict):
        return ["statement: not a JSON object"]
    _keys(out, "statement", statement, STATEMENT)
    for name in ("actor", "verb", "object"):
        if name not in statement:
            out.append(f"statement: no {name}")
    if "id" in statement and not _uuid(statement["id"]):
        out.append("id: not a UUID")
    if "actor" in statement:
        _agent(out, "actor", statement["actor"])
    verb = statement.get("verb")
    if verb is not None:
        if not isinstance(verb, dict) or not _iri(verb.get("id")):
            out.append("verb.id: not an IRI")
        elif "display" in verb:
            _language_map(out, "verb.display", verb["display"])
        if isinstance(verb, dict):
            _keys(out, "verb", verb, {"id", "display"})
    obj = statement.get("object")
    if obj is not None:
        _object(out, obj)
    if "result" in statement:
        _result(out, statement["result"])
    if "context" in statement:
        _context(out, statement["context"], obj)
    if "timestamp" in statement and not _timestamp(statement["timestamp"]):
        out.append("timestamp: not an ISO 8601 date and time")
    if "version" in statement and not re.fullmatch(r"1\.0(\.\d+)?", str(statement["version"])):
        out.append("version: not 1.0.x")
    return out


def _keys(out: list[str], where: str, value: dict, allowed: set[str]) -> None:
    for key in sorted(set(value) - allowed):
        out.append(f"{where}: {key!r} is no property of it")


def _uuid(value: Any) -> bool:
    return isinstance(value, str) and UUID.fullmatch(value) is not None


def _iri(value: Any) -> bool:
    return isinstance(value, str) and IRI.fullmatch(value) is not None


def _timestamp(value: Any) -> bool:
    if not isinstance(value, str) or not TIMESTAMP.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _language_map(out: list[str], where: str, value: Any) -> None:
    if not isinstance(value, dict):
        out.append(f"{where}: not a language map")
        return
    for tag, text in value.items():
        if not TAG.fullmatch(tag) or not isinstance(text, str):
            out.append(f"{where}: {tag!r} is not a language tag with a text")


def _agent(out: list[str], where: str, agent: Any) -> None:
    if not isinstance(agent, dict):
        out.append(f"{where}: not an object")
        return
    if agent.get("objectType") == "Group":
        members = agent.get("member", [])
        if not isinstance(members, list) or not all(isinstance(m, dict) for m in members):
            out.append(f"{where}.member: not a list of Agents")
        found = [k for k in IFIS if k in agent]
        if not found and not members:
            out.append(f"{where}: an anonymous Group needs members")
        return
    _keys(out, where, agent, AGENT)
    found = [k for k in IFIS if k in agent]
    if len(found) != 1:
        out.append(f"{where}: an Agent has exactly one inverse functional identifier, it has {len(found)}")
        return
    ifi, value = found[0], agent[found[0]]
    if ifi == "mbox" and not (isinstance(value, str) and MBOX.fullmatch(value)):
        out.append(f"{where}.mbox: not a mailto: IRI")
    elif ifi == "mbox_sha1sum" and not (isinstance(value, str) and re.fullmatch(r"[0-9a-f]{40}", value)):
        out.append(f"{where}.mbox_sha1sum: not a SHA-1 in hex")
    elif ifi == "openid" and not _iri(value):
        out.append(f"{where}.openid: not an IRI")
    elif ifi == "account":
        if not isinstance(value, dict) or not _iri(value.get("homePage")) or not isinstance(value.get("name"), str):
            out.append(f"{where}.account: needs homePage (an IRL) and name")
        else:
            _keys(out, f"{where}.account", value, {"homePage", "name"})


def _activity(out: list[str], where: str, activity: Any) -> None:
    if not isinstance(activity, dict) or not _iri(activity.get("id")):
        out.append(f"{where}.id: not an IRI")
        return
    _keys(out, where, activity, ACTIVITY)
    definition = activity.get("definition")
    if definition is None:
        return
    if not isinstance(definition, dict):
        out.append(f"{where}.definition: not an object")
        return
    _keys(out, f"{where}.definition", definition, DEFINITION)
    for name in ("name", "description"):
        if name in definition:
            _language_map(out, f"{where}.definition.{name}", definition[name])
    if "type" in definition and not _iri(definition["type"]):
        out.append(f"{where}.definition.type: not an IRI")
    kind = definition.get("interactionType")
    if kind is not None and kind not in INTERACTION_TYPES:
        out.append(f"{where}.definition.interactionType: {kind!r} is no interaction type")
    pattern = definition.get("correctResponsesPattern")
    if pattern is not None and not (isinstance(pattern, list) and all(isinstance(p, str) for p in pattern)):
        out.append(f"{where}.definition.correctResponsesPattern: not a list of strings")


def _object(out: list[str], obj: Any) -> None:
    if not isinstance(obj, dict):
        out.append("object: not an object")
        return
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        _activity(out, "object", obj)
    elif kind in ("Agent", "Group"):
        _agent(out, "object", obj)
    elif kind == "StatementRef":
        if not _uuid(obj.get("id")):
            out.append("object.id: a StatementRef's id is a UUID")
    elif kind != "SubStatement":
        out.append(f"object.objectType: {kind!r} is no object type")


def _result(out: list[str], result: Any) -> None:
    if not isinstance(result, dict):
        out.append("result: not an object")
        return
    _keys(out, "result", result, RESULT)
    for name in ("success", "completion"):
        if name in result and not isinstance(result[name], bool):
            out.append(f"result.{name}: not true or false")
    if "response" in result and not isinstance(result["response"], str):
        out.append("result.response: not a string")
    if "duration" in result and not (isinstance(result["duration"], str) and DURATION.fullmatch(result["duration"])):
        out.append("result.duration: not an ISO 8601 duration")
    score = result.get("score")
    if score is None:
        return
    if not isinstance(score, dict):
        out.append("result.score: not an object")
        return
    _keys(out, "result.score", score, SCORE)
    numbers = {k: v for k, v in score.items() if k in SCORE}
    if any(not isinstance(v, int | float) or isinstance(v, bool) for v in numbers.values()):
        out.append("result.score: every value is a number")
        return
    if "scaled" in numbers and not -1 <= numbers["scaled"] <= 1:
        out.append("result.score.scaled: outside [-1, 1]")
    low, high = numbers.get("min"), numbers.get("max")
    if low is not None and high is not None and not low < high:
        out.append("result.score: min must be below max")
    raw = numbers.get("raw")
    if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
        out.append("result.score.raw: outside [min, max]")


def _context(out: list[str], context: Any, obj: Any) -> None:
    if not isinstance(context, dict):
        out.append("context: not an object")
        return
    _keys(out, "context", context, CONTEXT)
    if "registration" in context and not _uuid(context["registration"]):
        out.append("context.registration: not a UUID")
    activities = context.get("contextActivities", {})
    if not isinstance(activities, dict):
        out.append("context.contextActivities: not an object")
    else:
        _keys(out, "context.contextActivities", activities, {"parent", "grouping", "category", "other"})
        for name, value in activities.items():
            for i, activity in enumerate(value if isinstance(value, list) else [value]):
                _activity(out, f"context.contextActivities.{name}[{i}]", activity)
    extensions = context.get("extensions", {})
    if not isinstance(extensions, dict) or not all(_iri(k) for k in extensions):
        out.append("context.extensions: keys must be IRIs")
    if "language" in context and not (isinstance(context["language"], str) and TAG.fullmatch(context["language"])):
        out.append("context.language: not a language tag")
    if isinstance(obj, dict) and obj.get("objectType", "Activity") != "Activity":
        for name in ("revision", "platform"):
            if name in context:
                out.append(f"context.{name}: only for a statement about an Activity")
