"""IMS Common Cartridge of the resource bank: 1.3 (`-f cc`) and 1.1 for Moodle (`-f cc11`)."""

from __future__ import annotations

import html
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from smab_pack import plugins
from smab_pack.diagnostics import BuildFailed
from smab_pack.models.resources import ResourceBank
from smab_pack.pipeline import build
from tests.conftest import FIXTURES, SHIPPED, shipped_config
from tests.support.resource_bank import GUIDE, bank_course

# Written out here, not taken from the plugin: the test states what the specification says.
VERSIONS = {
    "cc": (
        "1.3.0",
        "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1",
        "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest",
        "http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3",
        "imswl_xmlv1p3",
    ),
    "cc11": (
        "1.1.0",
        "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
        "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest",
        "http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1",
        "imswl_xmlv1p1",
    ),
}
_, CC, LOM, WL, _ = VERSIONS["cc"]
NS = {"cc": CC, "lom": LOM, "wl": WL}
# Untrusted-XML settings: no entities, no DTD, no network.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False)


def _xml(zf: zipfile.ZipFile, name: str):
    data = zf.read(name)
    assert b"<!DOCTYPE" not in data and b"<!ENTITY" not in data
    return etree.fromstring(data, PARSER)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SMAB_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "smab_pack", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def _check_cartridge(
    path: Path, course: Path, bank: ResourceBank, lang: str, default: str, fmt: str = "cc"
) -> dict[str, str]:
    """Every structural rule of the cartridge; returns resource id → type."""
    from smab_pack.models.course import localize

    version, CC, LOM, WL, link_type = VERSIONS[fmt]
    NS = {"cc": CC, "lom": LOM, "wl": WL}

    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        root = _xml(zf, "imsmanifest.xml")
        assert root.tag == f"{{{CC}}}manifest" and root.nsmap[None] == CC
        assert root.findtext("cc:metadata/cc:schema", namespaces=NS) == "IMS Common Cartridge"
        assert root.findtext("cc:metadata/cc:schemaversion", namespaces=NS) == version
        assert root.find("cc:metadata/lom:lom/lom:general/lom:title/lom:string", NS).get("language") == lang
        assert root.findtext("cc:metadata/lom:lom/lom:general/lom:language", namespaces=NS) == lang

        resources = {r.get("identifier"): r for r in root.iterfind("cc:resources/cc:resource", NS)}
        assert len(resources) == len(bank.resources)
        types = {}
        for resource in bank.resources:
            el = resources[f"res-{resource.id}"]
            types[resource.id] = el.get("type")
            files = [f.get("href") for f in el.iterfind("cc:file", NS)]
            assert files and all(f in names for f in files), (resource.id, files)
            if resource.url:
                assert el.get("type") == link_type and el.get("href") is None
                link = _xml(zf, files[0])
                assert link.tag == f"{{{WL}}}webLink" and link.nsmap[None] == WL
                assert link.findtext("wl:title", namespaces=NS) == localize(resource.title, lang, default)
                url = link.find("wl:url", NS)
                assert url.get("href") == resource.url and url.get("href").startswith("https://")
                # a new window, as imswl's url@target/@windowFeatures allow (government sites refuse framing)
                assert url.get("target") == "_blank" and url.get("windowFeatures") == "noopener,noreferrer"
            else:
                assert el.get("type") == "webcontent" and el.get("href") in files
                assert zf.read(el.get("href")) == (course / resource.file).read_bytes()

        organization = root.find("cc:organizations/cc:organization", NS)
        assert organization.get("structure") == "rooted-hierarchy"
        top = organization.findall("cc:item", NS)
        assert len(top) == 1 and top[0].get("identifierref") is None  # one untitled root item
        topics = top[0].findall("cc:item", NS)
        if fmt == "cc11":
            # Moodle's restore makes each item under the root a section, the first one section 0
            # ("General"): a first empty item keeps the first topic out of it
            general, topics = topics[0], topics[1:]
            assert general.get("identifierref") is None and not general.findall("cc:item", NS)
            assert general.findtext("cc:title", namespaces=NS) == html.escape(
                localize(yaml.safe_load((course / "course.yaml").read_text(encoding="utf-8"))["title"], lang, default),
                quote=False,
            )
        assert [t.get("identifier") for t in topics] == [
            f"topic-{t}" for t in bank.topics if any(r.topic == t for r in bank.resources)
        ]
        refs = []
        for topic in topics:
            key = topic.get("identifier")[len("topic-") :]
            expected = localize(bank.topics[key], lang, default)
            # Moodle pastes a section item's title unescaped into its backup XML: written escaped once
            assert topic.findtext("cc:title", namespaces=NS) == (
                html.escape(expected, quote=False) if fmt == "cc11" else expected
            )
            for item in topic.findall("cc:item", NS):
                assert not item.findall("cc:item", NS)  # resources sit right under their section
                ref = item.get("identifierref")
                assert ref in resources  # every item points at an existing resource
                assert bank.get(ref[len("res-") :]).topic == key  # grouped by topic
                refs.append(ref)
        assert sorted(refs) == sorted(resources)  # every resource is reachable, once
        identifiers = [el.get("identifier") for el in root.iter() if el.get("identifier")]
        assert len(identifiers) == len(set(identifiers))
    return types


def _shipped_bank() -> ResourceBank:
    return ResourceBank.model_validate(yaml.safe_load((SHIPPED / "resources.yaml").read_text(encoding="utf-8")))


def test_cc_is_a_format_that_is_built_only_on_request():
    fmt = plugins.formats()["cc"]
    assert fmt.default is False and fmt.multilingual is False


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_shipped_bank_as_a_cartridge(tmp_path, lang):
    config = shipped_config()
    built, _ = build(SHIPPED, tmp_path / "dist", formats=["cc"], languages=[lang])
    assert [(p.format, p.path.name) for p in built] == [("cc", f"{config.id}-{config.version}-{lang}-cc.zip")]
    types = _check_cartridge(built[0].path, SHIPPED, _shipped_bank(), lang, config.lang)
    assert set(types.values()) == {"imswl_xmlv1p3"}


def test_web_links_and_bundled_files(tmp_path):
    course = bank_course(tmp_path)
    bank = ResourceBank.model_validate(yaml.safe_load((course / "resources.yaml").read_text()))
    built, _ = build(course, tmp_path / "dist", formats=["cc"], languages=["nb"])
    types = _check_cartridge(built[0].path, course, bank, "nb", "en")
    assert types == {"brreg": "imswl_xmlv1p3", "skatt": "imswl_xmlv1p3", "aeat": "imswl_xmlv1p3", "guide": "webcontent"}
    with zipfile.ZipFile(built[0].path) as zf:
        assert zf.read("web_resources/assets/guide.txt").decode() == GUIDE
        assert not [n for n in zf.namelist() if n.endswith((".html", ".js"))]  # the bank only, no pages
        title = _xml(zf, "links/brreg.xml").findtext("wl:title", namespaces=NS)
    assert title == "Brønnøysundregistrene"  # the package's language


def test_two_builds_give_identical_bytes(tmp_path):
    course = bank_course(tmp_path)
    first = build(course, tmp_path / "a", formats=["cc"], languages=["en"])[0][0].path
    second = build(course, tmp_path / "b", formats=["cc"], languages=["en"])[0][0].path
    assert first.read_bytes() == second.read_bytes()


def test_a_course_without_resources_yaml_is_a_clear_error(tmp_path):
    result = _run("build", str(FIXTURES / "mini"), "-f", "cc", "-o", "dist", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "[cc-no-resources]" in result.stderr and "resources.yaml" in result.stderr
    assert not (tmp_path / "dist").exists()


def test_the_default_build_leaves_cc_out_and_multilingual_cc_is_refused(tmp_path):
    course = bank_course(tmp_path)
    built, _ = build(course, tmp_path / "dist", languages=["en"])
    assert sorted(p.format for p in built) == sorted(name for name, fmt in plugins.formats().items() if fmt.default)
    assert "cc" not in {p.format for p in built}
    with pytest.raises(BuildFailed) as failed:
        build(course, tmp_path / "mul", formats=["cc"], multilingual=True)
    assert [d.code for d in failed.value.diagnostics.errors] == ["multilingual-format"]
    assert not (tmp_path / "mul").exists()


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_the_shipped_bank_as_a_cartridge_for_moodle(tmp_path, lang):
    """CC 1.1: the version Moodle's built-in restore converts (it detects the 1.1 namespaces)."""
    config = shipped_config()
    built, _ = build(SHIPPED, tmp_path / "dist", formats=["cc11"], languages=[lang])
    assert built[0].path.name.endswith(f"-{lang}-cc11.zip")
    types = _check_cartridge(built[0].path, SHIPPED, _shipped_bank(), lang, config.lang, fmt="cc11")
    assert set(types.values()) <= {"imswl_xmlv1p1", "webcontent"} and "imswl_xmlv1p1" in types.values()
    again, _ = build(SHIPPED, tmp_path / "again", formats=["cc11"], languages=[lang])
    assert again[0].path.read_bytes() == built[0].path.read_bytes()


def test_check_reads_cartridges_and_says_what_moodle_restores(tmp_path):
    from smab_pack.checking.package import check_package
    from smab_pack.diagnostics import Diagnostics

    built, _ = build(SHIPPED, tmp_path / "dist", formats=["cc", "cc11"], languages=["en"])
    verdicts = {}
    for package in built:
        diags = Diagnostics()
        verdict = check_package(package.path, diags, checkers=plugins.package_checkers())
        verdicts[package.format] = (verdict.kind, verdict.errors, sorted(d.code for d in diags))
    assert verdicts["cc11"] == ("cc11", 0, [])
    assert verdicts["cc"] == ("cc13", 0, ["cc-moodle-version"])


def test_check_finds_a_broken_cartridge(tmp_path):
    from smab_pack.checking.package import check_package
    from smab_pack.diagnostics import Diagnostics

    built, _ = build(SHIPPED, tmp_path / "dist", formats=["cc11"], languages=["en"])
    with zipfile.ZipFile(built[0].path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = members["imsmanifest.xml"].decode()
    manifest = manifest.replace("<schemaversion>1.1.0</schemaversion>", "<schemaversion>1.3.0</schemaversion>")
    manifest = manifest.replace('identifierref="res-brreg"', 'identifierref="res-nowhere"')
    del members["links/altinn.xml"]
    members["imsmanifest.xml"] = manifest.encode()
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(broken, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    diags = Diagnostics()
    verdict = check_package(broken, diags, checkers=plugins.package_checkers())
    codes = sorted(d.code for d in diags.errors)
    assert verdict.kind == "cc11" and verdict.errors == 3
    assert codes == ["dangling-identifierref", "missing-file", "schemaversion"]
    assert any("links/altinn.xml" in d.message for d in diags.errors)


def test_moodle_reads_topic_titles_as_section_summaries_and_they_survive_its_unescaped_paste(tmp_path):
    """Moodle's cc2moodle writes each section item's title raw into moodle.xml's <SUMMARY>:
    the manifest carries it escaped once, so that paste is well-formed and shows the title."""
    from tests.support.resource_bank import RESOURCES_YAML

    course = bank_course(tmp_path, resources=RESOURCES_YAML.replace("tax: {en: Tax,", "tax: {en: Tax & <VAT>,"))
    built, _ = build(course, tmp_path / "dist", formats=["cc11", "cc"], languages=["en"])
    by_format = {p.format: p.path for p in built}
    with zipfile.ZipFile(by_format["cc11"]) as zf:
        raw = zf.read("imsmanifest.xml").decode()
        root = _xml(zf, "imsmanifest.xml")
    _, CC11, _, _, _ = VERSIONS["cc11"]
    sections = root.findall(f"{{{CC11}}}organizations/{{{CC11}}}organization/{{{CC11}}}item/{{{CC11}}}item")
    titles = [s.findtext(f"{{{CC11}}}title") for s in sections]
    assert titles == ["Mini course", "Registration", "Tax &amp; &lt;VAT&gt;"]
    pasted = etree.fromstring(f"<SUMMARY>{titles[2]}</SUMMARY>".encode())  # what Moodle's paste gives
    assert pasted.text == "Tax & <VAT>"
    assert "Tax &amp;amp; &amp;lt;VAT&amp;gt;" in raw
    with zipfile.ZipFile(by_format["cc"]) as zf:  # CC 1.3 keeps titles as they are
        root = _xml(zf, "imsmanifest.xml")
    assert "Tax & <VAT>" in [t.text for t in root.iter(f"{{{CC}}}title")]
