"""How long a saved page takes to show in the browser under `smab-pack preview`.

Copies a course (default: the shipped one) to a temporary folder, starts `smab-pack preview` on it,
opens it in Chromium (Playwright), goes to a page, then saves that page's Markdown N times (default
20), each time with a new sentence, and measures from just before the save to the moment the
course frame shows the sentence: watcher, rebuild, event, reload and the run-time's start, all of
it. Prints each figure, the median, and the preview's own rebuild time. Not a test: a figure.

    .venv/bin/python scripts/benchmark_preview.py [COURSE] [--saves 20] [--page FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("SMAB_CHROMIUM", "/usr/bin/chromium")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("course", nargs="?", type=Path, default=ROOT / "courses" / "start-a-business-in-norway")
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--page", default="modules/01-business-forms/05-choosing-a-form.en.md")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        course = Path(scratch) / "course"
        shutil.copytree(args.course, course)
        page_file = course / args.page
        page_id = page_file.name.split(".", 1)[0].split("-", 1)[1]
        original = page_file.read_text(encoding="utf-8")
        proc = subprocess.Popen(
            [sys.executable, "-m", "smab_pack", "preview", str(course), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            url = None
            while url is None:
                line = proc.stdout.readline()
                if not line:
                    sys.exit("preview did not start")
                if " at http://" in line:
                    url = line.split(" at ", 1)[1].split()[0]
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
                tab = browser.new_page()
                tab.goto(url)
                frame = tab.frame_locator("#pv-course")
                frame.locator(f"a[data-page={page_id}]").first.click()
                tab.wait_for_function(
                    "id => { var d = document.getElementById('pv-course').contentDocument;"
                    " var p = d && d.querySelector('[data-smab-ui=page]:not([hidden])'); return p && p.id === id; }",
                    arg=page_id,
                )
                shown, rebuilt = [], []
                for n in range(args.saves):
                    marker = f"Saved sentence number {n} at {time.time_ns()}."
                    before = time.time()
                    page_file.write_text(original.replace("\n## ", f"\n{marker}\n\n## ", 1), encoding="utf-8")
                    seen = tab.wait_for_function(
                        "m => { var d = document.getElementById('pv-course').contentDocument;"
                        " var p = d && d.documentElement && d.documentElement.getAttribute('data-smab') === 'ready'"
                        " && d.querySelector('[data-smab-ui=page]:not([hidden])');"
                        " return p && p.textContent.indexOf(m) >= 0 && Date.now(); }",
                        arg=marker,
                        polling="raf",
                        timeout=60_000,
                    ).json_value()
                    shown.append(seen - before * 1000)
                    with urllib.request.urlopen(url + "__preview/state") as answer:
                        rebuilt.append(json.load(answer)["seconds"] * 1000)
                    print(f"save {n + 1:>2}: shown after {shown[-1]:6.0f} ms (rebuild {rebuilt[-1]:4.0f} ms)")
                    time.sleep(0.3)  # an author does not save twice in one build
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        (full, full_cpu), (incremental, incremental_cpu) = _rebuilds(
            course, page_file, original, max(5, args.saves // 4)
        )
    print(
        f"save to browser, median of {len(shown)}: {statistics.median(shown):.0f} ms "
        f"(rebuild {statistics.median(rebuilt):.0f} ms; min {min(shown):.0f}, max {max(shown):.0f})"
    )
    print(
        f"rebuild after a save, in process: {incremental:.0f} ms ({incremental_cpu:.0f} ms CPU) with unchanged "
        f"pages and languages kept, {full:.0f} ms ({full_cpu:.0f} ms CPU) checking and rendering everything "
        f"again (medians; CPU time is what a machine nobody else uses would take)"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def _rebuilds(course: Path, page_file: Path, original: str, runs: int) -> tuple[tuple[float, float], ...]:
    """Median (wall, CPU) ms of a whole check and render of the shown language, and of the preview's rebuild."""
    from smab_pack.preview.builder import Builder

    lang = page_file.name.split(".")[-2]
    full: list[tuple[float, float]] = []
    incremental: list[tuple[float, float]] = []
    kept = Builder(course, "web")
    kept.rebuild({lang})
    for n in range(runs):
        page_file.write_text(original.replace("\n## ", f"\nRun {n}.\n\n## ", 1), encoding="utf-8")
        started, cpu = time.perf_counter(), time.process_time()
        Builder(course, "web").rebuild({lang})  # nothing kept: every page parsed, the language rendered
        full.append(((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000))
        kept.changed({page_file})
        started, cpu = time.perf_counter(), time.process_time()
        kept.rebuild({lang})
        incremental.append(((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000))
    return tuple(
        (statistics.median(w for w, _ in runs_), statistics.median(c for _, c in runs_))
        for runs_ in (full, incremental)
    )


if __name__ == "__main__":
    main()
