"""Read a zip's central directory and local headers ourselves, byte by byte.

`zipfile` trusts what it reads (it decodes names strictly, keeps every entry
of a central directory in memory, and checks local headers only when a member
is opened). `check` must look at hostile packages: here every read is bounded
by the file's real size and by the limits the caller gives, and entries keep
their raw name bytes so that the caller can say what is wrong with them.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import BinaryIO

EOCD = struct.Struct("<IHHHHIIH")  # end of central directory record
EOCD_SIG = 0x06054B50
LOCATOR = struct.Struct("<IIQI")  # zip64 end of central directory locator
LOCATOR_SIG = 0x07064B50
EOCD64 = struct.Struct("<IQHHIIQQQQ")
EOCD64_SIG = 0x06064B50
CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
CENTRAL_SIG = 0x02014B50
LOCAL = struct.Struct("<IHHHHHIIIHH")
LOCAL_SIG = 0x04034B50
MAX_COMMENT = 0xFFFF


class ZipFormatError(Exception):
    """The file is not a zip, or its directory is broken."""


@dataclass
class RawEntry:
    raw_name: bytes
    flags: int
    method: int
    crc: int
    compress_size: int
    file_size: int
    offset: int  # of the local header, corrected for data before the zip
    create_system: int
    external_attr: int


@dataclass
class LocalHeader:
    raw_name: bytes
    flags: int
    method: int
    data_offset: int


@dataclass
class Directory:
    entries: list[RawEntry]
    declared: int  # entries the end record announces
    cd_offset: int
    cd_size: int


def find_end(fh: BinaryIO, size: int) -> tuple[int, bytes] | None:
    """(offset, bytes) of the end-of-central-directory record, or None: not a zip."""
    if size < EOCD.size:
        return None
    start = max(0, size - EOCD.size - MAX_COMMENT)
    fh.seek(start)
    tail = fh.read(size - start)
    at = tail.rfind(b"PK\x05\x06")
    while at >= 0:
        if at + EOCD.size <= len(tail):
            return start + at, tail[at : at + EOCD.size]
        at = tail.rfind(b"PK\x05\x06", 0, at)
    return None


def _zip64_end(fh: BinaryIO, eocd_at: int) -> tuple[int, int, int] | None:
    """(entries, cd_size, cd_offset) from the zip64 records, if the zip has them. Like zipfile, the
    zip64 record is looked for just before its locator (its own offset ignores data before the zip)."""
    record_at = eocd_at - LOCATOR.size - EOCD64.size
    if record_at < 0:
        return None
    fh.seek(eocd_at - LOCATOR.size)
    if LOCATOR.unpack(fh.read(LOCATOR.size))[0] != LOCATOR_SIG:
        return None
    fh.seek(record_at)
    fields = EOCD64.unpack(fh.read(EOCD64.size))
    if fields[0] != EOCD64_SIG:
        raise ZipFormatError("the zip64 end record is missing")
    return fields[7], fields[8], fields[9]


def read_directory(fh: BinaryIO, size: int, max_entries: int, max_cd_bytes: int) -> Directory:
    """The central directory. Stops after ``max_entries + 1`` entries; raises ZipFormatError."""
    found = find_end(fh, size)
    if found is None:
        raise ZipFormatError("no end-of-central-directory record (not a zip, or truncated)")
    eocd_at, record = found
    _sig, disk, cd_disk, _here, total, cd_size, cd_offset, _comment = EOCD.unpack(record)
    if disk != 0 or cd_disk != 0:
        raise ZipFormatError("a multi-part (spanned) zip: LMSs need a single file")
    z64 = _zip64_end(fh, eocd_at)
    end_of_cd = eocd_at
    if z64 is not None:
        total, cd_size, cd_offset = z64
        end_of_cd = eocd_at - LOCATOR.size - EOCD64.size
    # Data before the zip (a self-extractor stub) shifts every offset by the same amount.
    prefix = end_of_cd - cd_size - cd_offset
    if prefix < 0 or cd_size > size:
        raise ZipFormatError("the central directory lies outside the file")
    if cd_size > max_cd_bytes:
        raise ZipFormatError(f"the central directory is {cd_size >> 20} MiB (limit {max_cd_bytes >> 20} MiB)")
    fh.seek(cd_offset + prefix)
    cd = fh.read(cd_size)
    if len(cd) != cd_size:
        raise ZipFormatError("the central directory is truncated")
    entries: list[RawEntry] = []
    at = 0
    while at < len(cd) and len(entries) <= max_entries:
        if at + CENTRAL.size > len(cd):
            raise ZipFormatError("the central directory ends inside an entry")
        (
            sig,
            made_by,
            _needed,
            flags,
            method,
            _time,
            _date,
            crc,
            csize,
            usize,
            nlen,
            elen,
            clen,
            _disk,
            _iattr,
            eattr,
            offset,
        ) = CENTRAL.unpack_from(cd, at)
        if sig != CENTRAL_SIG:
            raise ZipFormatError(f"entry {len(entries) + 1} of the central directory is corrupt")
        name_at = at + CENTRAL.size
        if name_at + nlen + elen + clen > len(cd):
            raise ZipFormatError("the central directory ends inside an entry")
        raw_name = cd[name_at : name_at + nlen]
        usize, csize, offset = _zip64_sizes(cd[name_at + nlen : name_at + nlen + elen], usize, csize, offset)
        entries.append(RawEntry(raw_name, flags, method, crc, csize, usize, offset + prefix, made_by >> 8, eattr))
        at = name_at + nlen + elen + clen
    return Directory(entries, total, cd_offset + prefix, cd_size)


def _zip64_sizes(extra: bytes, usize: int, csize: int, offset: int) -> tuple[int, int, int]:
    """Sizes and offset from the zip64 extra field, for the fields set to 0xFFFFFFFF."""
    at = 0
    while at + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, at)
        body = extra[at + 4 : at + 4 + length]
        if tag == 0x0001:
            values = [v for (v,) in struct.iter_unpack("<Q", body[: len(body) // 8 * 8])]
            if usize == 0xFFFFFFFF and values:
                usize = values.pop(0)
            if csize == 0xFFFFFFFF and values:
                csize = values.pop(0)
            if offset == 0xFFFFFFFF and values:
                offset = values.pop(0)
            break
        at += 4 + length
    return usize, csize, offset


def read_local(fh: BinaryIO, entry: RawEntry, size: int) -> LocalHeader | None:
    """The entry's local header, or None when there is none where the directory says."""
    if entry.offset + LOCAL.size > size:
        return None
    fh.seek(entry.offset)
    head = fh.read(LOCAL.size)
    sig, _needed, flags, method, _time, _date, _crc, _csize, _usize, nlen, elen = LOCAL.unpack(head)
    if sig != LOCAL_SIG:
        return None
    raw_name = fh.read(nlen)
    return LocalHeader(raw_name, flags, method, entry.offset + LOCAL.size + nlen + elen)


def read_member(fh: BinaryIO, entry: RawEntry, data_offset: int, limit: int) -> bytes:
    """The entry's bytes, decompressed, at most ``limit + 1`` of them (so callers see 'too large').

    Raises ZipFormatError for methods other than stored and deflate, bad data or a CRC mismatch."""
    if entry.method not in (0, 8):
        raise ZipFormatError(f"compression method {entry.method} (only stored and deflate are read)")
    fh.seek(data_offset)
    left = entry.compress_size
    out = bytearray()
    inflate = zlib.decompressobj(-15) if entry.method == 8 else None
    try:
        while left > 0 and len(out) <= limit:
            chunk = fh.read(min(left, 1 << 16))
            if not chunk:
                raise ZipFormatError("the entry's data is truncated")
            left -= len(chunk)
            if inflate is None:
                out += chunk
                continue
            out += inflate.decompress(chunk, limit + 1 - len(out))
            while inflate.unconsumed_tail and len(out) <= limit:
                out += inflate.decompress(inflate.unconsumed_tail, limit + 1 - len(out))
    except zlib.error as exc:
        raise ZipFormatError(f"the entry's data is corrupt ({exc})") from None
    if len(out) > limit:
        return bytes(out[: limit + 1])
    if len(out) != entry.file_size or zlib.crc32(out) != entry.crc:
        raise ZipFormatError("the entry's data does not match its size or checksum (corrupt)")
    return bytes(out)
