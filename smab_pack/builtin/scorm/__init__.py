"""SCORM 1.2 and SCORM 2004 packages: one SCO per course."""

from __future__ import annotations

from importlib.resources import files

from smab_pack.api import (
    Diagnostics,
    Format,
    LocalizedCourse,
    PackageWriter,
    RenderedSite,
    Severity,
    hookimpl,
    rules_from,
    shipped_js,
)

from .check import ScormChecker
from .config import SECTIONS, Scorm2004Options, ScormOptions
from .manifest import manifest_12, manifest_2004

#: SCORM 1.2 student_response: CMIString255
TEXT_12 = 255
ADAPTER = (files(__name__) / "adapter.js").read_text(encoding="utf-8")


class _Scorm(Format):
    version: str

    def package(self, site: RenderedSite, writer: PackageWriter) -> None:
        for name, content in site.files.items():
            writer.add(name, content)
        early = "true" if site.config.packaging.section("scorm", ScormOptions).score_before_completion else "false"
        adapter = shipped_js(ADAPTER, site.minify)
        writer.add(
            "adapter.js", adapter.replace("__SCORM_VERSION__", self.version).replace("__SCORM_SCORE_EARLY__", early)
        )
        writer.add("imsmanifest.xml", self.manifest(site, writer.names()))

    def manifest(self, site: RenderedSite, names: list[str]) -> bytes:
        raise NotImplementedError


class Scorm12(_Scorm):
    name = "scorm12"
    title = "SCORM 1.2"
    version = "1.2"

    def check(self, course: LocalizedCourse, diags: Diagnostics) -> None:
        # 1.2's student_response is a CMIString255: a longer typed answer is cut (the run-time
        # stores what fits), so say so when an author allows more.
        for module in course.modules:
            for page in module.pages:
                for i in page.interactions():
                    if i.kind in ("fill-in", "long-fill-in") and (i.max_length or 0) > TEXT_12:
                        diags.add(
                            "scorm12-text-cut",
                            f"question '{i.id}' takes answers of {i.max_length} characters: "
                            f"a SCORM 1.2 LMS keeps the first {TEXT_12}",
                            file=page.source,
                            line=i.line,
                            severity=Severity.WARNING,
                            hint=f"SCORM 2004, xAPI and cmi5 keep the whole answer; or set max_length={TEXT_12}",
                        )

    def manifest(self, site: RenderedSite, names: list[str]) -> bytes:
        return manifest_12(site, names)


class Scorm2004(_Scorm):
    name = "scorm2004"
    title = "SCORM 2004 (4th edition; 3rd with packaging.scorm2004.edition)"
    version = "2004"

    def manifest(self, site: RenderedSite, names: list[str]) -> bytes:
        return manifest_2004(site, names, site.config.packaging.section("scorm2004", Scorm2004Options).edition)


@hookimpl
def smab_formats():
    return [Scorm12(), Scorm2004()]


@hookimpl
def smab_config_sections():
    return SECTIONS


@hookimpl
def smab_package_checkers():
    return [ScormChecker()]


_CODES = [
    (
        "schemaversion",
        "error",
        "<schema>/<schemaversion> is missing or wrong; Moodle takes the SCORM version from it.",
        "Write <schema>ADL SCORM</schema> and <schemaversion>1.2</schemaversion> or 2004 4th Edition.",
    ),
    (
        "schemaversion-edition",
        "warning",
        "SCORM 2004 3rd edition or CAM 1.3: the ADL test suite expects 4th.",
        "Re-export as SCORM 2004 4th edition if your LMS supports it.",
    ),
    ("manifest-structure", "error", "<organizations> or <resources> is missing.", "Re-export the package."),
    (
        "default-organization",
        "error",
        "organizations/@default names no organization.",
        "Set default to the identifier of an organization.",
    ),
    ("no-organization", "error", "A SCORM 2004 manifest has no organization.", "Add one organization with items."),
    ("missing-identifier", "error", "An organization, item or resource has no identifier.", "Add one."),
    ("duplicate-identifier", "error", "Two elements share an identifier.", "Make identifiers unique."),
    (
        "unknown-element",
        "error",
        "An element is not part of the standard (names are case-sensitive).",
        "Use the element named in the hint, or remove it.",
    ),
    (
        "moodle-prefix",
        "warning",
        "A namespace uses a prefix Moodle does not read (it matches adlcp:, imsss: … literally).",
        "Use the conventional prefixes adlcp, adlseq, adlnav, imsss.",
    ),
    ("item-title", "error", "An item has no <title>.", "Add a title."),
    (
        "dangling-identifierref",
        "error",
        "An item launches a resource that does not exist.",
        "Point identifierref at a resource identifier.",
    ),
    ("missing-href", "error", "A launched resource has no href.", "Add the launch file's path."),
    (
        "leaf-without-resource",
        "error",
        "A SCORM 2004 item without children launches nothing.",
        "Give it an identifierref or children.",
    ),
    (
        "parent-with-resource",
        "error",
        "A SCORM 2004 item with children also launches a resource.",
        "Move the launch to a child item.",
    ),
    (
        "scormtype",
        "error",
        "A resource lacks adlcp:scormtype (1.2) / adlcp:scormType (2004): Moodle tracks it as an asset.",
        'Add adlcp:scormtype="sco" (1.2) or adlcp:scormType="sco" (2004).',
    ),
    ("href-form", "error", "An href starts with / or contains \\.", "Use a relative path with forward slashes."),
    ("dangling-dependency", "error", "A dependency names a resource that does not exist.", "Correct or remove it."),
    (
        "missing-schema",
        "error",
        "xsi:schemaLocation names a schema file the package does not contain.",
        "Add the XSD at the package root or remove it from schemaLocation.",
    ),
    (
        "schema-not-at-root",
        "error",
        "A schema named in xsi:schemaLocation is not at the package root (a warning for SCORM 1.2).",
        "Move the XSD files to the root of the zip.",
    ),
]


_COURSE_CODES = [
    (
        "scorm12-text-cut",
        "warning",
        "A free-text question takes longer answers than SCORM 1.2 records (255 characters).",
        "Set max_length=255, or build SCORM 2004, xAPI or cmi5, which keep the whole answer.",
    ),
]


@hookimpl
def smab_lint_rules():
    return rules_from("package", _CODES) + rules_from("course", _COURSE_CODES)
