"""The rules a strict LRS and a strict cmi5 LMS apply to statements, written
from the specifications (xAPI 1.0.3 Part 2 "Data"; cmi5 spec sections 7-10
with the requirement ids of ADL's cmi5 test suites, e.g. "9.3.0.0-2").

`xapi_errors(statement)` checks one statement against xAPI; `Cmi5Session`
checks a session's statements in order against cmi5 (one statement at a
time, so the test LMS can refuse as it goes, and over a stored journey).
Every function returns messages (empty: valid); nothing here raises on bad
input, so a statement is judged whole and every fault is named.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import datetime

import langcodes

ADL = "http://adlnet.gov/expapi/verbs/"
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
AU_VERBS = {ADL + v for v in ("initialized", "completed", "passed", "failed", "terminated")}
LMS_VERBS = {ADL + "launched"} | {"https://w3id.org/xapi/adl/verbs/" + v for v in ("abandoned", "waived", "satisfied")}

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", re.I)
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
# ISO 8601 durations as xAPI uses them (4.6): PnYnMnDTnHnMnS or PnW; only the last part may have a fraction.
_DURATION = re.compile(
    r"^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?"
    r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$"
)
_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$")
_INTERACTION_TYPES = {
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
}
# Which interaction-component lists each interaction type may carry (xAPI 1.0.3, 4.1.4.1, table 2).
_COMPONENTS = {
    "choice": {"choices"},
    "sequencing": {"choices"},
    "likert": {"scale"},
    "matching": {"source", "target"},
    "performance": {"steps"},
}
_STATEMENT_KEYS = {
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
    "objectType",
}


def is_iri(value) -> bool:
    return isinstance(value, str) and bool(_IRI.match(value))


def is_language_tag(value) -> bool:
    """RFC 5646 (BCP 47), as xAPI's language maps and context.language need it."""
    return isinstance(value, str) and bool(_TAG.match(value)) and langcodes.tag_is_valid(value)


def is_duration(value) -> bool:
    return isinstance(value, str) and bool(_DURATION.match(value))


def is_timestamp(value) -> bool:
    if not isinstance(value, str) or not _TIMESTAMP.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _nulls(value, path: str, out: list[str]) -> None:
    """xAPI 2.2: no property may be null, except inside extensions (free-form JSON)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "extensions":
                continue
            if item is None:
                out.append(f"{path}.{key}: null is not allowed")
            else:
                _nulls(item, f"{path}.{key}", out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if item is None:
                out.append(f"{path}[{i}]: null is not allowed")
            else:
                _nulls(item, f"{path}[{i}]", out)


def _language_map(value, path: str, out: list[str]) -> None:
    if not isinstance(value, dict) or not value:
        out.append(f"{path}: a language map must be a non-empty object")
        return
    for tag, text in value.items():
        if not is_language_tag(tag):
            out.append(f"{path}: {tag!r} is not a valid BCP 47 language tag")
        if not isinstance(text, str):
            out.append(f"{path}[{tag!r}]: must be a string")


def _extensions(value, path: str, out: list[str]) -> None:
    if not isinstance(value, dict):
        out.append(f"{path}: extensions must be an object")
        return
    for key in value:
        if not is_iri(key):
            out.append(f"{path}: key {key!r} is not an IRI")


def _agent(value, path: str, out: list[str], *, group_ok: bool = True) -> None:
    if not isinstance(value, dict):
        out.append(f"{path}: must be an Agent or Group object")
        return
    kind = value.get("objectType", "Agent")
    ifis = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in value]
    if kind == "Group" and group_ok:
        members = value.get("member")
        if not ifis and not isinstance(members, list):
            out.append(f"{path}: an anonymous Group needs a member list")
        if len(ifis) > 1:
            out.append(f"{path}: a Group has at most one inverse functional identifier, found {ifis}")
        for i, member in enumerate(members or []):
            _agent(member, f"{path}.member[{i}]", out, group_ok=False)
    elif kind == "Agent":
        if len(ifis) != 1:
            out.append(f"{path}: an Agent needs exactly one inverse functional identifier, found {ifis or 'none'}")
    else:
        out.append(f"{path}.objectType: {kind!r} is not Agent" + (" or Group" if group_ok else ""))
        return
    if "mbox" in value and not (
        isinstance(value["mbox"], str) and re.match(r"^mailto:[^@\s]+@[^@\s]+$", value["mbox"])
    ):
        out.append(f"{path}.mbox: must be a mailto: IRI")
    if "mbox_sha1sum" in value and not re.match(r"^[0-9a-f]{40}$", str(value["mbox_sha1sum"])):
        out.append(f"{path}.mbox_sha1sum: must be 40 hex digits")
    if "openid" in value and not is_iri(value["openid"]):
        out.append(f"{path}.openid: must be a URI")
    if "account" in value:
        account = value["account"]
        if (
            not isinstance(account, dict)
            or not is_iri(account.get("homePage"))
            or not isinstance(account.get("name"), str)
        ):
            out.append(f"{path}.account: needs homePage (an IRL) and name (a string)")
        elif set(account) - {"homePage", "name"}:
            out.append(f"{path}.account: unknown properties {sorted(set(account) - {'homePage', 'name'})}")
    if "name" in value and not isinstance(value["name"], str):
        out.append(f"{path}.name: must be a string")


def _activity(value, path: str, out: list[str]) -> None:
    if not isinstance(value, dict):
        out.append(f"{path}: must be an Activity object")
        return
    if value.get("objectType", "Activity") != "Activity":
        out.append(f"{path}.objectType: must be Activity")
    if not is_iri(value.get("id")):
        out.append(f"{path}.id: {value.get('id')!r} is not an IRI")
    definition = value.get("definition")
    if definition is None:
        return
    if not isinstance(definition, dict):
        out.append(f"{path}.definition: must be an object")
        return
    for key in ("name", "description"):
        if key in definition:
            _language_map(definition[key], f"{path}.definition.{key}", out)
    for key in ("type", "moreInfo"):
        if key in definition and not is_iri(definition[key]):
            out.append(f"{path}.definition.{key}: {definition[key]!r} is not an IRI")
    if "extensions" in definition:
        _extensions(definition["extensions"], f"{path}.definition.extensions", out)
    kind = definition.get("interactionType")
    if kind is not None and kind not in _INTERACTION_TYPES:
        out.append(f"{path}.definition.interactionType: {kind!r} is not an interaction type")
    if "correctResponsesPattern" in definition:
        pattern = definition["correctResponsesPattern"]
        if kind is None:
            out.append(f"{path}.definition.correctResponsesPattern: only with an interactionType")
        if not isinstance(pattern, list) or not all(isinstance(p, str) for p in pattern):
            out.append(f"{path}.definition.correctResponsesPattern: must be a list of strings")
    for key in ("choices", "scale", "source", "target", "steps"):
        if key not in definition:
            continue
        if key not in _COMPONENTS.get(kind, set()):
            out.append(f"{path}.definition.{key}: not allowed for interactionType {kind!r}")
        items = definition[key]
        if not isinstance(items, list):
            out.append(f"{path}.definition.{key}: must be a list")
            continue
        ids = [c.get("id") for c in items if isinstance(c, dict)]
        if len(ids) != len(items) or not all(isinstance(i, str) and i for i in ids):
            out.append(f"{path}.definition.{key}: each component needs a string id")
        if len(set(ids)) != len(ids):
            out.append(f"{path}.definition.{key}: component ids must be unique")
        for i, component in enumerate(items):
            if isinstance(component, dict) and "description" in component:
                _language_map(component["description"], f"{path}.definition.{key}[{i}].description", out)


def _object(value, path: str, out: list[str]) -> None:
    if not isinstance(value, dict):
        out.append(f"{path}: must be an object")
        return
    kind = value.get("objectType", "Activity")
    if kind == "Activity":
        _activity(value, path, out)
    elif kind in ("Agent", "Group"):
        _agent(value, path, out)
    elif kind == "StatementRef":
        if not isinstance(value.get("id"), str) or not _UUID.match(value["id"]):
            out.append(f"{path}.id: a StatementRef needs a UUID id")
    elif kind == "SubStatement":
        for key in ("id", "stored", "version", "authority"):
            if key in value:
                out.append(f"{path}.{key}: not allowed in a SubStatement")
        _body(value, path, out, sub=True)
    else:
        out.append(f"{path}.objectType: {kind!r} is not a known object type")


def _score(score, path: str, out: list[str]) -> None:
    if not isinstance(score, dict):
        out.append(f"{path}: must be an object")
        return
    unknown = set(score) - {"scaled", "raw", "min", "max"}
    if unknown:
        out.append(f"{path}: unknown properties {sorted(unknown)}")
    for key in ("scaled", "raw", "min", "max"):
        if key in score and not _number(score[key]):
            out.append(f"{path}.{key}: must be a number")
    if any(not _number(score[k]) for k in score if k in ("scaled", "raw", "min", "max")):
        return
    if "scaled" in score and not -1 <= score["scaled"] <= 1:
        out.append(f"{path}.scaled: {score['scaled']} is outside [-1, 1]")
    low, high, raw = score.get("min"), score.get("max"), score.get("raw")
    if low is not None and high is not None and not low < high:
        out.append(f"{path}: min ({low}) must be less than max ({high})")
    if raw is not None and low is not None and raw < low:
        out.append(f"{path}.raw: {raw} is below min {low}")
    if raw is not None and high is not None and raw > high:
        out.append(f"{path}.raw: {raw} is above max {high}")


def _result(result, path: str, out: list[str]) -> None:
    if not isinstance(result, dict):
        out.append(f"{path}: must be an object")
        return
    unknown = set(result) - {"score", "success", "completion", "response", "duration", "extensions"}
    if unknown:
        out.append(f"{path}: unknown properties {sorted(unknown)}")
    if "score" in result:
        _score(result["score"], f"{path}.score", out)
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            out.append(f"{path}.{key}: must be true or false")
    if "response" in result and not isinstance(result["response"], str):
        out.append(f"{path}.response: must be a string")
    if "duration" in result and not is_duration(result["duration"]):
        out.append(f"{path}.duration: {result['duration']!r} is not an ISO 8601 duration")
    if "extensions" in result:
        _extensions(result["extensions"], f"{path}.extensions", out)


def _context(context, statement: dict, path: str, out: list[str]) -> None:
    if not isinstance(context, dict):
        out.append(f"{path}: must be an object")
        return
    unknown = set(context) - {
        "registration",
        "instructor",
        "team",
        "contextActivities",
        "revision",
        "platform",
        "language",
        "statement",
        "extensions",
    }
    if unknown:
        out.append(f"{path}: unknown properties {sorted(unknown)}")
    if "registration" in context and not (
        isinstance(context["registration"], str) and _UUID.match(context["registration"])
    ):
        out.append(f"{path}.registration: {context['registration']!r} is not a UUID")
    if "instructor" in context:
        _agent(context["instructor"], f"{path}.instructor", out)
    if "team" in context:
        if not isinstance(context["team"], dict) or context["team"].get("objectType") != "Group":
            out.append(f"{path}.team: must be a Group")
        else:
            _agent(context["team"], f"{path}.team", out)
    if "language" in context and not is_language_tag(context["language"]):
        out.append(f"{path}.language: {context['language']!r} is not a valid BCP 47 language tag")
    for key in ("revision", "platform"):
        if key in context:
            if not isinstance(context[key], str):
                out.append(f"{path}.{key}: must be a string")
            if statement.get("object", {}).get("objectType", "Activity") != "Activity":
                out.append(f"{path}.{key}: only when the object is an Activity")
    if "statement" in context:
        ref = context["statement"]
        if not isinstance(ref, dict) or ref.get("objectType") != "StatementRef" or not _UUID.match(str(ref.get("id"))):
            out.append(f"{path}.statement: must be a StatementRef")
    activities = context.get("contextActivities")
    if activities is not None:
        if not isinstance(activities, dict):
            out.append(f"{path}.contextActivities: must be an object")
        else:
            for key, items in activities.items():
                if key not in ("parent", "grouping", "category", "other"):
                    out.append(f"{path}.contextActivities.{key}: unknown list")
                    continue
                for i, item in enumerate(items if isinstance(items, list) else [items]):
                    _activity(item, f"{path}.contextActivities.{key}[{i}]", out)
    if "extensions" in context:
        _extensions(context["extensions"], f"{path}.extensions", out)


def _body(statement: dict, path: str, out: list[str], *, sub: bool = False) -> None:
    for key in ("actor", "verb", "object"):
        if key not in statement:
            out.append(f"{path}.{key}: required")
    if "actor" in statement:
        _agent(statement["actor"], f"{path}.actor", out)
    verb = statement.get("verb")
    if verb is not None:
        if not isinstance(verb, dict) or not is_iri(verb.get("id")):
            out.append(f"{path}.verb.id: must be an IRI")
        elif "display" in verb:
            _language_map(verb["display"], f"{path}.verb.display", out)
    if "object" in statement:
        if sub and isinstance(statement["object"], dict) and statement["object"].get("objectType") == "SubStatement":
            out.append(f"{path}.object: a SubStatement cannot hold another")
        else:
            _object(statement["object"], f"{path}.object", out)
    if "result" in statement:
        _result(statement["result"], f"{path}.result", out)
    if "context" in statement:
        _context(statement["context"], statement, f"{path}.context", out)
    if "timestamp" in statement and not is_timestamp(statement["timestamp"]):
        out.append(f"{path}.timestamp: {statement['timestamp']!r} is not an ISO 8601 timestamp with a time zone")


def xapi_errors(statement, path: str = "statement") -> list[str]:
    """What makes ``statement`` invalid under xAPI 1.0.3 (empty when it is valid)."""
    out: list[str] = []
    if not isinstance(statement, dict):
        return [f"{path}: a statement must be a JSON object"]
    _nulls(statement, path, out)
    unknown = set(statement) - _STATEMENT_KEYS
    if unknown:
        out.append(f"{path}: unknown properties {sorted(unknown)}")
    if "id" in statement and not (isinstance(statement["id"], str) and _UUID.match(statement["id"])):
        out.append(f"{path}.id: {statement['id']!r} is not a UUID")
    if "version" in statement and not str(statement["version"]).startswith("1.0"):
        out.append(f"{path}.version: {statement['version']!r} is not 1.0.x")
    _body(statement, path, out)
    return out


# ---------------------------------------------------------------- cmi5


def _categories(statement: dict) -> set[str]:
    items = statement.get("context", {}).get("contextActivities", {}).get("category", [])
    return {c.get("id") for c in (items if isinstance(items, list) else [items]) if isinstance(c, dict)}


def is_cmi5_defined(statement: dict) -> bool:
    """7.1.3: a "cmi5 defined" statement carries the cmi5 category; any other is "cmi5 allowed"."""
    return CMI5_CATEGORY in _categories(statement)


def session_of(statement: dict) -> str | None:
    return statement.get("context", {}).get("extensions", {}).get(SESSION_ID)


@dataclass
class Cmi5Launch:
    """What the LMS told the AU at launch (8.1 launch URL, 10.2 LMS.LaunchData)."""

    registration: str
    activity_id: str
    session: str
    template: dict
    actor: dict | None = None
    mastery: float | None = None
    launch_mode: str = "Normal"


def cmi5_errors(statement: dict, launch: Cmi5Launch) -> list[tuple[str, str]]:
    """The cmi5 rules one AU statement must meet on its own, as (requirement id, message)."""
    out: list[tuple[str, str]] = []
    context = statement.get("context") or {}
    result = statement.get("result") or {}
    verb = (statement.get("verb") or {}).get("id", "")
    defined = is_cmi5_defined(statement)
    categories = _categories(statement)
    extensions = context.get("extensions") or {}
    name = verb.rsplit("/", 1)[-1]
    # 9.6.3.1-4: the session id on every statement, defined or allowed.
    if extensions.get(SESSION_ID) != launch.session:
        out.append(("9.6.3.1-4", f"{name}: session id {extensions.get(SESSION_ID)!r} is not this session's"))
    # 10.2.1.0-6/-7: the context is built on the contextTemplate, none of its values overwritten.
    for key, value in (launch.template.get("extensions") or {}).items():
        if extensions.get(key) != value:
            out.append(("10.2.1.0-7", f"{name}: context extension {key} differs from the contextTemplate"))
    template_activities = launch.template.get("contextActivities") or {}
    for key, items in template_activities.items():
        have = (context.get("contextActivities") or {}).get(key) or []
        have = have if isinstance(have, list) else [have]
        for item in items:
            if item not in have:
                out.append(("9.6.2.0-1", f"{name}: contextActivities.{key} lacks {item.get('id')}"))
    # 9.7.0.0-1/-2: a timestamp, in UTC.
    stamp = statement.get("timestamp", "")
    if not (isinstance(stamp, str) and (stamp.endswith("Z") or stamp.endswith("+00:00"))):
        out.append(("9.7.0.0-2", f"{name}: timestamp {stamp!r} is not UTC"))
    if launch.actor is not None and statement.get("actor") != launch.actor:
        out.append(("8.1.3.0-3", f"{name}: actor is not the launch actor"))
    # 9.2.0.0-3: an account IFI.
    if "account" not in (statement.get("actor") or {}):
        out.append(("9.2.0.0-3", f"{name}: the actor has no account"))
    if MOVEON_CATEGORY in categories and not defined:
        out.append(("9.6.2.2-2", f"{name}: the moveOn category on a statement that is not cmi5 defined"))
    if not defined:
        return out
    if verb not in AU_VERBS:
        out.append(("9.3.0.0-1", f"{name}: the cmi5 category on a verb cmi5 does not define for AUs"))
        return out
    # 9.6.1.0-1 and 8.1.5.0-6: the LMS's registration and activityId.
    if context.get("registration") != launch.registration:
        out.append(("9.6.1.0-1", f"{name}: registration is not the launch's"))
    if (statement.get("object") or {}).get("id") != launch.activity_id:
        out.append(("8.1.5.0-6", f"{name}: object id is not the launch activityId"))
    # 9.6.2.2-1/-2: moveOn category exactly on defined statements with success or completion.
    judged = "success" in result or "completion" in result
    if judged and MOVEON_CATEGORY not in categories:
        out.append(("9.6.2.2-1", f"{name}: success/completion without the moveOn category"))
    if not judged and MOVEON_CATEGORY in categories:
        out.append(("9.6.2.2-2", f"{name}: the moveOn category without success or completion"))
    # 9.5.4.1-1..4: duration on terminated, completed, passed, failed.
    if name in ("terminated", "completed", "passed", "failed") and "duration" not in result:
        out.append(("9.5.4.1", f"{name}: result.duration is required"))
    # 9.5.1.0-2: score only on passed/failed; 9.5.1.0-3: raw needs min and max.
    score = result.get("score")
    if score is not None and name not in ("passed", "failed"):
        out.append(("9.5.1.0-2", f"{name}: a score is allowed only on passed/failed"))
    if isinstance(score, dict):
        if "raw" in score and not ("min" in score and "max" in score):
            out.append(("9.5.1.0-3", f"{name}: score.raw without min and max"))
        if "scaled" in score and _number(score["scaled"]) and not 0 <= score["scaled"] <= 1:
            out.append(("9.5.1", f"{name}: score.scaled must be between 0 and 1"))
    # 9.5.2.0-1..3: success true on passed, false on failed, absent elsewhere.
    if name == "passed" and result.get("success") is not True:
        out.append(("9.5.2.0-1", "passed: result.success must be true"))
    if name == "failed" and result.get("success") is not False:
        out.append(("9.5.2.0-2", "failed: result.success must be false"))
    if name not in ("passed", "failed") and "success" in result:
        out.append(("9.5.2.0-3", f"{name}: result.success is allowed only on passed/failed"))
    # 9.5.3.0-1/-2: completion true on completed, absent elsewhere.
    if name == "completed" and result.get("completion") is not True:
        out.append(("9.5.3.0-1", "completed: result.completion must be true"))
    if name != "completed" and "completion" in result:
        out.append(("9.5.3.0-2", f"{name}: result.completion is allowed only on completed"))
    # 9.6.3.2-2, 9.3.4.0-2, 9.3.5.0-2: the masteryScore extension, and a verdict consistent with it.
    if name in ("passed", "failed") and launch.mastery is not None:
        if extensions.get(MASTERY) != launch.mastery:
            out.append(("9.6.3.2-2", f"{name}: the masteryscore extension must be {launch.mastery}"))
        scaled = score.get("scaled") if isinstance(score, dict) else None
        if _number(scaled):
            if name == "passed" and scaled < launch.mastery:
                out.append(("9.3.4.0-2", f"passed with scaled {scaled} below masteryScore {launch.mastery}"))
            if name == "failed" and scaled >= launch.mastery:
                out.append(("9.3.5.0-2", f"failed with scaled {scaled} at or above masteryScore {launch.mastery}"))
    # 10.2.2.0-9/-11: in Browse and Review mode only initialized and terminated.
    if launch.launch_mode != "Normal" and name in ("completed", "passed", "failed"):
        out.append(("10.2.2.0-9", f"{name}: not allowed in {launch.launch_mode} mode"))
    return out


@dataclass
class Registration:
    """What cmi5 tracks across a registration's sessions (9.3.0.0-6..8)."""

    completed: int = 0
    passed: int = 0


@dataclass
class Cmi5Session:
    """The ordering rules of one AU session (9.3), fed statements in the order
    the LMS received them. `feed` returns the broken rules and records the
    statement only when there are none; `trial` does the same on a copy, so a
    batch is judged whole before anything of it counts."""

    launch: Cmi5Launch
    registration: Registration = field(default_factory=Registration)
    verbs: list[str] = field(default_factory=list)  # the session's cmi5 defined verbs, in order
    count: int = 0
    terminated: bool = False
    abandoned: bool = False

    def errors(self, statement: dict) -> list[tuple[str, str]]:
        out = [("xAPI", message) for message in xapi_errors(statement)]
        out += cmi5_errors(statement, self.launch)
        verb = (statement.get("verb") or {}).get("id", "")
        name = verb.rsplit("/", 1)[-1]
        defined = is_cmi5_defined(statement) and verb in AU_VERBS
        if self.abandoned:
            out.append(("9.3.6.0-2", f"{name}: the session was abandoned"))
        if self.terminated:
            out.append(("9.3.0.0-5", f"{name}: after terminated"))  # 9.3.8.0-4: this LMS waits no time
        if not self.count and not (defined and name == "initialized"):
            out.append(("9.3.0.0-4", f"{name}: before initialized"))
        if defined:
            if name in self.verbs:
                out.append(("9.3.0.0-2", f"{name}: already sent in this session"))
            if name in ("passed", "failed") and {"passed", "failed"} & set(self.verbs):
                out.append(("9.3.0.0-3", f"{name}: a session has at most one of passed and failed"))
            if name == "completed" and self.registration.completed:
                out.append(("9.3.0.0-6", "completed: already sent in this registration"))
            if name == "passed" and self.registration.passed:
                out.append(("9.3.0.0-7", "passed: already sent in this registration"))
            if name == "failed" and self.registration.passed:
                out.append(("9.3.0.0-8", "failed: after passed in this registration"))
        return out

    def feed(self, statement: dict) -> list[tuple[str, str]]:
        out = self.errors(statement)
        if out:
            return out
        self.count += 1
        if is_cmi5_defined(statement):
            name = statement["verb"]["id"].rsplit("/", 1)[-1]
            self.verbs.append(name)
            self.terminated = name == "terminated"
            if name == "completed":
                self.registration.completed += 1
            if name == "passed":
                self.registration.passed += 1
        return out

    def trial(self) -> Cmi5Session:
        return copy.deepcopy(self)

    def adopt(self, trial: Cmi5Session) -> None:
        """Keep what a trial accepted (its registration counts included: they are shared by sessions)."""
        self.verbs, self.count = trial.verbs, trial.count
        self.terminated, self.abandoned = trial.terminated, trial.abandoned
        self.registration.completed, self.registration.passed = trial.registration.completed, trial.registration.passed


def check_cmi5_journey(statements: list[dict], launches: list[Cmi5Launch]) -> list[str]:
    """Every cmi5 rule over what the LRS stored for one registration (oldest
    first), session by session: the AU's statements only (the LMS's own
    launched/abandoned/satisfied are checked by xAPI rules alone)."""
    out: list[str] = []
    registrations: dict[str, Registration] = {}
    sessions = {}
    for launch in launches:
        sessions[launch.session] = Cmi5Session(launch, registrations.setdefault(launch.registration, Registration()))
    for statement in statements:
        out += [f"{statement.get('id')}: {m}" for m in xapi_errors(statement)]
        if statement.get("verb", {}).get("id") in LMS_VERBS:
            continue
        session = sessions.get(session_of(statement))
        if session is None:
            out.append(f"{statement.get('id')}: 9.6.3.1-4: no launch has session {session_of(statement)!r}")
            continue
        # Stored order: xAPI "stored"; cmi5 orders by timestamp (9.3), checked too.
        out += [f"{statement.get('id')}: {rule}: {m}" for rule, m in session.feed(statement) if rule != "xAPI"]
    for launch in launches:
        stamps = [
            s["timestamp"]
            for s in statements
            if session_of(s) == launch.session and s.get("verb", {}).get("id") not in LMS_VERBS
        ]
        if stamps != sorted(stamps):
            out.append(f"session {launch.session}: 9.3: timestamps are not in the order received")
    return out
