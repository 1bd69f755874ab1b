"""The figures of the evaluation report: what they are (computed in figures.py, in SQL).

Every list comes out sorted on its own terms (never in input order or dict order),
so the same statements always give the same report.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime

UNKNOWN_COUNTRY = "unknown"
UNDETERMINED_LANGUAGE = "und"  # BCP 47's own tag for "no language given"
SCORE_BINS = 10


@dataclass(frozen=True)
class LearnerGroup:
    """Learners of one country and language (learners.csv)."""

    country: str
    language: str
    started: int
    completed: int
    passed: int
    failed: int


@dataclass(frozen=True)
class ScoreBin:
    low: int  # percent, inclusive
    high: int  # percent, inclusive (the last bin holds 90–100)
    learners: int

    @property
    def label(self) -> str:
        return f"{self.low}-{self.high}"


@dataclass(frozen=True)
class QuestionStats:
    id: str
    key: str  # <page-id>.<question-id> for the adapter's questions
    name: str
    answered: int
    correct: int
    incorrect: int
    kind: str  # the xAPI interactionType (choice, matching, sequencing, numeric, fill-in, …); "" when none

    @property
    def failure_rate(self) -> float:
        return self.incorrect / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class PageReach:
    id: str
    key: str
    name: str
    learners: int
    median_position: float


@dataclass(frozen=True)
class LikertCount:
    value: str  # the scale id, e.g. likert_4
    label: str
    responses: int


@dataclass(frozen=True)
class SurveyQuestion:
    id: str
    key: str
    name: str
    kind: str  # likert or long-fill-in
    likert: list[LikertCount]
    texts: int


@dataclass(frozen=True)
class SurveyText:
    question: str
    name: str
    language: str
    text: str


@dataclass(frozen=True)
class FreeText:
    """One free-text (long-fill-in) answer, for a teacher to grade by hand (free-text.csv)."""

    question: str
    name: str
    learner: str  # the learner key (account:home|name, mbox:…); "" when the statement has no actor
    language: str
    time: datetime | None  # the statement's timestamp
    text: str


@dataclass(frozen=True)
class VideoStats:
    id: str
    key: str
    name: str
    played: int
    completed: int
    median_progress: float | None

    @property
    def completion_rate(self) -> float:
        return self.completed / self.played if self.played else 0.0


@dataclass(frozen=True)
class Course:
    id: str
    name: str


@dataclass
class Analysis:
    statements_read: int
    statements_used: int
    duplicates: int
    voided: int
    filtered_out: int
    first: datetime | None  # the earliest and latest timestamp: the report's only dates
    last: datetime | None
    courses: list[Course]
    started: int
    completed: int
    passed: int
    failed: int
    scores: list[float]  # each scored learner's best score, 0..1, sorted
    learner_groups: list[LearnerGroup]
    score_bins: list[ScoreBin]
    questions: list[QuestionStats]
    pages: list[PageReach]
    survey: list[SurveyQuestion]
    survey_texts: list[SurveyText]
    videos: list[VideoStats]
    free_texts: list[FreeText]

    @property
    def median_score(self) -> float | None:
        return statistics.median(self.scores) if self.scores else None
