"""Survey syntax: `::: survey Title {#id}`, then one heading per question,
`## Statement {#id type=likert}` (the default) or `## Question {#id type=text}`."""

from __future__ import annotations

from markdown_it.token import Token

from smab_pack.api import ATTRS, ID, ParseContext, parse_attrs

from .model import SurveyBlock, SurveyQuestion

TYPES = ("likert", "text")


def parse_survey(info: str, tokens: list[Token], ctx: ParseContext, counters: dict) -> SurveyBlock | None:
    title, attrs = parse_attrs(info[len("survey") :])
    counters["survey"] = counters.get("survey", 0) + 1
    survey_id = attrs.get("id") or f"survey{counters['survey']}"
    if not ID.match(survey_id):
        ctx.report(
            "survey-id", f"survey id '{survey_id}' must be lower-case letters, digits and hyphens", line=ctx.block_line
        )
        return None
    base = min((t.level for t in tokens), default=0)
    heads = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.level == base]
    if not heads:
        ctx.report("survey-empty", "survey has no questions: write each as a heading (## …)", line=ctx.block_line)
        return None
    questions: list[SurveyQuestion] = []
    for n, at in enumerate(heads, 1):
        heading, inline = tokens[at], tokens[at + 1]
        prompt, qattrs = parse_attrs(inline.content)
        match = ATTRS.search(inline.content)
        if match:  # keep the {…} out of the rendered question
            for child in reversed(inline.children or []):
                if child.type == "text":
                    child.content = child.content[: len(child.content) - len(match.group(0))].rstrip()
                    break
        qid = qattrs.get("id") or f"{survey_id}-q{n}"
        qtype = qattrs.get("type", "likert")
        if not ID.match(qid):
            ctx.report("survey-id", f"question id '{qid}' must be lower-case letters, digits and hyphens", heading)
            continue
        if qtype not in TYPES:
            ctx.report(
                "survey-type",
                f"unknown survey question type '{qtype}'",
                heading,
                needle="type=",
                hint="types: likert (agree/disagree, the default) or text",
            )
            continue
        if not ctx.claim_id("interaction", qid):  # shared with every question of the page (quiz too)
            ctx.report("duplicate-id", f"question id '{qid}' is used twice on this page", heading)
            continue
        questions.append(
            SurveyQuestion(
                id=qid, type=qtype, prompt_html=ctx.render_inline(inline), prompt_text=prompt, line=ctx.line_of(heading)
            )
        )
    if not questions:
        return None
    return SurveyBlock(
        id=survey_id, title=title, title_seg=ctx.title_segment(), questions=questions, line=ctx.block_line
    )
