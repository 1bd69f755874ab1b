"""Writing the report folder atomically: all of it or, on any failure, nothing new."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from smab_pack.reporting import ReportError


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_folder(target: Path, files: dict[str, bytes | Path], known: frozenset[str]) -> None:
    """Write ``files`` into a temporary folder beside ``target``, then put it in its place.

    An existing ``target`` is replaced only if it holds nothing but report files
    (names in ``known``): `-o .` or `-o ~/Documents` must never delete anything else.
    """
    if target.exists() or target.is_symlink():
        if not target.is_dir() or target.is_symlink():
            raise ReportError(f"{target} exists and is not a folder")
        others = sorted(p.name for p in target.iterdir() if p.name not in known)
        if others:
            listed = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
            raise ReportError(
                f"{target} holds other files ({listed}): choose a new or empty folder, or one with an earlier report"
            )
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as exc:
        raise ReportError(f"cannot write in {parent}: {exc.strerror or exc}") from None
    retired: Path | None = None
    try:
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; a report folder is not
        for name, data in sorted(files.items()):
            if isinstance(data, Path):
                shutil.copyfile(data, staging / name)  # a large export, never read into memory
            else:
                (staging / name).write_bytes(data)
        if target.exists():
            # A folder cannot be renamed over a non-empty one: move the old report aside first.
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
            os.replace(target, retired / "report")
        os.replace(staging, target)
    except BaseException as exc:  # also Ctrl-C: leave no staging folder behind
        if retired is not None and not target.exists() and (retired / "report").exists():
            os.replace(retired / "report", target)  # put the earlier report back
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise ReportError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise
    finally:
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
