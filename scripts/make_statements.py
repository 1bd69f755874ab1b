"""Synthetic xAPI statements shaped like the ones smab-pack's adapter sends
(smab_pack/builtin/xapi/adapter.js), as JSON Lines, for benchmarks and memory tests.

    .venv/bin/python scripts/make_statements.py --learners 20000 -o /tmp/statements.jsonl

Per learner, as a browser would send them: initialized, experienced per page, answered per
question (some wrong, some retried), the survey (Likert and open text), the video (initialized,
played, paused, completed), completed, passed or failed, terminated; every statement with
context.language, the country extension and the course in grouping (TinCan) or the cmi5
context template (a third of learners, with the LMS's `launched` first). About 27 statements a
learner. The same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

ADL = "http://adlnet.gov/expapi/verbs/"
TYPE = "http://adlnet.gov/expapi/activities/"
VIDEO = "https://w3id.org/xapi/video"
COUNTRY = "https://w3id.org/xapi/smab-pack/extensions/country"
CMI5 = "https://w3id.org/xapi/cmi5/context/categories/"
COURSE = "urn:smab-pack:smab-start-business-norway"
PARTNERS = [
    ("NO", "nb"),
    ("NO", "en"),
    ("ES", "es"),
    ("DE", "de"),
    ("PL", "pl"),
    ("GR", "el"),
    ("NO", "ar"),
    ("DE", "uk"),
    ("NO", "so"),
]
PAGES = [f"m{m}-p{p}" for m in range(1, 4) for p in range(1, 5)]  # 12 pages
QUESTIONS = [f"{PAGES[i]}.q{j}" for i in (3, 7, 11) for j in (1, 2)]  # 6 graded questions
SCALE = [
    {"id": f"likert_{i}", "description": {"en": label}}
    for i, label in enumerate(["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"], 1)
]
T0 = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def learner_statements(rng: random.Random, index: int) -> list[dict]:  # noqa: C901 (one branch per kind of learner the script makes; CONTRIBUTING.md)
    country, lang = PARTNERS[index % len(PARTNERS)]
    cmi5 = index % 3 == 2
    actor = (
        {
            "objectType": "Agent",
            "name": f"Learner {index}",
            "account": {"homePage": "https://lms.example.org", "name": f"learner-{index:08d}"},
        }
        if cmi5
        else {"objectType": "Agent", "name": f"Learner {index}", "mbox": f"mailto:learner{index}@example.org"}
    )
    registration = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    activity = f"https://lms.example.org/au/{registration}" if cmi5 else COURSE
    clock = T0 + timedelta(minutes=index * 7 % (60 * 24 * 180), seconds=rng.randrange(60))
    out: list[dict] = []

    def send(
        verb: str, obj: dict, result: dict | None = None, category: list | None = None, extensions: dict | None = None
    ) -> None:
        nonlocal clock
        clock += timedelta(seconds=rng.randrange(5, 90), milliseconds=rng.randrange(1000))
        if cmi5:
            ctx: dict = {"contextActivities": {"grouping": [{"id": COURSE}]}}
        else:
            ctx = {"contextActivities": {"grouping": [{"id": COURSE}]}}
        ctx["registration"] = registration
        ctx["language"] = lang
        if category:
            ctx["contextActivities"]["category"] = category
        if obj["id"] != activity:
            ctx["contextActivities"]["parent"] = [{"id": activity}]
        ctx["extensions"] = {COUNTRY: country, **(extensions or {})}
        statement = {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "timestamp": _stamp(clock),
            "actor": actor,
            "verb": {"id": verb if ":" in verb else ADL + verb, "display": {"en-US": verb.split("/")[-1]}},
            "object": obj,
            "context": ctx,
        }
        if result is not None:
            statement["result"] = result
        out.append(statement)

    course = {
        "objectType": "Activity",
        "id": activity,
        "definition": {"type": TYPE + ("lesson" if cmi5 else "course"), "name": {lang: "Start a business"}},
    }
    cat = [{"id": CMI5 + "cmi5"}] if cmi5 else None
    if cmi5:  # the LMS's own statement: no language, no country
        out.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "timestamp": _stamp(clock),
                "actor": actor,
                "verb": {"id": ADL + "launched"},
                "object": course,
                "context": {"registration": registration, "contextActivities": {"grouping": [{"id": COURSE}]}},
            }
        )
    send("initialized", course, category=cat)
    reach = len(PAGES) if rng.random() < 0.7 else rng.randrange(1, len(PAGES))
    right = wrong = 0
    for number, page in enumerate(PAGES[:reach]):
        send(
            "experienced",
            {
                "objectType": "Activity",
                "id": f"{COURSE}/page/{page}",
                "definition": {"type": TYPE + "lesson", "name": {lang: f"Page {page}"}},
            },
        )
        for key in (q for q in QUESTIONS if q.startswith(page + ".")):
            for attempt in range(2):
                ok = rng.random() < (0.55 + 0.1 * attempt + 0.05 * number / len(PAGES))
                send(
                    "answered",
                    {
                        "objectType": "Activity",
                        "id": f"{COURSE}/question/{key}",
                        "definition": {
                            "type": TYPE + "cmi.interaction",
                            "name": {lang: f"Question {key}"},
                            "interactionType": "choice",
                            "correctResponsesPattern": ["a"],
                            "choices": [{"id": c, "description": {lang: c}} for c in "abc"],
                        },
                    },
                    result={
                        "response": "a" if ok else "b",
                        "success": ok,
                        "duration": "PT12.3S",
                        "score": {"raw": 1 if ok else 0, "min": 0, "max": 1, "scaled": 1 if ok else 0},
                    },
                )
                if ok or rng.random() < 0.5:
                    break
            right, wrong = (right + 1, wrong) if ok else (right, wrong + 1)
        if number == 5:
            vid = {
                "objectType": "Activity",
                "id": f"{COURSE}/video/intro",
                "definition": {"type": VIDEO + "/activity-type/video", "name": {lang: "Intro"}},
            }
            vcat = [{"id": VIDEO, "definition": {"type": TYPE + "profile"}}]
            sid = {VIDEO + "/extensions/session-id": registration}
            send("initialized", vid, category=vcat, extensions=sid)
            send(VIDEO + "/verbs/played", vid, {"extensions": {VIDEO + "/extensions/time": 0}}, vcat, sid)
            progress = round(rng.random(), 3) if rng.random() < 0.4 else 1.0
            send(VIDEO + "/verbs/paused", vid, {"extensions": {VIDEO + "/extensions/progress": progress}}, vcat, sid)
            if progress == 1.0:
                send(
                    "completed",
                    vid,
                    {"completion": True, "extensions": {VIDEO + "/extensions/progress": 1.0}},
                    vcat,
                    sid,
                )
    if reach == len(PAGES):
        survey = {
            "objectType": "Activity",
            "id": f"{COURSE}/question/{PAGES[-1]}.s1",
            "definition": {
                "type": TYPE + "cmi.interaction",
                "name": {lang: "Useful?"},
                "interactionType": "likert",
                "scale": SCALE,
            },
        }
        send("answered", survey, {"response": f"likert_{rng.randrange(1, 6)}", "duration": "PT3S"})
        if rng.random() < 0.3:
            text = {
                "objectType": "Activity",
                "id": f"{COURSE}/question/{PAGES[-1]}.s2",
                "definition": {
                    "type": TYPE + "cmi.interaction",
                    "name": {lang: "What else?"},
                    "interactionType": "long-fill-in",
                },
            }
            send(
                "answered",
                text,
                {"response": rng.choice(["More videos", "Tax, please", "Good", "Too long"]), "duration": "PT30S"},
            )
        send("completed", course, {"completion": True, "duration": "PT25M"}, cat)
    total = right + wrong
    if total:
        scaled = round(right / total, 4)
        send(
            "passed" if scaled >= 0.7 else "failed",
            course,
            {
                "success": scaled >= 0.7,
                "duration": "PT25M",
                "score": {"scaled": scaled, "raw": right, "min": 0, "max": total},
            },
            cat,
        )
    send("terminated", course, {"duration": "PT26M"}, cat)
    return out


def write(learners: int, out: IO[str], seed: int = 1, start: int = 0) -> int:
    rng = random.Random(seed * 1_000_003 + start)
    count = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for index in range(start, start + learners):
        lines = [dumps(s) for s in learner_statements(rng, index)]
        out.write("\n".join(lines) + "\n")
        count += len(lines)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--first", type=int, default=0, help="number of the first learner (to add more later)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--out", type=Path, required=True)
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as out:
        count = write(args.learners, out, args.seed, args.first)
    print(f"{count} statements, {args.out.stat().st_size / 1e6:.0f} MB: {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
