"""The course-end evaluation form of ``course.yaml``, as a page of its own.

It is written once in ``course.yaml`` (``evaluation:``) and becomes, in every language, a last
page holding a ``::: survey`` block, parsed like any page, so that this plugin renders and
reports it (SCORM interactions, xAPI statements). The core only knows the form's shape and
the page's id; the survey syntax is this plugin's own.
"""

from __future__ import annotations

from smab_pack.api import EVALUATION_PAGE_ID, CourseConfig, Page, PageParser, localize

MODULE_ID = EVALUATION_PAGE_ID  # the page is a module of its own, so the table of contents shows it apart


def evaluation_pages(config: CourseConfig, lang: str, strings: dict[str, str], parse: PageParser) -> list[Page]:
    """The evaluation page in ``lang``, when course.yaml has an ``evaluation:`` form."""
    if config.evaluation is None:
        return []
    title = strings.get("evaluation", "Course evaluation")
    page = parse(
        evaluation_markdown(config, lang, title),
        page_id=EVALUATION_PAGE_ID,
        module_id=MODULE_ID,
        made_by="course.yaml's evaluation:",
    )
    return [page] if page is not None else []


def evaluation_markdown(config: CourseConfig, lang: str, default_title: str) -> str:
    form = config.evaluation
    assert form is not None
    title = localize(form.title, lang, config.lang) if form.title else default_title

    def one_line(text: str) -> str:
        return " ".join(text.split()).replace("{", "(").replace("}", ")")

    lines = ["---", f"title: {_yaml_string(title)}", "---", ""]
    if form.intro:
        lines += [one_line(localize(form.intro, lang, config.lang)), ""]
    lines += [f"::: survey {{#{EVALUATION_PAGE_ID}}}", ""]
    for q in form.questions:
        lines += [f"## {one_line(localize(q.text, lang, config.lang))} {{#{q.id} type={q.type}}}", ""]
    lines += [":::", ""]
    return "\n".join(lines)


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
