"""What the run-time costs a learner's connection: the JavaScript and CSS each package ships (prints;
asserts nothing). Issue 12 point 8 wants <= 30 KiB (raw bytes) for the shipped course.

    .venv/bin/python scripts/runtime_size.py                 # the shipped course, English, every format
    .venv/bin/python scripts/runtime_size.py -l ar --no-minify
    .venv/bin/python scripts/runtime_size.py COURSE -l en -l de --multilingual

First table: per format and file, the bytes in the package, raw and gzipped (level 9, as a web
server would send them; the target is raw, and an LMS may serve either). With ``--no-minify`` the
files are as written, for comparison. Second table: what each source file of the run-time costs,
as written and as shipped (minified), raw and gzipped, so that a feature's price reads off its file;
``*`` marks the files the course ships.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "courses" / "start-a-business-in-norway"
FORMATS = ["scorm12", "scorm2004", "xapi", "cmi5", "web", "cc"]
BUDGET = 30 * 1024


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def shipped_files(path: Path) -> dict[str, bytes]:
    """The run-time's files in a package: its scripts and style sheets (not the course's own assets,
    nor the pages' bodies, which arrive as scripts in pages/ but are content)."""
    with zipfile.ZipFile(path) as zf:
        return {
            n: zf.read(n)
            for n in sorted(zf.namelist())
            if n.endswith((".js", ".css")) and not n.startswith(("assets/", "content/", "pages/"))
        }


def per_format(course: Path, languages: list[str], multilingual: bool, minify: bool) -> set[str]:
    from smab_pack.diagnostics import BuildFailed
    from smab_pack.pipeline import build

    with tempfile.TemporaryDirectory() as out:
        built = []
        for fmt in FORMATS:  # one at a time: a course without a resource bank has no cartridge
            try:
                built += build(
                    course,
                    Path(out),
                    formats=[fmt],
                    languages=languages or None,
                    multilingual=multilingual,
                    minify=minify,
                )[0]
            except BuildFailed:
                print(f"{fmt:<10} (not built for this course with these options)")
        print(f"{'format':<10} {'lang':<6} {'file':<12} {'raw':>8} {'gzip':>8}")
        names: set[str] = set()
        for package in built:
            files = shipped_files(package.path)
            names |= set(files)
            for name, data in files.items():
                print(f"{package.format:<10} {package.lang:<6} {name:<12} {len(data):>8,} {gz(data):>8,}")
            raw, packed = sum(map(len, files.values())), sum(gz(d) for d in files.values())
            verdict = "within 30 KiB" if raw <= BUDGET else f"{raw - BUDGET:,} B over 30 KiB"
            if not files:
                print(f"{package.format:<10} {package.lang:<6} {'(no run-time: a cartridge of links)'}")
                continue
            print(f"{package.format:<10} {package.lang:<6} {'= total':<12} {raw:>8,} {packed:>8,}  {verdict}")
        return names


def per_source(course: Path, languages: list[str]) -> None:
    """Each file of the run-time alone, as written and as shipped."""
    from importlib.resources import files

    from smab_pack import plugins
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.pipeline import check_course
    from smab_pack.render.minify import shipped_css, shipped_js
    from smab_pack.render.site import _runtime

    registry = plugins.registry()
    checked = check_course(course, Diagnostics(), registry=registry)
    used: set[str] = set()
    if checked is not None:
        for lang, localized in checked.localized.items():
            if languages and lang not in languages:
                continue
            blocks = [b for page in localized.pages for b in page.blocks]
            used |= {b.kind for b in blocks} | {i.block for b in blocks for i in b.interactions()}
    sources: list[tuple[str, str, bool]] = [
        (f"runtime/{n}", (_runtime / n).read_text(encoding="utf-8"), True) for n in ("state.js", "core.js", "core.css")
    ]
    for name, block in sorted(registry.block_types.items()):
        for kind, text in (("js", block.js), ("css", block.css)):
            if text:
                sources.append((f"block {name}.{kind}", text, name in used))
    for fmt in ("scorm", "xapi"):
        adapter = files(f"smab_pack.builtin.{fmt}") / "adapter.js"
        sources.append((f"{fmt} adapter.js", adapter.read_text(encoding="utf-8"), True))
    print(f"\n  {'source':<28} {'written':>8} {'gzip':>7} {'shipped':>8} {'gzip':>7}")
    for label, text, shipped in sources:
        small = (shipped_css if label.endswith("css") else shipped_js)(text).encode()
        written = text.encode()
        mark = "*" if shipped else " "
        print(f"{mark} {label:<28} {len(written):>8,} {gz(written):>7,} {len(small):>8,} {gz(small):>7,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("course", nargs="?", type=Path, default=SHIPPED)
    parser.add_argument("-l", "--lang", action="append", default=[], help="course language (repeatable; default en)")
    parser.add_argument("--multilingual", action="store_true")
    parser.add_argument("--no-minify", action="store_true", help="the run-time as written (build --no-minify)")
    args = parser.parse_args()
    languages = args.lang or (["en"] if args.course == SHIPPED else [])
    sys.path.insert(0, str(ROOT))
    per_format(args.course, languages, args.multilingual, not args.no_minify)
    per_source(args.course, languages)


if __name__ == "__main__":
    main()
