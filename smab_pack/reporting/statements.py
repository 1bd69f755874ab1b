"""Reading one xAPI statement defensively, and preparing a set of them for analysis.

Statements come from smab-pack's adapter but also from LMSs and other tools, so any
field may be missing or of the wrong JSON type: every accessor here returns None (or an
empty value) rather than raising.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from smab_pack.reporting import vocabulary as xv

Statement = dict[str, Any]


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    # xAPI 0.95 allowed a single object where 1.0 has a list (contextActivities).
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, dict) else []


def text(value: Any) -> str | None:
    """A non-empty, stripped string, else None."""
    return value.strip() or None if isinstance(value, str) else None


def number(value: Any) -> float | None:
    # bool is an int in Python, but `true` is not a score.
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def attempt_of(statement: Statement) -> int | None:
    """The quiz attempt of an answer (the run-time's result extension): a JSON integer from 1, else None."""
    value = as_dict(result_of(statement).get("extensions")).get(xv.ATTEMPT_EXTENSION)
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value < 10**9 else None


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 timestamp as an aware UTC datetime; naive times are taken as UTC."""
    raw = text(value)
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def learner_of(statement: Statement) -> str | None:
    """A key for the learner: account (homePage + name), else mbox, mbox_sha1sum, openid."""
    actor = as_dict(statement.get("actor"))
    account = as_dict(actor.get("account"))
    # TinCan 0.9 named the account fields accountServiceHomePage and accountName.
    home = text(account.get("homePage")) or text(account.get("accountServiceHomePage"))
    name = text(account.get("name")) or text(account.get("accountName"))
    if home and name:
        return f"account:{home}|{name}"
    for field in ("mbox", "mbox_sha1sum", "openid"):
        value = text(actor.get(field))
        if value:
            return f"{field}:{value}"
    return None


def verb_of(statement: Statement) -> str | None:
    return text(as_dict(statement.get("verb")).get("id"))


def object_id(statement: Statement) -> str | None:
    return text(as_dict(statement.get("object")).get("id"))


def definition_of(statement: Statement) -> dict[str, Any]:
    return as_dict(as_dict(statement.get("object")).get("definition"))


def object_type(statement: Statement) -> str | None:
    return text(definition_of(statement).get("type"))


def result_of(statement: Statement) -> dict[str, Any]:
    return as_dict(statement.get("result"))


def context_of(statement: Statement) -> dict[str, Any]:
    return as_dict(statement.get("context"))


def context_activity_ids(statement: Statement) -> list[str]:
    """Ids of every context activity (parent, grouping, category, other), in that order."""
    activities = as_dict(context_of(statement).get("contextActivities"))
    ids: list[str] = []
    for kind in ("parent", "grouping", "category", "other"):
        for activity in as_list(activities.get(kind)):
            found = text(as_dict(activity).get("id"))
            if found:
                ids.append(found)
    return ids


def course_of(statement: Statement) -> str | None:
    """The course activity a statement is about.

    The course's own statements (launched … resumed) have it as their object; the
    adapter's other statements (pages, answers, videos) name it in grouping, and
    cmi5 AUs in parent, so those are read next.
    """
    if object_type(statement) in xv.COURSE_TYPES and verb_of(statement) in xv.COURSE_VERBS:
        found = object_id(statement)
        if found:
            return found
    activities = as_dict(context_of(statement).get("contextActivities"))
    for kind in ("grouping", "parent"):
        first = as_list(activities.get(kind))[:1]
        found = text(as_dict(first[0]).get("id")) if first else None
        if found:
            return found
    return None


def published_course_of(statement: Statement) -> str | None:
    """The course as its publisher named it, to list and name courses: grouping[0] when the
    context has one (the TinCan course IRI; cmi5's publisher id, where the course activity
    the LMS launched with may be a new IRI per registration), else the course activity."""
    first = as_list(as_dict(context_of(statement).get("contextActivities")).get("grouping"))[:1]
    return (text(as_dict(first[0]).get("id")) if first else None) or course_of(statement)


def is_about_course(statement: Statement) -> bool:
    """True when the statement's object is its course (a course verdict, not a video's `completed`)."""
    found = object_id(statement)
    return found is not None and found == course_of(statement)


def language_of(statement: Statement) -> str | None:
    """context.language as a BCP 47 tag in its usual case (nb, en-US, zh-Hant-TW), else None."""
    return normal_language(text(context_of(statement).get("language")))


def normal_language(raw: str | None) -> str | None:
    """A stripped, non-empty language tag in its usual case: nb, en-US, zh-Hant-TW."""
    if raw is None:
        return None
    parts = raw.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            out.append(part.upper())  # region
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())  # script
        else:
            out.append(part.lower())
    return "-".join(out)


def country_of(statement: Statement) -> str | None:
    """The SMAB country extension (ISO 3166 alpha-2, upper case), else None."""
    return normal_country(text(as_dict(context_of(statement).get("extensions")).get(xv.COUNTRY_EXTENSION)))


def normal_country(raw: str | None) -> str | None:
    """A stripped, non-empty country: two letters in upper case, anything else as it is."""
    if raw is None:
        return None
    return raw.upper() if len(raw) == 2 and raw.isascii() and raw.isalpha() else raw


def pick_name(language_map: Any) -> str | None:
    """The English entry of an xAPI language map (en, en-US, any en-*), else the first by tag."""
    names = {
        key: value.strip()
        for key, value in as_dict(language_map).items()
        if isinstance(key, str) and isinstance(value, str) and value.strip()
    }
    for key in ("en", "en-US", "en-GB"):
        if key in names:
            return names[key]
    for key in sorted(names):
        if key.lower().startswith("en"):
            return names[key]
    return names[min(names)] if names else None


def after(identifier: str, segment: str) -> str:
    """The part of an activity id after `segment` (`…/question/` → `page.question`), else the id."""
    index = identifier.rfind(segment)
    return identifier[index + len(segment) :] if index >= 0 and identifier[index + len(segment) :] else identifier


# ---- a set of statements ----

_NEVER = datetime.min.replace(tzinfo=UTC)


def _order(statement: Statement) -> tuple:
    """Time order (timestamp, then stored), with a total order for ties so output never
    depends on the order statements were read in. Statements without a time go last."""
    stamp, stored = parse_time(statement.get("timestamp")), parse_time(statement.get("stored"))
    return (
        stamp is None,
        stamp or _NEVER,
        stored is None,
        stored or _NEVER,
        text(statement.get("id")) or "",
        json.dumps(statement, sort_keys=True, ensure_ascii=False),
    )


@dataclass(frozen=True)
class Prepared:
    statements: list[Statement]  # in time order, each once, filtered
    read: int
    duplicates: int
    voided: int  # voided statements and the statements voiding them
    filtered_out: int


def prepare(statements: list[Statement], *, activity: str | None = None, since: datetime | None = None) -> Prepared:
    """Sort, drop repeated ids and voided statements, then keep what --activity/--since select."""
    ordered = sorted((s for s in statements if isinstance(s, dict)), key=_order)
    unique: list[Statement] = []
    seen: set[str] = set()
    for statement in ordered:
        ident = text(statement.get("id"))
        if ident is not None:
            if ident in seen:
                continue  # an LRS export, or two exports concatenated, may repeat a statement
            seen.add(ident)
        unique.append(statement)
    # An LRS leaves voided statements out of queries but still returns the voiding ones;
    # a file may hold both. Neither is an event of learning.
    voided_ids = {
        text(as_dict(s.get("object")).get("id"))
        for s in unique
        if verb_of(s) == xv.VOIDED and as_dict(s.get("object")).get("objectType") == "StatementRef"
    }
    kept = [s for s in unique if verb_of(s) != xv.VOIDED and text(s.get("id")) not in voided_ids]
    voided = len(unique) - len(kept)
    selected = [s for s in kept if _selected(s, activity, since)]
    return Prepared(
        selected,
        read=len(statements),
        duplicates=len(ordered) - len(unique),
        voided=voided,
        filtered_out=len(kept) - len(selected),
    )


def _selected(statement: Statement, activity: str | None, since: datetime | None) -> bool:
    if activity is not None:
        ids = [object_id(statement) or "", *context_activity_ids(statement)]
        if not any(i.startswith(activity) for i in ids):
            return False
    if since is not None:
        # As the xAPI `since` parameter: the time the LRS stored it; a file without
        # `stored` falls back on the timestamp.
        moment = parse_time(statement.get("stored")) or parse_time(statement.get("timestamp"))
        if moment is None or moment <= since:
            return False
    return True
