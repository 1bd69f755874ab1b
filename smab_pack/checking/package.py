"""Check one package (zip) or one bare manifest file."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from smab_pack import plugins
from smab_pack.checking.archive import open_archive
from smab_pack.checking.report import Reporter
from smab_pack.checking.schemas import SchemaSet
from smab_pack.checking.xmlsafe import parse
from smab_pack.diagnostics import Diagnostics

MAX_BARE_XML = 10 << 20


@dataclass
class Verdict:
    path: Path
    kind: str | None
    errors: int


def check_package(path: Path, diags: Diagnostics, schemas: SchemaSet | None = None) -> Verdict:
    report = Reporter(diags, str(path))
    checkers = plugins.package_checkers()
    if not path.exists():
        report.error("not-found", "no such file")
        return Verdict(path, None, report.errors)
    if zipfile.is_zipfile(path):
        return _check_zip(path, diags, report, checkers, schemas)
    if path.stat().st_size > MAX_BARE_XML:
        report.error("too-large", f"a manifest larger than {MAX_BARE_XML >> 20} MiB is refused")
        return Verdict(path, None, report.errors)
    return _check_manifest(path.read_bytes(), None, report, checkers, schemas, path)


def _check_zip(path: Path, diags: Diagnostics, report: Reporter, checkers, schemas) -> Verdict:
    archive = open_archive(path, report)
    if archive is None:
        return Verdict(path, None, report.errors)
    try:
        manifests = [c.manifest for c in checkers]
        at_root = [m for m in dict.fromkeys(manifests) if m in archive.names]
        if not at_root:
            nested = sorted(n for n in archive.names if n.rsplit("/", 1)[-1] in manifests)
            if nested:
                report.error("manifest-not-at-root",
                             f"{nested[0]} is in a folder: the manifest must be at the root of the zip. Moodle "
                             "says: 'An imsmanifest.xml file was found but it was not in the root of your zip file'",
                             hint="zip the contents of the course folder, not the folder itself")
            else:
                report.error("no-manifest", "no imsmanifest.xml, cmi5.xml or tincan.xml at the root: this is not "
                             "a SCORM, cmi5 or TinCan package")
            return Verdict(path, None, report.errors)
        member = at_root[0]
        inner = Reporter(diags, f"{path}!/{member}")
        data = archive.read(member, inner)
        if data is None:
            return Verdict(path, None, report.errors + inner.errors)
        verdict = _check_manifest(data, archive.names, inner, checkers, schemas, path)
        verdict.errors += report.errors
        return verdict
    finally:
        archive.close()


def _check_manifest(data: bytes, names: set[str] | None, report: Reporter, checkers, schemas, path: Path) -> Verdict:
    root = parse(data, report)
    if root is None:
        return Verdict(path, None, report.errors)
    for checker in checkers:
        kind = checker.kind(root)
        if kind:
            checker.check(root, kind, names, report)
            if schemas is not None:
                schemas.validate(root, kind, checker.schema_files(kind), report)
            return Verdict(path, kind, report.errors)
    report.error("unknown-manifest", f"root element {root.tag} is not a SCORM, cmi5, TinCan or Common Cartridge manifest",
                 element=root)
    return Verdict(path, None, report.errors)
