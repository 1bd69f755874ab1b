"""Surveys: Likert and open questions for evaluating the programme. Answers are
recorded (SCORM interactions likert / long-fill-in, xAPI statements), never scored."""

from __future__ import annotations

from importlib.resources import files

from smab_pack.api import BlockType, ParseContext, RenderContext, hookimpl, rules_from

from .evaluation import evaluation_pages
from .model import SurveyBlock
from .parse import parse_survey
from .render import render_survey

_here = files(__name__)


class SurveyType(BlockType):
    name = "survey"
    js = (_here / "survey.js").read_text(encoding="utf-8")
    css = (_here / "survey.css").read_text(encoding="utf-8")

    def parse(self, info: str, tokens, ctx: ParseContext) -> SurveyBlock | None:
        return parse_survey(info, tokens, ctx, ctx.scratch.setdefault(self.name, {}))

    def render(self, block, ctx: RenderContext) -> str:
        return render_survey(block, ctx)


@hookimpl
def smab_block_types():
    return [SurveyType()]


@hookimpl
def smab_extra_pages(config, lang, strings, parse):
    return evaluation_pages(config, lang, strings, parse)


_CODES = [
    ("survey-empty", "A survey has no questions.", "Write each question as a heading (## …) inside the survey."),
    ("survey-type", "A survey question's type is not likert or text.", "Use {type=likert} or {type=text}."),
    (
        "survey-id",
        "A survey or survey question id is not a plain identifier.",
        "Use lower-case letters, digits and hyphens: {#video-useful}.",
    ),
]


@hookimpl
def smab_lint_rules():
    return rules_from("course", [(code, "error", summary, fix) for code, summary, fix in _CODES])
