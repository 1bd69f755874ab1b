"""What a package-checker plugin is: the rules of one kind of manifest, for ``smab-pack check``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from smab_pack.checking.report import Reporter


class PackageChecker(ABC):
    """Rules for one kind of manifest, used by ``smab-pack check`` on any package."""

    #: the manifest's file name at the package root
    manifest: ClassVar[str]

    @abstractmethod
    def kind(self, root) -> str | None:
        """The package kind (e.g. "scorm12") if this checker reads ``root``, else None."""

    @abstractmethod
    def check(self, root, kind: str, names: set[str] | None, report: Reporter) -> None:
        """Report every rule ``root`` breaks. ``names`` are the package's files, None for a bare manifest."""

    def schema_files(self, kind: str) -> list[tuple[str, str]]:
        """(namespace, XSD file name) pairs that ``check --schemas DIR`` validates ``kind`` against."""
        return []
