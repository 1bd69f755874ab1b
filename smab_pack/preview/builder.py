"""The preview's builds: the course checked again on every change, with the pages that did not change
taken from the last run, and each language rendered again only when what it shows changed.

What a build holds is what the package of the chosen format would hold (the same ``Format.package``
writes it), kept in memory; nothing is written to disk."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from smab_pack import pipeline, plugins
from smab_pack.diagnostics import Diagnostic, Diagnostics, Severity
from smab_pack.markdown.parser import parse_page
from smab_pack.models.content import Page
from smab_pack.packaging.zipwriter import PackageWriter
from smab_pack.render.site import render_site


def _stamp(file: Path) -> tuple[int, int, int] | None:
    try:
        info = file.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


class PageCache:
    """``parse_page`` results (the page and its diagnostics) by file, kept while the file's
    modification time, size and inode stay the same. Whatever else a page's parse depends on
    (the set of pages, assets, resources.yaml, course.yaml) changes only with a file that is
    not an existing page's Markdown: the builder clears the whole cache then."""

    def __init__(self) -> None:
        self._pages: dict[tuple, tuple[tuple, Page | None, list[Diagnostic]]] = {}
        self.stamps: dict[Path, tuple] = {}  # each file as it was when last parsed
        self.parsed = 0  # pages parsed (cache misses) since the last reset_counts()
        self.reused = 0

    def clear(self) -> None:
        self._pages.clear()
        self.stamps.clear()

    def reset_counts(self) -> None:
        self.parsed = self.reused = 0

    def parse(self, file: Path, *, diags: Diagnostics, **arguments) -> Page | None:
        key: tuple[object, ...] = (
            file,
            arguments["page_id"],
            arguments["module_id"],
            arguments["lang"],
            arguments.get("trusted_html"),
            # the glossary marks terms in pages: an edited glossary.yaml parses them again
            arguments["glossary"].model_dump_json() if arguments.get("glossary") is not None else None,
        )
        stamp: tuple[object, ...] | None = _stamp(file)
        if arguments.get("text") is not None:  # a page a plugin made (the evaluation): its text says it all
            key, stamp = (*key, arguments["text"]), ("text",)
        cached = self._pages.get(key)
        if stamp is not None and cached is not None and cached[0] == stamp:
            self.reused += 1
            diags.extend(cached[2])
            return cached[1]
        self.parsed += 1
        own = Diagnostics()  # this page's diagnostics alone, to replay while the page is unchanged
        page = parse_page(file, diags=own, **arguments)
        found = list(own)
        diags.extend(found)
        if stamp is not None:
            self._pages[key] = (stamp, page, found)
            if arguments.get("text") is None:
                self.stamps[file] = stamp
        return page


@dataclass
class Good:
    """The last build without errors: what the preview shows, in every language."""

    number: int
    checked: pipeline.CheckedCourse
    epoch: int
    finished: float  # time.time()
    #: language → what its rendering depends on (the epoch, each page's source file as it was)
    inputs: dict[str, tuple] = field(default_factory=dict)


@dataclass
class Outcome:
    """What one run of the builder found: for the terminal and the page's overlay."""

    number: int
    diagnostics: list[Diagnostic]
    seconds: float
    parsed: int
    reused: int
    rendered: list[str]
    #: the build shown (the last good one), None while there has been none
    shown: int | None
    failed: str | None = None  # the course cannot be loaded at all (e.g. course.yaml missing)

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)


class Builder:
    """Checks the course on demand (``rebuild``) and renders a language when asked (``site``).
    Thread-safe: the watcher rebuilds while the server's threads read."""

    def __init__(self, root: Path, fmt: str) -> None:
        self.root = Path(os.path.abspath(root))
        self.registry = plugins.registry()  # once: a rebuild asks no plugin again
        self.format = self.registry.formats[fmt]
        self.cache = PageCache()
        self.epoch = 0  # bumped when a change may affect every page (not one page's Markdown)
        self.good: Good | None = None
        self.last: Outcome | None = None
        self.page_files: set[Path] = set()
        self.files: set[Path] = set()  # every file in the course folder at the last build
        self._walked = -1  # the epoch self.files was read in
        #: the course's languages and default, as the last run that could load course.yaml read them
        self.course_languages: list[str] = []
        self.default_language: str | None = None
        self._number = 0
        self._lock = threading.RLock()
        self._languages: dict[str, tuple] = {}  # language plugin and strings, read once
        #: language → (the inputs it was rendered from, the package's files)
        self._sites: dict[str, tuple[tuple, dict[str, bytes | Path]]] = {}
        self.renders = 0  # languages rendered, in all

    def changed(self, paths: set[Path]) -> bool:
        """Note files that changed; True if a rebuild is needed. A page's Markdown rewritten (in place,
        or as editors do, a new file renamed over it) expires that page alone; any other change
        (a new or deleted file, YAML, an asset, captions) may touch every page: all are parsed
        again. A file that came and went between two builds (an editor's or sed's temporary
        file) changes nothing."""
        with self._lock:
            relevant = False
            for path in paths:
                exists = path.exists()
                resolved = path.resolve() if exists else path
                if exists and resolved.suffix == ".md" and resolved in self.page_files:
                    relevant = True  # its cache entry expires by its stamp
                elif exists or path in self.files:
                    relevant = True
                    self.epoch += 1
                    self.cache.clear()
            return relevant

    def _walk(self) -> set[Path]:
        found: set[Path] = set()
        for folder, _, names in os.walk(self.root):
            found.update(Path(folder, name) for name in names)
        return found

    def rebuild(self, eager: set[str] | None = None) -> Outcome:
        """Check the course; if it has no errors it becomes the build shown, and the languages in
        ``eager`` (those open in a browser) are rendered at once, the others when asked for."""
        with self._lock:
            started = time.perf_counter()
            self._number += 1
            self.cache.reset_counts()
            diags = Diagnostics()
            failed = None
            if self._walked != self.epoch:  # the files are the same while only pages' text changed
                self.files, self._walked = self._walk(), self.epoch
            try:
                checked = pipeline.check_course(self.root, diags, page_parser=self.cache.parse, registry=self.registry)
            except OSError as exc:  # the folder vanished under us (e.g. a checkout in progress)
                checked, failed = None, f"the course cannot be read: {exc}"
            if checked is not None:
                checked = self._prepared(checked, diags)
                self.course_languages = list(checked.source.config.languages)
                self.default_language = checked.source.config.lang
                self.page_files = {
                    f.resolve() for m in checked.source.modules for p in m.pages for f in p.files.values()
                }
            rendered: list[str] = []
            if checked is not None and not diags.has_errors:
                self.good = Good(number=self._number, checked=checked, epoch=self.epoch, finished=time.time())
                for lang, course in checked.localized.items():
                    self.good.inputs[lang] = (
                        self.epoch,
                        tuple(
                            (p.id, str(p.source), p.fallback_from, self.cache.stamps.get(p.source))
                            for p in course.pages
                        ),
                    )
                for lang in sorted(eager or ()):
                    if lang in checked.localized and self._render(lang):
                        rendered.append(lang)
            elif checked is None and failed is None:
                failed = "the course cannot be loaded"
            self.last = Outcome(
                number=self._number,
                diagnostics=list(diags),
                seconds=time.perf_counter() - started,
                parsed=self.cache.parsed,
                reused=self.cache.reused,
                rendered=rendered,
                shown=self.good.number if self.good else None,
                failed=failed,
            )
            return self.last

    def _prepared(self, checked: pipeline.CheckedCourse, diags: Diagnostics) -> pipeline.CheckedCourse:
        """What ``build`` adds before rendering: the LMS preset of course.yaml, the format's own checks."""
        config = checked.source.config
        preset = self.registry.lms_presets.get(config.lms) if config.lms else None
        if preset is not None:
            config = pipeline.apply_preset(checked.source, preset, diags)
            for course in checked.localized.values():
                course.config = config
        self.format.check(checked.localized[config.languages[0]], diags)
        return checked

    def _language(self, lang: str) -> tuple:
        if lang not in self._languages:
            self._languages[lang] = pipeline.language_for(lang, self.registry)
        return self._languages[lang]

    def _render(self, lang: str) -> bool:
        """Render ``lang`` of the good build, unless what it was last rendered from is unchanged."""
        assert self.good is not None
        inputs = self.good.inputs[lang]
        if lang in self._sites and self._sites[lang][0] == inputs:
            return False
        course = self.good.checked.localized[lang]
        # every other course language is a help language, as in a multilingual package: the author
        # sees the glossary's help texts and parallel text (the shell's help-language picker)
        others = [other for other in self.good.checked.source.config.languages if other != lang]
        course = course.model_copy(update={"help_languages": others})
        language, strings = self._language(lang)
        # readable run-time (comments, names) for the author's browser tools; nothing to minify per edit
        site = render_site(
            [(course, language, strings)], self.registry.block_types, self.registry.languages, minify=False
        )
        writer = PackageWriter()
        self.format.package(site, writer)
        self._sites[lang] = (inputs, dict(writer.files))
        self.renders += 1
        return True

    def site(self, lang: str) -> tuple[int, dict[str, bytes | Path]] | None:
        """(build number, the package's files) of the build shown, in ``lang``; None if there is none."""
        with self._lock:
            good = self.good
            if good is None or lang not in good.checked.localized:
                return None
            self._render(lang)  # a language nobody looked at since it changed is rendered now
            return good.number, self._sites[lang][1]

    @property
    def languages(self) -> list[str]:
        with self._lock:
            if self.good is not None:
                return list(self.good.checked.source.config.languages)
            return list(self.course_languages)
