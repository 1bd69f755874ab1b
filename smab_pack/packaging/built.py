"""What the package stage made: one package file, for the command line's report and for the
``smab_build_finished`` hook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class BuiltPackage:
    path: Path
    format: str
    lang: str
    size: int
    seconds: float
