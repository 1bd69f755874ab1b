"""Parse one page file (front matter + Markdown) into a typed :class:`Page`."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar, Protocol

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from pydantic import ValidationError

from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.yamlsource import parse_yaml, read_text, validate_model
from smab_pack.markdown.context import ParseContext
from smab_pack.markdown.links import resolve_links
from smab_pack.markdown.units import cut_units
from smab_pack.models.content import Block, Page, ProseBlock
from smab_pack.models.course import PageFrontMatter
from smab_pack.models.glossary import Glossary
from smab_pack.models.resources import ResourceBank


class BlockSyntax(Protocol):
    """What the parser needs of a block type (``smab_pack.api.BlockType`` has it): the parse
    stage sees block types through this, so it imports nothing from render/."""

    name: ClassVar[str]

    def containers(self) -> tuple[str, ...]: ...

    def parse(self, info: str, tokens: list[Token], ctx: ParseContext) -> Block | None: ...


class PageParser(Protocol):
    """What ``smab_extra_pages`` gets to turn the Markdown it writes into a page: parsed like a
    page file of the course (block types, links, assets, every check), in the hook's language.
    ``made_by`` says in an error's words where the page comes from ("course.yaml's evaluation:");
    its problems are reported at course.yaml. None when the page has errors (already reported)."""

    def __call__(self, text: str, *, page_id: str, module_id: str, made_by: str) -> Page | None: ...


MAX_PAGE_BYTES = 2_000_000
#: every line costs markdown-it-py's block rules some 20 µs (a rule per ::: block name): real
#: pages have a few hundred lines, a page of a million one-letter lines would take 20 s
MAX_PAGE_LINES = 20_000


def make_markdown(block_types: Mapping[str, BlockSyntax]) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    names = [name for block_type in block_types.values() for name in block_type.containers()]
    for name in names:
        container_plugin(md, name)
    if len(names) > 1:
        _one_container_rule(md, [f"container_{name}" for name in names])
    md.core.ruler.before("inline", "smab_inline_budget", inline_budget)
    md.core.ruler.push("smab_links", resolve_links)
    md.core.ruler.push("smab_segments", mark_segments)
    return md


def mark_segments(state: StateCore) -> None:
    """Mark each translation unit's element with its unit id (``data-seg``), cut as XLIFF export
    cuts the page (markdown/units.py): the run-time puts the help language's version of the unit
    under it (parallel text; the ``parallel`` plugin). A paragraph of a tight list item is not
    rendered, so the item carries it; a question or answer rendered apart keeps it in the inline
    token (``ParseContext.render_inline``), a block title in ``ParseContext.title_segments``."""
    ctx: ParseContext | None = state.env.get("ctx")
    if ctx is None:
        return
    tokens = state.tokens
    for unit, at in cut_units("\n".join(ctx.source_lines), tokens):
        token = tokens[at]
        if token.type != "inline":
            ctx.title_segments[ctx.line_of(token)] = unit.id
            continue
        token.meta["seg"] = unit.id
        opener = tokens[at - 1]
        if opener.hidden:  # a tight list's paragraph: its item
            opener = next((t for t in reversed(tokens[:at]) if t.type == "list_item_open"), opener)
        opener.attrSet("data-seg", unit.id)


def _one_container_rule(md: MarkdownIt, rules: list[str]) -> None:
    """The ``:::`` rules of every block name as one rule in their place. markdown-it-py tries each
    block rule on every line, and each as a paragraph's terminator on every line of a paragraph:
    with eight names (quiz, survey, video, resources, four callouts) that was 71,484 calls in the
    shipped course's build, nearly all to see that the line does not start with ':'. The rule
    looks at that character once and then asks the containers' own rules, in their order, so the
    tokens are the same."""
    ruler = md.block.ruler
    functions = [ruler.__rules__[ruler.__find__(name)].fn for name in rules]

    def containers(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        start = state.bMarks[start_line] + state.tShift[start_line]
        if start >= len(state.src) or state.src[start] != ":":  # every container's own first test
            return False
        return any(function(state, start_line, end_line, silent) for function in functions)

    ruler.before(rules[0], "smab_containers", containers, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    ruler.disable(rules)


#: What each inline mark costs markdown-it-py, in microseconds on a slow machine: every ``[``
#: tries to be a link (up to 40 µs in bracket soup), ``*``/``_`` to be emphasis, every line
#: of a paragraph passes the newline rule. A page's paragraphs may cost INLINE_BUDGET in all:
#: a real 100 KB page costs about a fifth of it; 150 KB of bracket soup (5.5 s before) is
#: refused at the paragraph that crosses it, and the rest of the page is not parsed inline.
INLINE_COST = {"[": 40, "*": 12, "_": 12, "\n": 20, "&": 6, "<": 3, "!": 2, "]": 2, "\\": 2, "`": 1}
INLINE_BUDGET = 250_000


def inline_budget(state: StateCore) -> None:
    ctx: ParseContext | None = state.env.get("ctx")
    spent = 0
    for token in state.tokens:
        if token.type != "inline":
            continue
        if spent > INLINE_BUDGET:
            token.content = ""
            continue
        spent += sum(cost * token.content.count(mark) for mark, cost in INLINE_COST.items())
        if spent > INLINE_BUDGET:
            if ctx is not None:
                ctx.report(
                    "markdown-too-complex",
                    "the page holds too many link brackets, emphasis marks or "
                    "lines in its paragraphs to be real text (bracket soup): it is not parsed further",
                    token,
                    hint="split the page, or escape literal brackets and stars (\\[, \\*)",
                )
            token.content = ""


def split_front_matter(text: str, file: Path, diags: Diagnostics) -> tuple[str | None, str, int]:
    """(front matter YAML or None, Markdown body, lines before the body)."""
    if not text.startswith("---\n"):
        diags.error(
            "front-matter", "a page starts with front matter: a '---' line, 'title: …', and '---'", file=file, line=1
        )
        return None, text, 0
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4 : end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        diags.error("front-matter", "front matter is not closed by a '---' line", file=file, line=1)
        return None, text, 0
    yaml_text = text[4 : end + 1]
    body_start = end + 4
    if text[body_start : body_start + 1] == "\n":
        body_start += 1
    return yaml_text, text[body_start:], text[:body_start].count("\n")


def parse_page(
    file: Path,
    *,
    md: MarkdownIt,
    block_types: Mapping[str, BlockSyntax],
    diags: Diagnostics,
    course_root: Path,
    page_id: str,
    module_id: str,
    lang: str,
    page_files: dict[Path, tuple[str, str]],
    trusted_html: bool = False,
    resources: ResourceBank | None = None,
    glossary: Glossary | None = None,
    text: str | None = None,
) -> Page | None:
    """Parse one page file (or ``text`` made for ``file``, e.g. the evaluation page of course.yaml)."""
    if text is None:
        # Up to four UTF-8 bytes a character: the character limit below is the one that counts.
        text = read_text(
            file, diags, root=course_root, limit=4 * MAX_PAGE_BYTES, too_large="page-too-large", what="page"
        )
    if text is None:
        return None
    if len(text) > MAX_PAGE_BYTES:
        diags.error("page-too-large", f"page is larger than {MAX_PAGE_BYTES:,} characters", file=file, line=1)
        return None
    if text.count("\n") > MAX_PAGE_LINES:
        diags.error(
            "page-too-large",
            f"page has more than {MAX_PAGE_LINES:,} lines",
            file=file,
            line=MAX_PAGE_LINES + 1,
            hint="split the page",
        )
        return None
    yaml_text, body, offset = split_front_matter(text, file, diags)
    meta = None
    if yaml_text is not None:
        doc = parse_yaml(yaml_text, file, diags, line_offset=1)
        meta = validate_model(PageFrontMatter, doc, diags, "front matter") if doc else None
    ctx = ParseContext(
        md=md,
        diags=diags,
        course_root=course_root,
        file=file,
        page_id=page_id,
        lang=lang,
        page_files=page_files,
        source_lines=body.split("\n"),
        line_offset=offset,
        trusted_html=trusted_html,
        resources=resources,
        glossary=glossary,
    )
    tokens = md.parse(body, {"ctx": ctx})
    blocks = _blocks(tokens, ctx, block_types)
    known = {h.anchor for h in ctx.headings}
    for anchor, line, column in ctx.anchor_refs:
        if anchor not in known:
            diags.error(
                "broken-anchor",
                f"link to '#{anchor}': no heading with that anchor on this page",
                file=file,
                line=line,
                column=column,
                hint=f"anchors on this page: {', '.join(sorted(known)) or 'none'}",
            )
    if meta is None:
        return None
    return Page(
        id=page_id,
        module_id=module_id,
        lang=lang,
        title=meta.title,
        source=file,
        blocks=blocks,
        headings=ctx.headings,
        assets=list(ctx.assets.values()),
        links=ctx.links,
    )


def _blocks(tokens: list[Token], ctx: ParseContext, block_types: Mapping[str, BlockSyntax]) -> list[Block]:
    by_container = {name: bt for bt in block_types.values() for name in bt.containers()}
    blocks: list[Block] = []
    prose: list[Token] = []

    def flush() -> None:
        if prose:
            blocks.append(ProseBlock(html=ctx.render(prose), line=ctx.line_of(next((t for t in prose if t.map), None))))
            prose.clear()

    _check_nesting(tokens, ctx)
    _check_unknown_blocks(tokens, ctx, sorted(by_container))
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type.startswith("container_") and token.type.endswith("_open") and token.level == 0:
            name = token.type[len("container_") : -len("_open")]
            close = _matching_close(tokens, index)
            if tokens[close].markup == "":  # the container plugin closed it at the end of the page
                ctx.report(
                    "block-unclosed",
                    f"the ::: {name} block is not closed: everything after it, to the "
                    "end of the page, became part of it",
                    token,
                    hint="end the block with a line of ::: (as many colons as opened it)",
                )
            flush()
            block_type = by_container[name]
            info = token.info.strip()[len(name) :].strip()
            ctx.block_line = ctx.line_of(token)
            block = block_type.parse(f"{name} {info}".strip(), tokens[index + 1 : close], ctx)
            if block is not None and _keeps_contract(block, name, token, ctx):
                block.line = ctx.line_of(token)
                blocks.append(block)
            index = close + 1
            continue
        prose.append(token)
        index += 1
    flush()
    return blocks


def _keeps_contract(block: Block, name: str, token: Token, ctx: ParseContext) -> bool:
    """Whether the block's interactions and media are valid and their ids new on the page: what the
    run-time and the formats receive is checked here, once, and a fault is located, never a traceback."""
    try:
        interactions, media = block.interactions(), block.media()
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        ctx.report(
            "block-contract",
            f"the ::: {name} block's questions or media cannot be recorded: "
            f"{error['msg'].removeprefix('Value error, ')}{f' ({where})' if where else ''}",
            token,
        )
        return False
    for scope, items in (("interaction", interactions), ("media", media)):
        for item in items:
            if not ctx.claim_id(f"{scope}:checked", item.id):
                ctx.report("duplicate-id", f"id '{item.id}' is used twice on this page", token)
                return False
    return True


def _check_nesting(tokens: list[Token], ctx: ParseContext) -> None:
    """A block type (quiz, video, survey, callout…) inside another block, a quote or a list
    would be shown as plain text, its questions never graded: refuse it where it starts."""
    outer: list[str] = []  # what encloses the current token: block names, "a quote", "a list"
    for token in tokens:
        if token.type.startswith("container_"):
            name = token.type[len("container_") :].rsplit("_", 1)[0]
            if token.nesting == 1:
                if outer:
                    ctx.report(
                        "block-nested",
                        f"a ::: {name} block cannot stand inside {outer[-1]}: it would be shown as plain text",
                        token,
                        hint=f"close {outer[-1]} before ::: {name}, or move ::: {name} out of it",
                    )
                outer.append(f"the ::: {name} block")
            elif token.nesting == -1 and outer:
                outer.pop()
        elif token.type in ("blockquote_open", "bullet_list_open", "ordered_list_open"):
            outer.append("a quote (>)" if token.type == "blockquote_open" else "a list item")
        elif token.type in ("blockquote_close", "bullet_list_close", "ordered_list_close") and outer:
            outer.pop()


#: a line that opens a ::: block: colons, then the block's name
_OPENER = re.compile(r"\s*:{3,}\s*([A-Za-z][\w-]*)")


def _check_unknown_blocks(tokens: list[Token], ctx: ParseContext, known: list[str]) -> None:
    """A ``::: name`` that no block type knows is left by markdown-it as text: the page would show
    raw colons and a misspelt ``::: quizz`` would lose its questions without a word."""
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        for offset, text in enumerate(token.content.split("\n")):
            found = _OPENER.match(text)
            if not found or found.group(1) in known:
                continue
            name = found.group(1)
            index = token.map[0] + offset
            source = ctx.source_lines[index] if index < len(ctx.source_lines) else ""
            closest = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
            ctx.diags.error(
                "unknown-block",
                f"'::: {name}' names no block type: the page would show it as plain text, "
                "and what it holds (questions, a video…) would be lost",
                file=ctx.file,
                line=index + 1 + ctx.line_offset,
                column=source.find(":") + 1 if ":" in source else None,
                hint=(f"did you mean '::: {closest[0]}'? " if closest else "") + f"block types: {', '.join(known)}",
            )


def _matching_close(tokens: list[Token], start: int) -> int:
    kind = tokens[start].type[: -len("_open")]
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index].type == kind + "_open":
            depth += 1
        elif tokens[index].type == kind + "_close":
            depth -= 1
            if depth == 0:
                return index
    return len(tokens) - 1
