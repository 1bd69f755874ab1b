"""Which translations are current, stale or missing.

A translation records the fingerprint of the source page it was made from
(`translated_from` in its front matter). When the source page changes, its
fingerprint changes and the translation is reported stale. Caption and chapter
files (WebVTT) record it in a `NOTE translated_from: …` block, which players skip.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from smab_pack.diagnostics import Diagnostics, Severity
from smab_pack.loading.course_loader import CourseSource
from smab_pack.loading.paths import regular_file
from smab_pack.translation.captions import caption_sources, translation_of

if TYPE_CHECKING:
    from smab_pack.models.content import LocalizedCourse

FINGERPRINT = re.compile(r"^translated_from:.*$", re.MULTILINE)
CAPTION_NOTE = re.compile(r"^NOTE translated_from:[ \t]*(\S*)[ \t]*$", re.MULTILINE)


class State(StrEnum):
    CURRENT = "current"
    STALE = "stale"
    UNTRACKED = "untracked"  # no record of its source: cannot tell
    MISSING = "missing"


def fingerprint(path: Path) -> str:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def recorded_fingerprint(path: Path) -> str | None:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".vtt":
        match = CAPTION_NOTE.search(text)
        return match.group(1) or None if match else None
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    return _translated_from(text[4:end]) if end > 0 else None


@lru_cache(maxsize=1024)
def _translated_from(front_matter: str) -> str | None:
    """``translated_from`` of a page's front matter. Kept by the text itself (so never out of date):
    ``preview`` checks every translation again on each save, and most front matter is unchanged."""
    try:
        data = yaml.safe_load(front_matter)
    except yaml.YAMLError:
        return None
    value = data.get("translated_from") if isinstance(data, dict) else None
    return str(value) if value else None


def report_stale_translations(course: LocalizedCourse, diags: Diagnostics) -> None:
    """Warn (``stale-translation``) about every page and caption file of ``course`` translated
    from an older version of its source: the check behind the built-in lint rule, kept beside
    the fingerprints that ``translate stamp`` writes."""
    for page in course.pages:
        if page.translation_of is None:
            continue
        recorded = recorded_fingerprint(page.source)
        if recorded is not None and recorded != fingerprint(page.translation_of):
            diags.add(
                "stale-translation",
                f"the {page.translation_of.name} page changed after this translation was made",
                file=page.source,
                line=1,
                severity=Severity.WARNING,
                hint=f"update the translation, then: smab-pack translate stamp COURSE -l {course.lang}",
            )
    if course.lang == course.config.lang:
        return
    for source in caption_sources(course.root, course.config.lang):
        target = translation_of(source, course.config.lang, course.lang)
        # read only the course's own files (a caption symlinked out of the course is refused elsewhere)
        recorded = recorded_fingerprint(target) if regular_file(target, course.root)[0] is not None else None
        if recorded is not None and recorded != fingerprint(source):
            diags.add(
                "stale-translation",
                f"the captions {source.name} changed after this translation was made",
                file=target,
                line=3,
                severity=Severity.WARNING,
                hint=f"update the captions, then: smab-pack translate stamp COURSE -l {course.lang}",
            )


@dataclass
class PageStatus:
    page: str
    state: State
    source: Path
    translation: Path | None


@dataclass
class LanguageStatus:
    lang: str
    pages: list[PageStatus] = field(default_factory=list)

    def count(self, state: State) -> int:
        return sum(p.state is state for p in self.pages)


def translation_status(course: CourseSource, languages: list[str] | None = None) -> list[LanguageStatus]:
    default = course.config.lang
    result = []
    for lang in languages or [other for other in course.config.languages if other != default]:
        status = LanguageStatus(lang)
        for module in course.modules:
            for page in module.pages:
                source = page.files[default]
                target = page.files.get(lang)
                state = _state(source, target)
                status.pages.append(PageStatus(page.id, state, source, target))
        for source in caption_sources(course.root, default):
            target = translation_of(source, default, lang)
            status.pages.append(
                PageStatus(
                    source.relative_to(course.root).as_posix(),
                    _state(source, target if target.is_file() else None),
                    source,
                    target if target.is_file() else None,
                )
            )
        result.append(status)
    return result


def _state(source: Path, target: Path | None) -> State:
    if target is None:
        return State.MISSING
    recorded = recorded_fingerprint(target)
    return State.UNTRACKED if recorded is None else State.CURRENT if recorded == fingerprint(source) else State.STALE


def caption_with_fingerprint(text: str, value: str) -> str:
    """A WebVTT text whose NOTE records ``value``: replaced, or added after the WEBVTT line."""
    line = f"NOTE translated_from: {value}"
    if CAPTION_NOTE.search(text):
        return CAPTION_NOTE.sub(line, text, count=1)
    header, _, rest = text.partition("\n")
    if not rest.startswith("\n"):
        rest = "\n" + rest  # a blank line ends the NOTE block
    return f"{header}\n\n{line}\n{rest}"


def _new_file_mode() -> int:
    """The mode a new file gets here: 0o666 less the umask (tempfile's own files are 0o600)."""
    mask = os.umask(0o022)  # reading the umask means setting it; put it back at once
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: Path, text: str) -> None:
    """Write ``path`` through a temporary file beside it, so it is never half-written. A replaced
    file keeps its permissions; a new one gets the folder's usual ones (the umask's)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stamp(translation: Path, source: Path) -> bool:
    """Record that ``translation`` matches the current ``source``; True if the file changed."""
    text = translation.read_text(encoding="utf-8")
    if translation.suffix == ".vtt":
        new = caption_with_fingerprint(text, fingerprint(source))
        if new == text:
            return False
        write_atomically(translation, new)
        return True
    line = f"translated_from: {fingerprint(source)}"
    end = text.find("\n---", 3) if text.startswith("---\n") else -1
    if end < 0:
        return False
    head, rest = text[:end], text[end:]
    new_head = FINGERPRINT.sub(line, head) if FINGERPRINT.search(head) else head + "\n" + line
    if new_head == head:
        return False
    write_atomically(translation, new_head + rest)
    return True
