"""The glossary page (``::: glossary``): every term in the page language's alphabetical order,
its definition, and, hidden until the learner picks that help language, the term and its
definition in each help language the package carries (with their own ``lang`` and ``dir``).
The run-time's popovers read the term's entry here, so that a multilingual package holds each
language's texts once, in its own edition."""

from __future__ import annotations

import json
from html import escape
from importlib.resources import files
from typing import Any

from smab_pack.api import Block, BlockType, ParseContext, RenderContext, localize
from smab_pack.builtin.glossary.collate import sort_key

PAGE_ID = MODULE_ID = "glossary"
_here = files(__package__ or __name__)


class GlossaryBlock(Block):
    kind: str = "glossary"


def entry_id(term_id: str) -> str:
    """The entry's HTML id: a heading anchor of the glossary page, so ``#glossary--ID`` goes there."""
    return f"{PAGE_ID}--{term_id}"


class GlossaryType(BlockType):
    name = "glossary"
    js = (_here / "glossary.js").read_text(encoding="utf-8")
    css = (_here / "glossary.css").read_text(encoding="utf-8")

    def parse(self, info: str, tokens, ctx: ParseContext) -> GlossaryBlock:
        return GlossaryBlock(line=ctx.block_line)

    def render(self, block: Block, ctx: RenderContext) -> str:
        course = ctx.course
        glossary: Any = course.glossary
        if glossary is None:
            return ""
        lang, default = course.lang, course.config.lang
        terms = sorted(
            (t for t in glossary.terms if lang in t.term or default in t.term),
            key=lambda t: sort_key(localize(t.term, lang, default), lang),
        )
        names = {t.id: localize(t.term, lang, default) for t in glossary.terms}
        rows = [self._entry(t, names, ctx) for t in terms]
        search = escape(ctx.text("glossary_search", "Search the glossary"))
        none = escape(ctx.text("glossary_no_match", "No term matches."))
        return (
            '<div class="smab-gloss">'
            f'<p class="smab-gl-find"><label>{search} '
            '<input type="search" class="smab-gl-q" autocomplete="off"></label></p>'
            f'<p class="smab-gl-none" role="status"><span hidden>{none}</span></p>'
            f'<dl class="smab-gl-list">{"".join(rows)}</dl>'
            "</div>"
        )

    def _entry(self, term: Any, names: dict[str, str], ctx: RenderContext) -> str:
        course = ctx.course
        lang, default = course.lang, course.config.lang
        parts = [f'<p class="smab-gl-def">{escape(localize(term.definition, lang, default))}</p>']
        for help_lang in course.help_languages:
            if help_lang not in term.term or help_lang not in term.definition:
                continue
            language = ctx.languages.get(help_lang)
            direction = language.direction if language else "ltr"
            parts.append(
                f'<div class="smab-gl-help" data-help="{escape(help_lang)}" lang="{escape(help_lang)}" '
                f'dir="{direction}" hidden><p><dfn>{escape(term.term[help_lang])}</dfn></p>'
                f"<p>{escape(term.definition[help_lang])}</p></div>"
            )
        if term.see_also:
            links = ", ".join(f'<a href="#{entry_id(other)}">{escape(names[other])}</a>' for other in term.see_also)
            parts.append(f'<p class="smab-gl-also">{escape(ctx.text("glossary_see_also", "See also"))}: {links}</p>')
        bank = course.resources
        found = [r for r in (bank.get(rid) for rid in term.resources) if r is not None] if bank else []
        if found:
            links = ", ".join(
                f'<a href="{escape(r.url or f"content/{r.file}")}" target="_blank" rel="noopener">'
                f"{escape(localize(r.title, lang, default))}</a>"
                for r in found
            )
            parts.append(f'<p class="smab-gl-more">{escape(ctx.text("glossary_read_more", "Read more"))}: {links}</p>')
        return (
            f'<div class="smab-gl-entry" id="{entry_id(term.id)}" data-term="{escape(term.id)}">'
            f"<dt>{escape(localize(term.term, lang, default))}</dt><dd>{''.join(parts)}</dd></div>"
        )


def glossary_markdown(title: str) -> str:
    return "\n".join(["---", f"title: {json.dumps(title, ensure_ascii=False)}", "---", "", "::: glossary", ":::", ""])
