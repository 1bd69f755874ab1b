"""The resource bank: `::: resources` shows the course's resources.yaml as a
searchable, filterable list that works offline inside the package."""

from __future__ import annotations

from importlib.resources import files

from smab_pack.api import BlockType, ParseContext, RenderContext, hookimpl, rules_from

from .model import ResourcesBlock
from .parse import parse_resources
from .render import render_resources

_here = files(__name__)


class ResourcesType(BlockType):
    name = "resources"
    js = (_here / "resources.js").read_text(encoding="utf-8")
    css = (_here / "resources.css").read_text(encoding="utf-8")

    def parse(self, info: str, tokens, ctx: ParseContext) -> ResourcesBlock | None:
        return parse_resources(info, tokens, ctx)

    def render(self, block, ctx: RenderContext) -> str:
        return render_resources(block, ctx)


@hookimpl
def smab_block_types():
    return [ResourcesType()]


@hookimpl
def smab_lint_rules():
    return rules_from(
        "course",
        [
            (
                "resources-missing",
                "error",
                "A page has a resources block but the course has no resources.yaml (or it lists no resources).",
                "Add resources.yaml beside course.yaml, or remove the block.",
            ),
            (
                "resources-filter",
                "error",
                "A resources block filters by an unknown key, or by a country, topic or "
                "audience that resources.yaml does not have.",
                "Filter by country, topic, audience or language, with a value listed in the hint.",
            ),
            (
                "resources-empty",
                "warning",
                "The filters of a resources block match no resource.",
                "Loosen the filters, or add the resources to resources.yaml.",
            ),
        ],
    )
