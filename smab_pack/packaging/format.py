"""What a format plugin is: it turns a rendered site into a package."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.models.content import LocalizedCourse
    from smab_pack.packaging.zipwriter import PackageWriter
    from smab_pack.render.rendered import RenderedSite


class Format(ABC):
    """A package format: SCORM 1.2, SCORM 2004, xAPI, cmi5, web…"""

    name: ClassVar[str]
    title: ClassVar[str]
    #: built by `smab-pack build` without -f; False: only when asked for (-f NAME)
    default: ClassVar[bool] = True
    #: can hold every language in one package (`build --multilingual`)
    multilingual: ClassVar[bool] = True
    #: packages the rendered site's files (``site.files``: index.html, the run-time, assets);
    #: False for a format that packages only from ``site.course`` (a cartridge of the resource
    #: bank): a build of such formats alone renders no page
    renders: ClassVar[bool] = True

    def check(self, course: LocalizedCourse, diags: Diagnostics) -> None:  # noqa: B027 (optional: accepts all)
        """Report why ``course`` cannot be packaged in this format (e.g. it lacks
        what the format packages), before anything is rendered or written.
        Called once per build, with the course in the first language built."""

    @abstractmethod
    def package(self, site: RenderedSite, writer: PackageWriter) -> None:
        """Write every file of the package to ``writer``: the site's files, an
        ``adapter.js`` that connects the run-time to the platform, a manifest."""

    def file_name(self, site: RenderedSite) -> str:
        cfg = site.course.config
        return f"{cfg.id}-{cfg.version}-{site.lang}-{self.name}.zip"
