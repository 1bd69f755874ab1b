"""Look inside a zip without extracting it, and refuse what could hurt:
zip-slip names, symlinks, duplicates, encryption, bombs."""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from smab_pack.checking.report import Reporter

MAX_ENTRIES = 50_000
MAX_TOTAL = 4 << 30  # declared uncompressed bytes
MAX_RATIO = 200  # uncompressed : compressed, for entries over BOMB_FLOOR
BOMB_FLOOR = 10 << 20
MAX_MANIFEST = 10 << 20  # bytes actually read from a manifest, whatever the header says


@dataclass
class Archive:
    path: Path
    names: set[str] = field(default_factory=set)
    _zip: zipfile.ZipFile | None = None
    _infos: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    def read(self, name: str, report: Reporter) -> bytes | None:
        """Read one member, stopping at MAX_MANIFEST bytes (headers can lie)."""
        info = self._infos[name]
        assert self._zip is not None
        try:
            with self._zip.open(info) as member:
                data = member.read(MAX_MANIFEST + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as exc:
            report.error("zip-unreadable", f"cannot read {name}: {exc}")
            return None
        if len(data) > MAX_MANIFEST:
            report.error("zip-bomb", f"{name} is larger than {MAX_MANIFEST >> 20} MiB once uncompressed")
            return None
        return data

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def _unsafe_name(name: str) -> str | None:
    if "\\" in name:
        return "contains a backslash"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "is an absolute path"
    if ".." in PurePosixPath(name).parts:
        return "climbs out of the package with '..'"
    if "\x00" in name:
        return "contains a NUL character"
    return None


def open_archive(path: Path, report: Reporter) -> Archive | None:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        report.error("not-a-zip", f"not a readable zip file: {exc}")
        return None
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        report.error("zip-too-many-entries", f"{len(infos):,} entries (limit {MAX_ENTRIES:,})")
        zf.close()
        return None
    archive = Archive(path=path, _zip=zf)
    total = 0
    for info in infos:
        name = info.filename
        problem = _unsafe_name(name)
        if problem:
            report.error("zip-unsafe-name", f"entry '{name}' {problem}: extracting it could write outside "
                         "the package folder (zip slip)")
            continue
        if name in archive._infos:
            report.error("zip-duplicate-name", f"entry '{name}' appears twice: LMSs keep one of them at random")
            continue
        mode = info.external_attr >> 16
        if info.create_system == 3 and stat.S_ISLNK(mode):
            report.error("zip-symlink", f"entry '{name}' is a symbolic link: LMSs refuse or mis-handle them")
            continue
        if info.flag_bits & 0x1:
            report.error("zip-encrypted", f"entry '{name}' is encrypted: no LMS can read it")
            continue
        if not info.flag_bits & 0x800 and any(ord(c) > 127 for c in name):
            report.warning("zip-name-encoding", f"entry '{name}' has a name not marked as UTF-8: LMSs may "
                           "garble it and not find the file", hint="re-create the zip with UTF-8 names")
        total += info.file_size
        if info.file_size > BOMB_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            report.error("zip-bomb", f"entry '{name}' expands {info.file_size // max(info.compress_size, 1):,} "
                         "times: a zip bomb")
            continue
        archive._infos[name] = info
        if not name.endswith("/"):
            archive.names.add(name)
    if total > MAX_TOTAL:
        report.error("zip-bomb", f"the package expands to {total / (1 << 30):.1f} GiB (limit {MAX_TOTAL >> 30} GiB)")
    return archive
