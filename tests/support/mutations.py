"""Small edits that break a copy of a course on purpose."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

Change = Callable[[Path], None]


def edit(rel: str, old: str, new: str) -> Change:
    def apply(course: Path) -> None:
        path = course / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def write(rel: str, content: str | bytes) -> Change:
    def apply(course: Path) -> None:
        path = course / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    return apply


def remove(rel: str) -> Change:
    def apply(course: Path) -> None:
        target = course / rel
        shutil.rmtree(target) if target.is_dir() else target.unlink()

    return apply
