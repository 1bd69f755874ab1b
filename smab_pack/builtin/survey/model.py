"""The survey block: Likert and open questions, never scored."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from smab_pack.api import Block

#: the five points of the agreement scale; SCORM and xAPI record these ids
LIKERT = ["likert_1", "likert_2", "likert_3", "likert_4", "likert_5"]


class SurveyQuestion(BaseModel):
    id: str
    type: Literal["likert", "text"]
    prompt_html: str
    prompt_text: str
    line: int


class SurveyBlock(Block):
    kind: str = "survey"
    id: str
    title: str = ""
    questions: list[SurveyQuestion]

    def runtime_data(self) -> dict[str, Any]:
        return {
            "quiz": self.id,
            "graded": False,
            "survey": True,
            "questions": [
                {
                    "id": q.id,
                    # SCORM 2004 and xAPI interaction types
                    "type": "likert" if q.type == "likert" else "long-fill-in",
                    "points": 0,
                    "text": q.prompt_text[:250],
                    "choices": LIKERT if q.type == "likert" else [],
                    "labels": [],  # the scale's words come from the language's catalogue
                    "correct": [],
                }
                for q in self.questions
            ],
        }
