"""The quiz block in the typed content model."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from smab_pack.api import Block

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

    def runtime_data(self) -> dict[str, Any]:
        return {
            "quiz": self.id,
            "graded": self.graded,
            "questions": [
                {
                    "id": q.id,
                    "type": q.type,
                    "points": q.points,
                    "text": q.prompt_text[:250],
                    "choices": [c.id for c in q.choices],
                    "labels": [c.text for c in q.choices],
                    # fill-in: the accepted answers; otherwise the ids of correct choices
                    "correct": [c.text for c in q.choices] if q.type == "fill-in" else q.correct_ids,
                }
                for q in self.questions
            ],
        }
