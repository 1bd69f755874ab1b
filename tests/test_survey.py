"""Survey blocks: authoring errors at their line; answers kept across a resume."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import diagnostics_for
from tests.support.pages import course_html

PAGE = "modules/06-career-kit/01-register-in-one-minute.en.md"


def _edit(course: Path, old: str, new: str) -> Path:
    page = course / PAGE
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")
    return page


@pytest.mark.parametrize(
    "old, new, code, line",
    [
        ("{#clear type=likert}", "{#clear type=stars}", "survey-type", 14),
        ("{#clear type=likert}", "{#Clear type=likert}", "survey-id", 14),
        ("{#useful type=likert}", "{#clear type=likert}", "duplicate-id", 16),
        ("{#video-feedback}", "{#Video_feedback}", "survey-id", 12),
    ],
)
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
    page.write_text(
        text + "\n::: quiz Check {#check}\n\n## Is this a video page? {#clear}\n\n- [x] Yes\n- [ ] No\n\n:::\n",
        encoding="utf-8",
    )
    codes = [d.code for d in diagnostics_for(course_copy) if d.file and Path(d.file).name == page.name]
    assert "duplicate-id" in codes


# ---- the course-end evaluation of course.yaml ----


def test_the_evaluation_is_the_last_page_in_every_language(shipped_packages):
    import json
    import re

    import yaml

    from tests.conftest import SHIPPED, shipped_config

    form = yaml.safe_load((SHIPPED / "course.yaml").read_text(encoding="utf-8"))["evaluation"]
    for lang in shipped_config().languages:
        html = course_html(shipped_packages[("scorm2004", lang)])
        found = re.search(r'<script type="application/json" id="smab-data"[^>]*>(.*?)</script>', html)
        data = json.loads(found.group(1))
        # the last page the course asks for; aids (the glossary page) may follow it
        assert [p["id"] for p in data["pages"] if not p.get("aid")][-1] == "course-evaluation"
        section = html[html.index('id="course-evaluation"') :]
        # each prompt, marked as its translation unit (parallel text)
        prompts = re.findall(
            r'<legend class="smab-q-prompt">(?:<span data-seg="[^"]+">)?([^<]*)(?:</span>)?</legend>', section
        )
        assert prompts == [q["text"][lang] for q in form["questions"]]
        assert form["intro"][lang] in section
        types = re.findall(r'data-q="course-evaluation\.([a-z-]+)" data-type="(\w+)"', section)
        assert types == [(q["id"], q.get("type", "likert")) for q in form["questions"]]


def test_evaluation_errors_point_into_course_yaml(course_copy):
    config = course_copy / "course.yaml"
    text = config.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = lines.index("    - id: easy-language")
    lines[at] = "    - id: helps-me-start"
    config.write_text("\n".join(lines), encoding="utf-8")
    found = [
        (d.code, d.line, d.message)
        for d in diagnostics_for(course_copy)
        if d.file and Path(d.file).name == "course.yaml"
    ]
    assert [(c, n) for c, n, _ in found] == [("invalid-value", lines.index("evaluation:") + 1)]
    assert "same id" in found[0][2]


def test_a_page_may_not_take_the_evaluation_page_id(course_copy):
    module = next((course_copy / "modules").iterdir())
    (module / "99-course-evaluation.en.md").write_text("---\ntitle: Mine\n---\n\nText.\n", encoding="utf-8")
    assert "extra-page-id" in [d.code for d in diagnostics_for(course_copy)]
