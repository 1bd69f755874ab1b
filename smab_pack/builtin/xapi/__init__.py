"""xAPI (TinCan) and cmi5 packages: the same course and run-time, reporting
xAPI statements to a learning record store."""

from __future__ import annotations

import json
from importlib.resources import files

from smab_pack.api import Format, PackageWriter, RenderedSite, hookimpl, rules_from, shipped_js

from .check import Cmi5Checker, TincanChecker
from .config import SECTIONS
from .manifests import Iris, cmi5_xml, tincan_xml

ADAPTER = (files(__name__) / "adapter.js").read_text(encoding="utf-8")
STATE_ID = "https://w3id.org/xapi/smab-pack/state"


class _Xapi(Format):
    mode: str

    def package(self, site: RenderedSite, writer: PackageWriter) -> None:
        for name, content in site.files.items():
            writer.add(name, content)
        config = {"mode": self.mode, "course": Iris(site).course, "stateId": STATE_ID}
        adapter = shipped_js(ADAPTER, site.minify)
        writer.add("adapter.js", adapter.replace("__XAPI_CONFIG__", json.dumps(config, sort_keys=True)))
        self.manifest(site, writer)

    def manifest(self, site: RenderedSite, writer: PackageWriter) -> None:
        raise NotImplementedError


class Xapi(_Xapi):
    name = "xapi"
    title = "xAPI (TinCan launch, tincan.xml)"
    mode = "tincan"

    def manifest(self, site: RenderedSite, writer: PackageWriter) -> None:
        writer.add("tincan.xml", tincan_xml(site))


class Cmi5(_Xapi):
    name = "cmi5"
    title = "cmi5 (cmi5.xml; one AU per course, or per module with packaging.cmi5.au_per)"
    mode = "cmi5"

    def manifest(self, site: RenderedSite, writer: PackageWriter) -> None:
        writer.add("cmi5.xml", cmi5_xml(site))


@hookimpl
def smab_formats():
    return [Xapi(), Cmi5()]


@hookimpl
def smab_config_sections():
    return SECTIONS


@hookimpl
def smab_package_checkers():
    return [Cmi5Checker(), TincanChecker()]


_CODES = [
    (
        "cmi5-structure",
        "error",
        "cmi5.xml lacks the course, an AU, or a title/description langstring.",
        "Add the missing element.",
    ),
    ("cmi5-iri", "error", "A course, block or AU id is not a full IRI.", "Use e.g. https://example.org/course/au1."),
    ("cmi5-moveon", "error", "moveOn is not one of the five cmi5 values.", "Use e.g. CompletedAndPassed."),
    ("cmi5-launchmethod", "error", "launchMethod is not AnyWindow or OwnWindow.", "Use one of them."),
    (
        "cmi5-masteryscore",
        "error",
        "masteryScore is not a decimal from 0 to 1 with at most 4 decimals.",
        "Write e.g. 0.8.",
    ),
    ("cmi5-url", "error", "An AU has no url.", "Add the launch page's path."),
    (
        "cmi5-reserved-parameter",
        "error",
        "An AU url carries a parameter the LMS adds at launch (endpoint, fetch, actor, registration, activityId).",
        "Rename the parameter.",
    ),
    (
        "cmi5-relative-url",
        "warning",
        "A bare cmi5.xml has relative AU urls (fine inside a zip).",
        "Check the zip, or use full URLs in a bare cmi5.xml.",
    ),
    ("tincan-structure", "error", "tincan.xml has no activity, or an activity has no id.", "Add them."),
    ("tincan-launch", "error", "Not exactly one activity of tincan.xml has a launch.", "Give the course one launch."),
]


@hookimpl
def smab_lint_rules():
    return rules_from("package", _CODES)
