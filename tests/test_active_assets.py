"""No asset runs script in the LMS's origin (issue 18, "What reaches the learner's browser"): an SVG
is packaged rebuilt from an allow-list, and validate says what it lost, at the SVG's line; HTML,
JavaScript and XML with markup are refused where a page uses them."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from smab_pack.packaging.inert import NotSvg, inert_svg
from smab_pack.pipeline import build
from tests.conftest import diagnostics_for
from tests.support.scorm import ScormRun

#: every way an SVG runs script that we know of; each sets window.smabPwned (in the SVG's own
#: document when opened directly, in the course's when framed or embedded)
EVIL_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="#x"?>
<!DOCTYPE svg [<!ENTITY word "drawn">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="200"
     onload="top.smabPwned = (top.smabPwned || '') + 'onload '">
  <script>top.smabPwned = (top.smabPwned || '') + 'script ';</script>
  <script xlink:href="data:text/javascript,top.smabPwned=(top.smabPwned||'')+'src '"/>
  <rect id="box" width="300" height="200" fill="#eef" onmouseover="top.smabPwned = (top.smabPwned || '') + 'hover '"/>
  <a id="js" xlink:href="javascript:top.smabPwned=(top.smabPwned||'')+'link '"><text x="10" y="40">click &word;</text></a>
  <foreignObject x="0" y="60" width="300" height="60">
    <body xmlns="http://www.w3.org/1999/xhtml"><script>top.smabPwned = (top.smabPwned || '') + 'foreign ';</script>
    <img src="x" onerror="top.smabPwned = (top.smabPwned || '') + 'img '"/></body>
  </foreignObject>
  <a id="anim"><animate attributeName="href" to="javascript:top.smabPwned=(top.smabPwned||'')+'animate '"
     begin="0s" fill="freeze"/><text x="10" y="150">animated link</text></a>
  <set attributeName="onmouseover" to="top.smabPwned = (top.smabPwned || '') + 'set '" begin="0s"/>
  <html:script xmlns:html="http://www.w3.org/1999/xhtml">top.smabPwned = (top.smabPwned || '') + 'xhtml ';</html:script>
  <circle cx="250" cy="150" r="20" fill="green"/>
</svg>
"""  # noqa: E501 (the findings' line numbers are asserted: one element a line)


def active_course(root: Path, *, extra: str = "") -> Path:
    (root / "modules" / "01-m").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "assets" / "evil.svg").write_text(EVIL_SVG, encoding="utf-8")
    (root / "course.yaml").write_text(
        "id: active\nversion: 1.0.0\ntitle: {en: Active}\nlanguages: [en]\nmastery_score: 50\n", encoding="utf-8"
    )
    (root / "modules" / "01-m" / "module.yaml").write_text("title: {en: Module}\n", encoding="utf-8")
    (root / "modules" / "01-m" / "01-first.en.md").write_text(
        "---\ntitle: First\n---\n\nNothing here.\n", encoding="utf-8"
    )
    (root / "modules" / "01-m" / "02-drawing.en.md").write_text(
        "---\ntitle: Drawing\n---\n\n![A drawing](../../assets/evil.svg)\n\n"
        "[The drawing on its own](../../assets/evil.svg)\n\n"
        '<object data="../../assets/evil.svg" type="image/svg+xml"></object>\n\n' + extra,
        encoding="utf-8",
    )
    return root


def test_an_svg_keeps_its_drawing_and_loses_what_runs():
    rebuilt, findings = inert_svg(EVIL_SVG.encode())
    text = rebuilt.decode()
    for gone in (
        "script",
        "onload",
        "onmouseover",
        "javascript",
        "foreignObject",
        "xml-stylesheet",
        "DOCTYPE",
        "<animate",
        "<set",
        "smabPwned",
        "data:text",
    ):
        assert gone not in text, gone
    for kept in ('<rect id="box"', '<circle cx="250"', "click drawn", '<a id="anim"', "animated link"):
        assert kept in text, kept
    assert {f.line for f in findings} == {2, 5, 6, 7, 8, 9, 10, 15, 16, 17}, findings
    assert inert_svg(rebuilt) == (rebuilt, [])  # once rebuilt, nothing more to remove


def test_validate_reports_active_assets_where_they_are(tmp_path):
    root = active_course(
        tmp_path / "c",
        extra="[a page](../../assets/page.html)\n\n[data](../../assets/data.xml)\n\n"
        "[xhtml in xml](../../assets/trick.xml)\n\n[code](../../assets/tool.js)\n\n"
        "![broken](../../assets/broken.svg)\n",
    )
    (root / "assets" / "page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (root / "assets" / "data.xml").write_text("<?xml version='1.0'?><orgnr>123</orgnr>", encoding="utf-8")
    (root / "assets" / "trick.xml").write_text(
        '<r>\n<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script></r>', encoding="utf-8"
    )
    (root / "assets" / "tool.js").write_text("alert(1)", encoding="utf-8")
    (root / "assets" / "broken.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'>\n<g></svg>", encoding="utf-8")
    diags = diagnostics_for(root)
    got = {
        (d.code, Path(d.file).name, d.line, d.severity.value)
        for d in diags
        if d.code in ("active-asset", "svg-invalid", "svg-active-content")
    }
    page = "02-drawing.en.md"
    expected = {
        ("active-asset", page, 11, "error"),
        ("active-asset", page, 15, "error"),
        ("active-asset", page, 17, "error"),
        ("svg-invalid", "broken.svg", 2, "error"),
    }
    expected |= {("svg-active-content", "evil.svg", line, "warning") for line in (2, 5, 6, 7, 8, 9, 10, 15, 16, 17)}
    assert got == expected, sorted(got)
    assert any(d.code == "unsafe-html" and "<object" in d.message for d in diags)


@pytest.mark.browser
def test_nothing_in_an_svg_runs_in_the_course(page, server, tmp_path):
    built, diags = build(active_course(tmp_path / "c"), tmp_path / "out", formats=["scorm2004"], languages=["en"])
    packaged = zipfile.ZipFile(built[0].path).read("content/assets/evil.svg")
    assert packaged == inert_svg(EVIL_SVG.encode())[0]
    assert {d.code for d in diags} >= {"svg-active-content", "unsafe-html"}

    # The control: the author's file, opened as it is, does run (so the payload is real).
    server.mounts["active-source"] = tmp_path / "c"
    page.goto(f"{server.url}/active-source/assets/evil.svg")
    page.wait_for_function("window.smabPwned && window.smabPwned.includes('script')")

    url = server.mount_zip("active-scorm2004", built[0].path)
    run = ScormRun(page, server, "2004", url)
    frame = run.launch()
    run.next()
    image = frame.locator("[data-smab-ui=page]:not([hidden]) img")
    image.wait_for()
    frame.wait_for_function(
        "() => document.querySelector('[data-smab-ui=page]:not([hidden]) img').naturalWidth === 300"
    )
    assert frame.locator("object, embed, iframe").count() == 0
    image.hover()
    frame.locator("[data-smab-ui=page]:not([hidden]) a[download]").click(modifiers=["Alt"])  # Alt: no download
    page.wait_for_timeout(300)
    assert frame.evaluate("window.smabPwned") is None and page.evaluate("window.smabPwned") is None

    # Opened straight from the package, as a learner following the link in a new tab would.
    svg = page.context.new_page()
    svg.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    svg.goto(f"{url}/content/assets/evil.svg")
    svg.wait_for_load_state("load")
    svg.locator("#box").hover()
    svg.locator("#js").click()
    svg.locator("#anim").click()
    svg.wait_for_timeout(300)
    assert svg.evaluate("window.smabPwned") is None
    assert svg.evaluate("document.documentElement.localName") == "svg"
    assert svg.locator("circle").count() == 1  # the drawing itself is still there
    assert page.js_errors == []


def test_an_svg_reads_nothing_outside_itself_and_no_entity_bomb_expands(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=abc", encoding="utf-8")
    outside = (
        f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'
    ).encode()
    with pytest.raises(NotSvg) as refused:
        inert_svg(outside)
    assert "TOKEN" not in str(refused.value)
    laughs = '<!ENTITY a0 "lol lol lol lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE svg [{laughs}]><svg xmlns="http://www.w3.org/2000/svg"><text>&a9;</text></svg>'
    ).encode()
    started = time.perf_counter()
    with pytest.raises(NotSvg, match="amplification"):
        inert_svg(bomb)
    assert time.perf_counter() - started < 2
