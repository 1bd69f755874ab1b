"""`smab-pack preview`: the course served on 127.0.0.1, rebuilt on every save (only what changed),
the open tab reloaded on the page the author was on, problems in an overlay, and nothing served
but the built site."""

from __future__ import annotations

import http.client
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from smab_pack.preview.builder import Builder
from tests.conftest import SHIPPED
from tests.support.pages import page_html
from tests.support.preview import running_preview

PAGE = "modules/01-business-forms/05-choosing-a-form.en.md"
pytestmark = pytest.mark.slow  # each test checks the whole shipped course (8 languages) at least once


@pytest.fixture
def course(tmp_path) -> Path:
    copy = tmp_path / "course"
    shutil.copytree(SHIPPED, copy)
    return copy


@pytest.fixture
def preview(course):
    """A running `smab-pack preview` on a copy of the shipped course: (its URL, the copy)."""
    with running_preview(course) as url:
        yield url, course


def _get(url: str, path: str, host: str | None = None) -> tuple[int, bytes]:
    """GET ``path`` exactly as written (no client-side clean-up of '..')."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_host=host is not None)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port``, from the kernel's own table."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":
                found.add(address)
    return found


def test_binds_127_0_0_1_by_default(preview):
    url, _ = preview
    parts = urlsplit(url)
    assert parts.hostname == "127.0.0.1"
    assert _listening_addresses(parts.port) == {"0100007F"}  # 127.0.0.1, not 0.0.0.0 (00000000)


def test_serves_the_built_site_and_nothing_else(preview):
    url, course = preview
    status, body = _get(url, "/course/en/index.html")
    assert status == 200 and b'data-smab-ui="root"' in body
    assert _get(url, "/course/en/smab.js")[0] == 200
    assert _get(url, "/course/en/adapter.js")[0] == 200
    assert (course / "course.yaml").is_file() and (course / PAGE).is_file()
    for path in (
        "/course/en/../../course/course.yaml",
        "/course/en/%2e%2e/%2e%2e/course/course.yaml",
        "/course/en/..%2fcourse.yaml",
        "/course/en//etc/passwd",
        "/course/en/%2Fetc%2Fpasswd",
        f"/course/en/{PAGE}",
        "/course/en/course.yaml",
        "/course/xx/index.html",
        "/course.yaml",
        "/../course/course.yaml",
    ):
        status, body = _get(url, path)
        assert status == 404, path
        assert b"choosing" not in body and b"root:" not in body
    # A page elsewhere that made its own name point here (DNS rebinding) gets nothing.
    assert _get(url, "/course/en/index.html", host="attacker.example")[0] == 403


def test_a_page_edit_parses_that_page_again_and_renders_only_its_language(course):
    builder = Builder(course, "web")
    first = builder.rebuild({"en", "nb"})
    assert first.errors == 0 and first.reused == 0 and first.parsed > 100
    assert sorted(first.rendered) == ["en", "nb"]
    page = course / "modules/01-business-forms/02-sole-proprietorship.nb.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNy tekst her.\n", encoding="utf-8")
    assert builder.changed({page})
    again = builder.rebuild({"en", "nb"})
    assert (again.parsed, again.reused) == (1, first.parsed - 1)
    assert again.rendered == ["nb"]  # en did not change: its rendering is kept
    assert "Ny tekst her." in page_html(builder.site("nb")[1], "sole-proprietorship", "nb")
    # A change that may touch every page (course.yaml) parses them all again.
    config = course / "course.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert builder.changed({config})
    assert builder.rebuild({"en"}).parsed == first.parsed
    # An editor's temporary file that came and went changes nothing.
    assert not builder.changed({course / "modules" / ".sedX1y2z3"})


@pytest.mark.parametrize("fmt", ["web", "scorm12"])
def test_what_is_served_is_what_the_package_holds(course, tmp_path, fmt):
    import zipfile

    from smab_pack.pipeline import build

    # the preview's run-time is the readable one (docs/preview.md): what build --no-minify writes,
    # with every other course language as a help language (its picker shows their parallel text)
    others = ["en", "es", "de", "pl", "el", "ar", "uk"]
    built, _ = build(course, tmp_path / "dist", formats=[fmt], languages=["nb"], help_languages=others, minify=False)
    with zipfile.ZipFile(built[0].path) as package:
        packaged = {name: package.read(name) for name in package.namelist()}
    builder = Builder(course, fmt)
    builder.rebuild()
    served = builder.site("nb")[1]
    assert set(served) == set(packaged)
    for name, content in served.items():
        assert (content if isinstance(content, bytes) else content.read_bytes()) == packaged[name], name


def test_with_errors_the_last_good_build_stays(course):
    builder = Builder(course, "web")
    builder.rebuild({"en"})
    good = builder.good.number
    page = course / PAGE
    page.write_text(page.read_text(encoding="utf-8").replace("::: quiz", "::: quizz", 1), encoding="utf-8")
    builder.changed({page})
    outcome = builder.rebuild({"en"})
    assert outcome.errors and outcome.shown == good
    assert any(d.code == "unknown-block" and d.file.endswith(PAGE) for d in outcome.diagnostics)
    assert builder.site("en")[0] == good


@pytest.mark.browser
def test_the_tab_follows_edits_and_shows_problems_in_an_overlay(preview, page):
    from playwright.sync_api import expect

    url, course = preview
    page.goto(url)
    course_frame = page.frame_locator("#pv-course")
    current = course_frame.locator("section[data-smab-ui=page]:not([hidden])")
    expect(current).to_have_attribute("id", "welcome", timeout=60_000)
    # Go to the page to be edited, and down it a little.
    course_frame.locator("a[data-page=choosing-a-form]").first.click()
    expect(current).to_have_attribute("id", "choosing-a-form")

    source = course / PAGE
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("\n## ", "\nA sentence the author just wrote.\n\n## ", 1), encoding="utf-8")
    expect(current).to_contain_text("A sentence the author just wrote.", timeout=60_000)
    expect(current).to_have_attribute("id", "choosing-a-form")  # still on the page the author was on
    overlay = page.locator("#pv-overlay")
    expect(overlay).to_be_hidden()

    # A misspelt block: the overlay says where, and the last good build stays on screen.
    broken = source.read_text(encoding="utf-8").replace("::: quiz", "::: quizz", 1)
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if text.startswith("::: quizz"))
    source.write_text(broken, encoding="utf-8")
    item = overlay.locator("li[data-code=unknown-block]")
    expect(item).to_be_visible(timeout=60_000)
    expect(item.locator(".pv-where")).to_have_text(f"course/{PAGE}:{line}:1")
    expect(item).to_contain_text("did you mean '::: quiz'?")
    expect(item.locator(".pv-source")).to_contain_text("::: quizz")
    expect(page.locator("#pv-stale")).to_contain_text("last good build")
    expect(current).to_contain_text("A sentence the author just wrote.")
    expect(course_frame.locator("#choosing-a-form .smab-quiz")).to_be_attached()

    # Fixed: the overlay goes away and the page is shown again, still where the author was.
    source.write_text(
        broken.replace("::: quizz", "::: quiz", 1).replace("just wrote.", "wrote again."), encoding="utf-8"
    )
    expect(current).to_contain_text("A sentence the author wrote again.", timeout=60_000)
    expect(overlay).to_be_hidden()
    expect(current).to_have_attribute("id", "choosing-a-form")
    assert page.js_errors == []
