"""Shared test fixtures: one browser, one HTTP server, one build of the shipped course."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from smab_pack.diagnostics import Diagnostics
from smab_pack.pipeline import build
from tests.support.lms import XapiFront
from tests.support.lrs import Ralph
from tests.support.server import TestServer

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SMAB_SHARED", ROOT.parent / "shared"))
SHIPPED = Path(os.environ.get("SMAB_SHIPPED_COURSE", ROOT / "courses" / "start-a-business-in-norway"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = os.environ.get("SMAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_shared(relative: str) -> Path:
    """A file of ../shared/ (official schemas, the oracle validator, third-party examples).

    A clone without ../shared/ beside it skips the tests that need it, naming the file;
    in CI (CI=true), where ../shared/ is provided, a missing file fails the test instead:
    the conformance tests must never pass there by skipping.
    """
    path = SHARED / relative
    if not path.exists():
        message = (
            f"{path} is missing: the conformance data (official SCORM/cmi5 XSDs, the oracle "
            f"validator) sits in ../shared/ beside the project; set SMAB_SHARED to its folder "
            f"(docs/conformance-data.md says what it holds and where each file comes from)"
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def shipped_config():
    import yaml

    from smab_pack import plugins

    return plugins.course_config_model().model_validate(
        yaml.safe_load((SHIPPED / "course.yaml").read_text(encoding="utf-8"))
    )


@pytest.fixture(scope="session")
def conformance():
    """The official-schema validator in ../shared/conformance (the oracle, used in place)."""
    script = require_shared("conformance/validate.py")
    spec = importlib.util.spec_from_file_location("shared_conformance_validate", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def shipped_packages(tmp_path_factory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("dist")
    built, _ = build(SHIPPED, out)
    return {(p.format, p.lang): p.path for p in built}


@pytest.fixture(scope="session")
def playwright_browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `./dev test` (it installs Debian's chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(playwright_browser):
    context = playwright_browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    dist = ROOT / "node_modules" / "scorm-again" / "dist"
    if not dist.is_dir():
        pytest.fail("node_modules/scorm-again is missing: run `./dev test` (its npm ci installs it)")
    srv = TestServer(
        tmp_path_factory.mktemp("www"),
        {
            "lib": dist,
            "harness": Path(__file__).resolve().parent / "harness",
        },
    ).start()
    yield srv
    srv.stop()


@pytest.fixture
def course_copy(tmp_path) -> Path:
    """A writable copy of the shipped course, for tests that break it on purpose."""
    target = tmp_path / "course"
    shutil.copytree(SHIPPED, target)
    return target


def diagnostics_for(path: Path) -> Diagnostics:
    from smab_pack.pipeline import check_course

    diags = Diagnostics()
    check_course(path, diags)
    return diags


@pytest.fixture(scope="session")
def ralph(tmp_path_factory):
    """One real LRS for the whole session (Ralph in .venv-ralph, made by ./dev test)."""
    venv = Path(os.environ.get("SMAB_RALPH_VENV", ROOT / ".venv-ralph"))
    if not (venv / "bin" / "uvicorn").exists():
        pytest.fail(f"Ralph is not installed in {venv}: run `./dev test` (it installs ralph-malph there)")
    lrs = Ralph(venv, tmp_path_factory.mktemp("ralph")).start()
    yield lrs
    lrs.stop()


@pytest.fixture(scope="session")
def lms(server, ralph) -> XapiFront:
    """The LMS side of xAPI/cmi5 launches, served by the test server in front of Ralph."""
    server.xapi = XapiFront(ralph)
    return server.xapi


@pytest.fixture(autouse=True)
def statements_obey_the_rules(request):
    """Every statement an AU sends in a test that has the LMS is judged by the
    tests' own xAPI and cmi5 rules (tests/support/statement_rules.py), and so
    is what the LRS stored for its cmi5 registrations: not only what Ralph accepts."""
    if "lms" not in request.fixturenames:
        yield
        return
    front = request.getfixturevalue("lms")
    front.reset_faults()
    since = front.mark()
    yield
    front.reset_faults()
    problems = front.problems(since)
    if problems:
        pytest.fail(f"{len(problems)} statement rule(s) broken:\n" + "\n".join(problems[:30]), pytrace=False)


@pytest.fixture
def register_plugin():
    """Register plugin objects with the process's plugin manager for one test, as a third-party
    package would be, and take them away again afterwards."""
    from smab_pack import plugins

    pm = plugins.plugin_manager()
    added = []

    def add(plugin, name: str) -> None:
        pm.register(plugin, name=name)
        added.append(plugin)

    yield add
    for plugin in added:
        pm.unregister(plugin)
