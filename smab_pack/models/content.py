"""The typed content model: what the Markdown parser produces.

Everything downstream (language plugins, the HTML renderer, format plugins)
works on these objects; nothing re-parses Markdown.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny

from smab_pack.models.course import CourseConfig
from smab_pack.models.glossary import Glossary
from smab_pack.models.interactions import Assessment, Interaction, Media
from smab_pack.models.resources import ResourceBank


class Block(BaseModel):
    """A block of a page. Block-type plugins subclass it with their own fields."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    line: int = Field(description="1-based line of the block in its page file.")

    def interactions(self) -> list[Interaction]:
        """The questions of this block, as the LMS records them (the interaction contract)."""
        return []

    def media(self) -> list[Media]:
        """The videos or audio of this block whose progress the run-time follows."""
        return []

    def assessment(self) -> Assessment | None:
        """The attempt rules and pool of this block's questions (a quiz's), or None: its questions
        are then answered once each, as they stand."""
        return None


class ProseBlock(Block):
    """Ordinary Markdown (paragraphs, lists, tables, images) as safe HTML."""

    kind: str = "prose"
    html: str


class Heading(BaseModel):
    level: int
    text: str
    anchor: str
    line: int


class PageLink(BaseModel):
    """A link to a heading on another page, checked once every page is parsed."""

    target_page: str
    target_lang: str
    anchor: str
    line: int
    column: int | None = None


class Asset(BaseModel):
    """A file of the course folder that a page references."""

    model_config = ConfigDict(frozen=True)

    source: Path  # absolute path on disk
    href: str  # path inside the package, POSIX


class Page(BaseModel):
    id: str
    module_id: str
    lang: str
    title: str
    source: Path
    blocks: list[SerializeAsAny[Block]] = Field(default_factory=list)
    headings: list[Heading] = Field(default_factory=list)
    assets: list[Asset] = Field(default_factory=list)
    links: list[PageLink] = Field(default_factory=list)
    #: an aid (the glossary page): shown and navigable, but not needed to complete the course
    aid: bool = False
    # Set when the page is shown in `lang` but was written in another language.
    fallback_from: str | None = None
    #: for a translation: the default-language file it translates
    translation_of: Path | None = None
    #: the page's file in each language of the course that has one (parallel text reads the help
    #: language's); empty for a page a plugin made
    files: dict[str, Path] = Field(default_factory=dict)

    def interactions(self) -> list[Interaction]:
        """Every question of the page, in page order."""
        return [i for block in self.blocks for i in block.interactions()]

    @property
    def has_graded(self) -> bool:
        return any(i.graded for i in self.interactions())


class Module(BaseModel):
    id: str
    title: str
    description: str = ""
    pages: list[Page]

    @property
    def has_graded(self) -> bool:
        """Whether a page of the module asks a question that counts (a cmi5 AU per module)."""
        return any(p.has_graded for p in self.pages)


class LocalizedCourse(BaseModel):
    """The whole course in one language, ready to render."""

    config: CourseConfig
    root: Path
    lang: str
    title: str
    description: str
    modules: list[Module]
    #: files of the course folder used by a page in any language (assets are shared)
    used_files: set[Path] = Field(default_factory=set)
    #: the resource bank (resources.yaml), shared by every language; None if the course has none
    resources: ResourceBank | None = None
    #: the glossary (glossary.yaml), shared by every language; None if the course has none
    glossary: Glossary | None = None
    #: languages the learner may read aids in besides the course language (help_languages:,
    #: build --help-language; every language of a multilingual package)
    help_languages: list[str] = Field(default_factory=list)
    #: branding.logos, checked and in the package under content/ (same in every language)
    logos: list[Asset] = Field(default_factory=list)

    @property
    def pages(self) -> list[Page]:
        return [p for m in self.modules for p in m.pages]

    @property
    def has_graded(self) -> bool:
        """Whether any page asks a question that counts towards the score (a mastery score applies)."""
        return any(p.has_graded for p in self.pages)

    def assets(self) -> list[Asset]:
        seen: dict[str, Asset] = {}
        for page in self.pages:
            for asset in page.assets:
                seen.setdefault(asset.href, asset)
        return [seen[k] for k in sorted(seen)]
