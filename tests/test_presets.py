"""LMS presets: `build --lms NAME` (or `lms:` in course.yaml) builds what a platform needs.

Each preset builds a small course, its packages pass `smab-pack check`, and the quirks it
documents are in the packages as concrete values (written out here, not read from the
plugin: the test states what each platform needs)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from smab_pack import plugins
from smab_pack.checking.package import check_package
from smab_pack.diagnostics import BuildFailed, Diagnostics
from smab_pack.hookspecs import hookimpl
from smab_pack.models.lms import LmsPreset, LmsQuirk
from smab_pack.pipeline import build
from tests.support.resource_bank import bank_course, line_of

SCORM12_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
SCORM2004_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CMI5_NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
CC11_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CC13_NS = "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

# What each platform takes, from the sources in the README's table (the course has a resource bank).
EXPECTED_FORMATS = {
    "moodle": ["scorm12", "cc11"],
    "canvas": ["scorm12", "cc"],
    "ilias": ["scorm12", "cmi5"],
    "blackboard": ["scorm2004"],
    "chamilo": ["scorm12"],
    "scorm-cloud": ["scorm12", "scorm2004", "cmi5"],
    "open-edx": ["scorm2004"],
    "talentlms": ["scorm12", "cmi5"],
}


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SMAB_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "smab_pack", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def _xml(path: Path, name: str):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name), PARSER)


def _score_early(package: Path) -> str:
    """The run-time setting packaging.scorm.score_before_completion as the SCORM adapter carries it."""
    with zipfile.ZipFile(package) as zf:
        adapter = zf.read("adapter.js").decode()
    # var early = "__SCORM_SCORE_EARLY__" === "true", its name shortened when minified
    found = re.findall(r'[\w$]+\s*=\s*"(true|false)"\s*===\s*"true"', adapter)
    assert len(found) == 1, "the adapter's score_before_completion switch moved: update this test"
    return found[0]


def _schemaversion(root) -> str:
    ns = root.nsmap[None]
    return root.findtext(f"{{{ns}}}metadata/{{{ns}}}schemaversion")


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    return bank_course(tmp_path_factory.mktemp("presets"))


def test_the_eight_presets_are_there_each_quirk_with_its_source_or_saying_it_has_none():
    presets = plugins.lms_presets()
    assert sorted(presets) == sorted(EXPECTED_FORMATS)
    for preset in presets.values():
        assert preset.quirks, preset.name
        for quirk in preset.quirks:
            assert all(s.startswith(("https://", "http://")) for s in quirk.sources), (preset.name, quirk.text)
            if not quirk.sources:  # an unsourced quirk says so in its own words
                assert "not found" in quirk.text, (preset.name, quirk.text)


@pytest.mark.parametrize("name", sorted(EXPECTED_FORMATS))
def test_each_preset_builds_and_its_packages_pass_check(tmp_path, course, name):
    built, _ = build(course, tmp_path / "dist", lms=name, languages=["en"])
    assert [p.format for p in built] == EXPECTED_FORMATS[name]
    for package in built:
        diags = Diagnostics()
        verdict = check_package(package.path, diags, checkers=plugins.package_checkers())
        assert verdict.errors == 0, (package.path.name, [d.message for d in diags.errors])
        with zipfile.ZipFile(package.path) as zf:  # every platform wants its manifest at the zip root
            assert {"imsmanifest.xml", "cmi5.xml"} & set(zf.namelist()), package.path.name
    by_format = {p.format: p.path for p in built}
    if "scorm12" in by_format:
        root = _xml(by_format["scorm12"], "imsmanifest.xml")
        assert root.nsmap[None] == SCORM12_NS and _schemaversion(root) == "1.2"
    if "scorm2004" in by_format:
        root = _xml(by_format["scorm2004"], "imsmanifest.xml")
        assert root.nsmap[None] == SCORM2004_NS and _schemaversion(root) == "2004 4th Edition"
        # Open edX's XBlock launches the first resource with an href: it must be the one SCO
        first = next(r for r in root.iter(f"{{{SCORM2004_NS}}}resource") if r.get("href"))
        assert first.get("{http://www.adlnet.org/xsd/adlcp_v1p3}scormType") == "sco"
        assert first.get("href") == "index.html"
    if name == "moodle":  # "Mastery score overrides status": no score before every page is seen
        assert _score_early(by_format["scorm12"]) == "false"
    if "cmi5" in by_format:  # ILIAS and TalentLMS: one AU for the course
        aus = _xml(by_format["cmi5"], "cmi5.xml").findall(f".//{{{CMI5_NS}}}au")
        assert len(aus) == 1
    if "cc11" in by_format:  # Moodle's restore converts CC 1.0/1.1 only
        root = _xml(by_format["cc11"], "imsmanifest.xml")
        assert root.nsmap[None] == CC11_NS and _schemaversion(root) == "1.1.0"
        # the first section item is Moodle's "General", empty; the topics follow
        general = root.find(f"{{{CC11_NS}}}organizations/{{{CC11_NS}}}organization/{{{CC11_NS}}}item/{{{CC11_NS}}}item")
        assert general.get("identifier").endswith("-cc-general") and len(general) == 1
    if "cc" in by_format:  # Canvas: modules straight from the topics
        root = _xml(by_format["cc"], "imsmanifest.xml")
        assert root.nsmap[None] == CC13_NS and _schemaversion(root) == "1.3.0"
        modules = root.findall(
            f"{{{CC13_NS}}}organizations/{{{CC13_NS}}}organization/{{{CC13_NS}}}item/{{{CC13_NS}}}item"
        )
        assert [m.get("identifier") for m in modules] == ["topic-registration", "topic-tax"]


def test_a_course_without_a_resource_bank_gets_no_cartridge(tmp_path):
    from tests.conftest import FIXTURES

    built, _ = build(FIXTURES / "mini", tmp_path / "dist", lms="moodle", languages=["en"])
    assert [p.format for p in built] == ["scorm12"]


def test_a_preset_setting_lands_in_the_package_and_the_authors_own_value_wins_with_a_warning(tmp_path):
    course = bank_course(tmp_path)
    built, _ = build(course, tmp_path / "a", lms="ilias", formats=["cmi5"], languages=["en"])
    # ILIAS plays one AU: the preset overrides cmi5's au_per default nowhere else
    assert len(_xml(built[0].path, "cmi5.xml").findall(f".//{{{CMI5_NS}}}au")) == 1
    config = course / "course.yaml"
    text = config.read_text(encoding="utf-8") + "packaging:\n  scorm2004:\n    edition: 3rd\n"
    config.write_text(text, encoding="utf-8")
    built, diags = build(course, tmp_path / "b", lms="blackboard", languages=["en"])
    assert _schemaversion(_xml(built[0].path, "imsmanifest.xml")) == "2004 3rd Edition"
    warned = [d for d in diags if d.code == "lms-setting-overridden"]
    assert len(warned) == 1 and warned[0].line == line_of(text, "edition: 3rd")
    assert "4th" in warned[0].message and "3rd" in warned[0].message


def test_multilingual_leaves_out_the_presets_one_language_cartridge_and_says_so(tmp_path, course):
    built, diags = build(course, tmp_path / "dist", lms="moodle", multilingual=True)
    assert [p.format for p in built] == ["scorm12"]
    skipped = [d for d in diags if d.code == "lms-format-skipped"]
    assert len(skipped) == 1 and "cc11" in skipped[0].message and "-f cc11" in skipped[0].hint
    with pytest.raises(BuildFailed):  # asked for by name, it is still refused
        build(course, tmp_path / "again", lms="moodle", formats=["cc11"], multilingual=True)


def test_a_course_that_wants_the_score_early_keeps_it_on_moodle_with_a_warning(tmp_path):
    course = bank_course(tmp_path)
    config = course / "course.yaml"
    text = config.read_text(encoding="utf-8") + "packaging:\n  scorm:\n    score_before_completion: true\n"
    config.write_text(text, encoding="utf-8")
    built, diags = build(course, tmp_path / "dist", lms="moodle", formats=["scorm12"], languages=["en"])
    assert _score_early(built[0].path) == "true"
    warned = [d for d in diags if d.code == "lms-setting-overridden"]
    assert len(warned) == 1 and warned[0].line == line_of(text, "score_before_completion: true")


def test_minus_f_chooses_the_formats_and_the_preset_still_sets_them_up(tmp_path, course):
    built, _ = build(course, tmp_path / "dist", lms="open-edx", formats=["scorm2004", "scorm12"], languages=["en"])
    assert [p.format for p in built] == ["scorm2004", "scorm12"]


def test_lms_in_course_yaml_and_the_command_line_wins(tmp_path):
    course = bank_course(tmp_path)
    config = course / "course.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "lms: chamilo\n", encoding="utf-8")
    built, _ = build(course, tmp_path / "a", languages=["en"])
    assert [p.format for p in built] == ["scorm12"]
    result = _run("build", str(course), "--lms", "blackboard", "-l", "en", "-o", "b", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["mini-course-1.0.0-en-scorm2004.zip"]
    assert "LMS preset blackboard: scorm2004" in result.stderr


def test_an_unknown_preset_on_the_command_line_is_a_usage_error_listing_the_known_ones(tmp_path, course):
    result = _run("build", str(course), "--lms", "mood", "-o", "dist", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "'mood'" in result.stderr
    for name in EXPECTED_FORMATS:
        assert name in result.stderr
    assert not (tmp_path / "dist").exists()


def test_an_unknown_preset_in_course_yaml_is_a_located_error(tmp_path):
    course = bank_course(tmp_path)
    config = course / "course.yaml"
    text = config.read_text(encoding="utf-8").replace("mastery_score: 75", "lms: moodel\nmastery_score: 75")
    config.write_text(text, encoding="utf-8")
    result = _run("validate", str(course), "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "unknown-lms"]
    assert len(found) == 1 and found[0]["line"] == line_of(text, "lms: moodel")
    assert "moodle" in found[0]["message"] and found[0]["file"].endswith("course.yaml")
    with pytest.raises(BuildFailed) as failed:
        build(course, tmp_path / "dist")
    assert "unknown-lms" in [d.code for d in failed.value.diagnostics.errors]
    assert not (tmp_path / "dist").exists()


def test_plugins_lists_the_presets(tmp_path):
    result = _run("plugins", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["lms_presets"] == sorted(EXPECTED_FORMATS)
    assert "smab_lms_presets" in next(p["hooks"] for p in data["plugins"] if p["name"] == "lms")
    text = _run("plugins", cwd=tmp_path).stdout
    assert "lms presets:" in text and "open-edx" in text


class _ThirdParty:
    """A plugin as a third party would write it: one preset, no code of its own."""

    def __init__(self, preset: LmsPreset):
        self.preset = preset

    @hookimpl
    def smab_lms_presets(self):
        return [self.preset]


@pytest.fixture
def register(register_plugin):
    def add(preset: LmsPreset) -> None:
        register_plugin(_ThirdParty(preset), f"test-{preset.name}")

    return add


def test_a_third_party_plugin_adds_a_preset_through_the_hook(tmp_path, course, register):
    register(
        LmsPreset(
            name="acme-lms",
            title="Acme LMS",
            formats=("scorm2004",),
            settings={"scorm2004": {"edition": "3rd"}},
            quirks=(LmsQuirk(text="Acme plays 3rd edition only.", sources=("https://acme.example/docs",)),),
        )
    )
    assert "acme-lms" in plugins.lms_presets()
    built, _ = build(course, tmp_path / "dist", lms="acme-lms", languages=["en"])
    assert [p.format for p in built] == ["scorm2004"]
    assert _schemaversion(_xml(built[0].path, "imsmanifest.xml")) == "2004 3rd Edition"


@pytest.mark.parametrize(
    "preset, complaint",
    [
        (LmsPreset(name="moodle", title="Another Moodle", formats=("scorm12",)), "two plugins provide"),
        (LmsPreset(name="bad-format", title="Bad", formats=("scorm3000",)), "scorm3000"),
        (
            LmsPreset(name="bad-key", title="Bad", formats=("scorm12",), settings={"scrom2004": {"edition": "4th"}}),
            "packaging.scrom2004",
        ),
        (
            LmsPreset(name="bad-value", title="Bad", formats=("scorm12",), settings={"scorm2004": {"edition": "5th"}}),
            "invalid settings",
        ),
    ],
)
def test_a_broken_third_party_preset_is_refused_with_its_name(register, preset, complaint):
    register(preset)
    with pytest.raises(RuntimeError, match=complaint):
        plugins.lms_presets()


def test_the_readme_table_lists_every_preset_with_every_source():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### LMS presets") :]
    table = table[: table.index("\n## ")]
    for preset in plugins.lms_presets().values():
        row = next((line for line in table.splitlines() if line.startswith(f"| `{preset.name}` |")), None)
        assert row is not None, preset.name
        assert all(f"`{f}`" in row for f in preset.formats), preset.name
        for quirk in preset.quirks:
            for source in quirk.sources:
                assert source in row, (preset.name, source)
            if not quirk.sources:
                assert "**not found**" in row, preset.name
