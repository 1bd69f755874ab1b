"""The video block in the typed content model."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from smab_pack.api import Block, Media


class Cue(BaseModel):
    start: float
    end: float
    text: str


class Track(BaseModel):
    """One WebVTT file: captions or chapters in one language."""

    kind: Literal["captions", "chapters"]
    lang: str
    href: str  # in the package
    cues: list[Cue]


class VideoBlock(Block):
    kind: str = "video"
    id: str
    title: str = ""
    #: the title's translation unit (ParseContext.title_segment): parallel text goes under it
    title_seg: str = ""
    src: str  # in the package
    mime: str
    poster: str | None = None
    tracks: list[Track] = Field(default_factory=list)
    #: the page counts as seen only once this video is watched
    required: bool = False
    #: share of the video that counts as watched (xAPI Video Profile completion-threshold)
    threshold: float = Field(0.95, gt=0, le=1)
    description_html: str = ""

    def track(self, kind: str, preferred: list[str]) -> Track | None:
        """The track of ``kind`` in the first preferred language that has one, else the first."""
        tracks = [t for t in self.tracks if t.kind == kind]
        for lang in preferred:
            for t in tracks:
                if t.lang == lang:
                    return t
        return tracks[0] if tracks else None

    def media(self) -> list[Media]:
        return [Media(id=self.id, kind="video", block="video", required=self.required, threshold=self.threshold)]
