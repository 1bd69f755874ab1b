"""Parallel text: under each heading, paragraph, list item, table cell, callout, block title and
quiz question or answer of a page, the learner may show its version in their help language.

The parser marks each translation unit's element with its unit id (``data-seg``, cut as XLIFF
export cuts the page); this plugin puts at the top of every page (``BlockType.page_html``),
per help language the package carries, the page's translated units of that
language (the units XLIFF export would mark ``state="translated"``) in a ``<template>``, and a
toggle; parallel.js places the picked language's segments under their originals. Untranslated
units (still the source's prose, or a page whose translation does not line up unit for unit)
have no segment: the learner never reads the source twice. docs/parallel-text.md is the guide."""

from __future__ import annotations

import re
from html import escape
from importlib.resources import files
from pathlib import Path

from markdown_it import MarkdownIt

from smab_pack.api import Block, BlockType, ParseContext, RenderContext, hookimpl, sanitize_html, translated_units

NAME = "parallel-text"
_here = files(__package__ or __name__)
#: a help segment is text: emphasis and code stay, links (to another edition's pages) and images
#: (the figure is above, in the course language) give their words, a glossary mark its words
_INLINE = MarkdownIt("commonmark", {"html": True}).enable(["strikethrough"])
_LINK = re.compile(r"</?a\b[^>]*>")
_IMAGE = re.compile(r'<img\b[^>]*?\balt="([^"]*)"[^>]*>|<img\b[^>]*>')
_TERM = re.compile(r"\[([^\[\]\n]+)\]\{term=[^{}\s]*\}")


def segment_html(text: str) -> str:
    html = sanitize_html(_INLINE.renderInline(_TERM.sub(r"\1", text)))
    return _IMAGE.sub(lambda m: m.group(1) or "", _LINK.sub("", html)).strip()


def help_segments(source: str, shown: str, target: str) -> list[tuple[str, str]]:
    """(unit id, HTML) of each unit of ``target`` (a help language's page) that parallel text
    shows under the page ``shown`` (the course language's, or the page it falls back to), both
    translations of ``source``: none when ``shown`` does not line up with the source (its marks
    would name other units)."""
    # the help language the course was written in: every unit is its own, but for those the page
    # shows in the same words
    units = translated_units(shown, source) if target == source else translated_units(source, target)
    if units is None or translated_units(source, shown) is None:
        return []
    return [
        (unit.id, segment_html(" ".join(target[start:end] for start, end in unit.spans)))
        for unit in units
        if unit.id != "description"  # front matter no page shows
    ]


class ParallelType(BlockType):
    """No ``:::`` syntax: every page gets its segments (``page_html``)."""

    name = NAME
    js = (_here / "parallel.js").read_text(encoding="utf-8")
    css = (_here / "parallel.css").read_text(encoding="utf-8")

    def containers(self) -> tuple[str, ...]:
        return ()

    def parse(self, info: str, tokens, ctx: ParseContext) -> Block | None:
        return None

    def render(self, block: Block, ctx: RenderContext) -> str:
        return ""

    def page_html(self, ctx: RenderContext) -> str:
        course = ctx.course
        page = next((p for p in course.pages if p.id == ctx.page_id), None)
        if page is None or course.config.lang not in page.files or not course.help_languages:
            return ""
        source, shown = _read(page.files[course.config.lang]), _read(page.source)
        templates = []
        for lang in course.help_languages:
            if lang not in page.files or lang == course.lang:
                continue
            segments = help_segments(source, shown, _read(page.files[lang]))
            if not segments:
                continue
            language = ctx.languages.get(lang) or ctx.languages.get(lang.split("-")[0])
            direction = language.direction if language else "ltr"
            attrs = f'class="smab-par-t" data-help="{escape(lang)}" lang="{escape(lang)}" dir="{direction}"'
            if lang in ctx.editions:  # the package holds that edition: its own elements, named by id
                templates.append(f'<template {attrs} data-ref="{" ".join(seg for seg, _ in segments)}"></template>')
                continue
            body = "".join(f'<span data-seg="{seg}">{html}</span>' for seg, html in segments)
            templates.append(f"<template {attrs}>{body}</template>")
        if not templates:
            return ""
        # the toggle's words ("Show in {language}") come from the catalogue at run time, with the
        # help language's own name
        return (
            '<p class="smab-par-bar" hidden><button type="button" class="smab-btn smab-ghost smab-par-on" '
            f'aria-pressed="false"></button></p>{"".join(templates)}'
        )


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@hookimpl
def smab_block_types():
    return [ParallelType()]
