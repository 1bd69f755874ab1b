"""Speed and memory figures for smab-pack (prints; asserts nothing but byte-identical zips).

    .venv/bin/python scripts/benchmark.py                      # the start-up and build targets
    .venv/bin/python scripts/benchmark.py --save-hashes h.json # ... and remember every zip's SHA-256
    .venv/bin/python scripts/benchmark.py --check-hashes h.json  # exit 1 if a zip's bytes changed
    .venv/bin/python scripts/benchmark.py --tree /tmp/old      # time another checkout
    .venv/bin/python scripts/benchmark.py --baseline /tmp/old  # before/after, runs interleaved, zips compared
    .venv/bin/python scripts/benchmark.py --scale [--pages 1000] [--large-asset-mb 1024]

Every target is a whole process (interpreter start-up, imports and plugin loading count: that is
what an author and CI wait for), run ``--repeat`` times (10), reported as the median:
``smab-pack --version``; a generated 12-page course with 8 quiz questions built to one SCORM 1.2
zip (wall time); the shipped course's full default build (CPU time, user + system, and wall);
and ``-l en`` of the shipped course against its full build. Processes run as an installed
smab-pack does, from compiled bytecode (the first, untimed run writes it; ``PYTHONDONTWRITEBYTECODE``
in the environment would make every run compile every module again: ``--no-bytecode-cache`` times
that). ``--baseline TREE`` runs each target alternately from TREE and from ``--tree``, so that a
change in the machine's load falls on both, and checks that both build the same bytes. ``--scale``
adds the older in-process figures: validating and building a generated course of N pages, peak
memory, run-time size, and the peak memory of building a course with a large video (streamed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def quiz_course(root: Path, pages: int = 12, questions: int = 8) -> Path:
    """The side-by-side course of issue 10: ``pages`` pages of prose, the last one a quiz of
    ``questions`` questions (single and multiple choice, true/false, fill-in)."""
    folder = root / "modules" / "01-basics"
    folder.mkdir(parents=True, exist_ok=True)
    (root / "course.yaml").write_text("id: bench-quiz\nversion: 1.0.0\ntitle: Bench quiz\nlanguages: [en]\n")
    (folder / "module.yaml").write_text("title: Basics\n")
    for n in range(1, pages):
        (folder / f"{n:02d}-page-{n}.en.md").write_text(
            f"---\ntitle: Page {n}\n---\n\n## Heading {n}\n\nSome **text** with a [link](https://example.org) "
            f"and `code`.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| {n} | {n * 2} |\n\n### More\n\n"
            + "A paragraph of plain prose, long enough to look like a page of a real course. " * 6
            + "\n"
        )
    kinds = [
        "",
        " type=multiple",
        " type=true-false",
        " type=fill-in",
    ]
    body = []
    for q in range(1, questions + 1):
        kind = kinds[(q - 1) % len(kinds)]
        body.append(f"## Question {q}? {{#q{q}{kind}}}\n")
        if "fill-in" in kind:
            body.append("- [x] answer\n- [x] the answer\n\n> The answer is 'answer'.\n")
        elif "true-false" in kind:
            body.append("- [x] True\n  > Right.\n- [ ] False\n  > Wrong.\n")
        elif "multiple" in kind:
            body.append("- [x] This\n  > Yes.\n- [x] That too\n  > Yes.\n- [ ] Not this\n  > No.\n")
        else:
            body.append("- [x] This\n  > Yes.\n- [ ] That\n  > No.\n- [ ] Other\n  > No.\n")
    (folder / f"{pages:02d}-test.en.md").write_text(
        "---\ntitle: Test\n---\n\nA short test.\n\n::: quiz Test {#test}\n\n" + "\n".join(body) + "\n:::\n"
    )
    return root


#: whether child processes may write and use compiled bytecode (``--no-bytecode-cache``: not)
BYTECODE_CACHE = True


def entry_code(tree: Path) -> str:
    """Python that runs ``smab-pack`` as the tree's console script does (its ``[project.scripts]``
    entry), so that a tree whose entry function moved is timed as it is installed."""
    target = tomllib.loads((tree / "pyproject.toml").read_text())["project"]["scripts"]["smab-pack"]
    module, function = target.split(":")
    return f"import sys; sys.argv[0] = 'smab-pack'; from {module} import {function}; sys.exit({function}())"


def run_cli(tree: Path, *args: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one ``smab-pack ARGS`` process run from the
    sources in ``tree``, as the console script does."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not BYTECODE_CACHE:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", entry_code(tree), *args], check=False, capture_output=True, text=True, env=env, cwd=tree
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"smab-pack {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def medians(tree: Path, repeat: int, *args: str) -> tuple[float, float]:
    """(median wall, median CPU) over ``repeat`` processes, after one untimed warm-up run that
    fills the OS file cache and Python's bytecode cache."""
    return side_by_side([tree], repeat, lambda _: args)[0]


def side_by_side(trees: list[Path], repeat: int, arguments) -> list[tuple[float, float]]:
    """(median wall, median CPU) per tree: one warm-up run each, then ``repeat`` rounds that run
    every tree once in turn (``arguments(n)`` gives tree n's command line)."""
    for n, tree in enumerate(trees):
        run_cli(tree, *arguments(n))
    runs: list[list[tuple[float, float]]] = [[] for _ in trees]
    for _ in range(repeat):
        for n, tree in enumerate(trees):
            runs[n].append(run_cli(tree, *arguments(n)))
    return [(statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs)) for rs in runs]


def zip_hashes(folder: Path) -> dict[str, str]:
    hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.zip"))}
    if not hashes:  # a wrong folder would make every comparison pass
        raise SystemExit(f"no zip in {folder}")
    return hashes


def load_average() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


TARGETS = ("version", "quiz12", "shipped", "shipped-en")


def targets(
    tree: Path, repeat: int, tmp: Path, baseline: Path | None = None, only: tuple[str, ...] = TARGETS
) -> dict[str, str]:
    """Print the issue's targets for the sources in ``tree`` (and, side by side, ``baseline``'s);
    return the SHA-256 of every zip ``tree`` built (checked against ``baseline``'s when given)."""
    trees = [baseline, tree] if baseline is not None else [tree]
    names = ["before", "after"] if baseline is not None else ["now"]
    shipped = tree / "courses" / "start-a-business-in-norway"
    course = quiz_course(tmp / "quiz12")
    print(f"sources: {' vs '.join(map(str, trees))}; whole processes, medians of {repeat}")
    print(f"load average at the start: {load_average()}")
    rows = [
        ("smab-pack --version", lambda n: ["--version"], "(target <= 0.08 s wall)"),
        (
            "12 pages, 8 questions -> 1 SCORM 1.2 zip",
            lambda n: ["build", str(course), "-f", "scorm12", "-o", str(tmp / f"quiz12-dist-{n}")],
            "(target <= 0.25 s wall)",
        ),
        (
            "shipped course, default build",
            lambda n: ["build", str(shipped), "-o", str(tmp / f"shipped-dist-{n}")],
            "(target: <= 0.6x the CPU of issue 10's first baseline)",
        ),
        (
            "shipped course, -l en",
            lambda n: ["build", str(shipped), "-l", "en", "-o", str(tmp / f"shipped-en-{n}")],
            "",
        ),
    ]
    full: list[float] = []
    for key, (label, arguments, note) in zip(TARGETS, rows, strict=True):
        if key not in only:
            continue
        figures = side_by_side(trees, repeat, arguments)
        if label.endswith("default build"):
            full = [cpu for _, cpu in figures]
        for name, (wall, cpu) in zip(names, figures, strict=True):
            extra = note
            if note.startswith("(target <= "):  # a wall-time target: say whether this median meets it
                limit = float(note.split()[2])
                extra = note[:-1] + (": met)" if wall <= limit else ": not met)")
            if label.endswith("-l en") and full:
                extra = f"({cpu / full[names.index(name)]:.2f}x the full build's CPU)"
            print(f"  {label:<41} {name:<6} {wall:6.3f} s wall  {cpu:6.3f} s CPU   {extra}")
        if baseline is not None:
            (wb, cb), (wa, ca) = figures
            print(f"  {'':<41} after/before: {wa / wb:.2f}x wall, {ca / cb:.2f}x CPU")
    print(f"load average at the end: {load_average()}")
    last = len(trees) - 1
    if not {"quiz12", "shipped"} <= set(only):
        return {}  # a partial run: no zips to compare
    hashes = {
        **{f"quiz12/{k}": v for k, v in zip_hashes(tmp / f"quiz12-dist-{last}").items()},
        **{f"shipped/{k}": v for k, v in zip_hashes(tmp / f"shipped-dist-{last}").items()},
    }
    if baseline is not None:
        before = {
            **{f"quiz12/{k}": v for k, v in zip_hashes(tmp / "quiz12-dist-0").items()},
            **{f"shipped/{k}": v for k, v in zip_hashes(tmp / "shipped-dist-0").items()},
        }
        problems = compare_hashes(before, hashes)
        print(f"  {len(hashes)} zips against the baseline's: " + ("byte-identical" if not problems else "DIFFERENT"))
        for problem in problems:
            print(f"    {problem}")
        if problems:
            sys.exit(1)
    return hashes


def compare_hashes(saved: dict[str, str], now: dict[str, str]) -> list[str]:
    """What differs between two {zip: sha256} maps, in words (empty: byte-identical)."""
    problems = [f"missing now: {name}" for name in sorted(set(saved) - set(now))]
    problems += [f"new: {name}" for name in sorted(set(now) - set(saved))]
    problems += [f"bytes differ: {name}" for name in sorted(set(saved) & set(now)) if saved[name] != now[name]]
    return problems


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


def scale(args: argparse.Namespace, tmp_path: Path) -> None:
    """The in-process figures: the shipped course, N generated pages, a large video, memory."""
    sys.path.insert(0, str(ROOT))
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.pipeline import build, check_course

    built = []
    seconds = timed(lambda: built.extend(build(SHIPPED, tmp_path / "dist")[0]))
    print(f"shipped course: {len(built) // 3} packages built in {seconds:.2f} s (median of 3, in-process)")
    for package in built[: len(built) // 3]:
        with zipfile.ZipFile(package.path) as zf:
            runtime = sum(zf.getinfo(n).file_size for n in ("smab.js", "smab.css", "adapter.js"))
        print(f"  {package.path.name:<55} {package.size / 1024:7.1f} KiB  (run-time JS+CSS {runtime / 1024:.1f} KiB)")
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tree", type=Path, default=ROOT, help="the smab-pack sources to time (default: this one)")
    parser.add_argument("--baseline", type=Path, help="other sources to time side by side with --tree (before/after)")
    parser.add_argument(
        "--no-bytecode-cache", action="store_true", help="every process compiles every module (PYTHONDONTWRITEBYTECODE)"
    )
    parser.add_argument("--repeat", type=int, default=10, help="processes per target (the median is printed)")
    parser.add_argument("--save-hashes", type=Path, metavar="FILE", help="write every zip's SHA-256 to FILE")
    parser.add_argument("--check-hashes", type=Path, metavar="FILE", help="exit 1 unless every zip matches FILE")
    parser.add_argument(
        "--only", default=",".join(TARGETS), help=f"targets to time, comma-separated (default: {','.join(TARGETS)})"
    )
    parser.add_argument("--scale", action="store_true", help="also the in-process figures below")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--large-asset-mb", type=int, default=1024, help="size of the large video (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        global BYTECODE_CACHE
        BYTECODE_CACHE = not args.no_bytecode_cache
        baseline = args.baseline.resolve() if args.baseline else None
        only = tuple(args.only.split(","))
        hashes = targets(args.tree.resolve(), args.repeat, tmp_path, baseline, only)
        if args.save_hashes:
            args.save_hashes.write_text(json.dumps(hashes, indent=2, sort_keys=True) + "\n")
            print(f"  wrote the SHA-256 of {len(hashes)} zips to {args.save_hashes}")
        if args.check_hashes:
            problems = compare_hashes(json.loads(args.check_hashes.read_text()), hashes)
            print(f"  zips against {args.check_hashes}: " + ("byte-identical" if not problems else "DIFFERENT"))
            for problem in problems:
                print(f"    {problem}")
            if problems:
                sys.exit(1)
        if args.scale:
            scale(args, tmp_path)


if __name__ == "__main__":
    main()
