"""The saved-state codec of the run-time (smab_pack/runtime/state.js), unit-tested in node
(tests/js/*.test.js with node's own test runner), and the fingerprints render/site.py gives it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from smab_pack.render.site import fingerprint, runtime_assets

JS_TESTS = sorted((Path(__file__).parent / "js").glob("*.test.js"))


def test_node_unit_tests_of_the_state_codec_pass():
    node = shutil.which("node")
    assert node, "node is needed (./dev test installs it)"
    assert JS_TESTS
    result = subprocess.run([node, "--test", *map(str, JS_TESTS)], capture_output=True, text=True, timeout=300)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-6000:]
    passed = int(re.search(r"^# pass (\d+)$", report, re.M).group(1))
    assert passed >= 10 and re.search(r"^# fail 0$", report, re.M), report[-3000:]


def test_fingerprints_are_short_stable_and_tell_things_apart():
    a = fingerprint("question", "tax.q1", "single", ["a", "b", "c"])
    assert re.fullmatch(r"[A-Za-z0-9_-]{4}", a)
    assert a == fingerprint("question", "tax.q1", "single", ["a", "b", "c"])
    assert a != fingerprint("question", "tax.q1", "multiple", ["a", "b", "c"])
    assert a != fingerprint("question", "tax.q1", "single", ["a", "b", "c", "d"])
    assert a != fingerprint("question", "tax.q2", "single", ["a", "b", "c"])


def test_the_codec_ships_before_the_core():
    js, _ = runtime_assets({}, set())
    # minified: the names a function declares are shortened (w., model), the globals stay
    assert js.index(".SMABState={") < js.index("=SMABState.decode(")
