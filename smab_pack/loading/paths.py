"""The one gate every file of a course passes before it is listed, read or
packaged: its real path (every symlink followed) must lie inside the real path
of the course folder, and it must be what the caller expects (a regular file, a
folder). Symlinks that stay inside the course are fine; one that leads out, a
loop and a dangling link are located errors, so that a course can never make
smab-pack print or package a file from elsewhere on the machine (a CI token,
/proc/self/environ)."""

from __future__ import annotations

import errno
import os
import posixpath
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.chars import describe, first_control

WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")
OUTSIDE_HINT = "copy the file into the course folder (e.g. assets/): a symlink may only point inside the course"


@dataclass(frozen=True)
class Refusal:
    """Why a path of the course cannot be used: a diagnostic code, message and hint."""

    code: str
    message: str
    hint: str | None = None

    def report(self, diags: Diagnostics, file: Path, **where) -> None:
        diags.error(self.code, self.message, file=file, hint=self.hint, **where)


def _inside(real: Path, real_root: Path) -> bool:
    return real == real_root or real.is_relative_to(real_root)


def real_inside(path: Path, root: Path, what: str = "file") -> tuple[Path | None, Refusal | None]:
    """(the real path of ``path``, None) when it exists inside ``root``; else (None, why not).
    A missing path gives code ``missing-file``, so callers can word that case themselves."""
    try:
        real = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        return None, _refusal(path, exc, what)
    if not _inside(real, Path(os.path.realpath(root))):
        return None, Refusal(
            "path-escape",
            f"{what} '{path.name}' is a symlink to something outside the "
            "course folder: smab-pack reads only the course's own files",
            OUTSIDE_HINT,
        )
    return real, None


def _refusal(path: Path, exc: OSError, what: str) -> Refusal:
    if exc.errno == errno.ELOOP:
        return Refusal(
            "broken-symlink",
            f"{what} '{path.name}' is a symlink loop (it leads back to itself)",
            "replace the symlink with the file or folder itself",
        )
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        if os.path.lexists(path) or _dangling_parent(path):
            return Refusal(
                "broken-symlink",
                f"{what} '{path.name}' is a symlink to something that does not exist",
                "correct or remove the symlink",
            )
        return Refusal("missing-file", f"{what} not found: {path.name}")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Refusal(
            "unreadable-file",
            f"cannot read {what} '{path.name}': permission denied",
            "check the permissions of the file and of the folders above it",
        )
    return Refusal("unreadable-file", f"cannot read {what} '{path.name}': {exc.strerror or exc}")


def _dangling_parent(path: Path) -> bool:
    return any(os.path.islink(parent) and not os.path.exists(parent) for parent in path.parents)


def regular_file(path: Path, root: Path, what: str = "file") -> tuple[Path | None, Refusal | None]:
    """Like :func:`real_inside`, and the path must be a regular file (not a folder, pipe or device)."""
    real, refusal = real_inside(path, root, what)
    if real is None:
        return None, refusal
    try:
        mode = os.stat(real).st_mode
    except OSError as exc:
        return None, _refusal(path, exc, what)
    if stat.S_ISDIR(mode):
        return None, Refusal(
            "unreadable-file",
            f"{what} '{path.name}' is a folder, not a file",
            "a file is expected here: rename or remove the folder",
        )
    if not stat.S_ISREG(mode):
        return None, Refusal(
            "unreadable-file",
            f"{what} '{path.name}' is not a regular file (a pipe, socket or device)",
            "replace it with an ordinary file",
        )
    return real, None


def read_bytes(path: Path, root: Path, diags: Diagnostics, *, limit: int, what: str = "file", **where) -> bytes | None:
    """The content of a regular file inside the course, at most ``limit + 1`` bytes (so a caller
    sees that it is too large without reading all of it); problems are reported at ``path``."""
    real, refusal = regular_file(path, root, what)
    if real is None:
        assert refusal is not None
        refusal.report(diags, path, **where)
        return None
    try:
        # O_NONBLOCK: should the file be swapped for a pipe meanwhile, the read cannot hang.
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                Refusal("unreadable-file", f"{what} '{path.name}' is not a regular file").report(diags, path, **where)
                return None
            return handle.read(limit + 1)
    except OSError as exc:
        _refusal(path, exc, what).report(diags, path, **where)
        return None


def list_folder(folder: Path, root: Path, diags: Diagnostics, what: str = "folder") -> list[Path] | None:
    """The entries of a folder inside the course, sorted by name (named through ``folder``,
    not through their real paths); None, reported, when it cannot be listed."""
    real, refusal = real_inside(folder, root, what)
    if real is None:
        assert refusal is not None
        refusal.report(diags, folder)
        return None
    if not real.is_dir():
        diags.error(
            "unreadable-file",
            f"{what} '{folder.name}' is a file, not a folder",
            file=folder,
            hint="a folder is expected here",
        )
        return None
    try:
        with os.scandir(real) as entries:
            names = sorted(entry.name for entry in entries)
    except OSError as exc:
        _refusal(folder, exc, what).report(diags, folder)
        return None
    return [folder / name for name in names]


ABSOLUTE = "is an absolute path"


def course_path(path: str, base: Path, root: Path) -> tuple[Path | None, Refusal | None]:
    """A reference written in the course (``path``, relative to the folder ``base``): (its path,
    None) when it stays inside ``root``, the real path when it exists; else (None, why not, as a
    phrase that follows the reference: "'x.png' points outside the course folder").
    Absolute paths, .. that leaves the course, symlinks out, loops and control characters are
    refused; a path that does not exist is returned, for the caller to report as missing."""
    if path.startswith("/") or WINDOWS_PATH.match(path) or "\\" in path:
        return None, Refusal("path-escape", ABSOLUTE)
    at = first_control(path)
    if at is not None:
        return None, Refusal(
            "control-character", f"holds the control character {describe(path[at])}", "rename the file without it"
        )
    target = Path(posixpath.normpath(posixpath.join(base.as_posix(), path)))
    real_root = _real_root(os.path.abspath(root))
    outside = Refusal("path-escape", "points outside the course folder", OUTSIDE_HINT)
    try:
        real = Path(os.path.realpath(target, strict=True))
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR) and not os.path.lexists(target):
            # not there: still refused if where it would be lies outside (through .. or a symlink)
            return (target, None) if _inside(Path(os.path.realpath(target)), real_root) else (None, outside)
        refusal = _refusal(target, exc, "file")
        # the same refusal, worded to follow the reference
        phrase = {
            errno.ELOOP: "is a symlink loop (it leads back to itself)",
            errno.EACCES: "cannot be read: permission denied",
        }.get(
            exc.errno or 0,
            "is a symlink to something that does not exist"
            if refusal.code == "broken-symlink"
            else f"cannot be read: {exc.strerror}",
        )
        return None, Refusal(refusal.code, phrase, refusal.hint)
    if not _inside(real, real_root):
        return None, outside
    if real.is_file():
        try:  # it will be packaged: a file nobody may read must fail here, located, not in the zip writer
            os.close(os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))
        except OSError as exc:
            return None, Refusal("unreadable-file", f"cannot be read: {exc.strerror}", "check the file's permissions")
    return real, None


@lru_cache(maxsize=16)
def _real_root(root: str) -> Path:
    return Path(os.path.realpath(root))


def file_problem(target: Path) -> str:
    """How an existing-or-not reference falls short of a regular file, as a phrase."""
    return "is a folder, not a file" if target.is_dir() else "not found"
