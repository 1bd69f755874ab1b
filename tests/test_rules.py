"""Every code smab-pack can report is documented, and docs/lint-rules.md is current."""

from __future__ import annotations

import re

from smab_pack import plugins
from smab_pack.rules_doc import render_rules
from tests.conftest import ROOT

EMITTED = re.compile(r"""\.(?:error|warning|add|report)\(\s*["']([a-z0-9-]+)["']""")


def _codes_in_source() -> set[str]:
    found = set()
    for folder in ("smab_pack",):
        for path in (ROOT / folder).rglob("*.py"):
            found.update(EMITTED.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_emitted_code_is_documented():
    emitted = _codes_in_source()
    assert len(emitted) > 60
    missing = sorted(emitted - set(plugins.all_rules()))
    assert missing == []


def test_every_rule_has_a_summary_and_a_fix():
    for rule in plugins.all_rules().values():
        assert rule.summary.strip() and rule.fix.strip(), rule.code
        assert rule.severity in ("error", "warning", "info") and rule.scope in ("course", "package")


def test_lint_rules_page_is_generated_from_the_catalogue():
    page = (ROOT / "docs" / "lint-rules.md").read_text(encoding="utf-8")
    assert page == render_rules(plugins.all_rules(), "markdown"), (
        "docs/lint-rules.md is stale: run smab-pack rules --format markdown > docs/lint-rules.md"
    )


def test_disabled_rules_are_not_reported_and_unknown_ones_are(tmp_path):
    import shutil

    from tests.conftest import FIXTURES, diagnostics_for

    course = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", course)
    (course / "assets" / "unused.svg").write_text("<svg/>")
    assert "unused-asset" in {d.code for d in diagnostics_for(course)}
    with (course / "course.yaml").open("a") as f:
        f.write("lint:\n  disable: [unused-asset, no-such-rule]\n")
    codes = {d.code for d in diagnostics_for(course)}
    assert "unused-asset" not in codes and "unknown-rule" in codes
