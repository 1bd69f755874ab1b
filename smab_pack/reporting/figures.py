"""The report's figures, in SQL over a Store's statements table: the definitions of
README's "How it counts", one query each. Only results go to Python (rows per
country × language, per question, page, survey answer, video; one score per learner),
never statements. Every list is sorted on its own terms, so the same statements give
the same report whatever order they came in.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from smab_pack.reporting import vocabulary as xv
from smab_pack.reporting.analysis import (
    SCORE_BINS,
    UNDETERMINED_LANGUAGE,
    UNKNOWN_COUNTRY,
    Analysis,
    Course,
    FreeText,
    LearnerGroup,
    LikertCount,
    PageReach,
    QuestionStats,
    ScoreBin,
    SurveyQuestion,
    SurveyText,
    VideoStats,
)
from smab_pack.reporting.statements import (
    Prepared,
    after,
    as_dict,
    as_list,
    normal_country,
    normal_language,
    pick_name,
    text,
)
from smab_pack.reporting.store import WHITESPACE, Store, _literal, one_row

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _in(values) -> str:
    return "(" + ", ".join(_literal(v) for v in sorted(values)) + ")"


# The order of statements (timestamp, then stored, then id; statements without a time
# last; the hash of the statement's text breaks the remaining ties), as a comparable struct.
ORDER_KEY = """{'a': ts IS NULL, 'b': coalesce(ts, TIMESTAMPTZ '1970-01-01 00:00:00+00'),
                'c': stored IS NULL, 'd': coalesce(stored, TIMESTAMPTZ '1970-01-01 00:00:00+00'),
                'e': coalesce(sid, ''), 'f': h}"""

# 1. Each statement once: of the rows sharing an id, all but the first in time order are
# dropped (found through a hash of the id, so only candidates are sorted); 2. voided and
# voiding statements left out; 3. what --activity and --since select. A view: each figure
# reads only the columns it needs.
USED = f"""
CREATE OR REPLACE TEMP TABLE repeated AS
WITH candidates AS (SELECT hash(sid) AS hs FROM statements WHERE sid IS NOT NULL GROUP BY hs HAVING count(*) > 1)
SELECT rowid AS row FROM statements WHERE sid IS NOT NULL AND hash(sid) IN (SELECT hs FROM candidates)
QUALIFY row_number() OVER (PARTITION BY sid ORDER BY {ORDER_KEY}) > 1;

CREATE OR REPLACE TEMP TABLE voided_ids AS
SELECT DISTINCT obj_id AS sid FROM statements
WHERE verb = {_literal(xv.VOIDED)} AND statement_ref AND rowid NOT IN (SELECT row FROM repeated);

CREATE OR REPLACE TEMP VIEW kept AS
SELECT *, {ORDER_KEY} AS k FROM statements
WHERE rowid NOT IN (SELECT row FROM repeated)
  AND verb IS DISTINCT FROM {_literal(xv.VOIDED)}
  AND NOT (sid IS NULL AND EXISTS (SELECT 1 FROM voided_ids WHERE sid IS NULL))
  AND (sid IS NULL OR sid NOT IN (SELECT sid FROM voided_ids WHERE sid IS NOT NULL));

CREATE OR REPLACE TEMP VIEW used AS
SELECT *, obj_id IS NOT NULL AND obj_id IS NOT DISTINCT FROM course AS about,
       coalesce(grouping0, course) AS published_course
FROM (SELECT *, CASE WHEN obj_type IN {_in(xv.COURSE_TYPES)} AND verb IN {_in(xv.COURSE_VERBS)}
                          AND obj_id IS NOT NULL THEN obj_id ELSE coalesce(grouping0, parent0) END AS course
      FROM kept
      WHERE (@activity IS NULL OR starts_with(coalesce(obj_id, ''), @activity)
             OR len(list_filter(context_ids, lambda i: starts_with(i, @activity))) > 0)
        AND (@since IS NULL OR coalesce(stored, ts) > @since));
"""

# One row per learner: the first country and language stated, the course's verdicts and
# the best score (a pass beats a fail, then the higher score).
LEARNERS = f"""
CREATE OR REPLACE TEMP TABLE learners AS
SELECT learner,
       arg_min(lang_raw, k) FILTER (lang_raw IS NOT NULL) AS lang_raw,
       arg_min(country_raw, k) FILTER (country_raw IS NOT NULL) AS country_raw,
       coalesce(bool_or(verb = {_literal(xv.COMPLETED)} AND about), false) AS completed,
       coalesce(bool_or(verb = {_literal(xv.PASSED)} AND about), false) AS passed,
       coalesce(bool_or(verb = {_literal(xv.FAILED)} AND about), false) AS failed,
       coalesce(max(scaled) FILTER (verb = {_literal(xv.PASSED)} AND about),
                max(scaled) FILTER (verb = {_literal(xv.FAILED)} AND about)) AS best
FROM used WHERE learner IS NOT NULL GROUP BY learner
"""

GROUPS = """
SELECT country_raw, lang_raw, count(*), count(*) FILTER (completed), count(*) FILTER (passed),
       count(*) FILTER (failed AND NOT passed)
FROM learners GROUP BY ALL
"""

INTERACTION = f"verb = {_literal(xv.ANSWERED)} AND obj_type = {_literal(xv.INTERACTION_TYPE)} AND obj_id IS NOT NULL"
QUESTION_ROWS = f"{INTERACTION} AND success IS NOT NULL"
SURVEY_ROWS = f"{INTERACTION} AND itype IN {_in([xv.LIKERT, xv.LONG_FILL_IN])} AND success IS NULL"
PAGE_ROWS = (
    f"verb = {_literal(xv.EXPERIENCED)} AND obj_id IS NOT NULL AND learner IS NOT NULL AND NOT about"
    f" AND (coalesce(obj_type = {_literal(xv.LESSON_TYPE)}, false) OR contains(obj_id, {_literal(xv.PAGE_SEGMENT)}))"
)
VIDEO_ROWS = f"obj_type = {_literal(xv.VIDEO_TYPE)} AND obj_id IS NOT NULL AND learner IS NOT NULL"

# Every checked answer counts (a retry counts again), once per attempt where the statement
# names its quiz attempt: a learner answers a question once in an attempt, so a second
# answer of the same learner, question and attempt is the same answer sent again, and the
# latest counts. The kind is the first one a statement gives.
QUESTIONS = f"""
SELECT obj_id, count(*) FILTER (success AND counted), count(*) FILTER (NOT success AND counted),
       arg_min(itype, k) FILTER (itype IS NOT NULL)
FROM (SELECT obj_id, success, itype, k,
             attempt IS NULL OR learner IS NULL
             OR row_number() OVER (PARTITION BY learner, obj_id, attempt ORDER BY k DESC) = 1 AS counted
      FROM used WHERE {QUESTION_ROWS})
GROUP BY obj_id
"""

# Free-text answers (long-fill-in, whether a survey or a quiz asked them): every one, not
# blank, for a teacher to grade by hand.
FREE_TEXTS = f"""
SELECT obj_id, coalesce(learner, ''), lang_raw, ts, trim(response, $ws) AS answer FROM used
WHERE {INTERACTION} AND itype = {_literal(xv.LONG_FILL_IN)} AND response IS NOT NULL AND trim(response, $ws) <> ''
"""

# A median as statistics.median computes it (the mean of the two middle values).
MEDIAN = """CASE WHEN len(l) % 2 = 1 THEN l[(len(l) + 1) // 2]
                 ELSE (l[len(l) // 2] + l[len(l) // 2 + 1]) / 2 END"""

# Each page at the median of the positions at which learners first reached it.
PAGES = f"""
WITH visits AS (SELECT learner, obj_id, min(k) AS first FROM used WHERE {PAGE_ROWS} GROUP BY learner, obj_id),
     positions AS (SELECT obj_id, row_number() OVER (PARTITION BY learner ORDER BY first) - 1 AS position
                   FROM visits)
SELECT obj_id, len(l), {MEDIAN} FROM (SELECT obj_id, list_sort(list(position)) AS l FROM positions GROUP BY obj_id)
"""

# Survey: the kind and scale of each question (its first statement that gives them) …
SURVEY_KINDS = f"""
SELECT obj_id, arg_min(itype, k),
       arg_min(scale, k) FILTER (itype = {_literal(xv.LIKERT)} AND scale IS NOT NULL
                                 AND (json_type(scale) = 'OBJECT' OR json_array_length(scale) > 0))
FROM used WHERE {SURVEY_ROWS} GROUP BY obj_id
"""
# … and each responder's latest answer (anonymous answers count one each), when not blank.
LATEST_ANSWERS = f"""
CREATE OR REPLACE TEMP TABLE answers AS
SELECT obj_id, a.response AS response, a.lang_raw AS lang_raw FROM (
    SELECT obj_id, arg_max({{'response': trim(response, $ws), 'lang_raw': lang_raw}}, k) AS a
    FROM used WHERE {SURVEY_ROWS} AND response IS NOT NULL
    GROUP BY obj_id, coalesce(learner, 'statement:' || coalesce(sid, CAST(k.f AS VARCHAR) || CAST(k.b AS VARCHAR))))
WHERE a.response <> ''
"""

# Videos: learners who played (or completed: a lost `played` still counts), completed,
# and the median of each learner's furthest progress.
VIDEOS = f"""
WITH v AS (SELECT * FROM used WHERE {VIDEO_ROWS}),
     furthest AS (SELECT obj_id, learner, max(progress) AS p FROM v WHERE progress IS NOT NULL GROUP BY ALL),
     medians AS (SELECT obj_id, {MEDIAN} AS median FROM (SELECT obj_id, list_sort(list(p)) AS l FROM furthest
                                                          GROUP BY obj_id))
SELECT obj_id,
       count(DISTINCT learner) FILTER (verb IN ({_literal(xv.VIDEO_PLAYED)}, {_literal(xv.COMPLETED)})),
       count(DISTINCT learner) FILTER (verb = {_literal(xv.COMPLETED)}),
       any_value(median)
FROM v LEFT JOIN medians USING (obj_id) GROUP BY obj_id
"""

# Display names: the statements that name each activity, each distinct name map at its
# first appearance, in the order the Python implementation met them (course, survey,
# questions, pages, videos); the first name per language wins, English preferred.
NAMES = f"""
SELECT pass, ident, names FROM (
    SELECT 0 AS pass, published_course AS ident, names, k FROM used
        WHERE about AND obj_type IN {_in(xv.COURSE_TYPES)}
    UNION ALL SELECT 1, obj_id, names, k FROM used WHERE {SURVEY_ROWS}
    UNION ALL SELECT 2, obj_id, names, k FROM used WHERE {QUESTION_ROWS}
    UNION ALL SELECT 3, obj_id, names, k FROM used WHERE {PAGE_ROWS}
    UNION ALL SELECT 4, obj_id, names, k FROM used WHERE {VIDEO_ROWS})
WHERE names IS NOT NULL
GROUP BY pass, ident, names ORDER BY pass, min(k)
"""


class _Names:
    def __init__(self, rows: list[tuple[int, str, str]]) -> None:
        self._maps: dict[str, dict[str, str]] = {}
        for _, ident, names in rows:
            found = self._maps.setdefault(ident, {})
            for lang, value in as_dict(json.loads(names)).items():
                if isinstance(lang, str) and isinstance(value, str) and value.strip():
                    found.setdefault(lang, value)

    def __getitem__(self, ident: str) -> str:
        return pick_name(self._maps.get(ident)) or ""


def compute(store: Store, *, activity: str | None = None, since: datetime | None = None) -> Analysis:
    store.flush()
    db = store.db
    # Views cannot take parameters: --activity and --since go in as SQL literals.
    db.execute(
        USED.replace("@activity", "NULL" if activity is None else _literal(activity)).replace(
            "@since", "NULL" if since is None else f"TIMESTAMPTZ {_literal(since.isoformat())}"
        )
    )
    read = store.count()
    unique = read - one_row(db.execute("SELECT count(*) FROM repeated"))[0]
    kept = one_row(db.execute("SELECT count(*) FROM kept"))[0]
    used, first, last = one_row(db.execute("SELECT count(*), min(ts), max(ts) FROM used"))
    names = _Names(db.execute(NAMES).fetchall())
    courses = [c for (c,) in db.execute("SELECT DISTINCT published_course FROM used WHERE about").fetchall()]

    db.execute(LEARNERS)
    started, completed, passed, failed = one_row(
        db.execute(
            "SELECT count(*), count(*) FILTER (completed), count(*) FILTER (passed),"
            " count(*) FILTER (failed AND NOT passed) FROM learners"
        )
    )
    scores = [s for (s,) in db.execute("SELECT best FROM learners WHERE best IS NOT NULL ORDER BY best").fetchall()]
    survey, survey_texts = _survey(store, names)
    return Analysis(
        statements_read=read,
        statements_used=used,
        duplicates=read - unique,
        voided=unique - kept,
        filtered_out=kept - used,
        first=_utc(first),
        last=_utc(last),
        courses=[Course(c, names[c]) for c in sorted(courses)],
        started=started,
        completed=completed,
        passed=passed,
        failed=failed,
        scores=scores,
        learner_groups=_groups(db.execute(GROUPS).fetchall()),
        score_bins=bins(scores),
        questions=sorted(
            (
                QuestionStats(i, after(i, xv.QUESTION_SEGMENT), names[i], ok + wrong, ok, wrong, kind or "")
                for i, ok, wrong, kind in db.execute(QUESTIONS).fetchall()
            ),
            key=lambda q: (-q.failure_rate, -q.incorrect, q.id),
        ),
        pages=sorted(
            (
                PageReach(i, after(i, xv.PAGE_SEGMENT), names[i], n, median)
                for i, n, median in db.execute(PAGES).fetchall()
            ),
            key=lambda p: (p.median_position, -p.learners, p.id),
        ),
        survey=survey,
        survey_texts=survey_texts,
        videos=[
            VideoStats(i, after(i, xv.VIDEO_SEGMENT), names[i], played, done, median)
            for i, played, done, median in sorted(db.execute(VIDEOS).fetchall())
        ],
        free_texts=free_text_order(
            FreeText(i, names[i], who, normal_language(lang) or UNDETERMINED_LANGUAGE, _utc(ts), answer)
            for i, who, lang, ts, answer in db.execute(FREE_TEXTS, {"ws": WHITESPACE}).fetchall()
        ),
    )


def free_text_order(texts) -> list[FreeText]:
    """By question, learner, time (answers without one last), then text."""
    return sorted(texts, key=lambda t: (t.question, t.learner, t.time is None, t.time or _EPOCH, t.text, t.language))


def _utc(moment: datetime | None) -> datetime | None:

    return moment.astimezone(UTC) if moment is not None else None


def _groups(rows: list[tuple[Any, ...]]) -> list[LearnerGroup]:
    # Raw values are normalised here, per distinct value (few), then merged.
    merged: dict[tuple[str, str], list[int]] = {}
    for country, lang, *counts in rows:
        key = (normal_country(country) or UNKNOWN_COUNTRY, normal_language(lang) or UNDETERMINED_LANGUAGE)
        total = merged.setdefault(key, [0, 0, 0, 0])
        for index, n in enumerate(counts):
            total[index] += n
    return [LearnerGroup(c, lang, *counts) for (c, lang), counts in sorted(merged.items())]


def bins(scores: list[float]) -> list[ScoreBin]:
    counts = [0] * SCORE_BINS
    for scaled in scores:
        # round() first: 0.3 * 100 is 30.000000000000004 but 0.29 * 100 is 28.999999999999996.
        percent = round(scaled * 100, 6)
        counts[min(int(percent // 10), SCORE_BINS - 1)] += 1
    return [ScoreBin(10 * i, 10 * i + (10 if i == SCORE_BINS - 1 else 9), n) for i, n in enumerate(counts)]


def _survey(store: Store, names: _Names) -> tuple[list[SurveyQuestion], list[SurveyText]]:
    db = store.db
    kinds = {ident: (kind, scale) for ident, kind, scale in db.execute(SURVEY_KINDS).fetchall()}
    db.execute(LATEST_ANSWERS, {"ws": WHITESPACE})
    counts: dict[str, dict[str, int]] = {}
    for ident, response, n in db.execute(
        f"SELECT obj_id, response, count(*) FROM answers WHERE obj_id IN (SELECT obj_id FROM used WHERE"
        f" {SURVEY_ROWS} GROUP BY obj_id HAVING arg_min(itype, k) = {_literal(xv.LIKERT)}) GROUP BY ALL"
    ).fetchall():
        counts.setdefault(ident, {})[response] = n
    questions: list[SurveyQuestion] = []
    texts: list[SurveyText] = []
    for ident in sorted(kinds):
        kind, scale_json = kinds[ident]
        key = after(ident, xv.QUESTION_SEGMENT)
        if kind == xv.LIKERT:
            scale: list[tuple[str, str]] = []
            if scale_json is not None:
                points = [
                    (text(as_dict(p).get("id")), pick_name(as_dict(p).get("description")))
                    for p in as_list(json.loads(scale_json))
                ]
                scale = [(value, label or value) for value, label in points if value]
            found = counts.get(ident, {})
            known = {value for value, _ in scale}
            points_all = scale + [(value, value) for value in sorted(found) if value not in known]
            questions.append(
                SurveyQuestion(
                    ident,
                    key,
                    names[ident],
                    xv.LIKERT,
                    [LikertCount(v, label, found.get(v, 0)) for v, label in points_all],
                    0,
                )
            )
        else:
            rows = db.execute("SELECT response, lang_raw FROM answers WHERE obj_id = ?", [ident]).fetchall()
            questions.append(SurveyQuestion(ident, key, names[ident], xv.LONG_FILL_IN, [], len(rows)))
            texts.extend(
                SurveyText(ident, names[ident], normal_language(lang) or UNDETERMINED_LANGUAGE, response)
                for response, lang in rows
            )
    return questions, sorted(texts, key=lambda t: (t.question, t.text, t.language))


def analyse(prepared: Prepared) -> Analysis:
    """The figures of statements already prepared in Python (a list: tests, small inputs).
    The counts of what preparing dropped are prepare()'s."""
    with Store() as store:
        store.add_statements(prepared.statements)
        analysis = compute(store)
    return replace(
        analysis,
        statements_read=prepared.read,
        duplicates=prepared.duplicates,
        voided=prepared.voided,
        filtered_out=prepared.filtered_out,
    )
