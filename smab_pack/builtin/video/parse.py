"""`::: video Title {#id src=file.mp4 poster=file.jpg required}`: captions and
chapters are found beside the video by name (file.<lang>.vtt, file.chapters.<lang>.vtt)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from markdown_it.token import Token

from smab_pack.api import ID, ParseContext, is_language_tag, list_folder, parse_attrs, read_text

from .model import Cue, Track, VideoBlock
from .vtt import VttError, parse_vtt

MIME = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm"}
LANG_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
MAX_VTT_BYTES = 10_000_000
KNOWN = {"id", "src", "poster", "required", "threshold"}


def _tracks(video: Path, ctx: ParseContext) -> list[Track]:
    """The caption and chapter files beside ``video`` (its real path, inside the course)."""
    stem = video.name[: -len(video.suffix)]
    tracks: list[Track] = []
    for path in list_folder(video.parent, ctx.course_root, ctx.diags) or []:
        if not (path.name.startswith(stem + ".") and path.name.endswith(".vtt")) or path.name.startswith("."):
            continue
        middle = path.name[len(stem) + 1 : -len(".vtt")]
        kind, _, lang = middle.rpartition(".")
        kind = kind or "captions"
        if kind not in ("captions", "chapters") or not LANG_TAG.match(lang):
            continue
        if not is_language_tag(lang):
            ctx.diags.add(
                "language-tag",
                f"'{lang}' in the caption file name is not a BCP 47 language tag",
                file=path,
                hint="name captions <video>.<lang>.vtt with a course language, e.g. film.en.vtt",
            )
            continue
        text = read_text(
            path, ctx.diags, root=ctx.course_root, limit=MAX_VTT_BYTES, too_large="video-vtt", what="caption file"
        )
        if text is None:
            continue
        try:
            cues = parse_vtt(text)
        except VttError as err:
            ctx.diags.add("video-vtt", str(err), file=path, line=err.line)
            continue
        if not cues:
            ctx.diags.add("video-vtt", "the WebVTT file has no cues", file=path, line=1)
            continue
        real = Path(os.path.realpath(path))  # read_text checked that it lies inside the course
        tracks.append(
            Track(
                kind=kind,
                lang=lang,
                href=ctx.add_asset(real),
                cues=[Cue(start=c.start, end=c.end, text=c.text) for c in cues],
            )
        )
    return tracks


def parse_video(info: str, tokens: list[Token], ctx: ParseContext, counters: dict) -> VideoBlock | None:
    title, attrs = parse_attrs(info[len("video") :])
    counters["video"] = counters.get("video", 0) + 1
    line = ctx.block_line or None
    video_id = attrs.get("id") or f"video{counters['video']}"
    ok = True
    if not ID.match(video_id):
        ctx.report("video-id", f"video id '{video_id}' is not a plain identifier", line=line)
        ok = False
    for key in sorted(set(attrs) - KNOWN):
        ctx.report(
            "video-attribute", f"unknown video attribute '{key}' (use src, poster, required, threshold)", line=line
        )
    src = attrs.get("src")
    if not src:
        ctx.report("video-src", "the video block needs src=FILE (an .mp4 or .webm file in the course)", line=line)
        return None
    suffix = Path(src).suffix.lower()
    if suffix not in MIME:
        ctx.report("video-format", f"'{src}' is not an .mp4 or .webm video", line=line)
        return None
    found = ctx.asset(src, None, "video")
    if found is None:
        return None
    href, path = found
    poster = None
    if attrs.get("poster"):
        got = ctx.asset(attrs["poster"], None, "poster")
        poster = got[0] if got else None
    try:
        threshold = float(attrs.get("threshold", "0.95"))
    except ValueError:
        threshold = -1
    if not 0 < threshold <= 1:
        ctx.report(
            "video-threshold", "threshold is the share of the video to watch: a number above 0, up to 1", line=line
        )
        ok = False
    if not ok:
        return None
    if not ctx.claim_id("media", video_id):  # this page's media ids
        ctx.report("video-id", f"video id '{video_id}' is used twice on this page", line=line)
        return None
    return VideoBlock(
        id=video_id,
        title=title,
        title_seg=ctx.title_segment(),
        src=href,
        mime=MIME[suffix],
        poster=poster,
        tracks=_tracks(path, ctx),
        required=attrs.get("required") == "true",
        threshold=threshold,
        description_html=ctx.render(tokens),
        line=ctx.block_line,
    )
