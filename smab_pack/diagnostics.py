"""Errors as data: every problem found is a Diagnostic with a place and a code.

Loading, parsing and linting never raise on bad input; they add diagnostics to
a :class:`Diagnostics` collector so that one run reports every problem at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Diagnostic(BaseModel):
    """One problem, located as precisely as the source allows."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    severity: Severity = Severity.ERROR
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    hint: str | None = None

    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def sort_key(self) -> tuple:
        return (self.file or "", self.line or 0, self.column or 0, self.code)


#: diagnostics of one code in one file kept in full; the rest are counted, so that a page with
#: 5,000 broken links (or a package with 50,000 bad names) gives a report a person can read
MAX_ALIKE = 20


class Diagnostics:
    """An ordered collection of diagnostics, filled by every stage. Past :data:`MAX_ALIKE` of
    one code in one file, the others are only counted and shown as one summary."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []
        self._alike: dict[tuple, int] = {}
        #: (file, code, severity) → (diagnostics counted, not kept; the first of them)
        self._more: dict[tuple, tuple[int, Diagnostic]] = {}

    def _keep(self, diag: Diagnostic) -> None:
        key = (diag.file, diag.code, diag.severity)
        seen = self._alike.get(key, 0) + 1
        self._alike[key] = seen
        if seen <= MAX_ALIKE:
            self._items.append(diag)
            return
        count, first = self._more.get(key, (0, diag))
        self._more[key] = (count + 1, first)

    def _summaries(self) -> list[Diagnostic]:
        return [
            first.model_copy(
                update={
                    "message": (
                        f"… and {count:,} more {code} {severity.value}(s) like these in this file, the first here"
                    ),
                    "column": None,
                    "hint": first.hint,
                }
            )
            for (_, code, severity), (count, first) in self._more.items()
        ]

    @staticmethod
    def rel(path: Path | str | None) -> str | None:
        """Paths read best relative to where the user ran the command."""
        if path is None:
            return None
        path = Path(path)
        try:  # the name as given first: a symlink is shown where it is, not where it leads
            return Path(os.path.abspath(path)).relative_to(Path.cwd()).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except (ValueError, RuntimeError, OSError):  # elsewhere, or a symlink loop (reported as such)
            return path.as_posix()

    def add(
        self,
        code: str,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        severity: Severity = Severity.ERROR,
        hint: str | None = None,
    ) -> Diagnostic:
        diag = Diagnostic(
            code=code,
            message=message,
            severity=severity,
            file=self.rel(file),
            line=line,
            column=column,
            hint=hint,
        )
        self._keep(diag)
        return diag

    def error(self, code: str, message: str, **where) -> Diagnostic:
        return self.add(code, message, severity=Severity.ERROR, **where)

    def warning(self, code: str, message: str, **where) -> Diagnostic:
        return self.add(code, message, severity=Severity.WARNING, **where)

    def extend(self, items: Iterable[Diagnostic]) -> None:
        for diag in items:
            self._keep(diag)

    def discard(self, predicate: Callable[[Diagnostic], bool]) -> None:
        self._items = [d for d in self._items if not predicate(d)]
        self._more = {key: more for key, more in self._more.items() if not predicate(more[1])}

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(sorted(self._items + self._summaries(), key=Diagnostic.sort_key))

    def __len__(self) -> int:
        return len(self._items) + len(self._more)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self if d.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self._items)


class BuildFailed(Exception):
    """Raised by the pipeline when diagnostics contain errors; carries them."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__(f"{len(diagnostics.errors)} error(s)")
        self.diagnostics = diagnostics
