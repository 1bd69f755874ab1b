"""The zip writer compresses each distinct file once per build and writes exactly the bytes
zipfile itself writes for the same entries (the packages stay byte-identical)."""

from __future__ import annotations

import io
import os
import random
import shutil
import zipfile
from pathlib import Path

from smab_pack.packaging import zipwriter
from smab_pack.packaging.zipwriter import CHUNK, FILE_MODE, FIXED_DATE, STORED_SUFFIXES, DeflateCache, PackageWriter


def _text(size: int, seed: int) -> bytes:
    words = [b"course", b"quiz", b"page", b"learner", b"\xc3\xb8l", b"\xd8\xb9\xd8\xb1\xd8\xa8", b"\n"]
    rng = random.Random(seed)
    out = bytearray()
    while len(out) < size:
        out += rng.choice(words) + b" "
    return bytes(out[:size])


def _entries(tmp_path: Path) -> dict[str, bytes | Path]:
    big = tmp_path / "big.vtt"  # more than one CHUNK: compressed piece by piece, as streamed
    big.write_bytes(_text(2 * CHUNK + 12345, 1))
    small = tmp_path / "notes.txt"
    small.write_bytes(_text(5000, 2))
    media = tmp_path / "clip.mp4"
    media.write_bytes(os.urandom(70000))
    empty = tmp_path / "empty.css"
    empty.write_bytes(b"")
    return {
        "index.html": _text(40000, 3),
        "smab.js": _text(120000, 4),
        "blank.txt": b"",
        "image.png": os.urandom(3000),
        "assets/big.vtt": big,
        "assets/notes.txt": small,
        "assets/clip.mp4": media,
        "assets/empty.css": empty,
        "assets/copy-of-notes.txt": small.read_bytes(),  # the same content as bytes: one compression
    }


def _zipfile_reference(entries: dict[str, bytes | Path]) -> bytes:
    """The zip as the writer made it before the cache, with zipfile doing every entry."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", allowZip64=True, compresslevel=9) as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.external_attr = FILE_MODE
            info.create_system = 3
            stored = Path(name).suffix.lower() in STORED_SUFFIXES
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            content = entries[name]
            if isinstance(content, Path):
                with content.open("rb") as src, zf.open(info, "w") as dst:
                    shutil.copyfileobj(src, dst, CHUNK)
            else:
                zf.writestr(info, content)
    return raw.getvalue()


def test_the_zip_is_byte_identical_to_zipfiles_own(tmp_path):
    entries = _entries(tmp_path)
    writer = PackageWriter()
    for name, content in entries.items():
        writer.add(name, content)
    writer.write(tmp_path / "out.zip")
    assert (tmp_path / "out.zip").read_bytes() == _zipfile_reference(entries)
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert zf.testzip() is None
        assert zf.read("assets/big.vtt") == (tmp_path / "big.vtt").read_bytes()


def test_a_build_compresses_each_distinct_file_once(tmp_path, monkeypatch):
    entries = _entries(tmp_path)
    calls = []
    real = zipwriter.zlib.compressobj
    monkeypatch.setattr(zipwriter.zlib, "compressobj", lambda *a: calls.append(a) or real(*a))
    cache = DeflateCache()
    outputs = []
    for n in range(3):  # three packages of one build: same files, and one that differs
        writer = PackageWriter(cache)
        for name, content in entries.items():
            writer.add(name, content)
        writer.add("imsmanifest.xml", f"<manifest n='{n}'/>")
        writer.write(tmp_path / f"out{n}.zip")
        outputs.append(tmp_path / f"out{n}.zip")
    distinct = {c.read_bytes() if isinstance(c, Path) else c for n, c in entries.items() if Path(n).suffix != ".mp4"}
    distinct -= {entries["image.png"]}
    # index.html, smab.js, big.vtt, notes.txt (= copy-of-notes.txt), "" (blank.txt = empty.css); 3 manifests
    assert len(distinct) == 5
    assert len(calls) == len(distinct) + 3
    for n, path in enumerate(outputs):
        assert path.read_bytes() == _zipfile_reference({**entries, "imsmanifest.xml": f"<manifest n='{n}'/>".encode()})


def test_a_file_above_the_cache_limit_is_streamed(tmp_path, monkeypatch):
    monkeypatch.setattr(zipwriter, "CACHED_FILE_LIMIT", 1000)
    entries = _entries(tmp_path)
    writer = PackageWriter()
    for name, content in entries.items():
        writer.add(name, content)
    writer.write(tmp_path / "out.zip")
    assert (tmp_path / "out.zip").read_bytes() == _zipfile_reference(entries)


def test_a_build_reads_each_cached_file_once_and_again_once_it_changes(tmp_path, monkeypatch):
    entries = _entries(tmp_path)
    opened: list[str] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self.name) or real_open(self, *a, **k))
    cache = DeflateCache()
    for n in range(3):
        writer = PackageWriter(cache)
        for name, content in entries.items():
            writer.add(name, content)
        writer.write(tmp_path / f"out{n}.zip")
    # notes.txt, big.vtt and empty.css read by the first package only; clip.mp4 is stored, streamed each time
    assert sorted(opened) == sorted(["notes.txt", "big.vtt", "empty.css"] + ["clip.mp4"] * 3)
    notes = tmp_path / "notes.txt"
    notes.write_bytes(_text(6000, 9))  # another size (and time): read again, the new text packaged
    opened.clear()
    writer = PackageWriter(cache)
    writer.add("assets/notes.txt", notes)
    writer.write(tmp_path / "changed.zip")
    assert opened == ["notes.txt"]
    with zipfile.ZipFile(tmp_path / "changed.zip") as zf:
        assert zf.read("assets/notes.txt") == notes.read_bytes()
