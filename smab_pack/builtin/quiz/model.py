"""The quiz block in the typed content model."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from smab_pack.api import Assessment, Block, Interaction, NumericRange
from smab_pack.api import Choice as InteractionChoice

QuestionType = Literal[
    "single", "multiple", "true-false", "fill-in", "matching", "sequencing", "numeric", "cloze", "text", "likert"
]

#: when a quiz shows the right answers (Assessment.show_answers)
ShowAnswers = Literal["never", "after-last-attempt", "always"]
#: the survey's five-point agreement scale, reused for unscored likert items in a quiz (its words are
#: the catalogue's likert_1 … likert_5)
LIKERT = ("likert_1", "likert_2", "likert_3", "likert_4", "likert_5")
#: SCORM 1.2 records 255 characters of a typed answer (CMIString255)
SCORM12_TEXT = 255


class Choice(BaseModel):
    id: str  # a, b, c…: SCORM 1.2 choice responses are single characters
    html: str
    text: str
    correct: bool
    feedback_html: str = ""


class Gap(BaseModel):
    """One gap of a cloze question: its own fill-in interaction ('<question>-<n>')."""

    id: str
    accepted: list[str]


class Question(BaseModel):
    id: str
    type: QuestionType
    prompt_html: str
    prompt_text: str
    details_html: str = ""
    choices: list[Choice]  # matching: the left-hand items (ids 1-9); sequencing: the steps in order
    targets: list[Choice] = []  # matching: what the items are paired with (ids a-z)
    pairs: list[tuple[str, str]] = []  # matching: item id → target id
    shown: list[str] = []  # matching: targets, sequencing: steps, in the order the learner sees them
    range: tuple[float | None, float | None] | None = None  # numeric
    gaps: list[Gap] = []  # cloze
    cloze_html: list[str] = []  # cloze: the text around the gaps (one more than the gaps)
    max_length: int = 2000  # text
    tolerance: int = 0  # fill-in, cloze: typing slips accepted (edit distance)
    points: float = Field(1, gt=0)
    feedback_html: str = ""
    line: int

    @property
    def correct_ids(self) -> list[str]:
        return [c.id for c in self.choices if c.correct]

    @property
    def scored(self) -> bool:
        """Free text (graded by a teacher) and likert (an opinion) are recorded, never scored."""
        return self.type not in ("text", "likert")


class QuizBlock(Block):
    kind: str = "quiz"
    id: str
    title: str = ""
    #: the title's translation unit (ParseContext.title_segment): parallel text goes under it
    title_seg: str = ""
    graded: bool = True
    questions: list[Question]
    #: attempt rules and pool (docs/course-format.md): None leaves a rule to course.yaml's quizzes:
    attempts: int | None = None  # 0: unlimited
    show_answers: ShowAnswers | None = None
    draw: int | None = None
    shuffle: tuple[str, ...] = ()  # "questions", "options"

    def interactions(self) -> list[Interaction]:
        return [i for q in self.questions for i in _interactions(q, self.graded)]

    def assessment(self) -> Assessment:
        return Assessment(
            id=self.id,
            block="quiz-pool" if self.draw or self.shuffle else "quiz",  # its code ships only where asked
            graded=self.graded,
            attempts=self.attempts,
            show_answers=self.show_answers,
            draw=self.draw,
            shuffle_questions="questions" in self.shuffle,
            shuffle_options="options" in self.shuffle,
            items=tuple(tuple(g.id for g in q.gaps) if q.gaps else (q.id,) for q in self.questions),
        )


def _interactions(q: Question, graded: bool) -> list[Interaction]:
    graded = graded and q.scored
    common = {
        "id": q.id,
        "block": "quiz",
        "text": q.prompt_text[:250],
        "points": q.points if q.scored else 0,
        "graded": graded,
        "line": q.line,
    }
    choices = tuple(InteractionChoice(id=c.id, label=c.text[:250]) for c in q.choices)
    if q.type == "fill-in":  # every answer written is accepted
        return [Interaction(kind="fill-in", accepted=tuple(c.text for c in q.choices), tolerance=q.tolerance, **common)]
    if q.type == "cloze":  # one fill-in per gap, the question's points shared among them
        share = {**common, "points": q.points / len(q.gaps)}
        return [
            Interaction(**{**share, "id": gap.id}, kind="fill-in", accepted=tuple(gap.accepted), tolerance=q.tolerance)
            for gap in q.gaps
        ]
    if q.type == "text":
        return [Interaction(kind="long-fill-in", max_length=q.max_length, **common)]
    if q.type == "likert":
        return [Interaction(kind="likert", choices=tuple(InteractionChoice(id=c) for c in LIKERT), **common)]
    if q.type == "matching":
        targets = tuple(InteractionChoice(id=t.id, label=t.text[:250]) for t in q.targets)
        return [
            Interaction(
                **{**common, "block": "quiz-matching"},
                kind="matching",
                choices=choices,
                targets=targets,
                pairs=tuple(q.pairs),
            )
        ]
    if q.type == "sequencing":
        return [
            Interaction(
                **{**common, "block": "quiz-sequencing"},
                kind="sequencing",
                choices=choices,
                correct=tuple(c.id for c in q.choices),
            )
        ]
    if q.type == "numeric":
        assert q.range is not None
        low, high = q.range
        return [
            Interaction(**{**common, "block": "quiz-numeric"}, kind="numeric", range=NumericRange(min=low, max=high))
        ]
    return [
        Interaction(
            kind="true-false" if q.type == "true-false" else "choice",
            multiple=q.type == "multiple",
            choices=choices,
            correct=tuple(q.correct_ids),
            **common,
        )
    ]
