"""Built-ins arrive through the same entry points a third-party plugin uses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pluggy

from smab_pack import hookspecs, plugins
from tests.conftest import FIXTURES

DEMO = """
from smab_pack.api import Format, hookimpl


class Listing(Format):
    name = "listing"
    title = "A text file listing the package"

    def package(self, site, writer):
        writer.add("files.txt", "\\n".join(sorted(site.files)))


@hookimpl
def smab_formats():
    return [Listing()]
"""


def _smab(*args: str, cwd: Path, extra_path: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_path), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "smab_pack", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_builtins_are_registered_by_name_from_inside_the_package():
    pm = plugins.plugin_manager()
    # no built-in comes in through an entry point: those names are left to third parties
    assert {dist.project_name for _, dist in pm.list_plugin_distinfo()} == set()
    for name, module in plugins.DEFAULT_PLUGINS:
        assert pm.get_plugin(name).__name__ == module
        assert module.startswith("smab_pack.builtin.")
    assert {"scorm12", "scorm2004"} <= set(plugins.formats())
    assert {"quiz", "callout"} <= set(plugins.block_types())
    assert {"en", "nb"} <= set(plugins.languages())


def test_a_builtin_is_switched_off_by_name(tmp_path):
    env_before = os.environ.get("SMAB_DISABLE")
    os.environ["SMAB_DISABLE"] = "video, cc"
    try:
        listed = json.loads(_smab("plugins", "--format", "json", cwd=tmp_path).stdout)
    finally:
        os.environ.pop("SMAB_DISABLE") if env_before is None else os.environ.update(SMAB_DISABLE=env_before)
    names = {p["name"] for p in listed["plugins"]}
    assert "video" not in names and "cc" not in names
    assert {"scorm", "quiz", "languages"} <= names


def test_every_hook_has_a_docstring():
    specs = [getattr(hookspecs, n) for n in dir(hookspecs) if n.startswith("smab_")]
    assert len(specs) >= 5
    assert all(spec.__doc__ and len(spec.__doc__.strip()) > 40 for spec in specs)


def test_a_third_party_package_adds_a_format_without_touching_the_core(tmp_path):
    site = tmp_path / "site"
    (site / "smab_pack_listing").mkdir(parents=True)
    (site / "smab_pack_listing" / "__init__.py").write_text(DEMO)
    info = site / "smab_pack_listing-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: smab-pack-listing\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[smab_pack]\nlisting = smab_pack_listing\n")
    listed = _smab("plugins", "--format", "json", cwd=tmp_path, extra_path=site)
    assert listed.returncode == 0, listed.stderr
    report = json.loads(listed.stdout)
    assert "listing" in report["formats"]
    assert any(p["distribution"].startswith("smab-pack-listing") for p in report["plugins"])
    built = _smab(
        "build", str(FIXTURES / "mini"), "-f", "listing", "-l", "en", "-o", "out", cwd=tmp_path, extra_path=site
    )
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "mini-course-1.0.0-en-listing.zip").is_file()


def test_hookspecs_validate_implementations():
    pm = pluggy.PluginManager("smab_pack")
    pm.add_hookspecs(hookspecs)

    class Wrong:
        @hookspecs.hookimpl
        def smab_formats(self, unexpected):  # an argument the spec does not have
            return []

    try:
        pm.register(Wrong())
    except pluggy.PluginValidationError:
        return
    raise AssertionError("a malformed plugin was accepted")
