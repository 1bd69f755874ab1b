"""`smab-pack check` on packages from anywhere: verdicts agree with the
official-schema validator in ../shared/conformance, and hostile zips and XML
are reported, never followed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from smab_pack import plugins
from smab_pack.checking.package import check_package
from smab_pack.checking.schemas import SchemaSet
from smab_pack.diagnostics import Diagnostics
from tests.conftest import SHARED, require_shared

EXAMPLES = sorted(p for p in (SHARED / "conformance" / "examples").rglob("*") if p.is_file())


def _oracle(conformance, path: Path) -> bool:
    """True when the shared validator calls the file valid."""
    try:
        _, kind, errors, _, _ = conformance.validate_file(str(path), conformance.HERE + "/xsd")
    except Exception:  # the oracle's own way of saying invalid (e.g. no manifest at the root)
        return False
    return kind is not None and not errors


@pytest.mark.parametrize("with_schemas", [False, True], ids=["rules", "rules+xsd"])
def test_verdicts_agree_with_the_official_schema_validator(conformance, with_schemas):
    assert len(EXAMPLES) > 30
    schemas = SchemaSet(require_shared("conformance/xsd")) if with_schemas else None
    disagreements = []
    for path in EXAMPLES:
        diags = Diagnostics()
        ours = check_package(path, diags, schemas, checkers=plugins.package_checkers()).errors == 0
        if ours != _oracle(conformance, path):
            disagreements.append((path.name, ours, [d.message for d in diags.errors][:3]))
    assert disagreements == []


def test_our_own_packages_pass_check(shipped_packages):
    xsd = require_shared("conformance/xsd")
    for path in shipped_packages.values():
        diags = Diagnostics()
        verdict = check_package(path, diags, SchemaSet(xsd), checkers=plugins.package_checkers())
        assert verdict.errors == 0, [d.message for d in diags]
        assert not diags.warnings or all(d.code == "schema-none" for d in diags.warnings)


def _zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return path


def _manifest(names: list[str]) -> bytes:
    files = "".join(f'<file href="{n}"/>' for n in names)
    return f"""<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
 xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>T</title>
<item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html">{files}</resource>
</resources></manifest>""".encode()


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    return info


def _mark_encrypted(package: Path, name: str) -> None:
    """Set the 'encrypted' flag of one entry in its local and central headers."""
    data = bytearray(package.read_bytes())
    for signature, flag_offset, name_offset in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        at = data.find(signature)
        while at != -1:
            length = int.from_bytes(data[at + name_offset - (4 if signature == b"PK\x03\x04" else 18) :][:2], "little")
            if data[at + name_offset : at + name_offset + length] == name.encode():
                data[at + flag_offset] |= 0x1
            at = data.find(signature, at + 4)
    package.write_bytes(bytes(data))


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" identifier="&lol3;"/>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE m [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" identifier="m">&secret;</manifest>"""
XXE_NET = b"""<?xml version="1.0"?>
<!DOCTYPE m SYSTEM "http://127.0.0.1:9/evil.dtd">
<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" identifier="m"/>"""

OK_FILES = [("imsmanifest.xml", _manifest(["index.html"])), ("index.html", b"<p>hi</p>")]
HOSTILE = {
    "zip-slip": ([*OK_FILES, ("../../evil.sh", b"#!/bin/sh")], "zip-unsafe-name"),
    "absolute-path": ([*OK_FILES, ("/etc/cron.d/evil", b"x")], "zip-unsafe-name"),
    "windows-path": ([*OK_FILES, ("..\\..\\evil.bat", b"x")], "zip-unsafe-name"),
    "symlink": ([*OK_FILES, (_symlink("passwd"), b"/etc/passwd")], "zip-symlink"),
    "duplicate": ([*OK_FILES, ("index.html", b"<p>other</p>")], "zip-duplicate-name"),
    "encrypted": ([*OK_FILES], "zip-encrypted"),
    "bomb": ([*OK_FILES, ("zeros.bin", b"\0" * (40 << 20))], "zip-bomb"),
    "billion-laughs": ([("imsmanifest.xml", BILLION_LAUGHS)], "xml-entities"),
    "xxe-file": ([("imsmanifest.xml", XXE)], "xml-entities"),
    "nested-manifest": ([("course/imsmanifest.xml", OK_FILES[0][1])], "manifest-not-at-root"),
    "no-manifest": ([("index.html", b"x")], "no-manifest"),
    "broken-xml": ([("imsmanifest.xml", b"<manifest><unclosed>")], "xml-syntax"),
    "missing-launch": ([("imsmanifest.xml", _manifest([]))], "missing-file"),
}


@pytest.mark.filterwarnings("ignore:Duplicate name")  # the duplicate is the point of one case
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_zip_is_reported_and_nothing_is_written(tmp_path, name):
    entries, code = HOSTILE[name]
    package = _zip(tmp_path / f"{name}.zip", entries)
    if name == "encrypted":
        _mark_encrypted(package, "index.html")
    before = set(tmp_path.rglob("*"))
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "smab_pack", "check", "--format", "json", str(package)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    codes = [d["code"] for d in json.loads(result.stdout)["diagnostics"] if d["severity"] == "error"]
    assert code in codes
    assert set(tmp_path.rglob("*")) == before  # nothing extracted, nothing written


@pytest.mark.parametrize(
    "payload,code", [(BILLION_LAUGHS, "xml-entities"), (XXE, "xml-entities"), (XXE_NET, "xml-entities")]
)
def test_hostile_bare_manifests_are_refused(tmp_path, payload, code):
    path = tmp_path / "imsmanifest.xml"
    path.write_bytes(payload)
    diags = Diagnostics()
    verdict = check_package(path, diags, checkers=plugins.package_checkers())
    assert verdict.errors and code in {d.code for d in diags.errors}
    assert "root:" not in " ".join(d.message for d in diags)  # /etc/passwd never read


def test_non_utf8_names_are_reported(tmp_path, monkeypatch):
    package = tmp_path / "cp437.zip"
    # Write a name in the legacy code page, without the UTF-8 flag, as old zip tools do.
    monkeypatch.setattr(
        zipfile.ZipInfo, "_encodeFilenameFlags", lambda self: (self.filename.encode("cp437"), self.flag_bits & ~0x800)
    )
    _zip(package, [*OK_FILES, ("résumé.html", b"x")])
    monkeypatch.undo()
    diags = Diagnostics()
    check_package(package, diags, checkers=plugins.package_checkers())
    assert "zip-name-encoding" in {d.code for d in diags.warnings}


def test_junit_report_for_ci(tmp_path):
    package = _zip(tmp_path / "slip.zip", HOSTILE["zip-slip"][0])
    result = subprocess.run(
        [sys.executable, "-m", "smab_pack", "check", "--format", "junit", str(package)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    from lxml import etree

    root = etree.fromstring(result.stdout.encode())
    assert root.tag == "testsuites" and root.get("failures") == "1"
    assert root.find(".//failure").get("type") == "zip-unsafe-name"
