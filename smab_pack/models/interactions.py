"""The interaction contract: what a block tells the run-time and the formats about its questions
and its media, as typed data (docs/plugins.md, "Question types and media: the interaction contract").

A block type declares ``Block.interactions()`` and ``Block.media()``; the core serialises them for the
run-time (render/site.py), the formats read them for their manifests, and the translation check
compares them. Nothing downstream knows which block type made them: an interaction is described in
the vocabulary SCORM 2004 and xAPI share (its ``kind``), and its correct response is data, not code.
The models are frozen and their validators refuse shapes no LMS could record (a correct answer that
is not a choice, a graded question with nothing to get right, a pair naming an unknown target).
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: SCORM 2004 cmi.interactions.n.type and xAPI interactionType: the same ten words
InteractionKind = Literal[
    "choice",
    "true-false",
    "fill-in",
    "long-fill-in",
    "likert",
    "matching",
    "sequencing",
    "numeric",
    "performance",
    "other",
]

#: kinds whose response is one or more of the interaction's choices
CHOICE_KINDS = frozenset({"choice", "true-false", "likert", "sequencing", "matching"})
#: kinds whose response is text the learner typed
TEXT_KINDS = frozenset({"fill-in", "long-fill-in"})

#: a choice, target or interaction id: SCORM 2004 short_identifier_type and safe in "page.id" keys
_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$"

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Choice(BaseModel):
    """One answer the learner can pick (or a matching target): its id and its words in plain text."""

    model_config = _FROZEN

    id: str = Field(pattern=_ID, description="Recorded in the LMS (SCORM 1.2 choice responses: one character).")
    label: str = Field("", description="The answer as plain text (xAPI choice descriptions).")


class NumericRange(BaseModel):
    """A numeric interaction's correct response: any number from ``min`` to ``max`` (either may be open)."""

    model_config = _FROZEN

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _bounds(self) -> NumericRange:
        if self.min is None and self.max is None:
            raise ValueError("a numeric range needs a min, a max or both")
        for value in (self.min, self.max):
            if value is not None and not math.isfinite(value):
                raise ValueError("a numeric range's bounds are finite numbers")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is above max {self.max:g}")
        return self


class Interaction(BaseModel):
    """One question as the LMS records it (a SCORM interaction, an xAPI ``answered`` statement).

    The correct response is one of four shapes, each for its kinds: ``correct`` (choice ids: the set
    for choice, the one for true-false and likert, the order for sequencing), ``accepted`` (texts, any
    of which is right: fill-in, long-fill-in), ``pairs`` (choice id → target id: matching) and
    ``range`` (numeric). An interaction with none of them has no right answer (a survey question):
    it is recorded as "neutral" and can never be graded.
    """

    model_config = _FROZEN

    id: str = Field(pattern=_ID, description="Unique within the page; the run-time's key is '<page>.<id>'.")
    kind: InteractionKind
    block: str = Field(min_length=1, description="The block type whose JavaScript grades and records it.")
    text: str = Field("", max_length=250, description="The prompt as plain text (SCORM description, xAPI name).")
    choices: tuple[Choice, ...] = ()
    targets: tuple[Choice, ...] = Field((), description="matching: what choices are paired with.")
    multiple: bool = Field(False, description="choice: the learner may pick more than one.")
    correct: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    case_matters: bool = Field(False, description="fill-in: whether 'Oslo' and 'oslo' differ.")
    tolerance: int = Field(
        0, ge=0, le=3, description="fill-in: typing slips accepted (edit distance), after case, accents and spacing."
    )
    max_length: int | None = Field(
        None, ge=1, description="fill-in, long-fill-in: the longest answer the learner can write."
    )
    pairs: tuple[tuple[str, str], ...] = ()
    range: NumericRange | None = None
    points: float = Field(1, ge=0, description="Weight in the score (0 for a question that never counts).")
    graded: bool = Field(True, description="Counts towards the score; false for practice and survey questions.")
    line: int | None = Field(None, description="Source line, for diagnostics; never sent to the run-time.")

    @property
    def judged(self) -> bool:
        """Whether it has a right answer (is recorded as correct or incorrect, not neutral)."""
        return bool(self.correct or self.accepted or self.pairs or self.range is not None)

    @property
    def single(self) -> bool:
        """Whether a response is exactly one choice."""
        return self.kind in ("true-false", "likert") or (self.kind == "choice" and not self.multiple)

    @property
    def answer_shape(self) -> str:
        """What an answer is: the kind, with a choice split into one answer or several. Saved state and
        the translation check tell answers apart by it (a choice of one is no choice of several)."""
        if self.kind == "choice":
            return "multiple" if self.multiple else "single"
        return self.kind

    @model_validator(mode="after")
    def _shape(self) -> Interaction:  # noqa: C901 (one rule per kind, in the spec's order; CONTRIBUTING.md)
        def fail(message: str) -> None:
            raise ValueError(f"interaction '{self.id}' ({self.kind}): {message}")

        kind = self.kind
        ids = [c.id for c in self.choices]
        targets = [t.id for t in self.targets]
        for name, values in (("choice", ids), ("target", targets)):
            twice = sorted({v for v in values if values.count(v) > 1})
            if twice:
                fail(f"{name} id(s) {', '.join(twice)} used twice")
        if self.choices and kind not in CHOICE_KINDS:
            fail("only choice, true-false, likert, sequencing and matching interactions have choices")
        if self.targets and kind != "matching":
            fail("only matching interactions have targets")
        if self.multiple and kind != "choice":
            fail("only a choice interaction can take several answers")
        if self.correct and kind not in ("choice", "true-false", "likert", "sequencing"):
            fail("correct choice ids belong to choice, true-false, likert and sequencing interactions")
        if self.accepted and kind not in TEXT_KINDS:
            fail("accepted texts belong to fill-in and long-fill-in interactions")
        if self.pairs and kind != "matching":
            fail("pairs belong to matching interactions")
        if self.tolerance and kind != "fill-in":
            fail("only a fill-in interaction has a tolerance")
        if self.max_length is not None and kind not in TEXT_KINDS:
            fail("only fill-in and long-fill-in interactions have a max_length")
        if self.range is not None and kind != "numeric":
            fail("a range belongs to numeric interactions")
        unknown = [c for c in self.correct if c not in ids]
        if unknown:
            fail(f"correct id(s) {', '.join(unknown)} are not among the choices ({', '.join(ids) or 'none'})")
        if len(set(self.correct)) != len(self.correct):
            fail("a correct id is given twice")
        if kind == "true-false" and len(self.choices) != 2:
            fail("a true-false interaction has two choices: true, then false")
        if self.single and len(self.correct) > 1:
            fail("only one choice can be correct")
        if kind in ("choice", "sequencing", "matching", "likert") and not self.choices:
            fail("it needs choices")
        if kind == "matching":
            if not self.targets:
                fail("it needs targets")
            for source, target in self.pairs:
                if source not in ids or target not in targets:
                    fail(f"the pair {source}→{target} names a choice or target that does not exist")
            if len(set(self.pairs)) != len(self.pairs):
                fail("a pair is given twice")
        if any(not text.strip() for text in self.accepted):
            fail("an accepted text is empty")
        if self.graded and not self.judged:
            fail("a graded interaction needs a correct response")
        if self.graded and self.points <= 0:
            fail("a graded interaction is worth more than 0 points")
        return self

    def patterns(self) -> list[Any]:
        """The correct responses, each shaped as a response of this kind is (what the run-time grades
        against and the adapters write as correct_responses / correctResponsesPattern); empty when
        nothing is right or wrong. Shapes: choice and sequencing, a list of choice ids; true-false, a
        boolean; likert, a choice id; fill-in and long-fill-in, a text (one pattern per accepted
        text); matching, a list of [choice id, target id]; numeric, {"min": …, "max": …}."""
        kind = self.kind
        if kind in TEXT_KINDS:
            return list(self.accepted)
        if kind == "matching":
            return [[list(pair) for pair in self.pairs]] if self.pairs else []
        if kind == "numeric":
            return [self.range.model_dump()] if self.range is not None else []
        if not self.correct:
            return []
        if kind == "true-false":
            return [self.correct[0] == self.choices[0].id]
        if kind == "likert":
            return [self.correct[0]]
        return [list(self.correct)]

    def correct_key(self) -> list[str | float | None]:
        """The correct response as one flat list (for comparing versions and translations)."""
        return [
            *self.correct,
            *self.accepted,
            *(f"{source}.{target}" for source, target in self.pairs),
            *([self.range.min, self.range.max] if self.range is not None else []),
        ]


#: when a quiz shows the right answers (and their ✓ "correct answer" labels) after a question is checked
ShowAnswers = Literal["never", "after-last-attempt", "always"]


class Assessment(BaseModel):
    """The attempt rules and question pool of a block that asks questions (a quiz), as the run-time
    applies them: how many attempts, when the right answers show, how many of its questions each
    attempt draws and whether their order and their options are shuffled (docs/course-format.md,
    "Attempts, pools and shuffling"). ``None`` leaves a rule to the course's default (course.yaml
    ``quizzes:``); the core resolves it when it renders (render/site.py)."""

    model_config = _FROZEN

    id: str = Field(pattern=_ID, description="Unique within the page: the run-time's key is '<page>.<id>'.")
    block: str = Field(min_length=1, description="The block type whose JavaScript draws and shuffles its questions.")
    graded: bool = Field(True, description="Whether the course's graded or practice defaults apply.")
    attempts: int | None = Field(None, ge=0, le=100, description="Attempts allowed; 0: unlimited; None: the default.")
    show_answers: ShowAnswers | None = None
    draw: int | None = Field(None, ge=1, description="Questions each attempt draws from the pool; None: all.")
    shuffle_questions: bool = False
    shuffle_options: bool = False
    items: tuple[tuple[str, ...], ...] = Field(
        (), description="The interaction ids of each question, in source order: what a draw picks and shuffles."
    )

    @model_validator(mode="after")
    def _pool(self) -> Assessment:
        if self.draw is not None and self.draw > len(self.items):
            raise ValueError(f"assessment '{self.id}' draws {self.draw} of {len(self.items)} questions")
        return self


MediaKind = Literal["video", "audio"]


class Media(BaseModel):
    """A video or audio of a page, as progress and completion see it."""

    model_config = _FROZEN

    id: str = Field(pattern=_ID, description="Unique within the page; the run-time's key is '<page>.<id>'.")
    kind: MediaKind = "video"
    block: str = Field(min_length=1, description="The block type whose JavaScript plays it.")
    required: bool = Field(False, description="The page counts as seen only once this is done (watched).")
    threshold: float = Field(0.95, gt=0, le=1, description="Share of it to play to be done.")
