"""The resource bank block in the typed content model."""

from __future__ import annotations

from pydantic import Field

from smab_pack.api import Block

#: what `::: resources {…}` may narrow the bank by
FILTERS = ("country", "topic", "audience", "language")


class ResourcesBlock(Block):
    kind: str = "resources"
    title: str = ""
    #: Markdown written inside the block, shown above the list
    intro_html: str = ""
    #: fixed by the author in the info string, e.g. {"country": "NO"}
    filters: dict[str, str] = Field(default_factory=dict)
    #: ids of the resources shown, in the order of resources.yaml
    ids: list[str] = Field(default_factory=list)
    #: package path of each bundled file shown, by resource id
    files: dict[str, str] = Field(default_factory=dict)
