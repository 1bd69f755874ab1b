"""Look inside a zip without extracting it, and refuse what could hurt:
zip-slip names, symlinks, duplicates and names that clash once extracted,
encryption, headers that disagree, overlapping entries, bombs."""

from __future__ import annotations

import itertools
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from smab_pack.checking import zipdir
from smab_pack.checking.report import Reporter, shown

MAX_ENTRIES = 50_000
MAX_CENTRAL_DIRECTORY = 64 << 20  # bytes: 50,000 entries with long names fit many times over
MAX_TOTAL = 4 << 30  # declared uncompressed bytes
MAX_RATIO = 200  # uncompressed : compressed, for entries (and the whole package) over BOMB_FLOOR
BOMB_FLOOR = 10 << 20
MAX_MANIFEST = 10 << 20  # bytes actually read from a manifest, whatever the header says


@dataclass
class Archive:
    path: Path
    names: set[str] = field(default_factory=set)
    _fh: BinaryIO | None = None
    _size: int = 0
    _entries: dict[str, tuple[zipdir.RawEntry, int]] = field(default_factory=dict)  # name → (entry, data offset)

    def read(self, name: str, report: Reporter) -> bytes | None:
        """Read one member, stopping at MAX_MANIFEST bytes (headers can lie)."""
        entry, data_offset = self._entries[name]
        assert self._fh is not None
        try:
            data = zipdir.read_member(self._fh, entry, data_offset, MAX_MANIFEST)
        except (zipdir.ZipFormatError, OSError) as exc:
            report.error("zip-unreadable", f"cannot read {shown(name)}: {exc}")
            return None
        if len(data) > MAX_MANIFEST:
            report.error("zip-bomb", f"{shown(name)} is larger than {MAX_MANIFEST >> 20} MiB once uncompressed")
            return None
        return data

    def close(self) -> None:
        self._fh = None  # the caller owns the file


def _decode(entry: zipdir.RawEntry, report: Reporter) -> str | None:
    raw = entry.raw_name
    if entry.flags & 0x800:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            report.error(
                "zip-name-invalid-utf8",
                f"entry {shown(raw.decode('utf-8', 'backslashreplace'))} is "
                "marked as UTF-8 but its name is not valid UTF-8: LMSs cannot extract it",
                hint="re-create the zip with a tool that writes UTF-8 names",
            )
            return None
    if raw.isascii():
        return raw.decode("ascii")
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError:
        name = raw.decode("cp437")  # what the zip specification says unmarked names are
    report.warning(
        "zip-name-encoding",
        f"entry {shown(name)} has a name not marked as UTF-8: LMSs may garble it and not find the file",
        hint="re-create the zip with UTF-8 names",
    )
    return name


def _unsafe_name(name: str) -> str | None:
    if "\\" in name:
        return "contains a backslash"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "is an absolute path"
    if ".." in name.split("/"):
        return "climbs out of the package with '..'"
    if "\x00" in name:
        return "contains a NUL character"
    return None


def _hidden_characters(name: str) -> bool:
    """Control or formatting characters: the name shown is not the name stored."""
    return any(not c.isprintable() and c != " " for c in name)


def _extracted(name: str) -> str:
    """The path an extractor writes: './' and empty segments dropped."""
    folder = name.endswith("/")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    return "/".join(parts) + ("/" if folder and parts else "")


def _clashes(names: list[str], report: Reporter) -> None:
    """Names that become the same file once extracted: exactly, by './', by Unicode normalisation
    (macOS), by letter case (Windows, macOS)."""
    steps = [
        ("zip-name-clash-dot", "by './' or '//' segments, so both extract to the same file", _extracted),
        (
            "zip-name-clash-unicode",
            "only in Unicode normalisation (NFC/NFD): macOS file systems and many LMSs store them as one file",
            lambda n: unicodedata.normalize("NFC", _extracted(n)),
        ),
        (
            "zip-name-clash-case",
            "only in letter case: on Windows and macOS servers one overwrites the other",
            lambda n: unicodedata.normalize("NFC", _extracted(n)).casefold(),
        ),
    ]
    reported: set[str] = set()
    for code, why, key in steps:
        first: dict[str, str] = {}
        for name in names:
            k = key(name)
            if k in first and name not in reported and first[k] != name:
                a, b = (
                    (ascii(first[k]), ascii(name))
                    if code == "zip-name-clash-unicode"
                    else (shown(first[k]), shown(name))
                )
                report.error(code, f"entries {a} and {b} differ {why}", hint="rename one of them and re-create the zip")
                reported.add(name)
            first.setdefault(k, name)
    # A file and a folder with one name cannot both be extracted.
    files = {unicodedata.normalize("NFC", _extracted(n)).casefold(): n for n in names if not n.endswith("/")}
    for name in names:
        parts = unicodedata.normalize("NFC", _extracted(name)).casefold().rstrip("/").split("/")
        limit = len(parts) if name.endswith("/") else len(parts) - 1
        for depth in range(1, limit + 1):
            other = files.get("/".join(parts[:depth]))
            if other is not None and other not in reported:
                report.error(
                    "zip-file-folder-clash",
                    f"{shown(other)} is a file, but {shown(name)} needs a folder "
                    "of that name: extraction fails or overwrites one of them",
                    hint="rename the file or the folder",
                )
                reported.add(other)
                break


def open_archive(path: Path, fh: BinaryIO, size: int, report: Reporter) -> Archive | None:  # noqa: C901 (split pending; CONTRIBUTING.md)
    """Check the zip's directory and headers; the Archive reads members of what passed."""
    try:
        directory = zipdir.read_directory(fh, size, MAX_ENTRIES, MAX_CENTRAL_DIRECTORY)
    except zipdir.ZipFormatError as exc:
        code = "zip-too-many-entries" if "limit" in str(exc) else "not-a-zip"
        report.error(code, f"not a readable zip file: {exc}")
        return None
    except OSError as exc:
        report.error("not-a-zip", f"cannot read the file: {exc}")
        return None
    count = max(directory.declared, len(directory.entries))
    if count > MAX_ENTRIES:
        report.error(
            "zip-too-many-entries",
            f"{count:,} entries (limit {MAX_ENTRIES:,})",
            hint="an LMS would spend minutes unpacking this; no course needs so many files",
        )
        return None
    archive = Archive(path=path, _fh=fh, _size=size)
    total = compressed = 0
    seen: set[str] = set()
    accepted: list[str] = []
    extents: list[tuple[int, int, str]] = []
    for entry in directory.entries:
        name = _decode(entry, report)
        if name is None:
            continue
        label = shown(name)
        problem = _unsafe_name(name)
        if problem:
            report.error(
                "zip-unsafe-name",
                f"entry {label} {problem}: extracting it could write outside the package folder (zip slip)",
            )
            continue
        if _hidden_characters(name):
            report.error(
                "zip-unsafe-name",
                f"entry {label} has control or formatting characters in its name: "
                "what people and LMSs see is not what is stored",
            )
            continue
        if name in seen:
            report.error("zip-duplicate-name", f"entry {label} appears twice: LMSs keep one of them at random")
            continue
        seen.add(name)
        mode = entry.external_attr >> 16
        if entry.create_system == 3 and stat.S_ISLNK(mode):
            report.error("zip-symlink", f"entry {label} is a symbolic link: LMSs refuse or mis-handle them")
            continue
        if entry.flags & 0x1:
            report.error("zip-encrypted", f"entry {label} is encrypted: no LMS can read it")
            continue
        local = zipdir.read_local(fh, entry, size)
        if local is None:
            report.error(
                "zip-header-mismatch",
                f"entry {label}: there is no local header where the central directory says (a corrupt or tampered zip)",
            )
            continue
        if local.raw_name != entry.raw_name:
            report.error(
                "zip-header-mismatch",
                f"entry {label} is called "
                f"{shown(local.raw_name.decode('utf-8', 'backslashreplace'))} in its local header: "
                "tools that read one or the other extract different files",
                hint="re-create the zip; a tool that writes such headers may be hiding a file",
            )
            continue
        if local.method != entry.method:
            report.error(
                "zip-header-mismatch",
                f"entry {label}: the local header and the central directory give different compression methods",
            )
            continue
        if entry.method not in (0, 8):
            report.warning(
                "zip-method",
                f"entry {label} uses compression method {entry.method}; LMSs unpack "
                "stored and deflated entries only, for sure",
                hint="re-create the zip with deflate",
            )
        total += entry.file_size
        compressed += entry.compress_size
        if entry.file_size > BOMB_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            report.error(
                "zip-bomb",
                f"entry {label} expands {entry.file_size // max(entry.compress_size, 1):,} times: a zip bomb",
            )
            continue
        extents.append((entry.offset, local.data_offset + entry.compress_size, name))
        archive._entries[name] = (entry, local.data_offset)
        accepted.append(name)
    _overlaps(extents, directory.cd_offset, report)
    _clashes(accepted, report)
    archive.names = {_extracted(n) for n in accepted if not n.endswith("/")}
    archive._entries = {_extracted(n): v for n, v in archive._entries.items()}
    if total > MAX_TOTAL:
        report.error("zip-bomb", f"the package expands to {total / (1 << 30):.1f} GiB (limit {MAX_TOTAL >> 30} GiB)")
    elif total > BOMB_FLOOR and total > MAX_RATIO * max(compressed, 1):
        report.error(
            "zip-bomb",
            f"its {len(accepted):,} entries together expand {total // max(compressed, 1):,} "
            f"times, to {total >> 20:,} MiB: a zip bomb made of many small entries",
        )
    return archive


def _overlaps(extents: list[tuple[int, int, str]], cd_offset: int, report: Reporter) -> None:
    """Entries whose data share bytes (the 'overlapping files' zip bomb), or run into the directory."""
    extents.sort()
    for (_, end, name), (next_start, _, next_name) in itertools.pairwise(extents):
        if next_start < end:
            report.error(
                "zip-overlap",
                f"entries {shown(name)} and {shown(next_name)} overlap in the file: "
                "a zip bomb or a tampered zip (their data is unpacked more than once)",
            )
    if extents and extents[-1][1] > cd_offset:
        report.error(
            "zip-overlap", f"entry {shown(extents[-1][2])} runs into the central directory: a corrupt or tampered zip"
        )
