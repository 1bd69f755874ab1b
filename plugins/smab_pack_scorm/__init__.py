"""SCORM 1.2 and SCORM 2004 packages: one SCO per course."""

from __future__ import annotations

from importlib.resources import files

from smab_pack.extension import Format
from smab_pack.hookspecs import hookimpl
from smab_pack.packaging.site import RenderedSite
from smab_pack.packaging.zipwriter import PackageWriter

from .check import ScormChecker
from .manifest import manifest_12, manifest_2004

ADAPTER = (files(__name__) / "adapter.js").read_text(encoding="utf-8")


class _Scorm(Format):
    version: str

    def package(self, site: RenderedSite, writer: PackageWriter) -> None:
        for name, content in site.files.items():
            writer.add(name, content)
        writer.add("adapter.js", ADAPTER.replace("__SCORM_VERSION__", self.version))
        writer.add("imsmanifest.xml", self.manifest(site, writer.names()))

    def manifest(self, site: RenderedSite, names: list[str]) -> bytes:
        raise NotImplementedError


class Scorm12(_Scorm):
    name = "scorm12"
    title = "SCORM 1.2"
    version = "1.2"

    def manifest(self, site: RenderedSite, names: list[str]) -> bytes:
        return manifest_12(site, names)


class Scorm2004(_Scorm):
    name = "scorm2004"
    title = "SCORM 2004 (4th edition; 3rd with packaging.scorm2004.edition)"
    version = "2004"

    def manifest(self, site: RenderedSite, names: list[str]) -> bytes:
        return manifest_2004(site, names, site.config.packaging.scorm2004.edition)


@hookimpl
def smab_formats():
    return [Scorm12(), Scorm2004()]


@hookimpl
def smab_package_checkers():
    return [ScormChecker()]
