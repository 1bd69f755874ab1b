"""How soon the first page of a package is usable on a slow phone connection.

Builds the shipped course (or COURSE) as SCORM 1.2 twice, one language (``--lang``, default en)
and every language in one package (``--multilingual``), unpacks each, serves it from a local HTTP
server without compression, and opens index.html in Chromium (Playwright, Debian's chromium) with
Chrome's slow-3G-like profile set through the DevTools protocol: 400 kbit/s down and up, 400 ms
round trip (``Network.emulateNetworkConditions``), the CPU 4× slower
(``Emulation.setCPUThrottlingRate``), the cache disabled, a fresh browser context every run.

"Interactive" is the moment the run-time says the first page is mounted and usable: its
``performance.mark("smab-interactive")`` (core.js sets it when the page it opens on has its content
bound and the document is marked ``data-smab="ready"``). For a build without that mark (an older
run-time) the moment ``data-smab="ready"`` appears is used: the same point. Prints each run, the
median, the bytes fetched before that moment, and the load average. Not a test: a figure.

    .venv/bin/python scripts/benchmark_network.py [COURSE] [--runs 5] [--lang en]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("SMAB_CHROMIUM", "/usr/bin/chromium")
KBIT = 1000 / 8  # bytes per second in one kbit/s

# Records when the run-time marks the document ready, for builds without the performance mark.
READY_WATCH = """
new MutationObserver(function (list, obs) {
  if (document.documentElement.getAttribute("data-smab") === "ready") {
    window.__smabReady = performance.now(); obs.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-smab"] });
"""

INTERACTIVE = """() => {
  var m = performance.getEntriesByName("smab-interactive")[0];
  return m ? m.startTime : window.__smabReady;
}"""


class QuietHandler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as an LMS's web server answers

    def log_message(self, *args) -> None:
        pass


def build(course: Path, out: Path, *options: str) -> Path:
    subprocess.run(
        [sys.executable, "-m", "smab_pack", "build", str(course), "-f", "scorm12", "-o", str(out), *options],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (package,) = out.glob("*.zip")
    folder = out / "site"
    with zipfile.ZipFile(package) as zf:
        zf.extractall(folder)
    return folder


def measure(browser, url: str) -> tuple[float, int, int]:
    """(ms to interactive, requests, bytes received before it) for one cold load of ``url``."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.add_init_script(READY_WATCH)
    cdp = context.new_cdp_session(tab)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 400, "downloadThroughput": 400 * KBIT, "uploadThroughput": 400 * KBIT},
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    received = {"bytes": 0, "requests": 0}

    def on_finished(event: dict) -> None:
        received["bytes"] += int(event.get("encodedDataLength", 0))
        received["requests"] += 1

    cdp.on("Network.loadingFinished", on_finished)
    tab.goto(url, wait_until="commit", timeout=180_000)
    tab.wait_for_function(INTERACTIVE, timeout=180_000, polling=50)
    ms = tab.evaluate(INTERACTIVE)
    counts = (received["requests"], received["bytes"])
    context.close()
    return ms, *counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("course", nargs="?", type=Path, default=ROOT / "courses" / "start-a-business-in-norway")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        sites = {
            f"single ({args.lang})": build(args.course, Path(scratch) / "single", "-l", args.lang),
            "multilingual": build(args.course, Path(scratch) / "mul", "--multilingual"),
        }
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=scratch))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        cpu0 = os.times()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
                for name, site in sites.items():
                    index = site / "index.html"
                    url = f"http://127.0.0.1:{port}/{site.relative_to(scratch).as_posix()}/index.html"
                    times = []
                    for run in range(args.runs):
                        ms, requests, got = measure(browser, url)
                        times.append(ms)
                        print(
                            f"{name:18} run {run + 1}: {ms / 1000:6.2f} s  ({requests} requests, {got / 1024:.0f} KiB)"
                        )
                    print(
                        f"{name:18} median {statistics.median(times) / 1000:.2f} s "
                        f"(index.html {index.stat().st_size / 1024:.0f} KiB)"
                    )
                browser.close()
        finally:
            server.shutdown()
        cpu = os.times()
        print(
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
            f"this process's CPU {cpu.user - cpu0.user + cpu.system - cpu0.system:.1f} s, "
            f"children {cpu.children_user - cpu0.children_user + cpu.children_system - cpu0.children_system:.1f} s; "
            f"{time.strftime('%H:%M:%S')}"
        )
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
