"""Plugin settings (``packaging.<name>``): each plugin declares its section as a pydantic model
through ``smab_config_sections``; the core builds course.yaml's model from them, refuses unknown
keys with a located error naming the key meant, and writes the sections into the schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, Field

from smab_pack import plugins, schemas
from smab_pack.api import ConfigSection
from smab_pack.diagnostics import Diagnostics
from smab_pack.hookspecs import hookimpl
from smab_pack.loading.course_loader import load_course
from tests.conftest import FIXTURES


@pytest.fixture
def course(tmp_path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", target)
    return target


def _load(course: Path, packaging: str) -> tuple[object, list[tuple[str, int | None, str, str | None]]]:
    """Load the course with ``packaging`` appended to course.yaml: (config, [(code, line, message, hint)])."""
    yaml_file = course / "course.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8") + packaging, encoding="utf-8")
    diags = Diagnostics()
    source = load_course(course, diags, config_model=plugins.course_config_model())
    return (source.config if source and not diags.has_errors else None), [
        (d.code, d.line, d.message, d.hint) for d in diags
    ]


def _line(course: Path, text: str) -> int:
    return (course / "course.yaml").read_text(encoding="utf-8").splitlines().index(text) + 1


class Listing(ConfigSection):
    """The listing format's settings."""

    columns: int = Field(2, ge=1, le=4)


class _Plugin:
    def __init__(self, sections: dict):
        self.sections = sections

    @hookimpl
    def smab_config_sections(self):
        return self.sections


@pytest.fixture
def register(register_plugin):
    def add(sections: dict, name: str = "test-listing") -> None:
        register_plugin(_Plugin(sections), name)

    return add


# ---- the built-ins' sections, typos in them ----


def test_the_reviews_typo_is_an_error_at_its_line_naming_the_key_meant(course):
    config, found = _load(course, "packaging:\n  scorm2044:\n    edition: 3rd\n")
    assert config is None
    assert [(c, line) for c, line, _, _ in found] == [("unknown-key", _line(course, "  scorm2044:"))]
    _, _, message, hint = found[0]
    assert message == "unknown key 'packaging.scorm2044'"
    assert hint is not None and hint.startswith("did you mean 'scorm2004'?")
    assert "cmi5, readaloud, scorm, scorm2004, xapi" in hint


@pytest.mark.parametrize(
    "packaging, key, meant",
    [
        ("packaging:\n  scorm2004:\n    editon: 3rd\n", "packaging.scorm2004.editon", "edition"),
        ("packaging:\n  scorm:\n    score_before_complete: true\n", "packaging.scorm.score_before_complete", None),
        ("packaging:\n  xapi:\n    activity-base: 'urn:x:'\n", "packaging.xapi.activity-base", "activity_base"),
        ("packaging:\n  cmi5:\n    au-per: module\n", "packaging.cmi5.au-per", "au_per"),
        ("packaging:\n  Scorm:\n    score_before_completion: true\n", "packaging.Scorm", "scorm"),
        ("packaging:\n  scorm12: {}\n", "packaging.scorm12", None),
    ],
)
def test_a_typo_in_a_builtin_section_is_a_located_error(course, packaging, key, meant):
    config, found = _load(course, packaging)
    assert config is None
    assert [(c, m) for c, _, m, _ in found] == [("unknown-key", f"unknown key '{key}'")]
    hint = found[0][3] or ""
    if meant:
        assert hint.startswith(f"did you mean '{meant}'?")
    assert "known keys:" in hint


def test_a_closest_key_is_offered_only_when_one_is_close(course):
    _, found = _load(course, "packaging:\n  moodle: {}\n")
    assert found[0][3] == "known keys: cmi5, readaloud, scorm, scorm2004, xapi"


def test_the_builtin_sections_are_typed_and_validated(course):
    config, found = _load(course, "packaging:\n  scorm2004:\n    edition: 3rd\n  cmi5:\n    au_per: module\n")
    assert found == []
    from smab_pack.builtin.scorm.config import Scorm2004Options, ScormOptions

    assert config.packaging.section("scorm2004", Scorm2004Options).edition == "3rd"
    assert config.packaging.section("scorm", ScormOptions).score_before_completion is False
    _, found = _load(course, "  xapi:\n    country: Norway\n")
    assert [(c, line) for c, line, _, _ in found] == [("invalid-value", _line(course, "    country: Norway"))]


def test_a_section_that_is_not_a_mapping_is_an_error(course):
    _, found = _load(course, "packaging:\n  scorm: yes\n")
    assert [c for c, *_ in found] == ["invalid-value"]


def test_the_core_declares_no_section_itself():
    from smab_pack.models.course import PackagingOptions

    assert PackagingOptions.model_fields == {}
    assert plugins.config_sections().keys() == {"scorm", "scorm2004", "xapi", "cmi5", "readaloud"}
    owners = {impl.plugin_name for impl in plugins.plugin_manager().hook.smab_config_sections.get_hookimpls()}
    assert owners == {"scorm", "xapi", "readaloud"}


def test_a_switched_off_plugins_section_is_unknown(course):
    pm = plugins.plugin_manager()
    xapi = pm.unregister(name="xapi")
    try:
        _, found = _load(course, "packaging:\n  xapi:\n    activity_base: 'urn:x:'\n")
    finally:
        pm.register(xapi, name="xapi")
    assert [(c, m) for c, _, m, _ in found] == [("unknown-key", "unknown key 'packaging.xapi'")]


# ---- a third party's section ----


def test_a_third_party_section_is_validated_typed_and_in_the_schema(course, register):
    register({"listing": Listing})
    config, found = _load(course, "packaging:\n  listing:\n    columns: 3\n")
    assert found == []
    assert config.packaging.section("listing", Listing).columns == 3
    schema = json.loads(schemas.generate()["course.schema.json"])
    assert schema["$defs"]["PackagingOptions"]["properties"]["listing"] == {"$ref": "#/$defs/Listing"}
    assert schema["$defs"]["Listing"]["additionalProperties"] is False
    assert schema["$defs"]["Listing"]["description"] == "The listing format's settings."


@pytest.mark.parametrize(
    "packaging, code, message, line",
    [  # the mini course.yaml has 10 lines: packaging: is line 11
        ("packaging:\n  listing:\n    colums: 3\n", "unknown-key", "unknown key 'packaging.listing.colums'", 13),
        ("packaging:\n  listing:\n    columns: 9\n", "invalid-value", "packaging.listing.columns:", 13),
        ("packaging:\n  listing:\n    columns: [1]\n", "invalid-value", "packaging.listing.columns:", 13),
        ("packaging:\n  listing: [columns]\n", "invalid-value", "packaging.listing:", 12),
    ],
)
def test_hostile_values_in_a_third_party_section_are_located_errors(course, register, packaging, code, message, line):
    register({"listing": Listing})
    config, found = _load(course, packaging)
    assert config is None
    assert len(found) == 1 and found[0][0] == code and found[0][2].startswith(message)
    assert found[0][1] == line


def test_a_registered_section_is_not_known_once_its_plugin_is_gone(course):
    pm = plugins.plugin_manager()
    pm.register(_Plugin({"listing": Listing}), name="test-gone")
    assert "listing" in plugins.config_sections()
    pm.unregister(name="test-gone")
    _, found = _load(course, "packaging:\n  listing:\n    columns: 3\n")
    assert [c for c, *_ in found] == ["unknown-key"]


class Loose(BaseModel):
    model_config = ConfigDict(extra="allow")


class Quiet(BaseModel):  # pydantic's default: unknown keys are dropped without a word
    columns: int = 2


@pytest.mark.parametrize(
    "sections, complaint",
    [
        ({"loose": Loose}, "'test-listing' declares packaging.loose with a model that accepts unknown keys"),
        ({"quiet": Quiet}, "'test-listing' declares packaging.quiet with a model that accepts unknown keys"),
        ({"Listing": Listing}, "declares the section 'Listing'"),
        ({"a.b": Listing}, "declares the section 'a.b'"),
        ({"listing": dict}, "which is no pydantic model"),
        ({"scorm": Listing}, "two plugins declare packaging.scorm: 'scorm' and 'test-listing'"),
    ],
)
def test_a_plugins_bad_section_is_refused_naming_the_plugin(register, sections, complaint):
    register(sections)
    with pytest.raises(RuntimeError, match=complaint.replace(".", r"\.")):
        plugins.config_sections()


def test_two_third_parties_declaring_one_section_are_both_named(register):
    register({"listing": Listing}, name="first")
    register({"listing": Listing}, name="second")
    with pytest.raises(
        RuntimeError, match="two plugins declare packaging.listing: '(first|second)' and '(first|second)'"
    ):
        plugins.config_sections()


# ---- LMS presets validate against the same model ----


def test_a_preset_may_set_a_third_party_section_and_its_typos_name_the_key_meant(register):
    from smab_pack.api import LmsPreset

    class Presets:
        def __init__(self, settings):
            self.settings = settings

        @hookimpl
        def smab_lms_presets(self):
            return [LmsPreset(name="acme", title="Acme", formats=("scorm12",), settings=self.settings)]

    register({"listing": Listing})
    pm = plugins.plugin_manager()
    good = Presets({"listing": {"columns": 4}})
    pm.register(good, name="acme-good")
    try:
        assert plugins.lms_presets()["acme"].settings == {"listing": {"columns": 4}}
    finally:
        pm.unregister(good)
    for settings, complaint in [
        (
            {"listin": {"columns": 4}},
            r"sets packaging\.listin, which no plugin declares \(did you mean packaging\.listing\?\)",
        ),
        ({"listing": {"colums": 4}}, "invalid settings"),
        ({"listing": {"columns": 5}}, "invalid settings"),
    ]:
        bad = Presets(settings)
        pm.register(bad, name="acme-bad")
        try:
            with pytest.raises(RuntimeError, match=complaint):
                plugins.lms_presets()
        finally:
            pm.unregister(bad)


def test_smab_pack_plugins_lists_the_sections(register):
    from click.testing import CliRunner

    from smab_pack.cli import cli

    register({"listing": Listing})
    listed = json.loads(CliRunner().invoke(cli, ["plugins", "--format", "json"]).output)
    assert listed["config_sections"] == [
        f"packaging.{n}" for n in ("cmi5", "listing", "readaloud", "scorm", "scorm2004", "xapi")
    ]
    text = CliRunner().invoke(cli, ["plugins"]).output
    assert "config sections: packaging.cmi5, packaging.listing, packaging.readaloud, packaging.scorm" in text


def test_without_the_xapi_plugin_scorm_builds_and_country_is_an_error(course, tmp_path):
    from smab_pack.diagnostics import BuildFailed
    from smab_pack.pipeline import build

    pm = plugins.plugin_manager()
    xapi = pm.unregister(name="xapi")
    try:
        built, _ = build(course, tmp_path / "out", formats=["scorm12"], languages=["en"])
        with pytest.raises(BuildFailed) as failed:
            build(course, tmp_path / "out2", formats=["scorm12"], languages=["en"], country="NO")
    finally:
        pm.register(xapi, name="xapi")
    assert [p.format for p in built] == ["scorm12"]
    assert [(d.code, d.message) for d in failed.value.diagnostics.errors] == [
        ("bad-country", "--country sets packaging.xapi.country, which no plugin declares")
    ]
    assert not (tmp_path / "out2").exists()
