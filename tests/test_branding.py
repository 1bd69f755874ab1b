"""branding: in course.yaml: logos, colours and the footer, validated where they are written; the
low-contrast rule on good and bad pairs, light and dark; logos in every package; the footer in every
language of the shell; the footer texts through XLIFF."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from smab_pack import plugins
from smab_pack.checking.package import check_package
from smab_pack.diagnostics import Diagnostics
from smab_pack.models import colours
from smab_pack.pipeline import build
from tests.conftest import FIXTURES, ROOT, diagnostics_for
from tests.support.pages import course_html

CORE_CSS = ROOT / "smab_pack" / "runtime" / "core.css"

BRANDING = """branding:
  logos:
    - file: assets/logos/partner.svg
      alt:
        en: Partner organisation
        nb: Partnerorganisasjon
      link: https://example.org/
  colours:
    accent: "#7a1f5c"
    header_background:
      light: "#fdf3f8"
      dark: "#2a1020"
  footer:
    eu_emblem: true
    funding:
      en: Co-funded by the European Union
      nb: Samfinansiert av Den europeiske union
    text:
      en: Views and opinions expressed are those of the authors only.
      nb: Synspunktene som kommer til uttrykk, er forfatternes egne.
"""
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" height="40" fill="#0a5"/>'
    "<script>alert(1)</script></svg>\n"
)


def branded(tmp_path: Path, branding: str = BRANDING) -> Path:
    course = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", course)
    (course / "assets" / "logos").mkdir()
    (course / "assets" / "logos" / "partner.svg").write_text(LOGO, encoding="utf-8")
    with (course / "course.yaml").open("a", encoding="utf-8") as f:
        f.write(branding)
    return course


def line_of(course: Path, needle: str) -> int:
    lines = (course / "course.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if needle in text)


def errors(course: Path, code: str | None = None) -> list:
    return [d for d in diagnostics_for(course).errors if code is None or d.code == code]


# ---- the theme as data ----


def _root_values(css: str, dark: bool) -> dict[str, str]:
    block = re.search(
        r"@media \(prefers-color-scheme:dark\)\{:root\{([^}]*)\}" if dark else r"^:root\{([^}]*)\}", css, re.M
    )
    assert block is not None
    return dict(item.strip("-").split(":", 1) for item in block.group(1).split(";") if item.startswith("--"))


@pytest.mark.parametrize("scheme", colours.SCHEMES)
def test_the_default_theme_is_core_css_own(scheme):
    css = CORE_CSS.read_text(encoding="utf-8")
    values = _root_values(css, scheme == "dark")
    for prop, colour in colours.DEFAULT_THEME[scheme].items():
        assert values[prop] == colour, prop


@pytest.mark.parametrize("scheme", colours.SCHEMES)
def test_every_pair_the_default_theme_draws_reads_at_4_5(scheme):
    values = colours.theme(scheme, {})
    for pair in colours.PAIRS:
        assert colours.contrast(values[pair.text], values[pair.background]) >= 4.5, pair


def test_contrast_is_wcag_2():
    assert colours.contrast("#fff", "#000") == pytest.approx(21)
    assert colours.contrast("#000", "#fff") == pytest.approx(21)
    assert colours.contrast("#777777", "#fff") == pytest.approx(4.48, abs=0.01)  # the classic near miss
    assert colours.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert colours.luminance("#003399") == pytest.approx(0.0467, abs=0.0005)  # 0.7152·0.0331 + 0.0722·0.3185


# ---- validation, located ----


@pytest.mark.parametrize(
    ("setting", "needle", "message"),
    [
        ("  colours:\n    accent: red\n", "accent: red", "'red' is not a colour"),
        ('  colours:\n    accent:\n      light: "#12345"\n', "light:", "'#12345' is not a colour"),
        ('  colours:\n    accent_colour: "#fff"\n', "accent_colour", "unknown key 'branding.colours.accent_colour'"),
        ("  logo: x.png\n", "logo: x.png", "unknown key 'branding.logo'"),
        ("  footer:\n    eu_emblem: true\n", "footer:", "eu_emblem: true needs funding"),
        ("  logos:\n    - file: a.png\n", "- file: a.png", "alt"),
        ("  logos:\n    - file: a.png\n      alt: A\n      link: http://x.org\n", "link:", "branding.logos.0.link"),
    ],
)
def test_a_wrong_setting_is_an_error_at_its_line(tmp_path, setting, needle, message):
    course = branded(tmp_path, "branding:\n" + setting)
    found = errors(course)
    assert found, setting
    assert any(message in d.message and d.line == line_of(course, needle) for d in found), [
        (d.line, d.message) for d in found
    ]


@pytest.mark.parametrize(
    ("file", "code", "message"),
    [
        ("assets/logos/nope.png", "missing-file", "logo 'assets/logos/nope.png' not found"),
        ("../outside.png", "path-escape", "points outside the course folder"),
        ("/etc/passwd", "path-escape", "logo '/etc/passwd'"),
        ("modules", "missing-file", "is a folder"),
        ("modules/01-basics/module.yaml", "invalid-value", "is not an image"),
    ],
)
def test_a_logo_file_that_cannot_be_packaged_is_an_error_at_its_line(tmp_path, file, code, message):
    (tmp_path / "outside.png").write_bytes(b"\x89PNG")
    course = branded(tmp_path, f"branding:\n  logos:\n    - file: {file}\n      alt: A\n")
    found = errors(course, code)
    assert [d.line for d in found if message in d.message] == [line_of(course, f"file: {file}")], [
        (d.code, d.line, d.message) for d in errors(course)
    ]


def test_a_logo_symlinked_out_of_the_course_is_refused(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG")
    course = branded(tmp_path, "branding:\n  logos:\n    - file: assets/logos/link.png\n      alt: A\n")
    (course / "assets" / "logos" / "link.png").symlink_to(secret)
    assert [d.code for d in errors(course)] == ["path-escape"]


def test_an_active_svg_logo_is_rebuilt_inert_and_warned_about(tmp_path):
    course = branded(tmp_path)
    warnings = [d for d in diagnostics_for(course) if d.code == "svg-active-content"]
    assert len(warnings) == 1 and "<script>" in warnings[0].message and "course.yaml" in warnings[0].message


# ---- the contrast rule ----


def low(course: Path) -> list:
    return [d for d in diagnostics_for(course) if d.code == "low-contrast"]


def test_colours_with_enough_contrast_pass(tmp_path):
    assert low(branded(tmp_path)) == []
    assert errors(branded(tmp_path / "2")) == []


@pytest.mark.parametrize(
    ("colours_yaml", "needle", "scheme", "pair"),
    [
        ('    accent: "#ffcc00"\n', "accent:", "light", "accent #ffcc00 on the page background #fff"),
        (
            '    accent: "#7a1f5c"\n    accent_text: "#777"\n',
            "accent_text:",
            "light",
            "accent_text #777 on accent #7a1f5c",
        ),
        (
            '    accent:\n      light: "#7a1f5c"\n      dark: "#3a0f2c"\n',
            'dark: "#3a0f2c"',
            "dark",
            "accent #3a0f2c on the page background #15191f",
        ),
        (
            '    header_background: "#3a3a3a"\n',
            "header_background:",
            "light",
            "header_text #1d2430 on header_background",
        ),
        (
            '    header_text:\n      light: "#1d2430"\n      dark: "#222"\n',
            'dark: "#222"',
            "dark",
            "header_text #222 on header_background #15191f",
        ),
    ],
)
def test_a_pair_below_4_5_is_an_error_at_the_colour(tmp_path, colours_yaml, needle, scheme, pair):
    course = branded(tmp_path, "branding:\n  colours:\n" + colours_yaml)
    found = low(course)
    assert found, colours_yaml
    assert all(d.severity.value == "error" and Path(d.file).name == "course.yaml" for d in found)
    mine = [d for d in found if pair in d.message]
    assert mine and f"in the {scheme} theme" in mine[0].message, [d.message for d in found]
    assert mine[0].line == line_of(course, needle)
    assert re.search(r"contrast of \d\.\d\d:1", mine[0].message)


def test_a_light_only_colour_leaves_the_dark_theme_its_own(tmp_path):
    # #1f5fbf reads on white, not on the dark background: the dark theme keeps #8ab4f8, so no error
    course = branded(tmp_path, 'branding:\n  colours:\n    accent: "#1f5fbf"\n')
    assert low(course) == []


# ---- packages ----


@pytest.fixture(scope="module")
def branded_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("branded")
    course = branded(tmp)
    built, _ = build(course, tmp / "dist", formats=["scorm12", "scorm2004", "web", "cmi5", "xapi"])
    return course, built


def test_logos_are_in_every_package_and_its_manifest(branded_build):
    _, built = branded_build
    assert {p.format for p in built} == {"scorm12", "scorm2004", "web", "cmi5", "xapi"}
    for package in built:
        with zipfile.ZipFile(package.path) as z:
            names = z.namelist()
            html = z.read("index.html").decode() if "index.html" in names else None
            if html is None:
                continue  # a format that links to the course elsewhere
            assert "content/assets/logos/partner.svg" in names, package.format
            logo = z.read("content/assets/logos/partner.svg").decode()
            assert "<script" not in logo and "<rect" in logo
            for manifest in ("imsmanifest.xml",):
                if manifest in names:
                    assert 'href="content/assets/logos/partner.svg"' in z.read(manifest).decode(), package.format
        diags = Diagnostics()
        check_package(package.path, diags, checkers=plugins.package_checkers())
        assert diags.errors == [], (package.format, [d.message for d in diags.errors])


def test_the_footer_is_in_the_shell_in_each_language(branded_build):
    _, built = branded_build
    texts = {
        "en": ("Co-funded by the European Union", "Partner organisation"),
        "nb": ("Samfinansiert", "Partnerorganisasjon"),
    }
    for package in (p for p in built if p.format == "scorm12"):
        html = zipfile.ZipFile(package.path).read("index.html").decode()
        footer = html[html.index('<footer class="smab-foot"') : html.index("</footer>")]
        funding, alt = texts[package.lang]
        assert funding in footer and f'alt="{alt}"' in footer
        assert footer.count("<use ") == 11 and footer.count('fill="#fc0"') == 1 and 'fill="#039"' in footer
        assert 'viewBox="0 0 810 540"' in footer  # 3:2
        assert html.index("</main>") < html.index('<footer class="smab-foot"')  # outside the pages and results


def test_branding_css_only_in_branded_courses(tmp_path, branded_build):
    _, built = branded_build
    css = zipfile.ZipFile(next(p.path for p in built if p.format == "scorm12")).read("smab.css").decode()
    assert ".smab-foot{" in css and "--accent:#7a1f5c" in css and "--head-bg:#2a1020" in css
    plain, _ = build(FIXTURES / "mini", tmp_path / "plain", formats=["scorm12"], languages=["en"])
    css = zipfile.ZipFile(plain[0].path).read("smab.css").decode()
    assert ".smab-foot" not in css and "--head-bg:" not in css


def test_the_emblem_geometry():
    """Twelve stars of radius h/18, upright, on a circle of radius h/3 around the centre."""
    import math

    template = (ROOT / "smab_pack" / "templates" / "edition.html.j2").read_text(encoding="utf-8")  # the shell
    first = (405, 90)
    offsets = re.search(r"\{% for x, y in \((.*?)\) %\}", template).group(1)
    stars = [first] + [
        (first[0] + float(x), first[1] + float(y)) for x, y in re.findall(r"\(([-\d.]+), ([-\d.]+)\)", offsets)
    ]
    assert len(stars) == 12
    for k, (x, y) in enumerate(stars):
        assert x == pytest.approx(405 + 180 * math.sin(math.radians(30 * k)), abs=0.06)
        assert y == pytest.approx(270 - 180 * math.cos(math.radians(30 * k)), abs=0.06)
    d = re.search(r'id="smab-eu-star"[^>]*d="([^"]+)"', template).group(1)
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    assert numbers[:2] == [0, -30]  # one point straight up, radius 30 = 540/18


# ---- the footer's texts in the translation workflow ----


def test_footer_texts_travel_through_xliff_and_status_counts_them(tmp_path):
    import yaml
    from lxml import etree

    from smab_pack.translation.status import State, translation_status
    from smab_pack.translation.xliff import XLIFF2, export_xliff, import_xliff
    from tests.test_xliff import _course

    root = branded(tmp_path)
    text = (root / "course.yaml").read_text(encoding="utf-8")
    (root / "course.yaml").write_text(text.replace("languages: [en, nb]", "languages: [en, nb, de]"), encoding="utf-8")
    # de has no footer texts yet: course.yaml is untranslated for it, naming them
    yaml_status = next(p for p in translation_status(_course(root), ["de"])[0].pages if p.page == "course.yaml")
    assert yaml_status.state is State.UNTRANSLATED
    assert {"branding.footer.funding", "branding.footer.text", "branding.logos.0.alt"} <= set(yaml_status.untranslated)
    xliff = etree.fromstring(export_xliff(_course(root), "de"))
    units = {u.get("id"): u for u in xliff.iter(f"{{{XLIFF2}}}unit")}
    funding = next(u for key, u in units.items() if "branding.footer.funding" in key)
    assert funding.find(f".//{{{XLIFF2}}}source").text == "Co-funded by the European Union"
    for segment in xliff.iter(f"{{{XLIFF2}}}segment"):
        source = segment.find(f"{{{XLIFF2}}}source")
        target = etree.SubElement(segment, f"{{{XLIFF2}}}target")
        target.text = "DE " + (source.text or "")
        target[:] = list(source)
    (tmp_path / "de.xlf").write_bytes(etree.tostring(xliff))
    diags = Diagnostics()
    assert import_xliff(_course(root), tmp_path / "de.xlf", diags) is not None and not diags.has_errors
    footer = yaml.safe_load((root / "course.yaml").read_text(encoding="utf-8"))["branding"]["footer"]
    assert footer["funding"]["de"] == "DE Co-funded by the European Union"
    assert footer["funding"]["nb"] == "Samfinansiert av Den europeiske union"  # the others untouched
    yaml_status = next(p for p in translation_status(_course(root), ["de"])[0].pages if p.page == "course.yaml")
    assert yaml_status.state is State.CURRENT
    built, _ = build(root, tmp_path / "dist", formats=["web"], languages=["de"])
    html = zipfile.ZipFile(built[0].path).read("index.html").decode()
    assert "DE Co-funded by the European Union" in html and 'alt="DE Partner organisation"' in html


def test_a_footer_text_missing_a_language_is_a_warning_at_its_line(tmp_path):
    course = branded(
        tmp_path, BRANDING.replace("      nb: Synspunktene som kommer til uttrykk, er forfatternes egne.\n", "")
    )
    found = [d for d in diagnostics_for(course) if d.code == "untranslated-branding"]
    assert [(d.line, "has no text in nb" in d.message) for d in found] == [(line_of(course, "    text:"), True)]
    assert [d for d in diagnostics_for(branded(tmp_path / "2")) if d.code == "untranslated-branding"] == []


def test_a_multilingual_package_has_the_footer_in_every_language(tmp_path):
    built, _ = build(branded(tmp_path), tmp_path / "dist", formats=["web"], multilingual=True)
    # each language's shell: the first in index.html, the other in its fragment (docs/architecture.md)
    en, nb = (course_html(built[0].path, lang) for lang in ("en", "nb"))
    assert en.count('<footer class="smab-foot"') == 1 and nb.count('<footer class="smab-foot"') == 1
    assert "Co-funded by the European Union" in en and "Samfinansiert av Den europeiske union" in nb
