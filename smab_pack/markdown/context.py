"""State shared while one page file is parsed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, cast
from urllib.parse import unquote

from smab_pack.diagnostics import Diagnostics, Severity
from smab_pack.loading.chars import printable
from smab_pack.loading.paths import ABSOLUTE, course_path, file_problem
from smab_pack.models.content import Asset, Heading, PageLink

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token

    from smab_pack.models.glossary import Glossary
    from smab_pack.models.resources import ResourceBank


@dataclass
class ParseContext:
    md: MarkdownIt
    diags: Diagnostics
    course_root: Path
    file: Path
    page_id: str
    lang: str
    #: resolved absolute path of every page file → (page id, language), for links between pages
    page_files: dict[Path, tuple[str, str]]
    source_lines: list[str]
    line_offset: int  # lines of front matter before the Markdown body
    headings: list[Heading] = field(default_factory=list)
    assets: dict[str, Asset] = field(default_factory=dict)
    #: in-page anchors that links point at, checked once all headings are known
    anchor_refs: list[tuple[str, int, int | None]] = field(default_factory=list)
    links: list[PageLink] = field(default_factory=list)
    #: per-page state of block-type plugins (counters), keyed by plugin: each plugin its own
    scratch: dict[str, dict] = field(default_factory=dict)
    #: ids taken on this page, per scope (see claim_id)
    claimed: dict[str, set[str]] = field(default_factory=dict)
    trusted_html: bool = False
    #: line of the `::: name` line of the block being parsed, for block-level errors
    block_line: int = 0
    #: the course's resources.yaml, for `resource:id` links and resource blocks; None when that
    #: file has errors (reported there), an empty bank when the course has none
    resources: ResourceBank | None = None
    #: the course's glossary.yaml, for the glossary plugin's marks; None when the course has none
    #: or the file has errors (reported there)
    glossary: Glossary | None = None
    #: the translation unit id (markdown/units.py) of each block title, by the line of its ``:::``
    #: opener: ``title_segment()`` gives a block its own, for its title's ``data-seg``
    title_segments: dict[int, str] = field(default_factory=dict)

    def title_segment(self) -> str:
        """The translation unit id of the title of the block being parsed ("" when it has none): a
        block type that shows its title puts it in the title element's ``data-seg`` attribute, so
        that the help language's version of the title (parallel text) lands under it."""
        return self.title_segments.get(self.block_line, "")

    def claim_id(self, scope: str, id: str) -> bool:
        """Take ``id`` in ``scope`` for this page: True the first time, False when it is taken.

        Block types whose ids share a namespace claim them in one scope: every question of a page
        (whatever block asks it) becomes the run-time key '<page>.<id>', so quiz and survey
        questions claim theirs in ``"interaction"``; videos claim theirs in ``"media"``."""
        taken = self.claimed.setdefault(scope, set())
        if id in taken:
            return False
        taken.add(id)
        return True

    def render(self, tokens: list[Token]) -> str:
        """HTML of block tokens; block-type plugins render through here so that
        everything is sanitised the same way."""
        from smab_pack.markdown.sanitize import clean

        html = self.md.renderer.render(tokens, self.md.options, {"ctx": self}) if tokens else ""
        return html if self.trusted_html else clean(html)

    def render_inline(self, inline: Token) -> str:
        from smab_pack.markdown.sanitize import clean

        renderer = cast("RendererHTML", self.md.renderer)  # make_markdown keeps markdown-it's HTML renderer
        html = renderer.renderInline(inline.children or [], self.md.options, {"ctx": self})
        html = html if self.trusted_html else clean(html)
        # a translation unit rendered apart from its element (a quiz's question or answer): the
        # mark of parallel text goes with it (markdown/parser.py, mark_segments)
        seg = inline.meta.get("seg") if inline.meta else None
        return f'<span data-seg="{seg}">{html}</span>' if seg and html else html

    def line_of(self, token: Token | None) -> int:
        if token is not None and token.map:
            return token.map[0] + 1 + self.line_offset
        return 1 + self.line_offset

    def find(self, needle: str, token: Token | None) -> tuple[int, int | None]:
        """Exact (line, column) of ``needle`` inside the source lines of ``token``."""
        if token is not None and token.map:
            start, end = token.map
            for index in range(start, min(end, len(self.source_lines))):
                column = self.source_lines[index].find(needle)
                if column >= 0:
                    return index + 1 + self.line_offset, column + 1
        return self.line_of(token), None

    def report(
        self,
        code: str,
        message: str,
        token: Token | None = None,
        *,
        needle: str | None = None,
        severity: Severity = Severity.ERROR,
        hint: str | None = None,
        line: int | None = None,
    ) -> None:
        if line is not None:
            column = None
        else:
            line, column = self.find(needle, token) if needle else (self.line_of(token), None)
        self.diags.add(code, message, file=self.file, line=line, column=column, severity=severity, hint=hint)

    def asset(self, raw: str, token: Token | None, what: str) -> tuple[str, Path] | None:
        """Resolve a file a block refers to (relative to the page, inside the course
        folder), add it to the package and return (package href, path on disk).
        Escapes and missing files are reported at the block's line."""
        target = self.local_target(raw, token, what, line=self.block_line or None)
        if target is None:
            return None
        if not target.is_file():
            self.report(
                "missing-file",
                f"{what} '{raw}' {file_problem(target)}",
                token,
                needle=raw,
                line=None if token is not None else (self.block_line or None),
            )
            return None
        return self.add_asset(target), target.resolve()

    def local_target(self, raw: str, token: Token | None, what: str, *, line: int | None = None) -> Path | None:
        """``raw`` (a reference in the page, URL-quoted) resolved from the page's folder, inside the
        course; an escape, an absolute path or a symlink loop is reported and gives None."""
        target, problem = course_path(unquote(raw), self.file.parent, self.course_root)
        if problem is not None:
            advice = ": use a path relative to the page" if problem.message == ABSOLUTE else ""
            self.report(
                problem.code,
                f"{what} '{printable(raw)}' {problem.message}{advice}",
                token,
                needle=raw,
                line=line,
                hint=problem.hint,
            )
        return target

    def add_asset(self, target: Path) -> str:
        """Put the course file ``target`` (already checked to lie inside the course) into the
        package and return its href there (``content/<path in the course>``)."""
        rel = PurePosixPath(target.resolve().relative_to(self.course_root.resolve()).as_posix())
        href = f"content/{rel}"
        self.assets.setdefault(href, Asset(source=target.resolve(), href=href))
        return href

    def anchor(self, slug: str) -> str:
        """HTML id of a heading: unique across the one document holding every page."""
        return f"{self.page_id}--{slug}"
