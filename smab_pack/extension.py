"""The objects plugins hand to smab-pack through the hooks in ``hookspecs``.

A plugin returns instances of these from its hook implementations; the core
never needs to know which plugin a format, block type, language or rule came
from.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from markdown_it.token import Token

    from smab_pack.checking.report import Reporter
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.markdown.context import ParseContext
    from smab_pack.models.content import Block, LocalizedCourse, Page
    from smab_pack.packaging.site import RenderedSite
    from smab_pack.packaging.zipwriter import PackageWriter


@dataclass(frozen=True)
class Language:
    """A language the learner run-time speaks."""

    tag: str  # BCP 47
    name: str  # in the language itself, e.g. "norsk bokmål"
    english_name: str
    direction: str = "ltr"  # or "rtl"
    #: run-time UI strings by key; a list holds the plural forms of one string
    strings: dict[str, "str | list[str]"] = field(default_factory=dict)
    #: gettext plural expression in n (e.g. "(n != 1)"), valid in JavaScript too
    plural: str = "(n != 1)"


class BlockType(ABC):
    """A content block written as a ``::: name`` container in Markdown."""

    name: ClassVar[str]
    #: JavaScript and CSS the learner run-time needs for this block type.
    js: ClassVar[str] = ""
    css: ClassVar[str] = ""

    def containers(self) -> tuple[str, ...]:
        """Container names that open this block (``::: name``)."""
        return (self.name,)

    @abstractmethod
    def parse(self, info: str, tokens: list["Token"], ctx: "ParseContext") -> "Block | None":
        """Turn the tokens inside the container into a block (or None after reporting)."""

    @abstractmethod
    def render(self, block: "Block", ctx: "RenderContext") -> str:
        """HTML for the block in the learner's page."""


class PageParser(Protocol):
    """What ``smab_extra_pages`` gets to turn the Markdown it writes into a page: parsed like a
    page file of the course (block types, links, assets, every check), in the hook's language.
    ``made_by`` says in an error's words where the page comes from ("course.yaml's evaluation:");
    its problems are reported at course.yaml. None when the page has errors (already reported)."""

    def __call__(self, text: str, *, page_id: str, module_id: str, made_by: str) -> "Page | None": ...


@dataclass
class RenderContext:
    """What a block type's ``render`` may use: the course, its language, UI strings."""

    course: "LocalizedCourse"
    language: Language
    strings: dict[str, str]
    page_id: str = ""
    #: every language the registry knows, by tag (names and directions of caption tracks, say)
    languages: dict[str, Language] = field(default_factory=dict)


class Format(ABC):
    """A package format: SCORM 1.2, SCORM 2004, xAPI, cmi5, web…"""

    name: ClassVar[str]
    title: ClassVar[str]
    #: built by `smab-pack build` without -f; False: only when asked for (-f NAME)
    default: ClassVar[bool] = True
    #: can hold every language in one package (`build --multilingual`)
    multilingual: ClassVar[bool] = True

    def check(self, course: "LocalizedCourse", diags: "Diagnostics") -> None:
        """Report why ``course`` cannot be packaged in this format (e.g. it lacks
        what the format packages), before anything is rendered or written.
        Called once per build, with the course in the first language built."""

    @abstractmethod
    def package(self, site: "RenderedSite", writer: "PackageWriter") -> None:
        """Write every file of the package to ``writer``: the site's files, an
        ``adapter.js`` that connects the run-time to the platform, a manifest."""

    def file_name(self, site: "RenderedSite") -> str:
        cfg = site.course.config
        return f"{cfg.id}-{cfg.version}-{site.lang}-{self.name}.zip"


class PackageChecker(ABC):
    """Rules for one kind of manifest, used by ``smab-pack check`` on any package."""

    #: the manifest's file name at the package root
    manifest: ClassVar[str]

    @abstractmethod
    def kind(self, root) -> str | None:
        """The package kind (e.g. "scorm12") if this checker reads ``root``, else None."""

    @abstractmethod
    def check(self, root, kind: str, names: set[str] | None, report: "Reporter") -> None:
        """Report every rule ``root`` breaks. ``names`` are the package's files, None for a bare manifest."""

    def schema_files(self, kind: str) -> list[tuple[str, str]]:
        """(namespace, XSD file name) pairs that ``check --schemas DIR`` validates ``kind`` against."""
        return []


@dataclass(frozen=True)
class LintRule:
    """A documented diagnostic code. With ``check`` it is a lint rule run over
    the parsed course; without, it documents a code reported while loading,
    parsing (``scope="course"``) or checking a package (``scope="package"``)."""

    code: str
    summary: str
    fix: str
    check: Callable[["LocalizedCourse", "Diagnostics"], None] | None = None
    severity: str = "warning"
    scope: str = "course"


def rules_from(scope: str, rows: "list[tuple[str, str, str, str]]") -> list[LintRule]:
    """Document codes from (code, severity, summary, fix) rows."""
    return [LintRule(code, summary, fix, severity=severity, scope=scope) for code, severity, summary, fix in rows]


class LmsQuirk(BaseModel):
    """One thing a platform does that a preset answers, with where that is written down."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: what the platform does, and what the preset does about it
    text: str = Field(min_length=1)
    #: the platform's own documentation, source code or issue tracker; empty when no source was
    #: found (the preset then takes the conservative choice, and the docs say so)
    sources: tuple[str, ...] = ()


class LmsPreset(BaseModel):
    """What ``smab-pack build --lms NAME`` (or ``lms: NAME`` in course.yaml) builds for one
    platform: its formats and the ``packaging:`` settings it needs. Presets are data: a plugin
    returns them from ``smab_lms_presets`` and the core applies them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", description="Used with --lms and lms:.")
    title: str = Field(min_length=1, description="The platform, in words, e.g. 'Moodle 4.x'.")
    formats: tuple[str, ...] = Field(min_length=1, description="Formats built (unless -f names others).")
    #: format of the course's resource bank (resources.yaml), built only when the course has one
    bank_format: str | None = None
    #: course.yaml ``packaging:`` values the platform needs, e.g. {"cmi5": {"au_per": "course"}};
    #: values the author wrote in course.yaml win over them (with a warning)
    settings: dict[str, Any] = Field(default_factory=dict)
    quirks: tuple[LmsQuirk, ...] = ()
