"""Every HTML fragment that reaches a package passes through nh3 (a Rust
sanitiser built on ammonia) unless the course trusts its raw HTML."""

from __future__ import annotations

import re
from functools import lru_cache

import nh3

from smab_pack.models.ids import reserved

ATTRIBUTES = {
    # data-seg: a translation unit's id (parser.mark_segments), where parallel text goes
    "*": {"id", "class", "lang", "dir", "title", "data-seg"},
    "a": {"href", "target", "rel", "data-page", "download"},
    "img": {"src", "alt", "loading", "width", "height"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "td": {"colspan", "rowspan", "style"},
    "ol": {"start"},
    "table": {"tabindex"},
    # a glossary mark (the glossary plugin's, or an author's own): the run-time makes it a button
    # for the term's popover when the glossary has the term, and leaves it plain text otherwise
    "span": {"data-term"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_ALIGN = re.compile(r"^text-align:(left|right|center)$")
UNSAFE = re.compile(
    r"<\s*(script|style|iframe|frame|object|embed|form|input|button|textarea|select|link|meta|base|svg|math)\b"
    r"|\son[a-z]+\s*=|javascript\s*:|vbscript\s*:|data\s*:\s*text/html",
    re.IGNORECASE,
)

#: an id or class attribute in raw HTML that takes a name of the run-time (models/ids.py)
RESERVED = re.compile(r"""\s(?:id|class)\s*=\s*(?:"[^"]*|'[^']*|[^\s>]*)(?<![\w-])smab-[\w-]*""", re.IGNORECASE)


def _filter(tag: str, attribute: str, value: str) -> str | None:
    # markdown-it writes table alignment as a style; no other style gets through.
    if attribute == "style":
        return value if _ALIGN.match(value.replace(" ", "")) else None
    # Content cannot take the run-time's names: a class smab-next would otherwise be a second Next.
    if attribute == "id":
        return None if reserved(value.strip()) else value
    if attribute == "class":
        kept = " ".join(name for name in value.split() if not reserved(name))
        return kept or None
    return value


#: built once: nh3.clean() turned these settings into ammonia's on every call (1,883 calls in the
#: shipped course's build), the Cleaner keeps them; same output
_cleaner = nh3.Cleaner(attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None, attribute_filter=_filter)


@lru_cache(maxsize=4096)
def clean(html: str) -> str:
    # a third of a multilingual course's fragments repeat (code, tables, names): each cleaned once
    return _cleaner.clean(html)


def sanitize_html(html: str) -> str:
    """``html`` as it may enter a package: what the author's Markdown becomes passes through this
    (unless the course says ``raw_html: trusted``, ``ParseContext.trusted_html``). For a plugin
    that writes HTML from course text by other means than ``ParseContext.render``."""
    return clean(html)


def reserved_names(fragment: str) -> list[str]:
    """Each id or class attribute of a raw HTML fragment that takes a run-time name (smab-…)."""
    return [match.group(0).strip() for match in RESERVED.finditer(fragment)]


def unsafe(fragment: str) -> str | None:
    """The first unsafe construct in a raw HTML fragment, for the author's report."""
    match = UNSAFE.search(fragment)
    return match.group(0).strip() if match else None
