"""Deterministic, atomic zip output.

Same input, same bytes: entries are sorted, timestamps and permissions fixed.
Nothing half-written: the zip is built in a temporary file beside the target
and renamed over it only when complete (also on Ctrl-C the target is untouched).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
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


class PackageWriter:
    """Collects files, then writes them as one reproducible zip."""

    def __init__(self) -> None:
        self.files: dict[str, bytes | Path] = {}

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
                    self._write_entry(zf, name, self.files[name])
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return target.stat().st_size

    @staticmethod
    def _write_entry(zf: zipfile.ZipFile, name: str, content: bytes | Path) -> None:
        info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
        info.external_attr = FILE_MODE
        info.create_system = 3  # unix, so the mode bits above are read everywhere alike
        stored = Path(name).suffix.lower() in STORED_SUFFIXES
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        if isinstance(content, Path):
            size = content.stat().st_size
            with content.open("rb") as src, zf.open(info, "w", force_zip64=size > 0x7FFF0000) as dst:
                shutil.copyfileobj(src, dst, CHUNK)
        else:
            zf.writestr(info, content)
