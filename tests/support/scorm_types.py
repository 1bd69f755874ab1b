"""A strict check of the values a SCO sets, against the data-model types of the
standard itself (not against what scorm-again or another LMS happens to accept).

SCORM 2004 4th Edition, Run-Time Environment book, section 4 (data model) and
its data types: characterstring with a smallest permitted maximum (SPM),
localized_string_type, long/short_identifier_type (URIs), real(10,7),
time(second,10,2), timeinterval(second,10,2), state vocabularies and the
response formats of each interaction type.
SCORM 1.2 Run-Time Environment, section 3.4: CMIString255/4096, CMIIdentifier,
CMIDecimal, CMITime, CMITimespan, CMIFeedback per interaction type and the
vocabularies a SCO may write.

``violations(version, calls)`` takes the recorded API calls of a session (see
tests/harness/scorm.html) and returns one message per value that breaks the
standard; a journey passes only with none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

Check = Callable[[str], str | None]

# ---- SCORM 2004 ------------------------------------------------------------

# time(second,10,2): YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]], at most 2 decimals of seconds, year 1970–2038.
_TIME = re.compile(
    r"(?P<y>\d{4})(-(?P<mo>\d{2})(-(?P<d>\d{2})(T(?P<h>\d{2})(:(?P<mi>\d{2})(:(?P<s>\d{2})(\.\d{1,2})?)?)?"
    r"(?P<tz>Z|[+-]\d{2}(:\d{2})?)?)?)?)?"
)
# timeinterval(second,10,2): P[yY][mM][dD][T[hH][nM][s[.s]S]], at least one part, seconds ≤ 2 decimals.
_INTERVAL = re.compile(r"P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?)?")
_REAL = re.compile(r"-?(\d+)(?:\.(\d+))?")
_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
# A URI reference (RFC 3986 characters), no spaces: long_identifier_type / short_identifier_type.
_URI = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def time_2004(value: str) -> str | None:
    m = _TIME.fullmatch(value)
    if not m:
        return "not a time(second,10,2): YYYY-MM-DDThh:mm:ss(.s{1,2})(TZD), at most 2 decimals of seconds"
    if not 1970 <= int(m["y"]) <= 2038:
        return "year outside 1970–2038"
    if m["tz"] and not m["h"]:
        return "a time zone is only allowed after a time"
    return None


def interval_2004(value: str) -> str | None:
    if not _INTERVAL.fullmatch(value) or value in ("P", "PT") or value.endswith("T"):
        return "not a timeinterval(second,10,2): P[yY][mM][dD][T[hH][mM][s[.s{1,2}]S]]"
    return None


def real(lo: float | None = None, hi: float | None = None) -> Check:
    def check(value: str) -> str | None:
        m = _REAL.fullmatch(value)
        if not m:
            return "not a real(10,7) number"
        whole, frac = m[1].lstrip("0"), (m[2] or "").rstrip("0")
        if len(frac) > 7 or len(whole) + len(frac) > 10:
            return "more precision than real(10,7) (10 significant digits, 7 after the point)"
        number = float(value)
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            return f"outside [{lo}, {hi}]"
        return None

    return check


def chars(spm: int) -> Check:
    return lambda value: None if len(value) <= spm else f"{len(value)} characters, over the SPM of {spm}"


def localized(spm: int) -> Check:
    """localized_string_type: an optional {lang=<tag>} delimiter, then up to SPM characters
    that do not start with "{" (read as another delimiter; Moodle's CMILangString refuses it)."""

    def check(value: str) -> str | None:
        m = re.match(r"\{lang=([^}]*)\}", value)
        if m:
            if not _LANG.fullmatch(m[1]):
                return f"bad language tag {m[1]!r} in the {{lang=}} delimiter"
            value = value[m.end() :]
        if value.startswith("{"):
            return "text starting with '{' is read as a delimiter"
        return chars(spm)(value)

    return check


def identifier(spm: int) -> Check:
    def check(value: str) -> str | None:
        if not value or not _URI.fullmatch(value):
            return "not an identifier (a URI without spaces)"
        return chars(spm)(value)

    return check


def vocab(*words: str) -> Check:
    return lambda value: None if value in words else f"not one of {', '.join(repr(w) for w in words)}"


def _strip_delims(value: str, names: tuple[str, ...]) -> tuple[str, str | None]:
    """Leading {case_matters=…}/{order_matters=…} delimiters of a fill-in pattern."""
    while True:
        m = re.match(r"\{(\w+)=([^}]*)\}", value)
        if not m or m[1] not in names:
            return value, None
        if m[2] not in ("true", "false"):
            return value, f"{{{m[1]}=}} takes true or false"
        value = value[m.end() :]


def _set_of(items: str, each: Check, most: int, unique: bool = True) -> str | None:
    parts = items.split("[,]") if items else []
    if len(parts) > most:
        return f"{len(parts)} items, over the SPM of {most}"
    if unique and len(set(parts)) != len(parts):
        return "items repeat"
    for part in parts:
        problem = each(part)
        if problem:
            return f"item {part!r}: {problem}"
    return None


def response_2004(kind: str, value: str, pattern: bool) -> str | None:
    short = identifier(250)
    if kind == "true-false":
        return vocab("true", "false")(value)
    if kind == "choice":
        return _set_of(value, short, 36)
    if kind == "likert":
        return short(value)
    if kind == "fill-in":
        if pattern:
            value, problem = _strip_delims(value, ("case_matters", "order_matters"))
            if problem:
                return problem
        return _set_of(value, localized(250), 10, unique=False)
    if kind == "long-fill-in":
        if pattern:
            value, problem = _strip_delims(value, ("case_matters",))
            if problem:
                return problem
        return localized(4000)(value)
    if kind == "numeric":
        return (
            None
            if re.fullmatch(r"-?\d+(\.\d+)?(\[:\]-?\d+(\.\d+)?)?|\[:\]-?\d+(\.\d+)?|-?\d+(\.\d+)?\[:\]", value)
            else "not a numeric range"
        )
    if kind == "sequencing":  # an array (order matters, an id may recur) of up to 36 short identifiers
        return _set_of(value, short, 36, unique=False)
    if kind == "matching":  # a bag of up to 36 source[.]target records, each side a short identifier
        return _set_of(value, _record(short), 36, unique=False)
    return None if kind in ("performance", "other") else f"unknown interaction type {kind!r}"


def _record(each: Check) -> Check:
    def check(value: str) -> str | None:
        sides = value.split("[.]")
        if len(sides) != 2:
            return "not a source[.]target record"
        return each(sides[0]) or each(sides[1])

    return check


_STATIC_2004: dict[str, Check] = {
    "cmi.completion_status": vocab("completed", "incomplete", "not attempted", "unknown"),
    "cmi.success_status": vocab("passed", "failed", "unknown"),
    "cmi.exit": vocab("time-out", "suspend", "logout", "normal", ""),
    "cmi.location": chars(1000),
    "cmi.suspend_data": chars(64000),
    "cmi.progress_measure": real(0, 1),
    "cmi.score.scaled": real(-1, 1),
    "cmi.score.raw": real(),
    "cmi.score.min": real(),
    "cmi.score.max": real(),
    "cmi.session_time": interval_2004,
    "cmi.learner_preference.audio_level": real(0),
    "cmi.learner_preference.language": lambda v: None if v == "" or _LANG.fullmatch(v) else "not a language tag",
    "cmi.learner_preference.delivery_speed": real(0),
    "cmi.learner_preference.audio_captioning": vocab("-1", "0", "1"),
    "adl.nav.request": lambda v: (
        None
        if re.fullmatch(
            r"continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_|\{target=[^}]+\}(choice|jump)", v
        )
        else "not a navigation request"
    ),
}
_INTERACTION_2004: dict[str, Check] = {
    "id": identifier(4000),
    "type": vocab(
        "true-false",
        "choice",
        "fill-in",
        "long-fill-in",
        "likert",
        "matching",
        "performance",
        "sequencing",
        "numeric",
        "other",
    ),
    "timestamp": time_2004,
    "weighting": real(),
    "latency": interval_2004,
    "description": localized(250),
}
_RESULT_2004 = vocab("correct", "incorrect", "unanticipated", "neutral")

# ---- SCORM 1.2 -------------------------------------------------------------

_TIMESPAN_12 = re.compile(r"\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?")
_TIME_12 = re.compile(r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?")
_DECIMAL_12 = re.compile(r"-?\d+(\.\d+)?")


def decimal_12(lo: float | None = None, hi: float | None = None) -> Check:
    def check(value: str) -> str | None:
        if not _DECIMAL_12.fullmatch(value):
            return "not a CMIDecimal"
        if (lo is not None and float(value) < lo) or (hi is not None and float(value) > hi):
            return f"outside [{lo}, {hi}]"
        return None

    return check


def identifier_12(value: str) -> str | None:
    if not re.fullmatch(r"[\x21-\x7e]{1,255}", value):
        return "not a CMIIdentifier (1–255 printable characters, no white space)"
    return None


def feedback_12(kind: str, value: str) -> str | None:
    if kind == "true-false":
        return vocab("0", "1", "t", "f")(value)
    if kind in ("choice", "sequencing"):
        inner = value[1:-1] if value.startswith("{") and value.endswith("}") else value
        return None if re.fullmatch(r"[0-9a-z](,[0-9a-z])*", inner) else "not a list of single characters 0-9/a-z"
    if kind == "likert":
        return None if re.fullmatch(r"[0-9a-z]?", value) else "not a single character 0-9/a-z (or blank)"
    if kind == "numeric":
        return decimal_12()(value)
    if kind == "matching":  # pairs of single characters 0-9/a-z, source.target, comma-separated
        inner = value[1:-1] if value.startswith("{") and value.endswith("}") else value
        return None if re.fullmatch(r"[0-9a-z]\.[0-9a-z](,[0-9a-z]\.[0-9a-z])*", inner) else "not source.target pairs"
    if kind in ("fill-in", "performance"):
        return chars(255)(value)
    return f"unknown interaction type {kind!r}"


_STATIC_12: dict[str, Check] = {
    "cmi.core.lesson_location": chars(255),
    "cmi.core.lesson_status": vocab("passed", "completed", "failed", "incomplete", "browsed"),
    "cmi.core.exit": vocab("time-out", "suspend", "logout", ""),
    "cmi.core.session_time": lambda v: None if _TIMESPAN_12.fullmatch(v) else "not a CMITimespan HHHH:MM:SS.SS",
    "cmi.core.score.raw": decimal_12(0, 100),
    "cmi.core.score.min": decimal_12(0, 100),
    "cmi.core.score.max": decimal_12(0, 100),
    "cmi.suspend_data": chars(4096),
    "cmi.comments": chars(4096),
    "cmi.student_preference.audio": decimal_12(-1, 100),
    "cmi.student_preference.language": chars(255),
    "cmi.student_preference.speed": decimal_12(-100, 100),
    "cmi.student_preference.text": vocab("-1", "0", "1"),
}
_INTERACTION_12: dict[str, Check] = {
    "id": identifier_12,
    "type": vocab("true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"),
    "time": lambda v: None if _TIME_12.fullmatch(v) else "not a CMITime HH:MM:SS(.SS)",
    "weighting": decimal_12(),
    "latency": lambda v: None if _TIMESPAN_12.fullmatch(v) else "not a CMITimespan HHHH:MM:SS.SS",
}

_N = re.compile(r"cmi\.interactions\.(\d+)\.(.+)")


def check_value(version: str, element: str, value: str, types: dict[str, str] | None = None) -> str | None:
    """The problem with setting ``element`` to ``value`` (None when it conforms).
    ``types`` maps interaction index → type, for the response formats."""
    types = types if types is not None else {}
    v12 = version == "1.2"
    static = _STATIC_12 if v12 else _STATIC_2004
    if element in static:
        return static[element](value)
    m = _N.fullmatch(element)
    if not m:
        return "not an element a SCO may set"
    n, rest = m[1], m[2]
    per = _INTERACTION_12 if v12 else _INTERACTION_2004
    if rest in per:
        return per[rest](value)
    kind = types.get(n)
    if rest == "result":
        if v12:
            return (
                None
                if value in ("correct", "wrong", "unanticipated", "neutral") or _DECIMAL_12.fullmatch(value)
                else "not a 1.2 result"
            )
        return None if _RESULT_2004(value) is None or real()(value) is None else "not a 2004 result"
    if re.fullmatch(r"objectives\.\d+\.id", rest):
        return identifier_12(value) if v12 else identifier(4000)(value)
    response = re.fullmatch(r"correct_responses\.\d+\.pattern", rest)
    if response or rest == ("student_response" if v12 else "learner_response"):
        if kind is None:
            return "a response set before the interaction's type"
        return feedback_12(kind, value) if v12 else response_2004(kind, value, pattern=bool(response))
    return "not an element a SCO may set"


def violations(version: str, calls: Iterable[dict]) -> list[str]:
    """One message per SetValue/LMSSetValue whose value breaks the standard."""
    setter = "LMSSetValue" if version == "1.2" else "SetValue"
    types: dict[str, str] = {}
    out = []
    for call in calls:
        if call.get("fn") != setter:
            continue
        element, value = str(call.get("el")), call.get("value")
        if not isinstance(value, str):
            out.append(f"{element}: the value is a {type(value).__name__}, not a string")
            continue
        m = _N.fullmatch(element)
        if m and m[2] == "type":
            types[m[1]] = value
        problem = check_value(version, element, value, types)
        if problem:
            out.append(f"{element} = {value!r}: {problem}")
    return out


def refused(calls: Iterable[dict]) -> list[str]:
    """Calls that the LMS answered with false (or an error code) without a fault being injected."""
    out = []
    for call in calls:
        if call.get("injected") or call.get("thrown") or "result" not in call:
            continue
        if call["fn"].endswith(("SetValue", "Commit", "Initialize", "Finish", "Terminate")) and (
            call["result"] != "true" or call.get("error") not in (None, "0")
        ):
            out.append(
                f"{call['fn']}({call.get('el', '')!r}, {call.get('value', '')!r}) → "
                f"{call['result']}, error {call.get('error')}"
            )
    return out
