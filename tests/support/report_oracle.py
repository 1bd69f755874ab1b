"""The report's figures as smab-pack computed them in Python before the DuckDB engine
(smab_pack/reporting/figures.py): kept here, unchanged, as the oracle the SQL is checked
against on hand-made and generated statements (tests/test_report_engine.py)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from smab_pack.reporting import vocabulary as xv
from smab_pack.reporting.analysis import (
    UNDETERMINED_LANGUAGE,
    UNKNOWN_COUNTRY,
    Analysis,
    Course,
    FreeText,
    LearnerGroup,
    LikertCount,
    PageReach,
    QuestionStats,
    SurveyQuestion,
    SurveyText,
    VideoStats,
)
from smab_pack.reporting.figures import bins as _bins
from smab_pack.reporting.figures import free_text_order
from smab_pack.reporting.statements import (
    Prepared,
    Statement,
    after,
    as_dict,
    as_list,
    attempt_of,
    country_of,
    definition_of,
    is_about_course,
    language_of,
    learner_of,
    number,
    object_id,
    object_type,
    parse_time,
    pick_name,
    published_course_of,
    result_of,
    text,
    verb_of,
)


@dataclass
class _Learner:
    language: str | None = None
    country: str | None = None
    completed: bool = False
    passed: bool = False
    failed: bool = False
    verdict: tuple[bool, float] | None = None  # (passed, scaled) of the best passed/failed statement


class _Names:
    """Display names of activities: each language's first name seen, English preferred."""

    def __init__(self) -> None:
        self._maps: dict[str, dict[str, str]] = defaultdict(dict)

    def add(self, ident: str, statement: Statement) -> None:
        names = self._maps[ident]
        for lang, value in as_dict(definition_of(statement).get("name")).items():
            if isinstance(lang, str) and isinstance(value, str) and value.strip():
                names.setdefault(lang, value)

    def __getitem__(self, ident: str) -> str:
        return pick_name(self._maps.get(ident)) or ""


def analyse_in_python(prepared: Prepared) -> Analysis:
    statements = prepared.statements
    names = _Names()
    learners: dict[str, _Learner] = {}
    courses: set[str] = set()
    for statement in statements:
        if is_about_course(statement):
            course = published_course_of(statement)
            courses.add(course)
            if object_type(statement) in xv.COURSE_TYPES:
                names.add(course, statement)
        key = learner_of(statement)
        if key is None:
            continue  # no identifiable learner: counts only where answers are counted per statement
        learner = learners.setdefault(key, _Learner())
        # The first statement that states them: an LMS's `launched` (cmi5) often has no language.
        learner.language = learner.language or language_of(statement)
        learner.country = learner.country or country_of(statement)
        _course_verdict(learner, statement)

    stamps = [t for t in (parse_time(s.get("timestamp")) for s in statements) if t is not None]
    survey, survey_texts = _survey(statements, names)
    scores = sorted(one.verdict[1] for one in learners.values() if one.verdict is not None)
    return Analysis(
        statements_read=prepared.read,
        statements_used=len(statements),
        duplicates=prepared.duplicates,
        voided=prepared.voided,
        filtered_out=prepared.filtered_out,
        first=min(stamps, default=None),
        last=max(stamps, default=None),
        courses=[Course(c, names[c]) for c in sorted(courses)],
        started=len(learners),
        completed=sum(one.completed for one in learners.values()),
        passed=sum(one.passed for one in learners.values()),
        failed=sum(one.failed and not one.passed for one in learners.values()),
        scores=scores,
        learner_groups=_groups(learners),
        score_bins=_bins(scores),
        questions=_questions(statements, names),
        pages=_pages(statements, names),
        survey=survey,
        survey_texts=survey_texts,
        videos=_videos(statements, names),
        free_texts=_free_texts(statements, names),
    )


def _free_texts(statements: list[Statement], names: _Names) -> list[FreeText]:
    """Every free-text (long-fill-in) answer that is not blank, each learner's every one."""
    found = []
    for statement in statements:
        response = result_of(statement).get("response")
        if (
            not _is_interaction(statement)
            or text(definition_of(statement).get("interactionType")) != xv.LONG_FILL_IN
            or not isinstance(response, str)
            or not response.strip()
        ):
            continue
        ident = object_id(statement)
        found.append(
            FreeText(
                ident,
                names[ident],
                learner_of(statement) or "",
                language_of(statement) or UNDETERMINED_LANGUAGE,
                parse_time(statement.get("timestamp")),
                response.strip(),
            )
        )
    return free_text_order(found)


def _course_verdict(learner: _Learner, statement: Statement) -> None:
    verb = verb_of(statement)
    if verb not in (xv.COMPLETED, xv.PASSED, xv.FAILED) or not is_about_course(statement):
        return  # e.g. `completed` of a video
    if verb == xv.COMPLETED:
        learner.completed = True
        return
    passed = verb == xv.PASSED
    learner.passed |= passed
    learner.failed |= not passed
    scaled = _scaled(result_of(statement))
    if scaled is not None:
        # Best: a pass beats a fail, then the higher score.
        candidate = (passed, scaled)
        if learner.verdict is None or candidate > learner.verdict:
            learner.verdict = candidate


def _scaled(result: dict) -> float | None:
    """result.score.scaled in 0..1, else (raw − min) / (max − min) when those are given."""
    score = as_dict(result.get("score"))
    scaled = number(score.get("scaled"))
    if scaled is not None:
        return scaled if 0 <= scaled <= 1 else None
    raw, low, high = number(score.get("raw")), number(score.get("min")), number(score.get("max"))
    if raw is not None and low is not None and high is not None and high > low:
        return min(1.0, max(0.0, (raw - low) / (high - low)))
    return None


def _groups(learners: dict[str, _Learner]) -> list[LearnerGroup]:
    groups: dict[tuple[str, str], list[_Learner]] = defaultdict(list)
    for learner in learners.values():
        groups[(learner.country or UNKNOWN_COUNTRY, learner.language or UNDETERMINED_LANGUAGE)].append(learner)
    return [
        LearnerGroup(
            country,
            language,
            started=len(members),
            completed=sum(m.completed for m in members),
            passed=sum(m.passed for m in members),
            failed=sum(m.failed and not m.passed for m in members),
        )
        for (country, language), members in sorted(groups.items())
    ]


def _is_interaction(statement: Statement) -> bool:
    return (
        verb_of(statement) == xv.ANSWERED
        and object_type(statement) == xv.INTERACTION_TYPE
        and object_id(statement) is not None
    )


def _questions(statements: list[Statement], names: _Names) -> list[QuestionStats]:
    """Every checked answer counts (a learner who tries again counts again): how often a
    question is answered wrongly is what its author wants to know."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    kinds: dict[str, str] = {}
    checked = [s for s in statements if _is_interaction(s) and isinstance(result_of(s).get("success"), bool)]
    # Once per learner, question and attempt where the statement names its attempt: the latest.
    latest: dict[tuple, int] = {}
    for index, statement in enumerate(checked):
        learner, attempt = learner_of(statement), attempt_of(statement)
        if learner is not None and attempt is not None:
            latest[(learner, object_id(statement), attempt)] = index
    for index, statement in enumerate(checked):
        success = result_of(statement)["success"]
        ident = object_id(statement)
        names.add(ident, statement)
        learner, attempt = learner_of(statement), attempt_of(statement)
        if learner is not None and attempt is not None and latest[(learner, ident, attempt)] != index:
            kind = text(definition_of(statement).get("interactionType"))
            if kind is not None:
                kinds.setdefault(ident, kind)
            continue
        tally[ident][0 if success else 1] += 1
        kind = text(definition_of(statement).get("interactionType"))
        if kind is not None:
            kinds.setdefault(ident, kind)  # the first statement that gives one
    rows = [
        QuestionStats(
            ident,
            after(ident, xv.QUESTION_SEGMENT),
            names[ident],
            correct + incorrect,
            correct,
            incorrect,
            kinds.get(ident, ""),
        )
        for ident, (correct, incorrect) in tally.items()
    ]
    return sorted(rows, key=lambda q: (-q.failure_rate, -q.incorrect, q.id))


def _pages(statements: list[Statement], names: _Names) -> list[PageReach]:
    """Pages in course order, with the learners who reached each.

    Course order is not in the statements. The order in which pages first appear in the
    LRS is not it either (the first learner may have jumped ahead through the table of
    contents), so each page is placed at the median of the positions at which learners
    first reached it: one learner's detour does not move a page.
    """
    sequences: dict[str, list[str]] = defaultdict(list)  # learner → pages in order of first visit
    for statement in statements:
        ident, learner = object_id(statement), learner_of(statement)
        if verb_of(statement) != xv.EXPERIENCED or ident is None or learner is None or is_about_course(statement):
            continue
        if object_type(statement) != xv.LESSON_TYPE and xv.PAGE_SEGMENT not in ident:
            continue
        names.add(ident, statement)
        if ident not in sequences[learner]:
            sequences[learner].append(ident)
    positions: dict[str, list[int]] = defaultdict(list)
    for sequence in sequences.values():
        for position, ident in enumerate(sequence):
            positions[ident].append(position)
    rows = [
        PageReach(ident, after(ident, xv.PAGE_SEGMENT), names[ident], len(found), statistics.median(found))
        for ident, found in positions.items()
    ]
    return sorted(rows, key=lambda p: (p.median_position, -p.learners, p.id))


def _survey(statements: list[Statement], names: _Names) -> tuple[list[SurveyQuestion], list[SurveyText]]:
    """Survey answers: one per learner and question, their latest (an opinion counts once).
    Answers without an identifiable actor (an anonymous survey) count one each."""
    latest: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)  # question → responder → (response, lang)
    kinds: dict[str, str] = {}
    scales: dict[str, list[tuple[str, str]]] = {}
    for index, statement in enumerate(statements):
        definition = definition_of(statement)
        kind = text(definition.get("interactionType"))
        if (
            not _is_interaction(statement)
            or kind not in (xv.LIKERT, xv.LONG_FILL_IN)
            or isinstance(result_of(statement).get("success"), bool)
        ):
            continue
        ident = object_id(statement)
        names.add(ident, statement)
        kinds.setdefault(ident, kind)
        if kind == xv.LIKERT and ident not in scales:
            scale = [
                (text(as_dict(point).get("id")), pick_name(as_dict(point).get("description")))
                for point in as_list(definition.get("scale"))
            ]
            if scale:
                scales[ident] = [(value, label or value) for value, label in scale if value]
        response = result_of(statement).get("response")
        if not isinstance(response, str):
            continue
        responder = learner_of(statement) or f"statement:{text(statement.get('id')) or index}"
        latest[ident][responder] = (response.strip(), language_of(statement) or UNDETERMINED_LANGUAGE)

    questions: list[SurveyQuestion] = []
    texts: list[SurveyText] = []
    for ident in sorted(kinds):
        answers = [a for a in latest[ident].values() if a[0]]
        if kinds[ident] == xv.LIKERT:
            counts: dict[str, int] = defaultdict(int)
            for response, _ in answers:
                counts[response] += 1
            scale = scales.get(ident, [])
            known = {value for value, _ in scale}
            points = scale + [(value, value) for value in sorted(counts) if value not in known]
            questions.append(
                SurveyQuestion(
                    ident,
                    after(ident, xv.QUESTION_SEGMENT),
                    names[ident],
                    xv.LIKERT,
                    [LikertCount(v, label, counts.get(v, 0)) for v, label in points],
                    0,
                )
            )
        else:
            questions.append(
                SurveyQuestion(
                    ident, after(ident, xv.QUESTION_SEGMENT), names[ident], xv.LONG_FILL_IN, [], len(answers)
                )
            )
            texts.extend(SurveyText(ident, names[ident], lang, response) for response, lang in answers)
    return questions, sorted(texts, key=lambda t: (t.question, t.text, t.language))


def _videos(statements: list[Statement], names: _Names) -> list[VideoStats]:
    played: dict[str, set[str]] = defaultdict(set)
    completed: dict[str, set[str]] = defaultdict(set)
    progress: dict[str, dict[str, float]] = defaultdict(dict)  # video → learner → furthest progress
    seen: set[str] = set()  # a video loaded but never played is worth a row too
    for statement in statements:
        ident, learner = object_id(statement), learner_of(statement)
        if object_type(statement) != xv.VIDEO_TYPE or ident is None or learner is None:
            continue
        names.add(ident, statement)
        seen.add(ident)
        verb = verb_of(statement)
        if verb == xv.VIDEO_PLAYED:
            played[ident].add(learner)
        elif verb == xv.COMPLETED:
            completed[ident].add(learner)
        reached = number(as_dict(result_of(statement).get("extensions")).get(xv.VIDEO_PROGRESS))
        if reached is not None and 0 <= reached <= 1:
            progress[ident][learner] = max(reached, progress[ident].get(learner, 0.0))
    rows = []
    for ident in sorted(seen):
        # Completing implies playing: a lost `played` must not push the rate above 100 %.
        watchers = played[ident] | completed[ident]
        furthest = list(progress[ident].values())
        rows.append(
            VideoStats(
                ident,
                after(ident, xv.VIDEO_SEGMENT),
                names[ident],
                len(watchers),
                len(completed[ident]),
                statistics.median(furthest) if furthest else None,
            )
        )
    return rows
