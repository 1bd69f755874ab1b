"""The survey block: Likert and open questions, never scored."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from smab_pack.api import Block, Choice, Interaction

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
    #: the title's translation unit (ParseContext.title_segment): parallel text goes under it
    title_seg: str = ""
    questions: list[SurveyQuestion]

    def interactions(self) -> list[Interaction]:
        # Nothing to get right, never counted: recorded as neutral. The scale's words come from the
        # language's catalogue (survey.js gives them to the record), so the labels stay empty here.
        return [
            Interaction(
                id=q.id,
                block="survey",
                kind="likert" if q.type == "likert" else "long-fill-in",
                text=q.prompt_text[:250],
                choices=tuple(Choice(id=c) for c in LIKERT) if q.type == "likert" else (),
                points=0,
                graded=False,
                line=q.line,
            )
            for q in self.questions
        ]
