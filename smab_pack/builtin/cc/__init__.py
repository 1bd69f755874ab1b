"""IMS Common Cartridge of the course's resource bank (resources.yaml):
`smab-pack build COURSE -f cc` (version 1.3) or `-f cc11` (version 1.1, for
Moodle's built-in restore, which detects cartridges by namespace and converts
CC 1.0 and 1.1; manifest.py shapes cc11 for its converter). An LMS that imports
it makes each web link a URL activity and each bundled file a File resource,
one section per topic.

Not built by default: most courses have no resources.yaml, and the cartridge
carries the resources only, not the pages.
"""

from __future__ import annotations

from smab_pack.api import (
    Diagnostics,
    Format,
    LocalizedCourse,
    PackageWriter,
    RenderedSite,
    hookimpl,
    resources_file,
    rules_from,
)

from .check import CommonCartridgeChecker
from .manifest import CC11, CC13, CcVersion, file_path, link_path, manifest_xml, weblink_xml


class CommonCartridge(Format):
    name = "cc"
    title = "IMS Common Cartridge 1.3 of the resource bank (only with -f cc)"
    default = False
    multilingual = False
    renders = False  # the bank's files and links, never the course's pages
    cc: CcVersion = CC13

    def check(self, course: LocalizedCourse, diags: Diagnostics) -> None:
        file = resources_file(course.root)
        if course.resources is None and not file.exists():
            diags.error(
                "cc-no-resources",
                "the cc format packages the course's resource bank, and this course has no resources.yaml",
                file=file,
                hint="add resources.yaml (see docs/course-format.md), or build another format",
            )
        elif course.resources is not None and not course.resources.resources:
            diags.error("cc-no-resources", "resources.yaml lists no resources: the cartridge would be empty", file=file)

    def package(self, site: RenderedSite, writer: PackageWriter) -> None:
        course = site.course
        bank = course.resources
        assert bank is not None
        for resource in bank.resources:
            if resource.url:
                writer.add(link_path(resource), weblink_xml(resource, course, self.cc))
            else:
                writer.add(file_path(resource), (course.root / (resource.file or "")).resolve())
        writer.add("imsmanifest.xml", manifest_xml(course, self.cc))


class CommonCartridge11(CommonCartridge):
    name = "cc11"
    title = "IMS Common Cartridge 1.1 of the resource bank, for Moodle's restore (only with -f cc11)"
    cc = CC11


@hookimpl
def smab_formats():
    return [CommonCartridge(), CommonCartridge11()]


@hookimpl
def smab_package_checkers():
    return [CommonCartridgeChecker()]


@hookimpl
def smab_lint_rules():
    return rules_from(
        "package",
        [
            (
                "cc-structure",
                "error",
                "A Common Cartridge manifest breaks the CC structure (schema name, one rooted "
                "organization, web links with one file).",
                "Rebuild the cartridge, or fix the manifest as the message says.",
            ),
            (
                "cc-resource-type",
                "warning",
                "A cartridge resource has a type no Common Cartridge profile defines.",
                "Use webcontent, imswl_xmlv1pN and the other CC types; LMSs skip unknown ones.",
            ),
            (
                "cc-moodle-version",
                "warning",
                "A Common Cartridge newer than 1.1, which Moodle's built-in restore does not convert.",
                "For Moodle, build it with smab-pack build -f cc11.",
            ),
        ],
    ) + rules_from(
        "course",
        [
            (
                "cc-no-resources",
                "error",
                "smab-pack build -f cc on a course without resources.yaml (or with no "
                "resources in it): the Common Cartridge holds the resource bank only.",
                "Add resources.yaml beside course.yaml, or build another format.",
            ),
        ],
    )
