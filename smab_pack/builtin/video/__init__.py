"""Videos (the career kit): captions per language, chapters, a transcript made
from the captions, accessible controls, and xAPI Video Profile statements."""

from __future__ import annotations

from importlib.resources import files

from smab_pack.api import (
    BlockType,
    Diagnostics,
    LintRule,
    LocalizedCourse,
    ParseContext,
    RenderContext,
    Severity,
    hookimpl,
    rules_from,
)

from .model import VideoBlock
from .parse import parse_video
from .render import render_video

_here = files(__name__)


class VideoType(BlockType):
    name = "video"
    js = (_here / "video.js").read_text(encoding="utf-8")
    css = (_here / "video.css").read_text(encoding="utf-8")

    def parse(self, info: str, tokens, ctx: ParseContext) -> VideoBlock | None:
        return parse_video(info, tokens, ctx, ctx.scratch.setdefault(self.name, {}))

    def render(self, block, ctx: RenderContext) -> str:
        return render_video(block, ctx)


@hookimpl
def smab_block_types():
    return [VideoType()]


def _videos(course: LocalizedCourse):
    if course.lang != course.config.lang:
        return  # videos and their captions are shared by every language: report once
    for page in course.pages:
        for block in page.blocks:
            if isinstance(block, VideoBlock):
                yield page, block, {t.lang for t in block.tracks if t.kind == "captions"}


def no_captions(course: LocalizedCourse, diags: Diagnostics) -> None:
    for page, block, have in _videos(course):
        if not have:
            diags.add(
                "video-no-captions",
                f"video '{block.id}' has no captions: deaf learners and learners who cannot play sound miss it",
                file=page.source,
                line=block.line,
                hint="add <video name>.<lang>.vtt beside the video",
            )


def caption_languages(course: LocalizedCourse, diags: Diagnostics) -> None:
    for page, block, have in _videos(course):
        missing = [lang for lang in course.config.languages if lang not in have]
        if have and missing:
            diags.add(
                "video-captions",
                f"video '{block.id}' has no captions in {', '.join(missing)}",
                file=page.source,
                line=block.line,
                severity=Severity.WARNING,
                hint="add <video name>.<lang>.vtt beside the video for each of them",
            )


_CODES = [
    ("video-src", "A video block has no src=FILE.", "Write ::: video Title {src=../../assets/film.mp4}."),
    ("video-format", "A video is not an .mp4 or .webm file.", "Convert it to MP4 (H.264/AAC) or WebM."),
    (
        "video-id",
        "A video id is not a plain identifier, or is used twice on a page.",
        "Use lower-case letters, digits and hyphens: {#register-video}.",
    ),
    (
        "video-attribute",
        "A video block has an attribute smab-pack does not know.",
        "Use src, poster, required and threshold.",
    ),
    ("video-threshold", "A video's threshold is not a number above 0, up to 1.", "Write e.g. {threshold=0.9}."),
    (
        "video-vtt",
        "A caption or chapter file is not valid WebVTT.",
        "Fix the line named: a WEBVTT first line, then cues '00:00:01.000 --> 00:00:04.000' and their text.",
    ),
]


@hookimpl
def smab_lint_rules():
    return rules_from("course", [(code, "error", summary, fix) for code, summary, fix in _CODES]) + [
        LintRule(
            "video-no-captions",
            "Every video has captions.",
            "Add <video name>.<lang>.vtt beside the video (WebVTT).",
            no_captions,
            severity="error",
        ),
        LintRule(
            "video-captions",
            "A video has captions in every course language.",
            "Add <video name>.<lang>.vtt for each course language.",
            caption_languages,
        ),
    ]
