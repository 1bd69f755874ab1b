"""Read-aloud: a button at the top of every page reads it, and a button by each paragraph reads
that paragraph, with the device's own speech (the Web Speech API's ``speechSynthesis``), each
segment in its language (the course language's, and the help language's under it when parallel
text is on), with a voice that runs on the device (``localService``: no network, no third party).
Where the device has no voice for a language the control says so. Off unless course.yaml says
``packaging.readaloud.enabled: true``: its 3.7 KB of code would be an eighth of issue 12's 30 KiB
run-time budget for every course (docs/parallel-text.md, where the decision is written down)."""

from __future__ import annotations

from html import escape
from importlib.resources import files

from pydantic import Field

from smab_pack.api import Block, BlockType, ConfigSection, ParseContext, RenderContext, hookimpl

NAME = "readaloud"
_here = files(__package__ or __name__)
RATES = ("0.75", "1", "1.25", "1.5")


class ReadAloudOptions(ConfigSection):
    """Read-aloud: a button that reads each page (and each paragraph) with the device's own voices."""

    enabled: bool = Field(False, description="true puts read-aloud on every page (3.7 KB of run-time code)")


class ReadAloudType(BlockType):
    """No ``:::`` syntax: every page gets the controls (``page_html``)."""

    name = NAME
    js = (_here / "readaloud.js").read_text(encoding="utf-8")
    css = (_here / "readaloud.css").read_text(encoding="utf-8")

    def containers(self) -> tuple[str, ...]:
        return ()

    def parse(self, info: str, tokens, ctx: ParseContext) -> Block | None:
        return None

    def render(self, block: Block, ctx: RenderContext) -> str:
        return ""

    def page_html(self, ctx: RenderContext) -> str:
        if not ctx.course.config.packaging.section(NAME, ReadAloudOptions).enabled:
            return ""
        read, speed = escape(ctx.text("read_aloud", "Read aloud")), escape(ctx.text("read_speed", "Reading speed"))
        rates = "".join(f'<option value="{r}"{" selected" if r == "1" else ""}>{r}×</option>' for r in RATES)
        # hidden until the run-time finds speechSynthesis; the language's name for "no voice for …"
        return (
            f'<div class="smab-ra" data-name="{escape(ctx.language.name)}" hidden>'
            f'<button type="button" class="smab-btn smab-ghost smab-ra-go" aria-pressed="false">{read}</button> '
            f'<label>{speed} <select class="smab-ra-rate">{rates}</select></label> '
            '<span class="smab-ra-msg" role="status"></span></div>'
        )


@hookimpl
def smab_block_types():
    return [ReadAloudType()]


@hookimpl
def smab_config_sections():
    return {NAME: ReadAloudOptions}
