"""Survey blocks: authoring errors at their line; answers kept across a resume."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import diagnostics_for

PAGE = "modules/06-career-kit/01-register-in-one-minute.en.md"


def _edit(course: Path, old: str, new: str) -> Path:
    page = course / PAGE
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")
    return page


@pytest.mark.parametrize("old, new, code, line", [
    ("{#clear type=likert}", "{#clear type=stars}", "survey-type", 14),
    ("{#clear type=likert}", "{#Clear type=likert}", "survey-id", 14),
    ("{#useful type=likert}", "{#clear type=likert}", "duplicate-id", 16),
    ("{#video-feedback}", "{#Video_feedback}", "survey-id", 12),
])
def test_bad_survey_questions(course_copy, old, new, code, line):
    page = _edit(course_copy, old, new)
    found = [(d.code, d.line) for d in diagnostics_for(course_copy) if d.file and Path(d.file).name == page.name]
    assert (code, line) in found


def test_a_survey_without_questions(course_copy):
    page = course_copy / PAGE
    text = page.read_text(encoding="utf-8")
    start = text.index("::: survey")
    page.write_text(text[:start] + "::: survey Empty {#empty}\n\nNo questions here.\n\n:::\n", encoding="utf-8")
    found = [(d.code, d.line) for d in diagnostics_for(course_copy) if d.file and Path(d.file).name == page.name]
    assert ("survey-empty", 12) in found


def test_a_survey_question_id_may_not_repeat_a_quiz_question_on_the_page(course_copy):
    page = course_copy / PAGE
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n::: quiz Check {#check}\n\n## Is this a video page? {#clear}\n\n- [x] Yes\n- [ ] No\n\n:::\n",
                    encoding="utf-8")
    codes = [d.code for d in diagnostics_for(course_copy) if d.file and Path(d.file).name == page.name]
    assert "duplicate-id" in codes
