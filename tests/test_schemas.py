"""schemas/*.json are generated from the pydantic models and kept in sync."""

from __future__ import annotations

import json

import jsonschema
import yaml

from smab_pack.schemas import generate
from tests.conftest import ROOT, SHIPPED


def test_committed_schemas_match_the_models():
    for name, text in generate().items():
        committed = ROOT / "schemas" / name
        assert committed.is_file(), f"{committed} missing: run `smab-pack schemas`"
        assert committed.read_text(encoding="utf-8") == text, f"{name} is stale: run `smab-pack schemas`"


def test_schema_accepts_the_shipped_course_and_rejects_a_typo():
    schema = json.loads((ROOT / "schemas" / "course.schema.json").read_text())
    data = yaml.safe_load((SHIPPED / "course.yaml").read_text())
    jsonschema.validate(data, schema)
    data["mastery_scroe"] = 80
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        assert "mastery_scroe" in exc.message
    else:
        raise AssertionError("a misspelt key passed the schema")


def test_schemas_check_command_detects_stale_files(tmp_path):
    from click.testing import CliRunner

    from smab_pack.cli import cli

    runner = CliRunner()
    assert runner.invoke(cli, ["schemas", "-o", str(tmp_path)]).exit_code == 0
    assert runner.invoke(cli, ["schemas", "-o", str(tmp_path), "--check"]).exit_code == 0
    (tmp_path / "course.schema.json").write_text("{}")
    result = runner.invoke(cli, ["schemas", "-o", str(tmp_path), "--check"])
    assert result.exit_code == 1
