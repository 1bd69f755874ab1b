"""XLIFF round trip: export, translate in a CAT tool, import."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from smab_pack import plugins
from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.course_loader import load_course
from smab_pack.translation.xliff import XLIFF2, export_xliff, import_xliff
from tests.conftest import FIXTURES, SHIPPED, diagnostics_for

Q = lambda tag: f"{{{XLIFF2}}}{tag}"  # noqa: E731


def _course(path: Path):
    diags = Diagnostics()
    course = load_course(path, diags, config_model=plugins.course_config_model())
    assert course is not None and not diags.has_errors
    return course


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_export_then_import_of_the_whole_course_is_lossless(tmp_path, version):
    course_dir = tmp_path / "course"
    shutil.copytree(SHIPPED, course_dir)
    before = _snapshot(course_dir)
    course = _course(course_dir)
    for lang in course.config.languages[1:]:
        xlf = tmp_path / f"{lang}.xlf"
        xlf.write_bytes(export_xliff(course, lang, version))
        diags = Diagnostics()
        result = import_xliff(course, xlf, diags)
        assert result is not None, list(diags)
        captions = list(course_dir.rglob(f"*.{course.config.lang}.vtt"))
        assert captions  # the career kit's captions and chapters travel too
        yamls = [
            course_dir / "course.yaml",
            course_dir / "resources.yaml",
            course_dir / "glossary.yaml",
            *course_dir.glob("modules/*/module.yaml"),
        ]
        assert result.written == [] and len(result.unchanged) == (
            sum(len(m.pages) for m in course.modules) + len(captions) + len(yamls)
        )
    assert _snapshot(course_dir) == before  # byte-identical pages and caption files


def test_xliff2_structure(tmp_path):
    course = _course(SHIPPED)
    root = etree.fromstring(export_xliff(course, course.config.languages[1]))
    assert root.tag == Q("xliff") and root.get("version") == "2.0"
    assert root.get("srcLang") == course.config.lang and root.get("trgLang") == course.config.languages[1]
    files = root.findall(Q("file"))
    captions = sorted(SHIPPED.rglob(f"*.{course.config.lang}.vtt"))
    yamls = [
        "course.yaml",
        *sorted(p.relative_to(SHIPPED).as_posix() for p in SHIPPED.glob("modules/*/module.yaml")),
        "resources.yaml",
        "glossary.yaml",
    ]
    pages = sum(len(m.pages) for m in course.modules)
    assert len(files) == pages + len(captions) + len(yamls)
    assert [f.get("original") for f in files[pages:]] == [c.relative_to(SHIPPED).as_posix() for c in captions] + yamls
    assert len({f.get("id") for f in files}) == len(files)
    units = 0
    for file_el in files:
        ids = [u.get("id") for u in file_el.findall(Q("unit"))]
        assert ids and len(ids) == len(set(ids))
        for unit in file_el.findall(Q("unit")):
            units += 1
            data = {d.get("id") for d in unit.iter(Q("data"))}
            segment = unit.find(Q("segment"))
            assert segment is not None and segment.find(Q("source")) is not None
            opened: set[str] = set()
            for code in segment.iter(Q("ph"), Q("sc"), Q("ec")):
                assert code.get("dataRef") in data  # every code's Markdown is in originalData
                local = etree.QName(code).localname
                if local == "sc":
                    opened.add(code.get("id"))
                if local == "ec":
                    assert code.get("startRef") in opened
            assert unit.find(f"{Q('notes')}/{Q('note')}").text  # the kind of text, for the translator
    assert units > 300
    # Markdown never shows as plain text to the translator: links and emphasis are codes.
    text = etree.tostring(root, encoding="unicode")
    assert "](" not in "".join(s.text or "" for s in root.iter(Q("source")))
    assert "<sc " in text and "<ec " in text


def _translate(element, prefix: str) -> None:
    """What a translator does in a CAT tool: rewrite the words, keep the codes."""
    if element.text and element.text.strip():
        element.text = f"{prefix}{element.text}"


def test_a_hand_translated_file_imports_into_a_new_language(tmp_path):
    course_dir = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", course_dir)
    yaml_text = (course_dir / "course.yaml").read_text().replace("languages: [en, nb]", "languages: [en, nb, de]")
    (course_dir / "course.yaml").write_text(yaml_text)
    course = _course(course_dir)
    root = etree.fromstring(export_xliff(course, "de"))
    for segment in root.iter(Q("segment")):
        target = etree.SubElement(segment, Q("target"))
        source = segment.find(Q("source"))
        target.text, target[:] = source.text, [copy.deepcopy(c) for c in source]
        _translate(target, "DE ")
        segment.set("state", "translated")
    xlf = tmp_path / "de.xlf"
    xlf.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    result = subprocess.run(
        [sys.executable, "-m", "smab_pack", "translate", "import", str(xlf), "-c", str(course_dir)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    page = (course_dir / "modules/01-basics/01-start.de.md").read_text()
    assert "title: DE Start (en)" in page
    assert "DE Hello. Go to [the next page](02-more.de.md)" in page  # links now point to the German pages
    assert "translated_from: " in page
    check = (course_dir / "modules/02-test/01-check.de.md").read_text()
    assert "## DE Pick the first {#single}" in check and "- [x] DE First" in check
    # Titles in the YAML files travel too: the German line is added to each mapping, nothing else changes.
    import yaml

    config = yaml.safe_load((course_dir / "course.yaml").read_text())
    assert config["title"]["de"] == "DE " + config["title"]["en"]
    assert config["description"]["de"] == "DE " + config["description"]["en"]
    assert (course_dir / "course.yaml").read_text() == yaml_text.replace(
        "  nb: Minikurs\n", "  nb: Minikurs\n  de: DE Mini course\n"
    ).replace(
        "  nb: Et lite kurs som testene bygger.\n",
        "  nb: Et lite kurs som testene bygger.\n  de: DE A small course the tests build.\n",
    )
    module = yaml.safe_load((course_dir / "modules/01-basics/module.yaml").read_text())
    assert module["title"]["de"] == "DE " + module["title"]["en"]
    diags = diagnostics_for(course_dir)
    assert not diags.has_errors, [(d.code, d.file, d.line) for d in diags.errors]
    status = subprocess.run(
        [sys.executable, "-m", "smab_pack", "translate", "status", str(course_dir), "-l", "de"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert status.returncode == 0 and "de                8 " in status.stdout  # five pages, three YAML files: current
    assert status.stdout.count("    current      ") == 8  # each named


@pytest.mark.parametrize(
    "payload",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="nb">&b;</xliff>',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file:///etc/passwd">]>'
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="nb">&s;</xliff>',
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="nb"><file',
    ],
    ids=["billion-laughs", "external-entity", "truncated"],
)
def test_malicious_or_broken_xliff_is_refused(tmp_path, payload):
    course_dir = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", course_dir)
    before = _snapshot(course_dir)
    xlf = tmp_path / "evil.xlf"
    xlf.write_bytes(payload)
    result = subprocess.run(
        [sys.executable, "-m", "smab_pack", "translate", "import", str(xlf), "-c", str(course_dir)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "xliff-unsafe" in result.stderr or "xliff-syntax" in result.stderr
    assert "root:" not in result.stderr
    assert _snapshot(course_dir) == before


def test_captions_translate_through_xliff_and_keep_the_source_timing(tmp_path):
    course_dir = tmp_path / "course"
    shutil.copytree(SHIPPED, course_dir)
    folder = course_dir / "assets" / "career-kit"
    (folder / "register-in-one-minute.pl.vtt").unlink()
    course = _course(course_dir)
    root = etree.fromstring(export_xliff(course, "pl"))
    (file_el,) = [f for f in root.iter(Q("file")) if f.get("original").endswith("register-in-one-minute.en.vtt")]
    units = list(file_el.iter(Q("unit")))
    assert len(units) == 6
    for unit in units:  # the CAT tool: each cue translated by hand
        segment = unit.find(Q("segment"))
        assert segment.find(Q("target")) is None  # nothing to pre-fill: the file is gone
        etree.SubElement(segment, Q("target")).text = f"Napis {unit.get('id')}"
    xlf = tmp_path / "pl.xlf"
    xlf.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    diags = Diagnostics()
    result = import_xliff(course, xlf, diags)
    assert result is not None, list(diags)
    written = folder / "register-in-one-minute.pl.vtt"
    assert written in result.written
    from smab_pack.translation.status import fingerprint

    source = (folder / "register-in-one-minute.en.vtt").read_text(encoding="utf-8").split("\n")
    target = written.read_text(encoding="utf-8").split("\n")
    # The translation records the source it was made from, in a NOTE block players skip.
    assert target[1:4] == ["", f"NOTE translated_from: {fingerprint(folder / 'register-in-one-minute.en.vtt')}", ""]
    del target[1:3]
    assert len(source) == len(target)
    for s_line, t_line in zip(source, target, strict=True):
        if "-->" in s_line or not s_line.strip() or s_line.strip().isdigit() or s_line == "WEBVTT":
            assert t_line == s_line  # timings, cue numbers and the header are the source's
        else:
            assert t_line.startswith("Napis cue")
    assert "video-captions" not in {d.code for d in diagnostics_for(course_dir)}


def test_yaml_texts_take_quotes_when_yaml_needs_them():
    import yaml

    from smab_pack.translation.yaml_texts import apply_yaml, scalar

    for value in ("Ja: nei", "yes", "# not a comment", "12", "- dash", "plain text, with commas", "«Zitat»"):
        assert yaml.safe_load(f"k: {scalar(value)}")["k"] == value
    text = "title:\n  en: Tax  # shown in menus\n  nb: Skatt\nother: 1\n"
    assert apply_yaml(text, "en", "de", {"title": "Steuern"}) == text.replace(
        "  nb: Skatt\n", "  nb: Skatt\n  de: Steuern\n"
    )
    assert apply_yaml(text, "en", "nb", {"title": "Skatt og avgift"}) == text.replace(
        "nb: Skatt", "nb: Skatt og avgift"
    )


def test_question_kinds_translate_their_words_and_keep_their_syntax_and_numbers(tmp_path):
    """Matching pairs, steps, gap answers and feedback are units whose syntax (→, [[ | ]]) is
    protected; numeric answers are no unit at all: every language has the same numbers."""
    course_dir = tmp_path / "kinds"
    shutil.copytree(FIXTURES / "kinds", course_dir)
    yaml_text = (
        (course_dir / "course.yaml").read_text().replace("languages: [en, nb, ar]", "languages: [en, nb, ar, de]")
    )
    (course_dir / "course.yaml").write_text(yaml_text)
    course = _course(course_dir)
    root = etree.fromstring(export_xliff(course, "de"))
    sources = {u.get("id"): u.find(f"{Q('segment')}/{Q('source')}") for u in root.iter(Q("unit"))}
    plain = ["".join(s.itertext()) for s in sources.values()]
    assert not any(text.strip() in ("250", "7.5 ± 0.01") for text in plain)  # numbers are not translated
    data = [d.text for d in root.iter(Q("data"))]
    assert " → " in data and "→ " in data and "[[" in data and "|" in data and "]]" in data
    for segment in root.iter(Q("segment")):
        target = etree.SubElement(segment, Q("target"))
        source = segment.find(Q("source"))
        target.text, target[:] = source.text, [copy.deepcopy(c) for c in source]
        _translate(target, "DE ")
        for code in target:  # the words after each code too: an item's target, a gap's other answer
            if code.tail and code.tail.strip():
                code.tail = f"DE {code.tail}"
        segment.set("state", "translated")
    xlf = tmp_path / "de.xlf"
    xlf.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    diags = Diagnostics()
    assert import_xliff(course, xlf, diags) is not None, list(diags)
    page = (course_dir / "modules/01-kinds/01-kinds.de.md").read_text()
    assert "- DE Sole proprietorship (ENK) → DE Unlimited, with all personal assets" in page
    assert "- → DE Nobody is liable" in page
    assert "[[DE Enhetsregisteret|DE the Central Coordinating Register]]" in page
    assert "- [x] 250\n" in page and "- [x] 7.5 ± 0.01\n" in page
    checked = diagnostics_for(course_dir)
    assert not checked.has_errors, [str(d) for d in checked.errors]  # the same kinds, pairs and ranges
