"""`smab-pack check` on anything: files that are no package, hostile zip
directories, DTDs in every encoding, launch URLs that leave the package, and
names that try to forge report lines. Each case: the located diagnostic, exit
1 (never 3), bounded time and memory, nothing written.

The hostile zips are built here, byte by byte where zipfile cannot write them."""

from __future__ import annotations

import json
import os
import resource
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree

MEMORY = 768 << 20  # address space of the checking process: /dev/zero once grew it to 7.7 GB
CPU_SECONDS = 2.0  # processor time of one `check` run, interpreter start included (about 0.5 s here)
WALL_SECONDS = 20.0  # the machine is shared: wall time only catches hangs (a FIFO opened blocks forever)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_check(*args: str | Path, cwd: Path, fmt: str = "json", stdin=None) -> tuple[subprocess.CompletedProcess, float]:
    """The finished run and the processor seconds it took."""
    env = {**os.environ, "NO_COLOR": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [sys.executable, "-m", "smab_pack", "check", "--format", fmt, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        timeout=WALL_SECONDS,
        env=env,
        preexec_fn=_limit_memory,
        stdin=stdin,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return result, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def check_fails(path: Path | str, cwd: Path, code: str, stdin=None) -> list[dict]:
    """Run check on ``path``: exit 1, in bounds, ``code`` among the errors, nothing written. The errors."""
    before = sorted(cwd.rglob("*"))
    result, seconds = run_check(path, cwd=cwd, stdin=stdin)
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, stderr
    assert "Traceback" not in stderr
    assert seconds < CPU_SECONDS, seconds
    errors = [d for d in json.loads(result.stdout)["diagnostics"] if d["severity"] == "error"]
    assert code in [d["code"] for d in errors], errors
    assert sorted(cwd.rglob("*")) == before  # nothing extracted, nothing written
    return errors


MANIFEST = """<?xml version="1.0" encoding="{encoding}"?>{before}
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
 xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>T</title>
<item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
<resources><resource identifier="r" type="webcontent" adlcp:scormtype="{scormtype}" href="{href}"{base}>
<file href="index.html"/></resource></resources></manifest>"""


def manifest(
    href: str = "index.html", scormtype: str = "sco", base: str = "", before: str = "", encoding: str = "UTF-8"
) -> str:
    return MANIFEST.format(
        href=href, scormtype=scormtype, base=f' xml:base="{base}"' if base else "", before=before, encoding=encoding
    )


def ok_entries() -> list[tuple[str, bytes]]:
    return [("imsmanifest.xml", manifest().encode()), ("index.html", b"<p>hi</p>")]


def write_zip(path: Path, entries: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return path


# ---- a zip writer that can lie -------------------------------------------------------------------


def raw_zip(entries: list[dict], extra_central: list[dict] = (), declared: int | None = None) -> bytes:
    """Stored entries, each a dict: name (bytes), data, flags, local_name (a different name in the
    local header), declared_size (a lie about the size once uncompressed). ``extra_central``
    entries point (offset_of: index) into another entry's data."""
    out, central, offsets = bytearray(), bytearray(), []
    for entry in entries:
        name, data, flags = entry["name"], entry.get("data", b""), entry.get("flags", 0)
        local_name = entry.get("local_name", name)
        crc = zlib.crc32(data)
        offsets.append(len(out))
        out += (
            struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, flags, 0, 0, 0x21, crc, len(data), len(data), len(local_name), 0
            )
            + local_name
            + data
        )
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                flags,
                0,
                0,
                0x21,
                crc,
                len(data),
                entry.get("declared_size", len(data)),
                len(name),
                0,
                0,
                0,
                0,
                0,
                offsets[-1],
            )
            + name
        )
    for entry in extra_central:
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                0,
                0,
                0x21,
                entry["crc"],
                entry["size"],
                entry["size"],
                len(entry["name"]),
                0,
                0,
                0,
                0,
                0,
                offsets[entry["offset_of"]] + entry["skip"],
            )
            + entry["name"]
        )
    count = declared if declared is not None else len(entries) + len(extra_central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, min(count, 0xFFFF), min(count, 0xFFFF), len(central), len(out), 0)
    return bytes(out + central + end)


def raw_ok() -> list[dict]:
    return [{"name": n.encode(), "data": d} for n, d in ok_entries()]


# ---- A1: anything that is not a package file ------------------------------------------------------


def test_a_directory_a_device_an_empty_file_and_text_are_refused_quickly(tmp_path):
    (tmp_path / "folder.zip").mkdir()
    (tmp_path / "empty.zip").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("just some notes\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4096))
    (tmp_path / "truncated.zip").write_bytes(write_zip(tmp_path / "t.zip", ok_entries()).read_bytes()[:200])
    (tmp_path / "t.zip").unlink()
    for path, code in (
        ("folder.zip", "not-a-file"),
        ("/dev/zero", "not-a-file"),
        ("/dev/null", "not-a-file"),
        ("empty.zip", "empty-file"),
        ("notes.txt", "not-a-zip"),
        ("image.png", "not-a-zip"),
        ("truncated.zip", "not-a-zip"),
        ("missing.zip", "not-found"),
    ):
        (error,) = check_fails(path, tmp_path, code)
        assert error["file"] == path


def test_a_fifo_is_refused_without_being_opened(tmp_path):
    os.mkfifo(tmp_path / "package.zip")  # opening it for reading would block until a writer comes
    (error,) = check_fails("package.zip", tmp_path, "not-a-file")
    assert "pipe" in error["message"]


def test_a_pipe_on_stdin_is_refused(tmp_path):
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b"PK\x03\x04 not really")
        check_fails("/dev/stdin", tmp_path, "not-a-file", stdin=read_end)
    finally:
        os.close(read_end)
        os.close(write_end)


def test_a_symlink_to_a_device_is_refused(tmp_path):
    (tmp_path / "package.zip").symlink_to("/dev/urandom")
    check_fails("package.zip", tmp_path, "not-a-file")


# ---- A2: zip names and directories -----------------------------------------------------------------


def test_names_that_are_not_utf8_though_marked_so(tmp_path):
    entries = raw_ok() + [{"name": b"bad\xff\xfe.html", "data": b"x", "flags": 0x800}]
    (tmp_path / "p.zip").write_bytes(raw_zip(entries))
    (error,) = [e for e in check_fails("p.zip", tmp_path, "zip-name-invalid-utf8")]
    assert "bad\\xff\\xfe.html" in error["message"]


@pytest.mark.parametrize(
    "names,code",
    [
        (["page.html", "PAGE.html"], "zip-name-clash-case"),
        (["caf\u00e9.html", "cafe\u0301.html"], "zip-name-clash-unicode"),
        (["page.html", "./page.html"], "zip-name-clash-dot"),
        (["a/b.html", "a//b.html"], "zip-name-clash-dot"),
        (["media", "media/film.mp4"], "zip-file-folder-clash"),
        (["media", "media/"], "zip-file-folder-clash"),
        (["Media", "media/film.mp4"], "zip-file-folder-clash"),
    ],
    ids=[
        "case",
        "nfc-nfd",
        "dot-slash",
        "double-slash",
        "file-and-folder",
        "file-and-folder-entry",
        "file-and-folder-by-case",
    ],
)
def test_names_that_clash_once_extracted(tmp_path, names, code):
    write_zip(tmp_path / "p.zip", ok_entries() + [(n, b"" if n.endswith("/") else b"x") for n in names])
    (error,) = [e for e in check_fails("p.zip", tmp_path, code) if e["code"] == code]
    assert error["file"] == "p.zip"


def test_a_local_header_that_names_another_file(tmp_path):
    entries = raw_ok() + [{"name": b"notes.txt", "local_name": b"evil.php", "data": b"<?php"}]
    (tmp_path / "p.zip").write_bytes(raw_zip(entries))
    (error,) = check_fails("p.zip", tmp_path, "zip-header-mismatch")
    assert "'notes.txt'" in error["message"] and "'evil.php'" in error["message"]


def test_a_central_entry_pointing_at_no_local_header(tmp_path):
    data = bytearray(raw_zip(raw_ok() + [{"name": b"x.txt", "data": b"x"}]))
    at = data.rfind(b"PK\x03\x04")
    data[at : at + 4] = b"XX\x03\x04"
    (tmp_path / "p.zip").write_bytes(bytes(data))
    check_fails("p.zip", tmp_path, "zip-header-mismatch")


def test_overlapping_entries(tmp_path):
    # The 'overlapping files' bomb: b.txt's local header and data sit inside a.txt's data.
    inner_data = b"A" * 1000
    inner = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0x21, zlib.crc32(inner_data), 1000, 1000, 5, 0)
    entries = raw_ok() + [{"name": b"a.txt", "data": inner + b"b.txt" + inner_data}]
    extra = [{"name": b"b.txt", "crc": zlib.crc32(inner_data), "size": 1000, "offset_of": 2, "skip": 30 + 5}]
    (tmp_path / "p.zip").write_bytes(raw_zip(entries, extra))
    (error,) = check_fails("p.zip", tmp_path, "zip-overlap")
    assert "'a.txt'" in error["message"] and "'b.txt'" in error["message"]


def test_many_small_entries_under_the_ratio_floor_are_a_bomb_together(tmp_path):
    # 3,000 entries of 60 KB of zeros: each under the per-entry floor, 180 MB together from ~0.5 MB.
    zeros = bytes(60 << 10)
    with zipfile.ZipFile(tmp_path / "p.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in ok_entries():
            zf.writestr(name, data)
        for number in range(3000):
            zf.writestr(f"z/{number}.bin", zeros)
    assert (tmp_path / "p.zip").stat().st_size < 2 << 20
    (error,) = check_fails("p.zip", tmp_path, "zip-bomb")
    assert "many small entries" in error["message"]


def test_a_package_over_the_total_budget(tmp_path):
    # 430 entries that each claim 10 MiB from 60 KiB: under the per-entry floor and the ratio, 4.2 GiB together.
    chunk = bytes(60 << 10)
    entries = raw_ok() + [{"name": f"v/{n}.bin".encode(), "data": chunk, "declared_size": 10 << 20} for n in range(430)]
    (tmp_path / "p.zip").write_bytes(raw_zip(entries))
    (error,) = check_fails("p.zip", tmp_path, "zip-bomb")
    assert "GiB" in error["message"]


@pytest.mark.parametrize("declared", [None, 3], ids=["counted", "count-understated"])
def test_too_many_entries(tmp_path, declared):
    entries = raw_ok() + [{"name": f"f/{n}".encode()} for n in range(50_001)]
    (tmp_path / "p.zip").write_bytes(raw_zip(entries, declared=declared))
    check_fails("p.zip", tmp_path, "zip-too-many-entries")


def test_an_untouched_zip64_package_still_passes(tmp_path):
    with zipfile.ZipFile(tmp_path / "p.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in ok_entries():
            with zf.open(name, "w", force_zip64=True) as member:
                member.write(data)
    result, _ = run_check("p.zip", cwd=tmp_path)
    assert result.returncode == 0, result.stdout


# ---- A3: a DTD in any encoding -------------------------------------------------------------------

DOCTYPE = '<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def _dtd_in(encoding: str, bom: bool, before: str = "") -> bytes:
    text = manifest(before=before + "\n" + DOCTYPE, encoding=encoding.upper().replace("-BE", "").replace("-LE", ""))
    codec = {"utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(encoding, encoding)
    data = text.encode(codec)
    if bom:
        data = {
            "utf-8": b"\xef\xbb\xbf",
            "utf-16-le": b"\xff\xfe",
            "utf-16-be": b"\xfe\xff",
            "utf-32-le": b"\xff\xfe\x00\x00",
            "utf-32-be": b"\x00\x00\xfe\xff",
        }[codec] + data
    return data


DTD_CASES = {
    "utf-8": _dtd_in("utf-8", False),
    "utf-8-bom": _dtd_in("utf-8", True),
    "utf-16-le-bom": _dtd_in("utf-16-le", True),
    "utf-16-be-bom": _dtd_in("utf-16-be", True),
    "utf-16-le": _dtd_in("utf-16-le", False),
    "utf-16-be": _dtd_in("utf-16-be", False),
    "utf-32-le-bom": _dtd_in("utf-32-le", True),
    "utf-32-be": _dtd_in("utf-32-be", False),
    "latin-1": _dtd_in("iso-8859-1", False),
    "after-a-long-comment": _dtd_in("utf-8", False, "<!--" + "x" * 200_000 + "-->"),
    "after-long-whitespace": _dtd_in("utf-8", False, " \n" * 100_000),
    "after-processing-instructions": _dtd_in("utf-16-le", True, ("<?pi " + "y" * 40_000 + "?>") * 3),
    "ebcdic": _dtd_in("cp037", False).replace("CP037".encode("cp037"), "IBM037".encode("cp037")),
}


@pytest.mark.parametrize("name", sorted(DTD_CASES))
def test_a_doctype_in_any_encoding_is_refused(tmp_path, name):
    (tmp_path / "imsmanifest.xml").write_bytes(DTD_CASES[name])
    (error,) = check_fails("imsmanifest.xml", tmp_path, "xml-entities")
    assert error["line"] and "root:" not in json.dumps(error)


@pytest.mark.parametrize("name", ["utf-16-le-bom", "after-a-long-comment"])
def test_a_doctype_in_a_zipped_manifest_is_refused(tmp_path, name):
    write_zip(tmp_path / "p.zip", [("imsmanifest.xml", DTD_CASES[name]), ("index.html", b"x")])
    (error,) = check_fails("p.zip", tmp_path, "xml-entities")
    assert error["file"] == "p.zip!/imsmanifest.xml"


@pytest.mark.parametrize("codec,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"")])
def test_a_manifest_in_utf16_without_a_doctype_is_read(tmp_path, codec, bom):
    text = manifest(encoding="UTF-16" if "16" in codec else "UTF-8", before="<!--" + "c" * 100_000 + "-->")
    write_zip(tmp_path / "p.zip", [("imsmanifest.xml", bom + text.encode(codec)), ("index.html", b"x")])
    result, _ = run_check("p.zip", cwd=tmp_path)
    assert result.returncode == 0, result.stdout


# ---- A4: launch URLs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "href,code",
    [
        ("../outside.html", "launch-outside-package"),
        ("a/../../outside.html", "launch-outside-package"),
        ("%2e%2e/outside.html", "launch-outside-package"),
        ("/etc/passwd", "launch-outside-package"),
        ("//evil.example/sco.html", "launch-outside-package"),
        ("https://evil.example/sco.html", "launch-outside-package"),
        ("javascript:alert(document.cookie)", "launch-unsafe-scheme"),
        ("JaVaScRiPt:alert(1)", "launch-unsafe-scheme"),
        ("java&#9;script:alert(1)", "launch-unsafe-scheme"),
        ("  javascript:alert(1)", "launch-unsafe-scheme"),
        ("data:text/html,<script>alert(1)</script>", "launch-unsafe-scheme"),
        ("vbscript:msgbox(1)", "launch-unsafe-scheme"),
        ("file:///etc/passwd", "launch-unsafe-scheme"),
    ],
    ids=lambda v: v if v.startswith("launch") else None,
)
def test_a_scorm_sco_href_that_leaves_the_package(tmp_path, href, code):
    write_zip(
        tmp_path / "p.zip",
        [("imsmanifest.xml", manifest(href=href.replace("<", "&lt;")).encode()), ("index.html", b"x")],
    )
    errors = check_fails("p.zip", tmp_path, code)
    (error,) = [e for e in errors if e["code"] == code]
    assert error["file"] == "p.zip!/imsmanifest.xml" and error["line"] == 7


def test_an_xml_base_that_leaves_the_package(tmp_path):
    write_zip(tmp_path / "p.zip", [("imsmanifest.xml", manifest(base="../../").encode()), ("index.html", b"x")])
    check_fails("p.zip", tmp_path, "launch-outside-package")


def test_a_scorm_asset_may_be_on_the_web(tmp_path):
    write_zip(
        tmp_path / "p.zip",
        [
            ("imsmanifest.xml", manifest(href="https://cdn.example/a.html", scormtype="asset").encode()),
            ("index.html", b"x"),
        ],
    )
    result, _ = run_check("p.zip", cwd=tmp_path)
    assert "launch-" not in result.stdout.decode()


CMI5 = """<?xml version="1.0"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
<course id="https://example.org/c"><title><langstring lang="en">C</langstring></title>
<description><langstring lang="en">C</langstring></description></course>
<au id="https://example.org/c/au"><title><langstring lang="en">A</langstring></title>
<description><langstring lang="en">A</langstring></description>
<url>{url}</url></au></courseStructure>"""
TINCAN = """<?xml version="1.0"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
<activity id="https://example.org/a" type="http://adlnet.gov/expapi/activities/course">
<name>A</name><launch lang="en">{url}</launch></activity></activities></tincan>"""


@pytest.mark.parametrize("template,member", [(CMI5, "cmi5.xml"), (TINCAN, "tincan.xml")], ids=["cmi5", "tincan"])
@pytest.mark.parametrize(
    "url,code",
    [
        ("javascript:alert(1)", "launch-unsafe-scheme"),
        ("data:text/html;base64,PHNjcmlwdD4=", "launch-unsafe-scheme"),
        ("../../index.html", "launch-outside-package"),
        ("/index.html", "launch-outside-package"),
    ],
)
def test_a_cmi5_au_url_or_tincan_launch_that_leaves_the_package(tmp_path, template, member, url, code):
    write_zip(tmp_path / "p.zip", [(member, template.format(url=url).encode()), ("index.html", b"x")])
    errors = check_fails("p.zip", tmp_path, code)
    assert [e["file"] for e in errors if e["code"] == code] == [f"p.zip!/{member}"]


# ---- A5: nothing from a package can forge report lines -------------------------------------------

FORGED = "x\r\n::error file=ci.yml,line=1::forged%0A\x1b[2J\x1b[31mok\u202egpj.exe\x07\x00"


def _forging_package(tmp_path: Path) -> Path:
    name = "a,b::c %25.zip"
    text = manifest(href="missing\u202e.html").replace(
        '<file href="index.html"/>', '<file href="x&#13;::warning::forged"/>'
    )
    entries = [
        {"name": b"imsmanifest.xml", "data": text.encode()},
        {"name": b"index.html", "data": b"x"},
        {"name": FORGED.replace("\x00", "").encode(), "data": b"x", "flags": 0x800},
    ]
    (tmp_path / name).write_bytes(raw_zip(entries))
    return tmp_path / name


def test_text_report_lines_cannot_be_forged(tmp_path):
    package = _forging_package(tmp_path)
    result, _ = run_check(package.name, cwd=tmp_path, fmt="text")
    assert result.returncode == 1
    out = (result.stdout + result.stderr).decode()
    assert "\x1b" not in out and "\r" not in out and "\x07" not in out and "\u202e" not in out
    assert not [line for line in out.splitlines() if line.startswith("::")]
    diagnostic_lines = [line for line in out.splitlines() if "error[" in line]
    assert len(diagnostic_lines) == int(out.split(" error(s)")[0].rsplit("\n", 1)[-1])
    assert "\\x1b[2J" in out  # shown escaped, so the reader sees the name as stored


def test_github_annotations_cannot_be_forged(tmp_path):
    package = _forging_package(tmp_path)
    result, _ = run_check(package.name, cwd=tmp_path, fmt="github")
    as_json, _ = run_check(package.name, cwd=tmp_path, fmt="json")
    count = len(json.loads(as_json.stdout)["diagnostics"])
    lines = result.stdout.decode().splitlines()
    assert len(lines) == count and all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    for line in lines:
        head, message = line[2:].split("::", 1)  # the command ends at the first '::'
        command, _, props = head.partition(" ")
        values = dict(prop.split("=", 1) for prop in props.split(","))
        assert command in ("error", "warning") and set(values) <= {"file", "line", "col", "title"}
        assert values["file"].startswith("a%2Cb%3A%3Ac %2525.zip")
        assert "\x1b" not in message and "\r" not in message


def test_junit_and_json_stay_valid(tmp_path):
    package = _forging_package(tmp_path)
    junit, _ = run_check(package.name, cwd=tmp_path, fmt="junit")
    root = etree.fromstring(junit.stdout)  # XML-invalid characters would make this raise
    assert int(root.get("failures")) == len(root.findall(".//failure")) >= 3
    as_json, _ = run_check(package.name, cwd=tmp_path, fmt="json")
    messages = " ".join(d["message"] for d in json.loads(as_json.stdout)["diagnostics"])
    assert "\\x1b[2J" in messages


def test_a_package_path_that_is_not_utf8(tmp_path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9.zip"  # a Latin-1 file name on a UTF-8 system
    with open(raw, "wb") as handle:
        handle.write(b"not a zip")
    for fmt in ("json", "junit", "github", "text"):
        result, _ = run_check(os.fsdecode(raw), cwd=tmp_path, fmt=fmt)
        assert result.returncode == 1 and b"Traceback" not in result.stderr, result.stderr
    assert json.loads(run_check(os.fsdecode(raw), cwd=tmp_path)[0].stdout)["diagnostics"][0]["file"] == "caf\\udce9.zip"
