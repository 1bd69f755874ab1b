"""The course-end evaluation form of ``course.yaml``, as a page of its own.

It is written once in ``course.yaml`` and becomes, in every language, a last
page holding a ``::: survey`` block, parsed like any page, so the survey
plugin renders and reports it (SCORM interactions, xAPI statements).
"""

from __future__ import annotations

from smab_pack.models.content import LocalizedCourse, Module, Page
from smab_pack.models.course import CourseConfig, localize

PAGE_ID = "course-evaluation"
MODULE_ID = "course-evaluation"


def evaluation_markdown(config: CourseConfig, lang: str, default_title: str) -> str:
    form = config.evaluation
    assert form is not None
    title = localize(form.title, lang, config.lang) if form.title else default_title

    def one_line(text: str) -> str:
        return " ".join(text.split()).replace("{", "(").replace("}", ")")

    lines = ["---", f"title: {_yaml_string(title)}", "---", ""]
    if form.intro:
        lines += [one_line(localize(form.intro, lang, config.lang)), ""]
    lines += [f"::: survey {{#{PAGE_ID}}}", ""]
    for q in form.questions:
        lines += [f"## {one_line(localize(q.text, lang, config.lang))} {{#{q.id} type={q.type}}}", ""]
    lines += [":::", ""]
    return "\n".join(lines)


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def add_evaluation(course: LocalizedCourse, page: Page | None, title: str) -> None:
    """Append the evaluation page as a module of its own, so the table of contents shows it apart."""
    if page is not None:
        course.modules.append(Module(id=MODULE_ID, title=title, pages=[page]))
