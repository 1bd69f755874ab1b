"""Callouts: `::: note`, `::: tip`, `::: warning`, `::: important`, with an optional title."""

from __future__ import annotations

from html import escape

from smab_pack.api import Block, BlockType, ParseContext, RenderContext, hookimpl

KINDS = ("note", "tip", "warning", "important")


class CalloutBlock(Block):
    kind: str = "callout"
    variant: str
    title: str = ""
    #: the title's translation unit (parallel text puts the help language's title under it)
    title_seg: str = ""
    html: str


class CalloutType(BlockType):
    name = "callout"

    def containers(self) -> tuple[str, ...]:
        return KINDS

    def parse(self, info: str, tokens, ctx: ParseContext) -> CalloutBlock:
        variant, _, title = info.partition(" ")
        body = ctx.render(tokens)
        return CalloutBlock(variant=variant, title=title.strip(), title_seg=ctx.title_segment(), html=body, line=0)

    def render(self, block, ctx: RenderContext) -> str:
        title = block.title or ctx.text(f"callout_{block.variant}")
        seg = f' data-seg="{block.title_seg}"' if block.title and block.title_seg else ""
        heading = f'<p class="smab-callout-title"{seg}>{escape(title)}</p>' if title else ""
        # A div with role=note, not <aside>: a callout belongs to the text around it.
        return f'<div class="smab-callout smab-callout-{block.variant}" role="note">{heading}{block.html}</div>'


@hookimpl
def smab_block_types():
    return [CalloutType()]
