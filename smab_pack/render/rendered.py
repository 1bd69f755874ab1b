"""The rendered course in one language: every file a package will contain
before a format adds its adapter and manifest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from smab_pack.models.content import LocalizedCourse
from smab_pack.models.course import localize_all
from smab_pack.models.language import Language


@dataclass
class RenderedSite:
    course: LocalizedCourse
    language: Language
    #: package path → content (bytes) or a file on disk (streamed, never read whole)
    #: the package's language tag; "mul" for a package holding several languages
    lang: str = ""
    files: dict[str, bytes | Path] = field(default_factory=dict)
    launch: str = "index.html"
    #: the run-time minified (render/minify.py); formats ship their adapter likewise:
    #: ``shipped_js(source, site.minify)``
    minify: bool = True

    def __post_init__(self) -> None:
        self.lang = self.lang or self.course.lang

    @property
    def config(self):
        return self.course.config

    def titles(self) -> list[tuple[str, str]]:
        """The course title in every language that has one, this package's language first."""
        config = self.config
        return localize_all(config.title, config.languages, self.lang) or [(self.lang, self.course.title)]

    def descriptions(self) -> list[tuple[str, str]]:
        config = self.config
        return localize_all(config.description, config.languages, self.lang) or self.titles()
