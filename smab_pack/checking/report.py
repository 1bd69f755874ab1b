"""Diagnostics about one file inside one package, located by XML line."""

from __future__ import annotations

from smab_pack.diagnostics import Diagnostics, Severity


class Reporter:
    """Reports on ``file``: a path, or ``package.zip!/member`` inside a package."""

    def __init__(self, diags: Diagnostics, file: str) -> None:
        self.diags = diags
        self.file = file
        self.errors = 0

    def _add(self, severity: Severity, code: str, message: str, element, hint: str | None, line: int | None) -> None:
        if element is not None and line is None:
            line = getattr(element, "sourceline", None)
        if severity is Severity.ERROR:
            self.errors += 1
        self.diags.add(code, message, file=self.file, line=line, severity=severity, hint=hint)

    def error(self, code: str, message: str, element=None, hint: str | None = None, line: int | None = None) -> None:
        self._add(Severity.ERROR, code, message, element, hint, line)

    def warning(self, code: str, message: str, element=None, hint: str | None = None, line: int | None = None) -> None:
        self._add(Severity.WARNING, code, message, element, hint, line)


def shown(name: str) -> str:
    """A name from a package as it may appear in a message: quoted, control characters escaped."""
    return "'" + "".join(c if c.isprintable() or c == " " else ascii(c)[1:-1] for c in name) + "'"
