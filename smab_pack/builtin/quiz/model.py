"""The quiz block in the typed content model."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from smab_pack.api import Block, Interaction
from smab_pack.api import Choice as InteractionChoice

QuestionType = Literal["single", "multiple", "true-false", "fill-in"]


class Choice(BaseModel):
    id: str  # a, b, c…: SCORM 1.2 choice responses are single characters
    html: str
    text: str
    correct: bool
    feedback_html: str = ""


class Question(BaseModel):
    id: str
    type: QuestionType
    prompt_html: str
    prompt_text: str
    details_html: str = ""
    choices: list[Choice]
    points: float = Field(1, gt=0)
    feedback_html: str = ""
    line: int

    @property
    def correct_ids(self) -> list[str]:
        return [c.id for c in self.choices if c.correct]


class QuizBlock(Block):
    kind: str = "quiz"
    id: str
    title: str = ""
    graded: bool = True
    questions: list[Question]

    def interactions(self) -> list[Interaction]:
        return [_interaction(q, self.graded) for q in self.questions]


def _interaction(q: Question, graded: bool) -> Interaction:
    common = {"id": q.id, "block": "quiz", "text": q.prompt_text[:250], "points": q.points, "graded": graded}
    if q.type == "fill-in":  # every answer written is accepted
        return Interaction(kind="fill-in", accepted=tuple(c.text for c in q.choices), line=q.line, **common)
    return Interaction(
        kind="true-false" if q.type == "true-false" else "choice",
        multiple=q.type == "multiple",
        choices=tuple(InteractionChoice(id=c.id, label=c.text) for c in q.choices),
        correct=tuple(q.correct_ids),
        line=q.line,
        **common,
    )
