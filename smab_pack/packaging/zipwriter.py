"""Deterministic, atomic zip output.

Same input, same bytes: entries are sorted, timestamps and permissions fixed.
Nothing half-written: the zip is built in a temporary file beside the target
and renamed over it only when complete (also on Ctrl-C the target is untouched).
Each distinct file is compressed once per build (a :class:`DeflateCache` shared by
the build's writers): the 28 zips of a course hold the same assets and run-time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
import zlib
from pathlib import Path

from smab_pack.packaging.inert import packaged

FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold
FILE_MODE = 0o644 << 16
# Already-compressed media gain nothing from deflate: store them as they are.
STORED_SUFFIXES = {
    ".mp4",
    ".webm",
    ".m4a",
    ".mp3",
    ".ogg",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".woff",
    ".woff2",
    ".zip",
    ".pdf",
    ".gz",
}
CHUNK = 1 << 20
#: files up to this size are read whole to be compressed once per build; bigger ones are streamed
CACHED_FILE_LIMIT = 16 << 20


class DeflateCache:
    """Compressed bytes and CRC of each distinct content, so that a build compresses a file once
    however many zips hold it. The bytes are those :mod:`zipfile` writes for the same entry: the
    same compressor (zlib's default level, raw deflate: a ``ZipInfo`` entry never gets the
    ``ZipFile``'s ``compresslevel``) fed the same pieces (one for bytes, ``CHUNK`` at a time
    for a file, as ``shutil.copyfileobj`` does), so the zips stay byte-identical."""

    def __init__(self) -> None:
        self._entries: dict[bytes, tuple[int, int, bytes]] = {}
        #: a file's entry by what ``stat`` says of it: the 28 zips of a course read each asset once
        self._files: dict[tuple, tuple[int, int, bytes]] = {}

    def deflated_file(self, path: Path, stat: os.stat_result) -> tuple[int, int, bytes]:
        """``deflated`` of a file's content, read once per build while its size, time and inode stay."""
        key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_dev)
        if key not in self._files:
            with path.open("rb") as src:
                self._files[key] = self.deflated(list(iter(lambda: src.read(CHUNK), b"")))
        return self._files[key]

    def deflated(self, pieces: list[bytes]) -> tuple[int, int, bytes]:
        """(uncompressed size, CRC-32, deflated bytes) of the content in ``pieces``."""
        digest = hashlib.sha256()
        for piece in pieces:
            digest.update(piece)
        key = digest.digest()
        if key not in self._entries:
            compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
            crc, out = 0, []
            for piece in pieces:
                crc = zlib.crc32(piece, crc)
                out.append(compressor.compress(piece))
            out.append(compressor.flush())
            self._entries[key] = (sum(map(len, pieces)), crc, b"".join(out))
        return self._entries[key]


class PackageWriter:
    """Collects files, then writes them as one reproducible zip."""

    def __init__(self, cache: DeflateCache | None = None) -> None:
        self.files: dict[str, bytes | Path] = {}
        self.cache = cache if cache is not None else DeflateCache()

    def add(self, name: str, content: bytes | str | Path) -> None:
        if name.startswith("/") or ".." in name.split("/") or "\\" in name:
            raise ValueError(f"unsafe package path: {name}")
        if isinstance(content, str):
            content = content.encode("utf-8")
        elif isinstance(content, Path):
            content = packaged(content)  # an SVG goes in rebuilt without anything that runs
        self.files[name] = content

    def names(self) -> list[str]:
        return sorted(self.files)

    def write(self, target: Path) -> int:
        """Write the zip atomically; return its size in bytes."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", allowZip64=True, compresslevel=9) as zf:
                for name in self.names():
                    self._write_entry(zf, name, self.files[name], self.cache)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return target.stat().st_size

    @staticmethod
    def _write_entry(zf: zipfile.ZipFile, name: str, content: bytes | Path, cache: DeflateCache) -> None:
        info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
        info.external_attr = FILE_MODE
        info.create_system = 3  # unix, so the mode bits above are read everywhere alike
        stored = Path(name).suffix.lower() in STORED_SUFFIXES
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        if isinstance(content, Path):
            stat = content.stat()
            size = stat.st_size
            if stored or size > CACHED_FILE_LIMIT:
                with content.open("rb") as src, zf.open(info, "w", force_zip64=size > 0x7FFF0000) as dst:
                    shutil.copyfileobj(src, dst, CHUNK)
                return
            _write_deflated(zf, info, cache.deflated_file(content, stat), force_zip64=size > 0x7FFF0000)
        elif stored:
            zf.writestr(info, content)
        else:
            _write_deflated(zf, info, cache.deflated([content]), force_zip64=False)


def _write_deflated(zf: zipfile.ZipFile, info: zipfile.ZipInfo, deflated: tuple[int, int, bytes], force_zip64: bool):
    """Write an entry whose deflated bytes are known, as ``ZipFile.open(info, "w")`` would have
    written it to a seekable file (header with the final sizes and CRC, then the data): zipfile
    has no public way to add compressed bytes, so this does its few steps (CPython 3.11-3.13;
    tests/test_zipwriter.py compares the result with zipfile's own)."""
    info.file_size, info.CRC, data = deflated
    info.compress_size = len(data)
    info.flag_bits = 0
    zip64 = force_zip64 or info.file_size * 1.05 > zipfile.ZIP64_LIMIT
    fp = zf.fp
    if fp is None:
        raise ValueError("the zip file is closed")
    fp.seek(zf.start_dir)
    info.header_offset = fp.tell()
    fp.write(info.FileHeader(zip64))
    fp.write(data)
    zf.start_dir = fp.tell()
    zf.filelist.append(info)
    zf.NameToInfo[info.filename] = info
    zf._didModify = True  # type: ignore[attr-defined]  # zipfile's private flag: write the directory on close
