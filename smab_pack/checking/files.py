"""Open a file that someone says is a package or an XLIFF file, without trusting it: its type is
looked at before it is opened (opening a FIFO blocks, reading a device never ends) and again on the
open file, in case it was swapped in between."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


class NotARegularFile(Exception):
    """Why the file cannot be read: ``code`` (not-found, not-a-file, unreadable, empty), message, hint."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    for test, words in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return words
    return None if stat.S_ISREG(mode) else "not a regular file"


def open_regular(path: Path, what: str = "a file") -> tuple[BinaryIO, int]:
    """(binary file object, size) of a regular, non-empty file; raises NotARegularFile."""
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise NotARegularFile("not-found", "no such file") from None
    except OSError as exc:
        raise NotARegularFile("unreadable", f"cannot look at the file: {exc.strerror or exc}") from None
    kind = kind_of(before.st_mode)
    if kind:
        raise NotARegularFile(
            "not-a-file",
            f"is {kind}, not {what}",
            "save it to a file first, then give that file" if kind != "a folder" else None,
        )
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
        )
    except OSError as exc:
        raise NotARegularFile("unreadable", f"cannot open the file: {exc.strerror or exc}") from None
    after = os.fstat(fd)
    if kind_of(after.st_mode) or (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino):
        os.close(fd)
        raise NotARegularFile("not-a-file", "the file changed while it was being opened")
    if after.st_size == 0:
        os.close(fd)
        raise NotARegularFile("empty", "the file is empty (0 bytes)")
    return os.fdopen(fd, "rb"), after.st_size
