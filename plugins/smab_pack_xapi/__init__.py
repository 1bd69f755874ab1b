"""xAPI (TinCan) and cmi5 packages: the same course and run-time, reporting
xAPI statements to a learning record store."""

from __future__ import annotations

import json
from importlib.resources import files

from smab_pack.extension import Format
from smab_pack.hookspecs import hookimpl
from smab_pack.packaging.site import RenderedSite
from smab_pack.packaging.zipwriter import PackageWriter

from .check import Cmi5Checker, TincanChecker
from .manifests import Iris, cmi5_xml, tincan_xml

ADAPTER = (files(__name__) / "adapter.js").read_text(encoding="utf-8")
STATE_ID = "https://w3id.org/xapi/smab-pack/state"


class _Xapi(Format):
    mode: str

    def package(self, site: RenderedSite, writer: PackageWriter) -> None:
        for name, content in site.files.items():
            writer.add(name, content)
        config = {"mode": self.mode, "course": Iris(site).course, "stateId": STATE_ID}
        writer.add("adapter.js", ADAPTER.replace("__XAPI_CONFIG__", json.dumps(config, sort_keys=True)))
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
def smab_package_checkers():
    return [Cmi5Checker(), TincanChecker()]
