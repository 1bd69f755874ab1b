"""The registry is built once per process and passed down: a build calls each registration hook
once and parses each catalogue it uses once; two plugins that provide one name are named."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from smab_pack import i18n, plugins
from smab_pack.api import Format
from smab_pack.diagnostics import BuildFailed, Diagnostics
from smab_pack.hookspecs import hookimpl
from smab_pack.markdown.parser import parse_page
from smab_pack.pipeline import build, check_course
from tests.conftest import SHIPPED

REGISTRATION_HOOKS = {
    "smab_formats",
    "smab_block_types",
    "smab_languages",
    "smab_lint_rules",
    "smab_package_checkers",
    "smab_lms_presets",
}


class _Counted:
    """A fresh plugin manager whose hook calls are counted, and a registry built from it."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.pm = plugins.make_plugin_manager()
        self.pm.add_hookcall_monitoring(lambda name, impls, kwargs: self.calls.update([name]), lambda *a: None)
        self.parsed_before = i18n.parsed_catalogues
        self.registry = plugins.build_registry(self.pm)

    @property
    def parsed(self) -> int:
        return i18n.parsed_catalogues - self.parsed_before


@pytest.fixture
def counted(monkeypatch) -> _Counted:
    counted = _Counted()

    def looked_up(*args, **kwargs):
        raise AssertionError("a stage asked for the global registry instead of using the one passed down")

    monkeypatch.setattr(plugins, "registry", looked_up)
    monkeypatch.setattr(plugins, "plugin_manager", looked_up)
    return counted


def test_building_the_registry_parses_no_catalogue(counted):
    assert set(counted.calls) == REGISTRATION_HOOKS
    assert all(n == 1 for n in counted.calls.values()), counted.calls
    assert counted.parsed == 0
    assert {"en", "nb", "ar"} <= set(counted.registry.languages)


def test_a_build_of_the_shipped_course_calls_each_hook_once_and_parses_each_catalogue_once(counted, tmp_path):
    languages = ["en", "nb", "es", "de", "pl", "el", "ar", "uk"]
    built, _ = build(SHIPPED, tmp_path / "dist", registry=counted.registry)
    assert sorted({p.lang for p in built}) == sorted(languages)
    assert len(built) == 4 * len(languages) == 32  # four formats × eight languages
    registration = {name: n for name, n in counted.calls.items() if name in REGISTRATION_HOOKS}
    assert registration == dict.fromkeys(REGISTRATION_HOOKS, 1)
    # the phase hooks: extra pages once per language, build finished once
    assert counted.calls["smab_extra_pages"] == len(languages)
    assert counted.calls["smab_build_finished"] == 1
    # each course language's catalogue once; the other installed languages never
    assert counted.parsed == len(languages)
    assert len(counted.registry.languages) > len(languages)


class _Clash:
    """A third-party plugin that takes a built-in's format name."""

    class _Scorm(Format):
        name = "scorm12"
        title = "Not SCORM"

        def package(self, site, writer):
            writer.add("x.txt", "x")

    @hookimpl
    def smab_formats(self):
        return [self._Scorm()]


def test_two_plugins_that_provide_one_name_are_both_named():
    pm = plugins.make_plugin_manager()
    pm.register(_Clash(), name="smab-pack-clash")
    with pytest.raises(plugins.PluginError, match=r"the format 'scorm12': 'scorm' and 'smab-pack-clash'"):
        plugins.build_registry(pm)


CLASH = """
from smab_pack.api import Format
from smab_pack.hookspecs import hookimpl


class Quiz(Format):
    name = "scorm12"
    title = "Not SCORM"

    def package(self, site, writer):
        writer.add("x.txt", "x")


@hookimpl
def smab_formats():
    return [Quiz()]
"""


def test_the_cli_names_both_plugins_of_a_clash_without_calling_it_an_internal_error(tmp_path):
    site = tmp_path / "site"
    (site / "smab_pack_clash").mkdir(parents=True)
    (site / "smab_pack_clash" / "__init__.py").write_text(CLASH)
    info = site / "smab_pack_clash-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: smab-pack-clash\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[smab_pack]\nclash = smab_pack_clash\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}
    env.pop("SMAB_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "smab_pack", "plugins"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 3
    assert "internal error" not in done.stderr
    assert "'scorm' and 'clash'" in done.stderr
    assert "SMAB_DISABLE=clash" in done.stderr
    # switched off by name, the clash is gone
    env["SMAB_DISABLE"] = "clash"
    done = subprocess.run(
        [sys.executable, "-m", "smab_pack", "plugins", "--format", "json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "scorm12" in json.loads(done.stdout)["formats"]


def test_the_registry_is_kept_for_the_process_and_rebuilt_when_plugins_change():
    first = plugins.registry()
    assert plugins.registry() is first
    pm = plugins.plugin_manager()
    plugin = _Clash()
    pm.register(plugin, name="smab-pack-clash")
    try:
        with pytest.raises(plugins.PluginError):
            plugins.registry()
    finally:
        pm.unregister(plugin)
    assert plugins.registry().formats.keys() == first.formats.keys()


def test_build_l_parses_only_the_languages_asked_for(counted, tmp_path):
    built, _ = build(SHIPPED, tmp_path / "dist", languages=["en"], registry=counted.registry)
    assert {p.lang for p in built} == {"en"}
    assert counted.parsed == 1  # en's catalogue, none of the six other course languages'


def test_a_language_is_parsed_with_the_default_one_it_is_checked_against(counted):
    seen: list[str] = []

    def parser(*args, **kwargs):
        seen.append(kwargs["lang"])
        return parse_page(*args, **kwargs)

    checked = check_course(SHIPPED, Diagnostics(), registry=counted.registry, languages=["nb"], page_parser=parser)
    assert checked is not None and set(checked.localized) == {"nb"}
    assert set(seen) == {"nb", "en"}  # en: the default language, which nb's quizzes must match


def test_an_error_in_a_language_not_asked_for_stops_validate_not_build_l(course_copy, tmp_path):
    page = next((course_copy / "modules").glob("*/01-welcome.nb.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\n![Bilde](finnes-ikke.png)\n", encoding="utf-8")
    diags = Diagnostics()
    check_course(course_copy, diags)
    assert any(d.code == "missing-file" and Path(d.file).resolve() == page.resolve() for d in diags.errors)
    built, _ = build(course_copy, tmp_path / "dist", formats=["scorm12"], languages=["en"])
    assert [p.lang for p in built] == ["en"]
    with pytest.raises(BuildFailed):
        build(course_copy, tmp_path / "dist", formats=["scorm12"], languages=["nb"])
