"""`translate import` of hostile or careless XLIFF: inline codes added,
dropped or changed; Markdown, HTML and WebVTT typed as text; line breaks in
one-line fields; the wrong target language; DTDs in every encoding; file
permissions. Each case: the located diagnostic naming the unit (or the safe
page), exit 1 (never 3), bounded time and memory, nothing written."""

from __future__ import annotations

import copy
import os
import resource
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lxml import etree

from smab_pack import plugins
from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.course_loader import load_course
from smab_pack.translation.inline import Code
from smab_pack.translation.segments import _MD, Unit
from smab_pack.translation.targets import TargetError, compose
from smab_pack.translation.xliff import XLIFF2, XLIFF12, export_xliff
from tests.conftest import FIXTURES, diagnostics_for

MEMORY = 768 << 20
CPU_SECONDS = 5.0  # loading the course and writing its pages included
START = "modules/01-basics/01-start"


def Q(tag: str, ns: str = XLIFF2) -> str:
    return f"{{{ns}}}{tag}"


@pytest.fixture
def course_dir(tmp_path) -> Path:
    """The mini course with a third language, German, that has no pages yet."""
    folder = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", folder)
    config = folder / "course.yaml"
    config.write_text(config.read_text().replace("languages: [en, nb]", "languages: [en, nb, de]"))
    return folder


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def exported(course_dir: Path, version: str = "2.0", lang: str = "de"):
    """The course's XLIFF with every target a copy of its source, as a CAT tool starts."""
    diags = Diagnostics()
    course = load_course(course_dir, diags, config_model=plugins.course_config_model())
    root = etree.fromstring(export_xliff(course, lang, version))
    ns = XLIFF2 if version == "2.0" else XLIFF12
    for source in root.iter(Q("source", ns)):
        parent = source.getparent()
        if parent.find(Q("target", ns)) is None:
            target = etree.Element(Q("target", ns))
            source.addnext(target)
        target = parent.find(Q("target", ns))
        target.text, target[:] = source.text, [copy.deepcopy(c) for c in source]
    return root


def target_of(root, original: str, unit_id: str, ns: str = XLIFF2):
    (file_el,) = [f for f in root.iter(Q("file", ns)) if f.get("original") == original]
    (unit,) = [u for u in file_el.iter(Q("unit", ns), Q("trans-unit", ns)) if u.get("id") == unit_id]
    return unit, unit.find(f".//{Q('target', ns)}")


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_import(xlf: Path, course_dir: Path, umask: int | None = None) -> subprocess.CompletedProcess:
    def prepare() -> None:
        _limits()
        if umask is not None:
            os.umask(umask)

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [sys.executable, "-m", "smab_pack", "translate", "import", str(xlf), "-c", str(course_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=prepare,
        env={**os.environ, "NO_COLOR": "1"},
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime) < CPU_SECONDS
    assert "Traceback" not in result.stderr
    return result


def import_fails(root_or_bytes, course_dir: Path, code: str, *names: str) -> str:
    """Import: exit 1, ``code`` reported (with each of ``names`` in its message), no file changed."""
    before = snapshot(course_dir)
    xlf = course_dir.parent / "de.xlf"
    xlf.write_bytes(root_or_bytes if isinstance(root_or_bytes, bytes) else etree.tostring(root_or_bytes))
    result = run_import(xlf, course_dir)
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if f"error[{code}]" in line]
    assert lines, result.stderr
    assert all(any(name in line for line in lines) for name in names), lines
    assert "no page was changed" in result.stderr
    assert snapshot(course_dir) == before
    return "\n".join(lines)


def import_succeeds(root, course_dir: Path) -> None:
    xlf = course_dir.parent / "de.xlf"
    xlf.write_bytes(etree.tostring(root))
    result = run_import(xlf, course_dir)
    assert result.returncode == 0, result.stderr


# ---- B1: inline codes ----------------------------------------------------------------------------


def test_a_target_that_adds_a_link(course_dir):
    root = exported(course_dir)
    unit, target = target_of(root, f"{START}.en.md", "paragraph3")
    data = (
        unit.find(Q("originalData"))
        if unit.find(Q("originalData")) is not None
        else etree.SubElement(unit, Q("originalData"))
    )
    unit.remove(data)
    unit.insert(1, data)
    etree.SubElement(data, Q("data"), id="x1").text = "["
    etree.SubElement(data, Q("data"), id="x1e").text = "](javascript:alert(document.cookie))"
    target.text = "Click "
    etree.SubElement(target, Q("sc"), id="9", dataRef="x1").tail = "here"
    etree.SubElement(target, Q("ec"), startRef="9", dataRef="x1e")
    message = import_fails(root, course_dir, "xliff-inline-codes", "paragraph3", "01-start.en.md")
    assert "javascript:alert" in message and ":" in message.split("error[")[0]  # located: file:line


def test_a_target_that_drops_a_link(course_dir):
    root = exported(course_dir)
    _, target = target_of(root, f"{START}.en.md", "paragraph1")
    for code in list(target)[2:]:  # the second link's <sc> and <ec>
        target.remove(code)
    import_fails(root, course_dir, "xliff-inline-codes", "paragraph1")


def test_a_target_that_changes_a_link_target(course_dir):
    root = exported(course_dir)
    unit, target = target_of(root, f"{START}.en.md", "paragraph1")
    etree.SubElement(unit.find(Q("originalData")), Q("data"), id="t9").text = "](https://evil.example/phish)"
    target[1].set("dataRef", "t9")  # the first link's closing code now points elsewhere
    import_fails(root, course_dir, "xliff-inline-codes", "paragraph1", "evil.example")


def test_a_target_that_edits_a_native_code_in_xliff12(course_dir):
    root = exported(course_dir, "1.2")
    _, target = target_of(root, f"{START}.en.md", "paragraph1", XLIFF12)
    (ept,) = [e for e in target.iter(Q("ept", XLIFF12))][:1]
    ept.text = "](javascript:alert(1))"
    import_fails(root, course_dir, "xliff-inline-codes", "paragraph1", "javascript:alert(1)")


def test_codes_may_move_and_links_follow_the_language(course_dir):
    root = exported(course_dir)
    _, target = target_of(root, f"{START}.en.md", "paragraph1")
    sc1, ec1, sc2, ec2 = list(target)
    target.text = "Erst "
    target[:] = [sc2, ec2, sc1, ec1]  # the test first, then the next page: allowed
    sc2.tail, ec2.tail, sc1.tail, ec1.tail = "der Test", ", dann ", "die nächste Seite", "."
    import_succeeds(root, course_dir)
    page = (course_dir / f"{START}.de.md").read_text()
    assert "Erst [der Test](../02-test/01-check.de.md), dann [die nächste Seite](02-more.de.md)." in page


# ---- B2: what a translator types is text ---------------------------------------------------------

TYPED = (
    "[x](javascript:alert(1)) <script>alert(1)</script> <img src=x onerror=alert(1)> *bold* _em_ "
    "`code` ~~s~~ &lt;b&gt; {.evil} | cell"
)


@pytest.mark.parametrize(
    "unit_id,typed",
    [
        ("paragraph3", TYPED),
        ("paragraph3", "# A heading?"),
        ("paragraph3", "::: quiz Injected"),
        ("paragraph3", "- a list?"),
        ("paragraph3", "1. a list?"),
        ("paragraph3", "> a quote?"),
        ("paragraph3", "[ref]: javascript:alert(1)"),
        ("heading1", "Title {#main .evil onclick=alert(1)}"),
    ],
)
def test_markdown_and_html_typed_in_a_target_stay_text(course_dir, unit_id, typed):
    root = exported(course_dir)
    _, target = target_of(root, f"{START}.en.md", unit_id)
    target.text, target[:] = typed, []
    import_succeeds(root, course_dir)
    page = (course_dir / f"{START}.de.md").read_text()
    # The page has the same elements as its source, in the same order: the typed text added none.
    assert _elements(page) == _elements((course_dir / f"{START}.en.md").read_text())
    assert 'href="javascript' not in _MD.render(page)
    if unit_id == "paragraph3":  # the container line is still the tip's, the text one paragraph in it
        body = page.split("::: tip\n", 1)[1].split("\n:::", 1)[0]
        assert "\n" not in body and not body.startswith(("#", ":", "-", "1.", ">", "["))
    diags = diagnostics_for(course_dir)
    assert not diags.has_errors, [(d.code, d.message) for d in diags.errors]


def _elements(page: str) -> list[str]:
    """The element names of a page's body as HTML, in document order."""
    html = _MD.render(page.split("\n---\n", 1)[1])
    return [el.tag for el in etree.fromstring(f"<body>{html}</body>", etree.HTMLParser()).iter()]


def test_typed_text_reads_as_typed():
    unit = Unit(id="paragraph1", kind="paragraph", text="Old text.", spans=[(0, 9)])
    written = compose([TYPED], unit, None, "en", "de")
    rendered = _MD.render(written)
    # CommonMark shows every escaped character as itself: the reader sees what the translator typed.
    assert etree.fromstring(rendered.encode()).xpath("string()").strip() == TYPED.replace("&lt;b&gt;", "<b>")


def test_webvtt_markup_typed_in_a_caption_stays_text():
    unit = Unit(id="cue1", kind="caption", text="Hello", spans=[(0, 5)])
    assert compose(["<c.x>Hi</c> & <script>"], unit, None, "en", "de") == "&lt;c.x&gt;Hi&lt;/c&gt; &amp; &lt;script&gt;"


def test_a_plain_title_keeps_what_is_typed_and_stays_valid_yaml(course_dir):
    root = exported(course_dir)
    _, target = target_of(root, f"{START}.en.md", "title")
    target.text = "Start: *now* # 'quoted' \"too\""
    import_succeeds(root, course_dir)
    front = (course_dir / f"{START}.de.md").read_text().split("---\n")[1]
    assert yaml.safe_load(front)["title"] == "Start: *now* # 'quoted' \"too\""


# ---- B3: line breaks in one-line fields ----------------------------------------------------------


@pytest.mark.parametrize(
    "original,unit_id",
    [
        (f"{START}.en.md", "title"),
        (f"{START}.en.md", "heading1"),
        (f"{START}.en.md", "block-title1"),
        ("course.yaml", "title"),
        ("modules/01-basics/module.yaml", "title"),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "&#13;", "\u2028"], ids=["lf", "cr", "line-separator"])
def test_a_line_break_in_a_one_line_field_is_refused(course_dir, original, unit_id, newline):
    root = exported(course_dir)
    _, target = target_of(root, original, unit_id)
    target.text, target[:] = "Line one" + ("\r" if newline == "&#13;" else newline) + "---\ntitle: injected", []
    import_fails(root, course_dir, "xliff-unit", unit_id, "line break")


# ---- B4: the target language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang,why",
    [
        ("en", "source language"),
        ("EN", "source language"),
        ("fr", "this course translates"),
        ("../../x", "not a language tag"),
        ("", "not a language tag"),
    ],
)
def test_a_target_language_that_is_not_a_translation_of_the_course(course_dir, lang, why):
    root = exported(course_dir)
    root.set("trgLang", lang)
    assert why in import_fails(root, course_dir, "xliff-language")


def test_xliff12_files_that_disagree_on_the_language(course_dir):
    root = exported(course_dir, "1.2")
    files = root.findall(Q("file", XLIFF12))
    files[1].set("target-language", "en")
    import_fails(root, course_dir, "xliff-language", "'en'")


def test_xliff12_targeting_the_source_language(course_dir):
    root = exported(course_dir, "1.2")
    for file_el in root.findall(Q("file", XLIFF12)):
        file_el.set("target-language", "en")
    assert "overwrite the source pages" in import_fails(root, course_dir, "xliff-language")


# ---- B5: unsafe XML in every encoding ------------------------------------------------------------


def _with_doctype(course_dir: Path, codec: str, bom: bytes, before: str = "") -> bytes:
    text = etree.tostring(exported(course_dir), encoding="unicode")
    declared = "UTF-16" if "16" in codec else "UTF-32" if "32" in codec else "UTF-8"
    doc = (
        f'<?xml version="1.0" encoding="{declared}"?>{before}\n'
        '<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + text
    )
    return bom + doc.encode(codec)


@pytest.mark.parametrize(
    "codec,bom,before",
    [
        ("utf-8", b"", ""),
        ("utf-16-le", b"\xff\xfe", ""),
        ("utf-16-be", b"\xfe\xff", ""),
        ("utf-16-le", b"", ""),
        ("utf-32-be", b"\x00\x00\xfe\xff", ""),
        ("utf-8", b"", "<!--" + "x" * 100_000 + "-->"),
        ("utf-16-le", b"\xff\xfe", "\n" * 70_000),
    ],
    ids=[
        "utf-8",
        "utf-16-le-bom",
        "utf-16-be-bom",
        "utf-16-le",
        "utf-32-be-bom",
        "after-a-long-comment",
        "utf-16-after-long-whitespace",
    ],
)
def test_a_doctype_in_any_encoding_is_xliff_unsafe(course_dir, codec, bom, before):
    import_fails(_with_doctype(course_dir, codec, bom, before), course_dir, "xliff-unsafe")


def test_a_utf16_xliff_without_a_doctype_imports(course_dir):
    root = exported(course_dir)
    xlf = course_dir.parent / "de.xlf"
    xlf.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-16"))
    assert run_import(xlf, course_dir).returncode == 0
    assert (course_dir / f"{START}.de.md").is_file()


# ---- B6: permissions of imported files -----------------------------------------------------------


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o002, 0o664)])
def test_imported_files_get_the_folders_usual_permissions(course_dir, umask, mode):
    (course_dir / "modules/01-basics/02-more.nb.md").chmod(0o640)  # an existing file keeps its own
    root = exported(course_dir)
    xlf = course_dir.parent / "de.xlf"
    xlf.write_bytes(etree.tostring(root))
    assert run_import(xlf, course_dir, umask=umask).returncode == 0
    assert stat.S_IMODE((course_dir / f"{START}.de.md").stat().st_mode) == mode
    assert stat.S_IMODE((course_dir / "course.yaml").stat().st_mode) == 0o644  # replaced: its mode kept
    nb = exported(course_dir, lang="nb")
    _, target = target_of(nb, "modules/01-basics/02-more.en.md", "title")
    target.text = "Mer"
    xlf.write_bytes(etree.tostring(nb))
    assert run_import(xlf, course_dir, umask=umask).returncode == 0
    assert stat.S_IMODE((course_dir / "modules/01-basics/02-more.nb.md").stat().st_mode) == 0o640


def test_compose_refuses_codes_that_are_not_the_sources():
    unit = Unit(id="p", kind="paragraph", text="See [here](a.en.md).", spans=[(0, 20)])
    with pytest.raises(TargetError, match="inline codes"):
        compose(["See ", Code("ph", 0, "["), "here", Code("ph", 0, "](b.en.md)"), "."], unit, None, "en", "de")
    assert (
        compose(["Sieh ", Code("ph", 0, "["), "hier", Code("ph", 0, "](a.de.md)"), "."], unit, None, "en", "de")
        == "Sieh [hier](a.de.md)."
    )


# ---- the file itself -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,code",
    [
        ("folder.xlf", "unreadable-file"),
        ("fifo.xlf", "unreadable-file"),
        ("/dev/zero", "unreadable-file"),
        ("empty.xlf", "xliff-syntax"),
        ("missing.xlf", "unreadable-file"),
    ],
)
def test_an_xliff_path_that_is_no_file_is_refused_at_once(course_dir, name, code):
    (course_dir.parent / "folder.xlf").mkdir()
    os.mkfifo(course_dir.parent / "fifo.xlf")  # opening it would block until a writer comes
    (course_dir.parent / "empty.xlf").write_bytes(b"")
    before = snapshot(course_dir)
    result = run_import(course_dir.parent / name, course_dir)
    assert result.returncode == 1 and f"error[{code}]" in result.stderr, result.stderr
    assert snapshot(course_dir) == before


@pytest.mark.parametrize("typed", ["a\\", 'x\\"y', "it's", 'say "hi"', "\\x41", "#hash", "a: b", "- x"])
@pytest.mark.parametrize("quote", ['"', "'", ""], ids=["double-quoted", "single-quoted", "plain"])
def test_a_front_matter_title_reads_back_as_typed(typed, quote):
    from smab_pack.translation.segments import apply, units_of

    page = f"---\ntitle: {quote}Start{quote}\n---\n\nHi.\n"
    written = apply(page, units_of(page), {"title": typed})
    assert yaml.safe_load(written.split("---\n")[1])["title"] == typed
