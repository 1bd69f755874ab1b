"""Quizzes: single choice, multiple choice, true/false and fill-in questions,
graded in the learner's browser and reported to the LMS as interactions."""

from __future__ import annotations

from importlib.resources import files

from smab_pack.extension import BlockType, RenderContext
from smab_pack.hookspecs import hookimpl
from smab_pack.markdown.context import ParseContext

from .model import QuizBlock
from .parse import parse_quiz
from .render import render_quiz

_here = files(__name__)


class QuizType(BlockType):
    name = "quiz"
    js = (_here / "quiz.js").read_text(encoding="utf-8")
    css = (_here / "quiz.css").read_text(encoding="utf-8")

    def parse(self, info: str, tokens, ctx: ParseContext) -> QuizBlock | None:
        return parse_quiz(info, tokens, ctx, ctx.scratch.setdefault(self.name, {}))

    def render(self, block, ctx: RenderContext) -> str:
        return render_quiz(block, ctx)


@hookimpl
def smab_block_types():
    return [QuizType()]
