"""smab-pack-hello: an ordering question type and an outline format, from smab_pack.api alone."""

from __future__ import annotations

from importlib.resources import files

from smab_pack.api import BlockType, hookimpl, rules_from

from .ordering import OrderingBlock, parse_ordering, render_ordering
from .outline import Outline

_here = files(__name__)


class OrderingType(BlockType):
    name = "ordering"
    js = (_here / "ordering.js").read_text(encoding="utf-8")
    css = (_here / "ordering.css").read_text(encoding="utf-8")

    def parse(self, info, tokens, ctx) -> OrderingBlock | None:
        return parse_ordering(info, tokens, ctx)

    def render(self, block, ctx) -> str:
        return render_ordering(block, ctx)


@hookimpl
def smab_block_types():
    return [OrderingType()]


@hookimpl
def smab_formats():
    return [Outline()]


@hookimpl
def smab_lint_rules():
    # Every code a plugin reports is documented (smab-pack rules lists them with their fixes).
    return rules_from(
        "course",
        [
            (
                "ordering-list",
                "error",
                "An ordering question has no numbered list of 2 to 26 steps.",
                "Write the steps as a numbered list (1. 2. 3.), in the right order.",
            ),
            (
                "ordering-id",
                "error",
                "An ordering question's id is missing, malformed or used twice on the page.",
                "Give each ordering question its own id: {#my-steps}.",
            ),
        ],
    )
