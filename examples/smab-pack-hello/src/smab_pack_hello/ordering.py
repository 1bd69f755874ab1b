"""The ordering question: its model (with the interaction it declares), its Markdown and its HTML."""

from __future__ import annotations

import hashlib
import string
from html import escape

from pydantic import BaseModel

from smab_pack.api import Block, Choice, Interaction, ParseContext, RenderContext, parse_attrs

#: "Move up" / "Move down" for the languages smab-pack ships; English for any other
MOVE = {
    "en": ("Move up", "Move down"),
    "nb": ("Flytt opp", "Flytt ned"),
    "nn": ("Flytt opp", "Flytt ned"),
    "de": ("Nach oben", "Nach unten"),
    "es": ("Subir", "Bajar"),
    "pl": ("W górę", "W dół"),
    "el": ("Μετακίνηση πάνω", "Μετακίνηση κάτω"),
    "uk": ("Вгору", "Вниз"),
    "ar": ("نقل لأعلى", "نقل لأسفل"),
}


class Step(BaseModel):
    id: str  # a, b, c…: SCORM 1.2 sequencing responses are single characters
    html: str
    text: str


class OrderingBlock(Block):
    kind: str = "ordering"
    id: str
    prompt: str
    steps: list[Step]  # in the right order
    shown: list[str]  # the order the learner first sees (step ids)
    points: float = 1
    graded: bool = True

    def interactions(self) -> list[Interaction]:
        # The contract: a sequencing interaction whose correct response is the steps' order.
        return [
            Interaction(
                id=self.id,
                kind="sequencing",
                block="ordering",
                text=self.prompt[:250],
                choices=tuple(Choice(id=s.id, label=s.text[:250]) for s in self.steps),
                correct=tuple(s.id for s in self.steps),
                points=self.points,
                graded=self.graded,
                line=self.line,
            )
        ]


def shuffled(block_id: str, ids: list[str]) -> list[str]:
    """A fixed shuffle (same input, same package), never the right order itself."""
    order = sorted(ids, key=lambda i: hashlib.sha256(f"{block_id}/{i}".encode()).hexdigest())
    return order[1:] + order[:1] if order == ids else order


def parse_ordering(info: str, tokens, ctx: ParseContext) -> OrderingBlock | None:
    prompt, attrs = parse_attrs(info[len("ordering") :])
    counter = ctx.scratch.setdefault("ordering", {"n": 0})
    counter["n"] += 1
    block_id = attrs.get("id") or f"ordering{counter['n']}"
    if not ctx.claim_id("interaction", block_id):
        ctx.report("ordering-id", f"the id '{block_id}' is used twice on this page", line=ctx.block_line)
        return None
    lists = [i for i, t in enumerate(tokens) if t.type == "ordered_list_open"]
    if len(lists) != 1:
        ctx.report("ordering-list", "an ordering question needs one numbered list of steps", line=ctx.block_line)
        return None
    level = tokens[lists[0]].level
    items = [tokens[i + 2] for i, t in enumerate(tokens) if t.type == "list_item_open" and t.level == level + 1]
    inlines = [t for t in items if t.type == "inline"]
    if not 2 <= len(inlines) <= 26 or len(inlines) != len(items):
        ctx.report("ordering-list", "write 2 to 26 steps, one line each", line=ctx.block_line)
        return None
    steps = [
        Step(id=string.ascii_lowercase[n], html=ctx.render_inline(t), text=t.content.strip())
        for n, t in enumerate(inlines)
    ]
    try:
        points = float(attrs.get("points", "1"))
    except ValueError:
        points = -1
    if points <= 0:
        ctx.report("ordering-list", "points must be a number above 0", line=ctx.block_line)
        return None
    return OrderingBlock(
        line=ctx.block_line,
        id=block_id,
        prompt=prompt.strip(),
        steps=steps,
        shown=shuffled(block_id, [s.id for s in steps]),
        points=points,
        graded=attrs.get("graded", "true").lower() not in ("false", "no", "0"),
    )


def render_ordering(block: OrderingBlock, ctx: RenderContext) -> str:
    up, down = MOVE.get(ctx.language.tag.split("-")[0], MOVE["en"])
    by_id = {s.id: s for s in block.steps}
    items = []
    for step_id in block.shown:
        step = by_id[step_id]
        label = escape(step.text)
        items.append(
            f'<li data-step="{step.id}"><span class="hello-step">{step.html}</span>'
            f'<button type="button" class="hello-move" data-move="-1" aria-label="{escape(up)}: {label}">▲</button>'
            f'<button type="button" class="hello-move" data-move="1" aria-label="{escape(down)}: {label}">▼</button>'
            "</li>"
        )
    return (
        f'<form class="hello-ordering" data-q="{escape(ctx.page_id)}.{block.id}" novalidate>'
        f'<fieldset><legend>{escape(block.prompt)}</legend><ol class="hello-steps">{"".join(items)}</ol></fieldset>'
        f'<p><button type="submit" class="smab-btn hello-check">{escape(str(ctx.strings["check_answer"]))}</button></p>'
        '<div class="hello-result" role="status" aria-live="polite"></div></form>'
    )
