"""Manifests of every package validate against the official XSDs (the shared
oracle in ../shared/conformance) and follow the rules Moodle relies on."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from smab_pack.pipeline import build
from tests.conftest import FIXTURES, shipped_config


def _validate(conformance, path: Path) -> tuple[str, list[str], list[str]]:
    name, kind, errors, warnings, notes = conformance.validate_file(str(path), str(conformance.HERE + "/xsd"))
    return kind, errors, warnings


def test_shipped_course_builds_every_format_in_every_language(shipped_packages):
    assert sorted(shipped_packages) == sorted(
        (fmt, lang) for fmt in ("cmi5", "scorm12", "scorm2004", "xapi") for lang in shipped_config().languages
    )
    assert len(shipped_config().languages) >= 6


def _scorm(packages: dict) -> dict:
    return {k: v for k, v in packages.items() if k[0].startswith("scorm")}


def test_every_shipped_manifest_is_valid(shipped_packages, conformance):
    kinds = {"scorm12": "scorm12", "scorm2004": "scorm2004", "xapi": "tincan", "cmi5": "cmi5"}
    for (fmt, _lang), path in shipped_packages.items():
        kind, errors, warnings = _validate(conformance, path)
        assert kind == kinds[fmt]
        assert errors == [], f"{path.name}: {errors}"
        assert warnings == [], f"{path.name}: {warnings}"


@pytest.mark.parametrize("edition", ["3rd", "4th"])
def test_fixture_manifests_are_valid_in_both_2004_editions(tmp_path, conformance, edition):
    course = tmp_path / "mini"
    import shutil

    shutil.copytree(FIXTURES / "mini", course)
    (course / "course.yaml").write_text(
        (course / "course.yaml").read_text() + f"packaging:\n  scorm2004:\n    edition: {edition}\n"
    )
    built, _ = build(course, tmp_path / "dist")
    for package in built:
        kind, errors, warnings = _validate(conformance, package.path)
        assert errors == [], errors
        if package.format == "scorm2004":
            manifest = zipfile.ZipFile(package.path).read("imsmanifest.xml")
            version = etree.fromstring(manifest).findtext(".//{*}schemaversion")
            assert version == f"2004 {edition} Edition"


def _manifest(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("imsmanifest.xml"))


def test_manifest_lists_every_file_and_sits_at_the_root(shipped_packages):
    for path in _scorm(shipped_packages).values():
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
        root = _manifest(path)
        listed = {f.get("href") for f in root.iter("{*}file")}
        assert "imsmanifest.xml" in names
        assert listed == names - {"imsmanifest.xml"}
        resource = next(root.iter("{*}resource"))
        assert resource.get("href") in names


def test_moodle_reads_the_conventional_prefixes(shipped_packages):
    for (fmt, _), path in _scorm(shipped_packages).items():
        with zipfile.ZipFile(path) as zf:
            text = zf.read("imsmanifest.xml").decode()
        assert text.count("<manifest ") == 1  # unprefixed, as Moodle's expat parser matches it
        if fmt == "scorm12":
            assert 'adlcp:scormtype="sco"' in text
            assert "<adlcp:masteryscore>" in text
            assert "<schemaversion>1.2</schemaversion>" in text
        else:
            assert 'adlcp:scormType="sco"' in text
            assert "<imsss:sequencing>" in text
            assert "<schemaversion>2004 4th Edition</schemaversion>" in text
        assert "schemaLocation" not in text  # no XSD is named that the package does not hold


def test_identifiers_are_stable_and_derived_from_the_course_id(shipped_packages, tmp_path, course_copy):
    before = {k: _manifest(p) for k, p in _scorm(shipped_packages).items()}
    # A rebuild after renumbering a module folder keeps every identifier.
    modules = sorted((course_copy / "modules").iterdir())
    modules[0].rename(modules[0].with_name("99-" + modules[0].name.split("-", 1)[1]))
    built, _ = build(course_copy, tmp_path / "dist", formats=["scorm12", "scorm2004"])
    for package in built:
        old, new = before[(package.format, package.lang)], _manifest(package.path)

        def ids(root):
            return [(e.tag, e.get("identifier"), e.get("identifierref")) for e in root.iter() if e.get("identifier")]

        assert ids(old) == ids(new)
        assert old.get("identifier") == f"{shipped_config().id}-{package.lang}"


def test_titles_and_descriptions_carry_every_course_language(shipped_packages):
    languages = shipped_config().languages
    root = _manifest(shipped_packages[("scorm12", "nb")])
    strings = root.findall(".//{*}general/{*}title/{*}langstring")
    assert [s.get("{http://www.w3.org/XML/1998/namespace}lang") for s in strings][0] == "nb"  # its own first
    assert {s.get("{http://www.w3.org/XML/1998/namespace}lang") for s in strings} == set(languages)
    root = _manifest(shipped_packages[("scorm2004", "en")])
    titles = root.findall(".//{*}general/{*}title/{*}string")
    assert titles[0].get("language") == "en" and {t.get("language") for t in titles} == set(languages)
    assert all(t.text for t in titles)
    descriptions = root.findall(".//{*}general/{*}description/{*}string")
    assert {d.get("language") for d in descriptions} == set(languages)
    for fmt, member, tag in (
        ("cmi5", "cmi5.xml", "{*}course/{*}title/{*}langstring"),
        ("xapi", "tincan.xml", ".//{*}activity/{*}name"),
    ):
        root = etree.fromstring(zipfile.ZipFile(shipped_packages[(fmt, "en")]).read(member))
        assert {e.get("lang") for e in root.findall(tag)} == set(languages)
