"""Speed and memory figures for smab-pack (prints; asserts nothing).

    .venv/bin/python scripts/benchmark.py [--pages 1000]

Measures: building the shipped course (every format × language), validating
and building a generated course of N pages, peak memory, run-time size, and
the peak memory of building a course with a large video (streamed, not read whole).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from smab_pack.diagnostics import Diagnostics  # noqa: E402
from smab_pack.pipeline import build, check_course  # noqa: E402

SHIPPED = ROOT / "courses" / "start-a-business-in-norway"


def generated_course(root: Path, pages: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    modules = max(1, pages // 25)
    (root / "course.yaml").write_text("id: bench\nversion: 1.0.0\ntitle: Bench\nlanguages: [en]\n")
    n = 0
    for m in range(modules):
        folder = root / "modules" / f"{m:03d}-module-{m}"
        folder.mkdir(parents=True)
        (folder / "module.yaml").write_text(f"title: Module {m}\n")
        for p in range(pages // modules):
            n += 1
            quiz = (
                "" if n % 5 else ("\n::: quiz\n\n## Which one?\n\n- [x] This\n  > Yes.\n- [ ] That\n  > No.\n\n:::\n")
            )
            (folder / f"{p:03d}-page-{n}.en.md").write_text(
                f"---\ntitle: Page {n}\n---\n\n## Heading\n\nSome **text** with a [link](https://example.org).\n\n"
                f"- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n{quiz}"
            )
    return root


LARGE_ASSET_BUILD = """
import resource, sys
from pathlib import Path
from smab_pack.pipeline import build
build(Path(sys.argv[1]), Path(sys.argv[2]), formats=["scorm12"])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def large_asset(root: Path, megabytes: int) -> tuple[float, float]:
    """(peak RSS in MiB, seconds) of building a one-page course whose video is ``megabytes`` big,
    in a fresh process so that nothing else counts toward its peak."""
    (root / "assets").mkdir(parents=True, exist_ok=True)
    (root / "modules" / "01-m").mkdir(parents=True, exist_ok=True)
    (root / "course.yaml").write_text("id: big-media\nversion: 1.0.0\ntitle: Big media\nlanguages: [en]\n")
    (root / "modules" / "01-m" / "module.yaml").write_text("title: M\n")
    (root / "modules" / "01-m" / "01-film.en.md").write_text(
        "---\ntitle: Film\n---\n\n::: video A long film {#film src=../../assets/film.mp4}\n:::\n"
    )
    (root / "assets" / "film.en.vtt").write_text("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello.\n")
    block = bytes(range(256)) * 4096  # 1 MiB that does not compress to nothing
    with (root / "assets" / "film.mp4").open("wb") as f:
        for _ in range(megabytes):
            f.write(block)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", LARGE_ASSET_BUILD, str(root), str(root / "dist")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return int(out.stdout.split()[-1]) / 1024, time.perf_counter() - started


def timed(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--large-asset-mb", type=int, default=1024, help="size of the large video (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        built = []
        seconds = timed(lambda: built.extend(build(SHIPPED, tmp_path / "dist")[0]))
        print(f"shipped course: {len(built) // 3} packages built in {seconds:.2f} s (median of 3)")
        for package in built[: len(built) // 3]:
            with zipfile.ZipFile(package.path) as zf:
                runtime = sum(zf.getinfo(n).file_size for n in ("smab.js", "smab.css", "adapter.js"))
            print(
                f"  {package.path.name:<55} {package.size / 1024:7.1f} KiB  (run-time JS+CSS {runtime / 1024:.1f} KiB)"
            )
        big = generated_course(tmp_path / "big", args.pages)
        seconds = timed(lambda: check_course(big, Diagnostics()))
        print(f"validate {args.pages} pages: {seconds:.2f} s (median of 3)")
        seconds = timed(lambda: build(big, tmp_path / "bigdist", formats=["scorm12"]), repeat=1)
        print(f"build {args.pages} pages as SCORM 1.2: {seconds:.2f} s")
        if args.large_asset_mb:
            small, _ = large_asset(tmp_path / "small-media", 1)
            peak_big, seconds = large_asset(tmp_path / "large-media", args.large_asset_mb)
            print(
                f"build with a {args.large_asset_mb} MiB video: {seconds:.1f} s, peak RSS {peak_big:.0f} MiB "
                f"(same course with a 1 MiB video: {small:.0f} MiB)"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
