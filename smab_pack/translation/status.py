"""Which translations are current, stale, untranslated (incomplete) or missing.

A translation records the fingerprint of the source page it was made from
(`translated_from` in its front matter). When the source page changes, its
fingerprint changes and the translation is reported stale. Caption and chapter
files (WebVTT) record it in a `NOTE translated_from: …` block, which players skip.
"""

from __future__ import annotations

import hashlib
import json
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
from smab_pack.translation.captions import caption_sources, caption_units, translation_of
from smab_pack.translation.segments import units_of
from smab_pack.translation.untranslated import untranslated_units
from smab_pack.translation.yaml_texts import yaml_sources, yaml_targets, yaml_units

if TYPE_CHECKING:
    from smab_pack.models.content import LocalizedCourse

FINGERPRINT = re.compile(r"^translated_from:.*$", re.MULTILINE)
GLOSSARY = "glossary.yaml"
#: the glossary's record of what each language was translated from: a top-level mapping
_RECORD = re.compile(r"^translated_from:[ \t]*\n((?:[ \t]+.*\n?)*)", re.MULTILINE)
CAPTION_NOTE = re.compile(r"^NOTE translated_from:[ \t]*(\S*)[ \t]*$", re.MULTILINE)


class State(StrEnum):
    CURRENT = "current"
    STALE = "stale"
    UNTRACKED = "untracked"  # no record of its source: cannot tell
    UNTRANSLATED = "untranslated"  # incomplete: some texts are still the source's, or missing (untranslated.py)
    MISSING = "missing"


def fingerprint(path: Path) -> str:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=4)
def glossary_fingerprint(text: str, default: str) -> str:
    """The version of the glossary's texts in the default language (its terms and definitions):
    what its translations are made from. Forms, links and other languages' texts leave it as it is.
    Cached: a build asks once per course language for the same text (each parse ~40 ms)."""
    units = [[u.id, u.text] for u in yaml_units(default)(text)]
    return hashlib.sha256(json.dumps(units, ensure_ascii=False).encode("utf-8")).hexdigest()[:12]


def glossary_record(text: str) -> dict[str, str]:
    """``translated_from`` of glossary.yaml: language → fingerprint (nothing when unreadable)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    record = data.get("translated_from") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in record.items()} if isinstance(record, dict) else {}


def glossary_with_record(text: str, lang: str, value: str) -> str:
    """glossary.yaml with ``translated_from.<lang>: value``: that one line replaced or added (the
    mapping added at the end when there is none); nothing else in the file changes."""
    line = f"  {lang}: {value}\n"
    match = _RECORD.search(text)
    if match is None:
        return text + ("" if text.endswith("\n") else "\n") + "translated_from:\n" + line
    body = match.group(1)
    lines = body.splitlines(keepends=True)
    for index, old in enumerate(lines):
        if old.strip().split(":")[0] == lang:
            lines[index] = line
            break
    else:
        lines.append(line if body.endswith("\n") or not body else "\n" + line)
    return text[: match.start(1)] + "".join(lines) + text[match.end(1) :]


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
    _report_stale_glossary(course, diags)
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


def _report_stale_glossary(course: LocalizedCourse, diags: Diagnostics) -> None:
    glossary = course.glossary
    recorded = glossary.translated_from.get(course.lang) if glossary is not None else None
    file = course.root / GLOSSARY
    if recorded is None or regular_file(file, course.root)[0] is None:
        return
    text = file.read_text(encoding="utf-8")
    if recorded != glossary_fingerprint(text, course.config.lang):
        line = next(
            (n for n, t in enumerate(text.splitlines(), 1) if t.strip().startswith(f"{course.lang}: {recorded}")), 1
        )
        diags.add(
            "stale-translation",
            f"the glossary's {course.config.lang} terms or definitions changed after its {course.lang} texts were made",
            file=file,
            line=line,
            severity=Severity.WARNING,
            hint=f"update the {course.lang} texts, then: smab-pack translate stamp COURSE -l {course.lang}",
        )


@dataclass
class PageStatus:
    page: str
    state: State
    source: Path
    translation: Path | None
    #: where the translation is (or would be, when missing)
    file: Path | None = None
    #: the ids of its units still untranslated (State.UNTRANSLATED)
    untranslated: list[str] = field(default_factory=list)


@dataclass
class LanguageStatus:
    lang: str
    pages: list[PageStatus] = field(default_factory=list)

    def count(self, state: State) -> int:
        return sum(p.state is state for p in self.pages)


def translation_status(course: CourseSource, languages: list[str] | None = None) -> list[LanguageStatus]:
    """Every page, caption file and YAML file with texts, per target language, and its state."""
    default = course.config.lang
    result = []
    for lang in languages or [other for other in course.config.languages if other != default]:
        status = LanguageStatus(lang)
        for module in course.modules:
            for page in module.pages:
                source = page.files[default]
                target = page.files.get(lang)
                where = target or source.with_name(source.name.replace(f".{default}.md", f".{lang}.md"))
                status.pages.append(_page_status(page.id, source, target, where, units_of))
        for source in caption_sources(course.root, default):
            target = translation_of(source, default, lang)
            rel = source.relative_to(course.root).as_posix()
            status.pages.append(_page_status(rel, source, target if target.is_file() else None, target, caption_units))
        for source in yaml_sources(course.root):
            text = source.read_text(encoding="utf-8")
            targets = yaml_targets(text, default, lang)
            units = yaml_units(default)(text)
            if not units:
                continue  # no texts to translate in this file
            left = [u.id for u in units if u.id not in targets]
            state = State.UNTRANSLATED if left else State.CURRENT
            if source.name == GLOSSARY and not left:  # it records what each language was translated from
                recorded = glossary_record(text).get(lang)
                state = (
                    State.UNTRACKED
                    if recorded is None
                    else State.CURRENT
                    if recorded == glossary_fingerprint(text, default)
                    else State.STALE
                )
            rel = source.relative_to(course.root).as_posix()
            status.pages.append(PageStatus(rel, state, source, source, source, left))
        result.append(status)
    return result


def _page_status(name: str, source: Path, target: Path | None, where: Path, units) -> PageStatus:
    state = _state(source, target)
    left: list[str] = []
    if target is not None and state is not State.STALE:  # stale: redone whole anyway
        left = untranslated_units(units(source.read_text(encoding="utf-8")), units(target.read_text(encoding="utf-8")))
        if left:
            state = State.UNTRANSLATED
    return PageStatus(name, state, source, target, where, left)


def _state(source: Path, target: Path | None) -> State:
    if target is None:
        return State.MISSING
    recorded = recorded_fingerprint(target)
    return State.UNTRACKED if recorded is None else State.CURRENT if recorded == fingerprint(source) else State.STALE


def status_table(report: list[LanguageStatus], relative_to: Path | None = None) -> str:
    """``translate status``'s text: the counts per language, then every file counted, with its state
    (and the untranslated units), so that nothing is counted without being named."""
    order = (State.CURRENT, State.STALE, State.UNTRACKED, State.UNTRANSLATED, State.MISSING)
    widths = [max(len(st.value), 5) + 2 for st in order]
    lines = [f"{'language':<10}" + "".join(f"{st.value:>{w}}" for st, w in zip(order, widths, strict=True))]
    for status in report:
        lines.append(
            f"{status.lang:<10}" + "".join(f"{status.count(st):>{w}}" for st, w in zip(order, widths, strict=True))
        )
        for page in status.pages:
            shown = page.file or page.translation or page.source
            if relative_to is not None and shown.resolve().is_relative_to(relative_to.resolve()):
                shown = shown.resolve().relative_to(relative_to.resolve())
            detail = f" ({len(page.untranslated)} untranslated: {', '.join(page.untranslated[:5])}" + (
                ", …)" if len(page.untranslated) > 5 else ")"
            )
            lines.append(f"    {page.state.value:<13}{shown.as_posix()}{detail if page.untranslated else ''}")
    return "\n".join(lines)


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


def stamp(translation: Path, source: Path, lang: str = "", default: str = "") -> bool:
    """Record that ``translation`` matches the current ``source``; True if the file changed. The
    glossary holds every language: ``lang`` says which one's record to write (``default`` is the
    course's default language, whose texts it was made from)."""
    text = translation.read_text(encoding="utf-8")
    if translation.name == GLOSSARY:
        new = glossary_with_record(text, lang, glossary_fingerprint(text, default))
        if new == text:
            return False
        write_atomically(translation, new)
        return True
    if translation.suffix not in (".md", ".vtt"):
        return False  # another YAML file holds every language's text: there is no one source to record
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
