"""Built-in lint rules over the parsed course."""

from __future__ import annotations

from smab_pack.diagnostics import Diagnostics, Severity
from smab_pack.extension import LintRule
from smab_pack.hookspecs import hookimpl
from smab_pack.models.content import LocalizedCourse, ProseBlock

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


def stale_translation(course: LocalizedCourse, diags: Diagnostics) -> None:
    from smab_pack.translation.status import fingerprint, recorded_fingerprint

    for page in course.pages:
        if page.translation_of is None:
            continue
        recorded = recorded_fingerprint(page.source)
        if recorded is not None and recorded != fingerprint(page.translation_of):
            diags.add(
                "stale-translation",
                f"the {page.translation_of.name} page changed after this translation was made",
                file=page.source,
                line=1,
                severity=Severity.WARNING,
                hint=f"update the translation, then: smab-pack translate stamp COURSE -l {course.lang}",
            )
    if course.lang == course.config.lang:
        return
    from smab_pack.loading.paths import regular_file
    from smab_pack.translation.captions import caption_sources, translation_of

    for source in caption_sources(course.root, course.config.lang):
        target = translation_of(source, course.config.lang, course.lang)
        # read only the course's own files (a caption symlinked out of the course is refused elsewhere)
        recorded = recorded_fingerprint(target) if regular_file(target, course.root)[0] is not None else None
        if recorded is not None and recorded != fingerprint(source):
            diags.add(
                "stale-translation",
                f"the captions {source.name} changed after this translation was made",
                file=target,
                line=3,
                severity=Severity.WARNING,
                hint=f"update the captions, then: smab-pack translate stamp COURSE -l {course.lang}",
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
            stale_translation,
        ),
        LintRule(
            "unused-asset",
            "Every file in assets/ is used by a page.",
            "Reference the file from a page or delete it.",
            unused_assets,
        ),
    ]
