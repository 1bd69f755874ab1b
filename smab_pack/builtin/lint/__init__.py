"""Built-in lint rules over the parsed course."""

from __future__ import annotations

from smab_pack.api import (
    Diagnostics,
    LintRule,
    LocalizedCourse,
    ProseBlock,
    Severity,
    hookimpl,
)
from smab_pack.builtin.lint.contrast import low_contrast


def stale_translations(course: LocalizedCourse, diags: Diagnostics) -> None:
    """``api.report_stale_translations`` for a translated edition: the default language's own
    pages are translated from nothing, so a build in one language never imports the fingerprinting
    (translation.status and the segmenters it imports: about 10 ms)."""
    if course.lang != course.config.lang or any(page.translation_of is not None for page in course.pages):
        from smab_pack.api import report_stale_translations

        report_stale_translations(course, diags)


# LMS menus and course lists cut long titles; Moodle's activity name holds 255.
MAX_TITLE = 120
MEDIA_FOLDER = "assets"


def heading_levels(course: LocalizedCourse, diags: Diagnostics) -> None:
    for page in course.pages:
        if page.fallback_from:
            continue
        previous = 1  # the page title is the h1
        for heading in page.headings:
            if heading.level > previous + 1:
                diags.add(
                    "heading-skip",
                    f"heading '{heading.text}' jumps from level {previous} to {heading.level}",
                    file=page.source,
                    line=heading.line,
                    severity=Severity.WARNING,
                )
            previous = heading.level


def title_length(course: LocalizedCourse, diags: Diagnostics) -> None:
    for page in course.pages:
        if len(page.title) > MAX_TITLE and not page.fallback_from:
            diags.add(
                "title-length",
                f"title is {len(page.title)} characters; LMS menus cut titles over {MAX_TITLE}",
                file=page.source,
                line=2,
                severity=Severity.WARNING,
            )
    for what, title in [("course", course.title)] + [(f"module '{m.id}'", m.title) for m in course.modules]:
        if len(title) > MAX_TITLE:
            diags.add(
                "title-length",
                f"{what} title in '{course.lang}' is {len(title)} characters; LMS menus cut titles over {MAX_TITLE}",
                file=course.root / "course.yaml",
                severity=Severity.WARNING,
            )


def empty_page(course: LocalizedCourse, diags: Diagnostics) -> None:
    for page in course.pages:
        if not page.fallback_from and not any(not isinstance(b, ProseBlock) or b.html.strip() for b in page.blocks):
            diags.add(
                "empty-page", "page has a title but no content", file=page.source, line=1, severity=Severity.WARNING
            )


def unused_assets(course: LocalizedCourse, diags: Diagnostics) -> None:
    if course.lang != course.config.lang:
        return  # assets are shared by every language: report once
    folder = course.root / MEDIA_FOLDER
    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        if path.resolve() not in course.used_files:
            diags.add(
                "unused-asset",
                f"{path.relative_to(course.root).as_posix()} is not used by any page: it is left out of the packages",
                file=path,
                severity=Severity.WARNING,
            )


@hookimpl
def smab_lint_rules():
    return [
        LintRule(
            "heading-skip",
            "Heading levels go down one step at a time (the page title is level 1).",
            "Use ## under the page title, ### under ##.",
            heading_levels,
        ),
        LintRule(
            "title-length",
            f"Course, module and page titles stay under {MAX_TITLE} characters.",
            "Shorten the title.",
            title_length,
        ),
        LintRule("empty-page", "Every page has content.", "Write the page or remove the file.", empty_page),
        LintRule(
            "stale-translation",
            "A translation was made from the current version of its source page.",
            "Update the translation (or re-import it from XLIFF), then smab-pack translate stamp.",
            stale_translations,
        ),
        LintRule(
            "unused-asset",
            "Every file in assets/ is used by a page.",
            "Reference the file from a page or delete it.",
            unused_assets,
        ),
        LintRule(
            "low-contrast",
            "branding.colours keep every text/background pair the theme draws at a contrast of at least 4.5:1 "
            "(WCAG 2.x), in the light and the dark theme.",
            "Pick a darker or lighter colour (a dark: value for the dark theme); the message names both colours.",
            low_contrast,
            severity="error",
        ),
    ]
