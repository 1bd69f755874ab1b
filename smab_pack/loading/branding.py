"""``branding.logos`` in course.yaml: each file through the gate every course file passes
(inside the course folder, a regular file), an image, located at its line when it is not."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.chars import printable
from smab_pack.loading.paths import course_path, file_problem
from smab_pack.loading.yamlsource import YamlDocument
from smab_pack.models.course import CourseConfig

#: what a browser shows in an <img> everywhere the packages go (SVG is rebuilt inert: packaging/inert.py)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")


def logo_files(config: CourseConfig, root: Path, doc: YamlDocument | None, diags: Diagnostics) -> list[Path]:
    """The real paths of the logos that can be packaged, in order; every other one reported, and
    every footer text or logo alt that lacks a course language."""
    if doc is not None:
        _check_translations(config, doc, diags)
    found: list[Path] = []
    for index, logo in enumerate(config.branding.logos):
        where = doc.where("branding", "logos", index, "file") if doc else {"file": root / "course.yaml"}
        what = f"logo '{printable(logo.file)}'"
        target, problem = course_path(logo.file, root, root)
        if problem is not None:
            diags.error(
                problem.code,
                f"{what} {problem.message}",
                **where,
                hint=problem.hint
                or "give a path inside the course folder, relative to it (e.g. assets/logos/partner.svg)",
            )
        elif target is not None and not target.is_file():
            diags.error(
                "missing-file",
                f"{what} {file_problem(target)}",
                **where,
                hint="logo paths are relative to the course folder",
            )
        elif target is not None and PurePosixPath(target.name.lower()).suffix not in IMAGE_SUFFIXES:
            diags.error(
                "invalid-value",
                f"{what} is not an image a browser shows ({', '.join(IMAGE_SUFFIXES)})",
                **where,
                hint="export the logo as SVG or PNG",
            )
        elif target is not None:
            found.append(target.resolve())
    return found


def _check_translations(config: CourseConfig, doc: YamlDocument, diags: Diagnostics) -> None:
    branding = config.branding
    texts: list[tuple[tuple[str | int, ...], str, object]] = [
        (("branding", "footer", "funding"), "the funding statement", branding.footer.funding),
        (("branding", "footer", "text"), "the footer text", branding.footer.text),
    ]
    texts += [
        (("branding", "logos", n, "alt"), f"logo {n + 1}'s alt text", logo.alt) for n, logo in enumerate(branding.logos)
    ]
    for loc, what, text in texts:
        if not isinstance(text, dict):
            continue  # none, or one text for every language
        missing = [lang for lang in config.languages if lang not in text]
        if missing:
            diags.warning(
                "untranslated-branding",
                f"{what} (branding:) has no text in {', '.join(missing)}: learners see the {config.lang} one",
                **doc.where(*loc),
                hint=f"add {', '.join(f'{lang}: …' for lang in missing)} (smab-pack translate exports it)",
            )
