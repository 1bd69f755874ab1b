"""What a block-type plugin is, and what it gets when its block is rendered.

``BlockType`` lives in the render stage because rendering is the last thing it does; the parse
stage sees it only through the ``BlockSyntax`` protocol (markdown/parser.py), so the parser never
imports from render/.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from smab_pack.models.language import Language

if TYPE_CHECKING:
    from markdown_it.token import Token

    from smab_pack.markdown.context import ParseContext
    from smab_pack.models.content import Block, LocalizedCourse


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
    def parse(self, info: str, tokens: list[Token], ctx: ParseContext) -> Block | None:
        """Turn the tokens inside the container into a block (or None after reporting)."""

    @abstractmethod
    def render(self, block: Block, ctx: RenderContext) -> str:
        """HTML for the block in the learner's page."""

    def page_html(self, ctx: RenderContext) -> str:
        """HTML this block type puts at the top of every page (``ctx.page_id``), whether the page
        uses its block or not: an aid to reading any page (parallel text's segments, read-aloud's
        controls). "" (the default) for none; the type's ``js`` and ``css`` join the run-time
        when it gives any on some page, as when a page uses its block."""
        return ""


@dataclass
class RenderContext:
    """What a block type's ``render`` may use: the course, its language, UI strings."""

    course: LocalizedCourse
    language: Language
    #: run-time UI strings by key; a list holds the plural forms of one string (Language.strings)
    strings: dict[str, str | list[str]]
    page_id: str = ""
    #: every language the registry knows, by tag (names and directions of caption tracks, say)
    languages: dict[str, Language] = field(default_factory=dict)
    #: the languages of the package's editions (one, or all of a multilingual package): an aid can
    #: point at another edition's text instead of repeating it
    editions: tuple[str, ...] = ()

    def text(self, key: str, default: str = "") -> str:
        """The UI string ``key`` (the first form of a plural one), or ``default`` when there is none."""
        value = self.strings.get(key, default)
        return value if isinstance(value, str) else (value[0] if value else default)
