"""A small WebVTT reader: cues with times and plain text, errors with their line.

Only what captions and chapters need (cue timings, text, notes, styles and
regions skipped); positioning settings after the timing are kept out of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

TIMING = re.compile(r"^((?:\d+:)?\d{2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{2}:\d{2}\.\d{3})(?:\s+.*)?$")
TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class VttCue:
    start: float
    end: float
    text: str
    line: int


class VttError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def seconds(stamp: str) -> float:
    parts = stamp.split(":")
    if len(parts) == 2:
        parts.insert(0, "0")
    h, m, s = parts
    if int(m) > 59 or float(s) >= 60:
        raise ValueError(stamp)
    return int(h) * 3600 + int(m) * 60 + float(s)


def parse_vtt(text: str) -> list[VttCue]:
    """Cues of a WebVTT file; raises VttError naming the first bad line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not re.match(r"^\ufeff?WEBVTT(?:[ \t].*)?$", lines[0]):
        raise VttError(1, "a WebVTT file starts with the line WEBVTT")
    cues: list[VttCue] = []
    i = 1
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        block_start = i
        block = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i])
            i += 1
        if block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        at = 0 if "-->" in block[0] else 1  # an optional cue identifier comes first
        if at >= len(block) or "-->" not in block[at]:
            raise VttError(
                block_start + 1, f"expected a cue timing like 00:00:01.000 --> 00:00:04.000, found '{block[0][:60]}'"
            )
        match = TIMING.match(block[at].strip())
        if not match:
            raise VttError(block_start + at + 1, f"bad cue timing '{block[at].strip()[:60]}'")
        try:
            start, end = seconds(match.group(1)), seconds(match.group(2))
        except ValueError:
            raise VttError(block_start + at + 1, f"bad time in '{block[at].strip()[:60]}'") from None
        if end <= start:
            raise VttError(block_start + at + 1, "a cue must end after it starts")
        if cues and start < cues[-1].start:
            raise VttError(block_start + at + 1, "cues must be in order of their start time")
        body = " ".join(unescape(TAG.sub("", line)).strip() for line in block[at + 1 :])
        cues.append(VttCue(start, end, body.strip(), block_start + at + 1))
    return cues


def clock(t: float) -> str:
    """m:ss or h:mm:ss, as players show it."""
    t = int(t)
    return f"{t // 3600}:{t // 60 % 60:02d}:{t % 60:02d}" if t >= 3600 else f"{t // 60}:{t % 60:02d}"
