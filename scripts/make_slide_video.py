#!/usr/bin/env python3
"""Make a narrated slide video, its poster and WebVTT captions/chapters from a
YAML script (see scripts/career-kit/*.yaml).

Needs Debian's ffmpeg, espeak-ng and fonts-dejavu-core (not needed to build
courses: the outputs are committed). Captions are timed from the narration
audio, so every language's captions share the English timing.

    python3 scripts/make_slide_video.py scripts/career-kit/register-in-one-minute.yaml
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from smab_pack.translation.status import caption_with_fingerprint, fingerprint  # noqa: E402

SIZE = (640, 360)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
PAUSE = 0.7  # seconds of silence after each slide's narration
BG, FG, ACCENT = "0x1b4f72", "white", "0xf5b041"


def run(*args: str) -> None:
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stamp(t: float) -> str:
    ms = round(t * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def escape(text: str) -> str:
    # drawtext's own escaping: backslash, colon, quote and percent are special.
    return text.replace("\\", "\\\\").replace(":", "\\:").replace("'", "\u2019").replace("%", "\\%")


def slide_png(slide: dict, target: Path) -> None:
    w, h = SIZE
    draw = [
        f"drawbox=x=0:y={h - 14}:w={w}:h=14:color={ACCENT}:t=fill",
        f"drawtext=fontfile={BOLD}:text='{escape(slide['title'])}':fontcolor={FG}:fontsize=34:"
        f"x=(w-text_w)/2:y={h // 2 - 70}",
    ]
    for i, line in enumerate(slide.get("lines", [])):
        draw.append(
            f"drawtext=fontfile={FONT}:text='{escape(line)}':fontcolor={FG}:fontsize=24:"
            f"x=(w-text_w)/2:y={h // 2 + i * 38}"
        )
    run(
        "ffmpeg",
        "-y",
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        f"color=c={BG}:s={w}x{h}:d=1",
        "-vf",
        ",".join(draw),
        "-frames:v",
        "1",
        str(target),
    )


def narrate(text: str, voice: str, target: Path) -> float:
    run("espeak-ng", "-v", voice, "-s", "150", "-w", str(target), text)
    with wave.open(str(target)) as wav:
        return wav.getnframes() / wav.getframerate()


def vtt(cues: list[tuple[float, float, str]]) -> str:
    return "WEBVTT\n\n" + "\n".join(
        f"{i}\n{stamp(a)} --> {stamp(b)}\n{text}\n" for i, (a, b, text) in enumerate(cues, 1)
    )


def main(script_path: str) -> None:
    script = yaml.safe_load(Path(script_path).read_text(encoding="utf-8"))
    out = Path(script["output"])
    out.parent.mkdir(parents=True, exist_ok=True)
    slides = script["slides"]
    languages = sorted({lang for s in slides for lang in s["narration"]})
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        timeline, start = [], 0.0
        concat_img, concat_wav = [], []
        for n, slide in enumerate(slides):
            png, wav = tmp / f"s{n}.png", tmp / f"s{n}.wav"
            slide_png(slide, png)
            length = narrate(slide["narration"]["en"], script.get("voice", "en"), wav) + PAUSE
            timeline.append((start, start + length))
            concat_img += [f"file '{png}'", f"duration {length:.3f}"]
            concat_wav += [f"file '{wav}'", f"outpoint {length:.3f}"]
            start += length
        concat_img.append(f"file '{tmp / f's{len(slides) - 1}.png'}'")  # the demuxer drops the last duration
        (tmp / "img.txt").write_text("\n".join(concat_img) + "\n")
        (tmp / "wav.txt").write_text("\n".join(concat_wav) + "\n")
        # apad fills each outpoint past the narration with silence.
        run(
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "concat",
            "-safe",
            "0",
            "-i",
            str(tmp / "img.txt"),
            "-f",
            "concat",
            "-safe",
            "0",
            "-i",
            str(tmp / "wav.txt"),
            "-filter_complex",
            "[1:a]apad[a]",
            "-map",
            "0:v",
            "-map",
            "[a]",
            "-t",
            f"{start:.3f}",
            "-c:v",
            "libx264",
            "-preset",
            "veryslow",
            "-tune",
            "stillimage",
            "-crf",
            "30",
            "-r",
            "10",
            "-pix_fmt",
            "yuv420p",
            "-threads",
            "1",
            "-c:a",
            "aac",
            "-b:a",
            "48k",
            "-ac",
            "1",
            "-movflags",
            "+faststart",
            "-map_metadata",
            "-1",
            "-fflags",
            "+bitexact",
            "-flags:v",
            "+bitexact",
            "-flags:a",
            "+bitexact",
            str(out.with_suffix(".mp4")),
        )
        run("ffmpeg", "-y", "-v", "error", "-i", str(tmp / "s0.png"), "-q:v", "4", str(out.with_suffix(".jpg")))
    source = script.get("source_language", "en")
    for lang in [source] + [lang for lang in languages if lang != source]:  # the source first: others record it
        cues = [
            (a, b, s["narration"][lang]) for (a, b), s in zip(timeline, slides, strict=True) if lang in s["narration"]
        ]
        chapters = [
            (a, b, s.get("chapter", {}).get(lang) or s["title"]) for (a, b), s in zip(timeline, slides, strict=True)
        ]
        for name, text in ((f"{out.name}.{lang}.vtt", vtt(cues)), (f"{out.name}.chapters.{lang}.vtt", vtt(chapters))):
            if lang != source:  # made from the source's current text: a current translation
                text = caption_with_fingerprint(
                    text, fingerprint(out.with_name(name.replace(f".{lang}.", f".{source}.")))
                )
            out.with_name(name).write_text(text, encoding="utf-8")
    size = out.with_suffix(".mp4").stat().st_size
    print(f"{out.with_suffix('.mp4')}: {start:.1f} s, {size / 1024:.0f} KiB; captions: {', '.join(languages)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
