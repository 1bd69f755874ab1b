"""Built-in lint rules over the parsed course."""

from __future__ import annotations

from smab_pack.diagnostics import Diagnostics, Severity
from smab_pack.extension import LintRule
from smab_pack.hookspecs import hookimpl
from smab_pack.models.content import LocalizedCourse, ProseBlock

# Moodle shows SCORM titles in 255-character columns; LMS menus cut far sooner.
MAX_TITLE = 120


def heading_levels(course: LocalizedCourse, diags: Diagnostics) -> None:
    for page in course.pages:
        if page.fallback_from:
            continue
        previous = 1  # the page title is the h1
        for heading in page.headings:
            if heading.level > previous + 1:
                diags.add("heading-skip", f"heading '{heading.text}' jumps from level {previous} to "
                          f"{heading.level}", file=page.source, line=heading.line, severity=Severity.WARNING)
            previous = heading.level


def title_length(course: LocalizedCourse, diags: Diagnostics) -> None:
    for page in course.pages:
        if len(page.title) > MAX_TITLE and not page.fallback_from:
            diags.add("title-length", f"title is {len(page.title)} characters; LMS menus cut titles over "
                      f"{MAX_TITLE}", file=page.source, line=2, severity=Severity.WARNING)


def empty_page(course: LocalizedCourse, diags: Diagnostics) -> None:
    for page in course.pages:
        if not page.fallback_from and not any(
                not isinstance(b, ProseBlock) or b.html.strip() for b in page.blocks):
            diags.add("empty-page", "page has a title but no content", file=page.source, line=1,
                      severity=Severity.WARNING)


@hookimpl
def smab_lint_rules():
    return [
        LintRule("heading-skip", "Heading levels go down one step at a time",
                 "use ## under the page title, ### under ##", heading_levels),
        LintRule("title-length", f"Page titles stay under {MAX_TITLE} characters",
                 "shorten the title in the front matter", title_length),
        LintRule("empty-page", "Every page has content", "write the page or remove the file", empty_page),
    ]
