"""Check one package (zip) or one bare manifest file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from smab_pack.checking import zipdir
from smab_pack.checking.archive import open_archive
from smab_pack.checking.checker import PackageChecker
from smab_pack.checking.files import NotARegularFile, open_regular
from smab_pack.checking.report import Reporter
from smab_pack.checking.schemas import SchemaSet
from smab_pack.checking.xmlsafe import looks_like_xml, parse
from smab_pack.diagnostics import Diagnostics

MAX_BARE_XML = 10 << 20


@dataclass
class Verdict:
    path: Path
    kind: str | None
    errors: int


PACKAGE_CODES = {
    "not-found": "not-found",
    "unreadable": "unreadable-package",
    "not-a-file": "not-a-file",
    "empty": "empty-file",
}


def _open(path: Path, report: Reporter):
    """(file object, size) of a regular, non-empty file, or None after reporting why not."""
    try:
        return open_regular(path, "a package file")
    except NotARegularFile as exc:
        hint = exc.hint
        if exc.code == "not-a-file" and "folder" in exc.message:
            hint = "zip the folder's contents, or check the manifest inside it: smab-pack check DIR/imsmanifest.xml"
        elif exc.code == "empty":
            hint = "download or export the package again"
        report.error(PACKAGE_CODES[exc.code], exc.message, hint=hint)
        return None


def check_package(
    path: Path, diags: Diagnostics, schemas: SchemaSet | None = None, *, checkers: Sequence[PackageChecker]
) -> Verdict:
    """Check the package (or bare manifest) at ``path`` with the registry's ``checkers``, passed
    in by the caller: checking sits below the registry."""
    report = Reporter(diags, str(path))
    opened = _open(path, report)
    if opened is None:
        return Verdict(path, None, report.errors)
    fh, size = opened
    with fh:
        try:
            head = fh.read(4)
            if head.startswith(b"PK") or zipdir.find_end(fh, size) is not None:
                return _check_zip(path, fh, size, diags, report, checkers, schemas)
            if size > MAX_BARE_XML:
                report.error(
                    "too-large",
                    f"neither a zip nor a manifest: a manifest larger than {MAX_BARE_XML >> 20} MiB is refused",
                )
                return Verdict(path, None, report.errors)
            fh.seek(0)
            data = fh.read(MAX_BARE_XML + 1)
        except OSError as exc:
            report.error("unreadable-package", f"cannot read the file: {exc.strerror or exc}")
            return Verdict(path, None, report.errors)
    if not looks_like_xml(data):
        report.error(
            "not-a-zip",
            "neither a zip file nor an XML manifest",
            hint="check takes a package (.zip) or its imsmanifest.xml, cmi5.xml or tincan.xml",
        )
        return Verdict(path, None, report.errors)
    return _check_manifest(data, None, report, checkers, schemas, path)


def _check_zip(path: Path, fh, size: int, diags: Diagnostics, report: Reporter, checkers, schemas) -> Verdict:
    archive = open_archive(path, fh, size, report)
    if archive is None:
        return Verdict(path, None, report.errors)
    try:
        manifests = [c.manifest for c in checkers]
        at_root = [m for m in dict.fromkeys(manifests) if m in archive.names]
        if not at_root:
            nested = sorted(n for n in archive.names if n.rsplit("/", 1)[-1] in manifests)
            if nested:
                report.error(
                    "manifest-not-at-root",
                    f"{nested[0]} is in a folder: the manifest must be at the root of the zip. Moodle "
                    "says: 'An imsmanifest.xml file was found but it was not in the root of your zip file'",
                    hint="zip the contents of the course folder, not the folder itself",
                )
            elif "index.html" in archive.names and _made_for_the_web(archive, report):
                report.warning(
                    "web-package",
                    "a web build of smab-pack (index.html, no manifest): it is for a web server, not an LMS, "
                    "so it has no package rules to check",
                    hint="serve it over HTTP (smab-pack preview COURSE -f web does), or build -f scorm12, "
                    "scorm2004, xapi or cmi5 for an LMS",
                )
                return Verdict(path, "web", report.errors)
            else:
                report.error(
                    "no-manifest",
                    "no imsmanifest.xml, cmi5.xml or tincan.xml at the root: this is not "
                    "a SCORM, cmi5 or TinCan package",
                    hint="a zip with an index.html and no manifest is a web site, for a web server"
                    if "index.html" in archive.names
                    else None,
                )
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


#: what smab-pack writes into the head of every page it builds
GENERATOR = re.compile(rb'<meta name="generator" content="smab-pack">')


def _made_for_the_web(archive, report: Reporter) -> bool:
    """Whether the zip is smab-pack's web build: its index.html says smab-pack made it (only that: any
    other zip without a manifest stays a package that failed, as an LMS would refuse it)."""
    quiet = Reporter(Diagnostics(), report.file)  # a page that cannot be read is simply not one
    page = archive.read("index.html", quiet)
    return page is not None and GENERATOR.search(page[:4096]) is not None


def packages_in(paths: Sequence[Path], manifests: Sequence[str]) -> list[Path]:
    """The files ``check`` reads for ``paths``: a folder stands for the manifest at its root (an unzipped
    package) or else for the zips in it (a folder of builds, e.g. dist/); anything else for itself."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir() or path.is_symlink():
            found.append(path)
            continue
        manifest = next((path / m for m in dict.fromkeys(manifests) if (path / m).is_file()), None)
        zips = sorted(p for p in path.iterdir() if p.suffix.lower() == ".zip" and not p.name.startswith("."))
        found += [manifest] if manifest else zips or [path]  # an empty folder: reported as a folder
    return found


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
    report.error(
        "unknown-manifest",
        f"root element {root.tag} is not a SCORM, cmi5, TinCan or Common Cartridge manifest",
        element=root,
    )
    return Verdict(path, None, report.errors)
