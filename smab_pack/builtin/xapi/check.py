"""cmi5.xml and tincan.xml rules for `smab-pack check` (cmi5 spec sections 8.1,
13.1 and 14; the TinCan package description)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl, urlsplit

from smab_pack.api import PackageChecker, Reporter, check_launch

from .manifests import CMI5, TINCAN

MOVE_ON = {"NotApplicable", "Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed"}
LAUNCH_METHODS = {"AnyWindow", "OwnWindow"}
RESERVED = {"endpoint", "fetch", "actor", "registration", "activityId"}
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


class Cmi5Checker(PackageChecker):
    manifest = "cmi5.xml"

    def kind(self, root) -> str | None:
        return "cmi5" if root.tag == f"{{{CMI5}}}courseStructure" else None

    def schema_files(self, kind: str) -> list[tuple[str, str]]:
        return [(CMI5, "CourseStructure.xsd")]

    def check(self, root, kind: str, names: set[str] | None, report: Reporter) -> None:  # noqa: C901 (split pending; CONTRIBUTING.md)
        q = lambda tag: f"{{{CMI5}}}{tag}"  # noqa: E731
        course = root.find(q("course"))
        if course is None:
            report.error("cmi5-structure", "cmi5.xml needs a <course> element", element=root)
        else:
            self._iri(course, "course", report)
            for tag in ("title", "description"):
                if course.find(f"{q(tag)}/{q('langstring')}") is None:
                    report.error("cmi5-structure", f"<course> needs a <{tag}> with a <langstring>", element=course)
        aus = list(root.iter(q("au")))
        if not aus:
            report.error("cmi5-structure", "cmi5.xml has no <au>: nothing to launch", element=root)
        seen: set[str] = set()
        relative = 0
        for element in root.iter(q("au"), q("block")):
            ident = element.get("id")
            if ident in seen:
                report.error("duplicate-id", f"id '{ident}' is used twice (13.1.4)", element=element)
            seen.add(ident)
            self._iri(element, element.tag.split("}")[1], report)
        for au in aus:
            label = au.get("id")
            for tag in ("title", "description"):
                if au.find(f"{q(tag)}/{q('langstring')}") is None:
                    report.error("cmi5-structure", f"au '{label}' needs a <{tag}> with a <langstring>", element=au)
            if au.get("moveOn", "NotApplicable") not in MOVE_ON:
                report.error(
                    "cmi5-moveon",
                    f"au '{label}': moveOn '{au.get('moveOn')}' is not one of {', '.join(sorted(MOVE_ON))}",
                    element=au,
                )
            if au.get("launchMethod", "AnyWindow") not in LAUNCH_METHODS:
                report.error(
                    "cmi5-launchmethod",
                    f"au '{label}': launchMethod '{au.get('launchMethod')}' is not AnyWindow or OwnWindow",
                    element=au,
                )
            self._mastery(au, label, report)
            url = (au.findtext(q("url")) or "").strip()
            if not url:
                report.error("cmi5-url", f"au '{label}' has no <url>", element=au)
                continue
            parts = urlsplit(url)
            clash = RESERVED & {k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
            if clash:
                report.error(
                    "cmi5-reserved-parameter",
                    f"au '{label}' url uses {', '.join(sorted(clash))}, which the LMS adds at launch (8.1)",
                    element=au,
                )
            if not check_launch(url, f"au '{label}' url", report, element=au) or parts.scheme or parts.netloc:
                continue  # unsafe, or on the web (cmi5 allows AUs hosted elsewhere, 8.1)
            if names is None:
                relative += 1
            elif parts.path not in names:
                report.error(
                    "missing-file",
                    f"au '{label}' launches '{parts.path}', which is not in the package (14.1)",
                    element=au,
                )
        if relative:
            report.warning(
                "cmi5-relative-url",
                f"{relative} AU url(s) are relative: fine inside a zip, but a "
                "cmi5.xml on its own needs full URLs (14.2)",
                element=root,
            )

    @staticmethod
    def _iri(element, what: str, report: Reporter) -> None:
        ident = element.get("id") or ""
        if not IRI.match(ident):
            report.error("cmi5-iri", f"{what} id '{ident}' is not a full IRI (3.0)", element=element)

    @staticmethod
    def _mastery(au, label: str, report: Reporter) -> None:
        value = au.get("masteryScore")
        if value is None:
            return
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not 0 <= number <= 1:
            report.error(
                "cmi5-masteryscore", f"au '{label}': masteryScore '{value}' must be a decimal from 0 to 1", element=au
            )
        elif "." in value and len(value.split(".", 1)[1]) > 4:
            report.error(
                "cmi5-masteryscore", f"au '{label}': masteryScore '{value}' has more than 4 decimals", element=au
            )


class TincanChecker(PackageChecker):
    manifest = "tincan.xml"

    def kind(self, root) -> str | None:
        return "tincan" if root.tag == f"{{{TINCAN}}}tincan" else None

    def check(self, root, kind: str, names: set[str] | None, report: Reporter) -> None:
        q = lambda tag: f"{{{TINCAN}}}{tag}"  # noqa: E731
        activities = root.findall(f"{q('activities')}/{q('activity')}")
        if not activities:
            report.error("tincan-structure", "tincan.xml has no activities/activity", element=root)
        launchable = [a for a in activities if a.find(q("launch")) is not None or a.find(q("resource")) is not None]
        for activity in activities:
            if not activity.get("id"):
                report.error("tincan-structure", "an activity has no id", element=activity)
        if activities and len(launchable) != 1:
            report.error(
                "tincan-launch", f"exactly one activity must have a <launch> (found {len(launchable)})", element=root
            )
        for activity in launchable:
            launch = (activity.findtext(q("launch")) or "").strip()
            path = urlsplit(launch).path
            element = activity.find(q("launch"))
            if launch and not check_launch(
                launch, "launch", report, element=element if element is not None else activity
            ):
                continue
            if names is not None and launch and not urlsplit(launch).scheme and path not in names:
                report.error(
                    "missing-file", f"launch file '{path}' is not in the package", element=activity.find(q("launch"))
                )
