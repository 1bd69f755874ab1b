"""Resolve links and images: pages become in-course navigation, files become
package assets, and nothing may point outside the course folder."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from smab_pack.diagnostics import Severity
from smab_pack.loading.paths import WINDOWS_PATH, course_path, file_problem
from smab_pack.markdown.context import ParseContext
from smab_pack.models.content import Heading, PageLink

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s-]", "", text, flags=re.UNICODE)
    return re.sub(r"[\s_-]+", "-", text).strip("-") or "section"


def resolve_links(state: StateCore) -> None:
    """markdown-it core rule: runs after inline parsing, before rendering."""
    ctx: ParseContext | None = state.env.get("ctx")
    if ctx is None:
        return
    block: Token | None = None
    slugs: dict[str, int] = {}
    tokens = state.tokens
    depth = 0  # inside ::: blocks, headings belong to the block type (e.g. quiz questions)
    for index, token in enumerate(tokens):
        if token.map:
            block = token
        if token.type.startswith("container_"):
            depth += token.nesting
        if token.type == "heading_open" and index + 1 < len(tokens):
            _anchor_heading(token, tokens[index + 1], ctx, slugs, explicit=depth == 0)
        elif token.type == "html_block":
            _report_html(ctx, token, token)
        elif token.type == "table_open":
            # Wide tables scroll sideways on small screens: keyboard users must reach them.
            token.attrSet("tabindex", "0")
        if token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "link_open":
                    _link(child, block, ctx)
                elif child.type == "image":
                    _image(child, block, ctx)
                elif child.type == "html_inline":
                    _report_html(ctx, child, block)


def _report_html(ctx: ParseContext, token: Token, block: Token | None) -> None:
    from smab_pack.markdown.sanitize import reserved_names, unsafe

    for taken in reserved_names(token.content):
        # Trusted HTML is published as written, so the name would reach the run-time: refuse it.
        ctx.report(
            "reserved-name",
            f"raw HTML '{taken}' uses the prefix smab-, kept for the run-time"
            + ("" if ctx.trusted_html else ": the name is removed"),
            block,
            needle=taken,
            severity=Severity.ERROR if ctx.trusted_html else Severity.WARNING,
            hint="rename the id or class (any name not starting with smab-)",
        )
    found = unsafe(token.content)
    if found is None:
        return
    if ctx.trusted_html:
        ctx.report(
            "trusted-unsafe-html",
            f"raw HTML with '{found}' is published as written (raw_html: trusted)",
            block,
            needle=found,
            severity=Severity.WARNING,
        )
        return
    ctx.report(
        "unsafe-html",
        f"raw HTML with '{found}' is removed: pages may not run scripts",
        block,
        needle=found,
        severity=Severity.WARNING,
        hint="use Markdown or a block type; set raw_html: trusted in course.yaml only for HTML you wrote",
    )


EXPLICIT_ID = re.compile(r"\s*\{#([a-z][a-z0-9-]*)\}\s*$")


def _anchor_heading(
    open_token: Token, inline: Token, ctx: ParseContext, slugs: dict[str, int], explicit: bool = True
) -> None:
    """Headings get an anchor from their text, or `## Text {#anchor}` names it: an
    explicit anchor stays the same in every translation, so links keep working."""
    children = inline.children or []
    match = EXPLICIT_ID.search(children[-1].content) if explicit and children and children[-1].type == "text" else None
    if match:
        children[-1].content = children[-1].content[: match.start()]
    text = "".join(c.content for c in children if c.type in ("text", "code_inline"))
    slug = match.group(1) if match else slugify(text)
    count = slugs.get(slug, 0)
    slugs[slug] = count + 1
    if count:
        slug = f"{slug}-{count}"
    open_token.attrSet("id", ctx.anchor(slug))
    ctx.headings.append(Heading(level=int(open_token.tag[1]), text=text, anchor=slug, line=ctx.line_of(open_token)))


def _link(token: Token, block: Token | None, ctx: ParseContext) -> None:
    href = str(token.attrGet("href") or "")
    parts = urlsplit(href)
    if WINDOWS_PATH.match(unquote(href)):
        ctx.local_target(href, block, "link")  # reports the absolute path
        token.attrSet("href", "#")
        return
    if parts.scheme.lower() == "resource":
        _resource_link(token, href, parts.path, block, ctx)
        return
    if parts.scheme:
        if parts.scheme.lower() not in SAFE_SCHEMES:
            ctx.report("unsafe-link", f"link scheme '{parts.scheme}:' is not allowed", block, needle=href)
            token.attrSet("href", "#")
            return
        if parts.scheme.lower() == "http":
            ctx.report(
                "insecure-link",
                f"'{href}' uses http: an LMS served over HTTPS may block it",
                block,
                needle=href,
                severity=Severity.WARNING,
                hint="use https:// if the site supports it",
            )
        if parts.scheme.lower() in ("http", "https"):
            token.attrSet("target", "_blank")
            token.attrSet("rel", "noopener noreferrer")
        return
    if href.startswith("#"):
        ctx.anchor_refs.append((href[1:], *ctx.find(href, block)))
        token.attrSet("href", "#" + ctx.anchor(href[1:]))
        return
    if not parts.path:
        return
    target = ctx.local_target(parts.path, block, "link")
    if target is None:
        token.attrSet("href", "#")
        return
    if target.suffix == ".md":
        found = ctx.page_files.get(target.resolve())
        if found is None:
            ctx.report("broken-link", f"link to '{href}': no such page in the course", block, needle=href)
            token.attrSet("href", "#")
            return
        page_id, target_lang = found
        if parts.fragment:
            line, column = ctx.find(href, block)
            ctx.links.append(
                PageLink(target_page=page_id, target_lang=target_lang, anchor=parts.fragment, line=line, column=column)
            )
        token.attrSet("href", f"#{page_id}" + (f"--{parts.fragment}" if parts.fragment else ""))
        token.attrSet("data-page", page_id)
        return
    if not target.is_file():
        ctx.report("broken-link", f"link to '{href}': file {file_problem(target)}", block, needle=href)
        token.attrSet("href", "#")
        return
    token.attrSet("href", ctx.add_asset(target))
    token.attrSet("download", "")


def _resource_link(token: Token, href: str, resource_id: str, block: Token | None, ctx: ParseContext) -> None:
    """`[text](resource:id)`: the resource's web address, or its file packaged with the course."""
    token.attrSet("href", "#")
    bank = ctx.resources
    if bank is None:
        return  # resources.yaml has errors, reported there
    resource = bank.get(resource_id)
    if resource is None:
        known = ", ".join(r.id for r in bank.resources[:12]) or "none: the course has no resources.yaml"
        ctx.report(
            "unknown-resource",
            f"link to '{href}': resources.yaml has no resource '{resource_id}'",
            block,
            needle=href,
            hint=f"resource ids: {known}",
        )
        return
    if resource.url:
        token.attrSet("href", resource.url)
        token.attrSet("target", "_blank")
        token.attrSet("rel", "noopener noreferrer")
        return
    target, _ = course_path(resource.file or "", ctx.course_root, ctx.course_root)
    if target is not None and target.is_file():  # else resources.yaml reported it
        token.attrSet("href", ctx.add_asset(target))
        token.attrSet("download", "")


def _image(token: Token, block: Token | None, ctx: ParseContext) -> None:
    src = str(token.attrGet("src") or "")
    parts = urlsplit(src)
    if WINDOWS_PATH.match(unquote(src)):
        ctx.local_target(src, block, "image")
        token.attrSet("src", "")
        return
    if not token.children or not "".join(c.content for c in token.children).strip():
        ctx.report(
            "image-alt",
            f"image '{src}' has no alt text: screen-reader users will miss it",
            block,
            needle=src,
            severity=Severity.WARNING,
            hint="write ![what the image shows](file)",
        )
    if parts.scheme:
        if parts.scheme.lower() not in ("https", "http"):
            ctx.report("unsafe-link", f"image scheme '{parts.scheme}:' is not allowed", block, needle=src)
            token.attrSet("src", "")
            return
        ctx.report(
            "remote-image",
            f"image '{src}' is loaded from the web and will not show offline",
            block,
            needle=src,
            severity=Severity.WARNING,
            hint="put the image in assets/",
        )
        return
    target = ctx.local_target(parts.path, block, "image")
    if target is None:
        token.attrSet("src", "")
        return
    if not target.is_file():
        ctx.report("missing-file", f"image '{src}' {file_problem(target)}", block, needle=src)
        token.attrSet("src", "")
        return
    token.attrSet("src", ctx.add_asset(target))
    token.attrSet("loading", "lazy")
