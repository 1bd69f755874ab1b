"""Glossary marks in pages: a markdown-it core rule (``smab_markdown``) that wraps terms in
``<span data-term="ID">`` while a page is parsed; the run-time turns each into a button that
opens the term's popover.

Where: the page's prose outside ``:::`` blocks (paragraphs, lists, tables, quotes), never in
headings, links, code or images, nor inside a block (a quiz's options are the learner's answer,
and blocks read their own tokens). What: every explicit ``[text]{term=ID}``, and the first
occurrence on the page of each term's listed forms in the page's language, as whole words
(a capital first letter also matches: the start of a sentence)."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from markdown_it.token import Token

#: an explicit mark: [the words]{term=id}
EXPLICIT = re.compile(r"\[([^\[\]\n]+)\]\{term=([^{}\s]*)\}")
SCRATCH = "glossary"


Forms = tuple[re.Pattern[str], dict[str, str]] | None  # the pattern, and each form's term id


def _forms(glossary: Any, lang: str) -> Forms:
    """One pattern for every form of every term in ``lang``, longest first (so that
    "enkeltpersonforetaket" wins over "enkeltpersonforetak"), as whole words."""
    found: dict[str, str] = {}
    for term in glossary.terms:
        for form in term.forms_in(lang):
            for variant in (form, form[:1].upper() + form[1:]):
                found.setdefault(variant, term.id)
    if not found:
        return None
    alternatives = "|".join(re.escape(f) for f in sorted(found, key=lambda f: (-len(f), f)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), found


def _mark(term_id: str, text: str) -> list[Token]:
    opening = Token("html_inline", "", 0)
    opening.content = f'<span data-term="{escape(term_id)}">'
    inner = Token("text", "", 0)
    inner.content = text
    closing = Token("html_inline", "", 0)
    closing.content = "</span>"
    return [opening, inner, closing]


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def mark_terms(state: Any) -> None:
    """The core rule: after inline parsing (and text_join), before rendering."""
    ctx = state.env.get("ctx")
    if ctx is None:
        return
    glossary = ctx.glossary
    scratch = ctx.scratch.setdefault(SCRATCH, {"marked": set()})
    pattern = _forms(glossary, ctx.lang) if glossary is not None else None
    blocks = 0  # inside how many ::: blocks
    heading = False
    for token in state.tokens:
        if token.type.startswith("container_"):
            blocks += token.nesting
        elif token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        elif token.type == "inline" and not blocks and not heading and token.children:
            token.children = _mark_inline(token, token.children, ctx, glossary, pattern, scratch["marked"])


def _mark_inline(
    inline: Token, children: list[Token], ctx: Any, glossary: Any, pattern: Forms, marked: set[str]
) -> list[Token]:
    out: list[Token] = []
    links = 0
    for child in children:
        if child.type == "link_open":
            links += 1
        elif child.type == "link_close":
            links -= 1
        if child.type != "text" or links:
            out.append(child)
            continue
        out += _split(inline, child.content, ctx, glossary, pattern, marked)
    return out


def _split(inline: Token, content: str, ctx: Any, glossary: Any, pattern: Forms, marked: set[str]) -> list[Token]:
    """A text token as text and marks: explicit marks first, then the first form of each term."""
    out: list[Token] = []
    at = 0
    for match in EXPLICIT.finditer(content):
        words, term_id = match.group(1), match.group(2)
        out += _auto(content[at : match.start()], pattern, marked)
        at = match.end()
        if glossary is not None and glossary.get(term_id) is not None:
            out += _mark(term_id, words)
            marked.add(term_id)
            continue
        out.append(_text(words))
        if glossary is None and (ctx.course_root / "glossary.yaml").exists():
            continue  # glossary.yaml has errors, reported there
        ids = ", ".join(t.id for t in glossary.terms) if glossary is not None else ""
        ctx.report(
            "unknown-term",
            f"the mark [{words}]{{term={term_id}}} names "
            + (
                f"'{term_id}', which is no term of glossary.yaml"
                if glossary is not None
                else "a term, but the course has no glossary.yaml"
            ),
            inline,
            needle=match.group(0),
            hint=f"terms: {ids}" if ids else "add glossary.yaml to the course folder (docs/glossary.md)",
        )
    out += _auto(content[at:], pattern, marked)
    return out


def _auto(content: str, pattern: Forms, marked: set[str]) -> list[Token]:
    if not content:
        return []
    if pattern is None:
        return [_text(content)]
    out: list[Token] = []
    at = 0
    regex, terms = pattern
    for match in regex.finditer(content):
        term_id = terms.get(match.group(0))
        if term_id is None or term_id in marked:
            continue
        marked.add(term_id)
        if match.start() > at:
            out.append(_text(content[at : match.start()]))
        out += _mark(term_id, match.group(0))
        at = match.end()
    if at < len(content):
        out.append(_text(content[at:]))
    return out
