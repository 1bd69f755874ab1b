"""The bilingual glossary: ``glossary.yaml`` (loaded and checked by the core, like resources.yaml)
made into marks in pages, a popover per term (the definition in the course language, the term and
its definition in the learner's help language) and a glossary page per language.

docs/glossary.md is the author's guide; the decisions (where terms are marked, the collation
library) are written there."""

from __future__ import annotations

import re

from smab_pack.api import LintRule, LocalizedCourse, Page, PageParser, hookimpl
from smab_pack.builtin.glossary.marks import mark_terms
from smab_pack.builtin.glossary.page import MODULE_ID, PAGE_ID, GlossaryType, glossary_markdown

_MARK = re.compile(r'<span data-term="([^"]+)">')


@hookimpl
def smab_block_types():
    return [GlossaryType()]


@hookimpl
def smab_markdown(md):
    md.core.ruler.push("smab_glossary", mark_terms)


@hookimpl
def smab_extra_pages(lang: str, strings: dict, parse: PageParser, course: LocalizedCourse) -> list[Page]:
    if course.glossary is None:
        return []
    title = strings.get("glossary", "Glossary")
    page = parse(
        glossary_markdown(title if isinstance(title, str) else "Glossary"),
        page_id=PAGE_ID,
        module_id=MODULE_ID,
        made_by="the glossary plugin (glossary.yaml)",
    )
    # an aid, like a dictionary on the desk: reading it is not needed to complete the course
    return [page.model_copy(update={"aid": True})] if page is not None else []


def _used(course: LocalizedCourse) -> set[str]:
    found: set[str] = set()
    for page in course.pages:
        for block in page.blocks:
            html = getattr(block, "html", None)
            if isinstance(html, str):
                found.update(_MARK.findall(html))
    return found


def unused_terms(course: LocalizedCourse, diags) -> None:
    """A term no page of this language marks: its forms may be missing or misspelt."""
    glossary = course.glossary
    if glossary is None:
        return
    used = _used(course)
    for term in glossary.terms:
        if term.id not in used and course.lang in term.term:
            forms = ", ".join(term.forms_in(course.lang))
            diags.warning(
                "glossary-unused",
                f"term '{term.id}' is marked on no page in {course.lang} (forms: {forms})",
                **glossary.where(term.id),
                hint=f"list the words pages use under forms: {course.lang}: […], "
                f"or mark one with [words]{{term={term.id}}}",
            )


@hookimpl
def smab_lint_rules():
    return [
        LintRule(
            "glossary-unused",
            "A term of glossary.yaml is marked on no page in a course language: none of its forms "
            "occurs in the pages' prose and no page marks it.",
            "List the inflected forms the pages use under forms:, mark it with [words]{term=ID}, or remove the term.",
            check=unused_terms,
        )
    ]
