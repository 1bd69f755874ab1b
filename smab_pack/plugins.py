"""The plugin manager: the only global state in smab-pack."""

from __future__ import annotations

import difflib
import importlib
import os
import re
from functools import lru_cache
from typing import TYPE_CHECKING

import pluggy

from smab_pack import __version__, hookspecs
from smab_pack.extension import BlockType, Format, Language, LintRule, LmsPreset, PackageChecker

if TYPE_CHECKING:
    from pydantic import BaseModel

    from smab_pack.models.course import CourseConfig

ENTRY_POINT_GROUP = "smab_pack"
#: the built-in plugins, by the name ``SMAB_DISABLE`` switches them off with; they use the same
#: hooks a third-party package does, which comes in through the ``smab_pack`` entry points
DEFAULT_PLUGINS: tuple[tuple[str, str], ...] = tuple(
    (name, f"smab_pack.builtin.{name}")
    for name in (
        "scorm",
        "xapi",
        "cc",
        "web",
        "quiz",
        "survey",
        "video",
        "resources",
        "callout",
        "lint",
        "lms",
        "languages",
    )
)


def disabled() -> set[str]:
    """Plugins switched off by name: ``SMAB_DISABLE=video,cc`` (built-in or third-party)."""
    return {name.strip() for name in os.environ.get("SMAB_DISABLE", "").split(",") if name.strip()}


@lru_cache(maxsize=1)
def plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("smab_pack")
    pm.add_hookspecs(hookspecs)
    for name in disabled():
        pm.set_blocked(name)
    for name, module in DEFAULT_PLUGINS:
        if not pm.is_blocked(name):
            pm.register(importlib.import_module(module), name=name)
    pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    return pm


def _flatten(results: list[list]) -> list:
    return [item for result in results for item in (result or [])]


def _unique(items: list, key: str, what: str) -> dict:
    out: dict = {}
    for item in items:
        name = getattr(item, key)
        if name in out:
            raise RuntimeError(f"two plugins provide the {what} '{name}'")
        out[name] = item
    return out


def formats() -> dict[str, Format]:
    return _unique(_flatten(plugin_manager().hook.smab_formats()), "name", "format")


def block_types() -> dict[str, BlockType]:
    return _unique(_flatten(plugin_manager().hook.smab_block_types()), "name", "block type")


def languages() -> dict[str, Language]:
    return _unique(_flatten(plugin_manager().hook.smab_languages()), "tag", "language")


def lint_rules() -> dict[str, LintRule]:
    """Rules that check the parsed course (those with a ``check``)."""
    rules = _unique(_flatten(plugin_manager().hook.smab_lint_rules()), "code", "lint rule")
    return {code: rule for code, rule in rules.items() if rule.check is not None}


def package_checkers() -> list[PackageChecker]:
    return _flatten(plugin_manager().hook.smab_package_checkers())


SECTION_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def config_sections() -> dict[str, type[BaseModel]]:
    """Every plugin's ``packaging.<name>`` section model by name, each checked: a model that lets
    unknown keys through, a name that is no plain key or one two plugins declare is a plugin bug."""
    from pydantic import BaseModel

    owners: dict[str, str] = {}
    sections: dict[str, type[BaseModel]] = {}
    # plugin by plugin, in the order they were registered (not the hook's merged results), so
    # that a clash names both plugins, the built-in first
    for impl in plugin_manager().hook.smab_config_sections.get_hookimpls():
        declared = impl.function()
        where = f"the plugin '{impl.plugin_name}'"
        if declared is None:
            continue
        if not isinstance(declared, dict):
            raise RuntimeError(f"{where} returns {type(declared).__name__} from smab_config_sections, not a dict")
        for name, model in declared.items():
            if name in sections:
                raise RuntimeError(f"two plugins declare packaging.{name}: '{owners[name]}' and '{impl.plugin_name}'")
            if not isinstance(name, str) or not SECTION_NAME.match(name):
                raise RuntimeError(f"{where} declares the section {name!r}: use lower-case letters, digits and _")
            if not (isinstance(model, type) and issubclass(model, BaseModel)):
                raise RuntimeError(f"{where} declares packaging.{name} with {model!r}, which is no pydantic model")
            if model.model_config.get("extra") != "forbid":
                raise RuntimeError(
                    f"{where} declares packaging.{name} with a model that accepts unknown keys: "
                    'a typo would pass silently (give it model_config = ConfigDict(extra="forbid"))'
                )
            owners[name], sections[name] = impl.plugin_name, model
    return sections


def course_config_model() -> type[CourseConfig]:
    """``course.yaml``'s model: the core's keys and every registered ``packaging:`` section."""
    from smab_pack.models.course import course_model

    return course_model(config_sections())


def lms_presets() -> dict[str, LmsPreset]:
    """Every plugin's LMS presets by name, each checked: a preset that names a missing format
    or a ``packaging:`` setting that does not exist is a plugin bug, not the author's."""
    from pydantic import ValidationError

    packaging = course_config_model().model_fields["packaging"].annotation
    assert isinstance(packaging, type)

    presets = _unique(_flatten(plugin_manager().hook.smab_lms_presets()), "name", "LMS preset")
    known = formats()
    for preset in list(presets.values()):
        missing = [f for f in (*preset.formats, preset.bank_format) if f is not None and f not in known]
        if missing and disabled():  # its format's plugin was switched off: the preset cannot be used
            del presets[preset.name]
            continue
        if missing:
            raise RuntimeError(f"the LMS preset '{preset.name}' names formats no plugin provides: {', '.join(missing)}")
        unknown = sorted(set(preset.settings) - set(packaging.model_fields))
        if unknown and disabled():  # the plugin declaring that section was switched off
            del presets[preset.name]
            continue
        if unknown:  # the same check course.yaml gets, said in a preset author's words
            near = next(iter(difflib.get_close_matches(unknown[0], list(packaging.model_fields), n=1)), None)
            raise RuntimeError(
                f"the LMS preset '{preset.name}' sets packaging.{unknown[0]}, which no plugin declares"
                + (f" (did you mean packaging.{near}?)" if near else "")
            )
        try:
            packaging.model_validate(preset.settings)
        except ValidationError as exc:
            raise RuntimeError(f"the LMS preset '{preset.name}' has invalid settings: {exc}") from None
    return presets


def describe() -> list[tuple[str, str, list[str]]]:
    """(plugin name, distribution, hooks it implements), for `smab-pack plugins`."""
    pm = plugin_manager()
    dists = {id(p): f"{d.project_name} {d.version}" for p, d in pm.list_plugin_distinfo()}
    builtin = f"smab-pack {__version__} (built-in)"
    dists.update({id(pm.get_plugin(name)): builtin for name, _ in DEFAULT_PLUGINS if pm.get_plugin(name)})
    rows = []
    for name, plugin in sorted(((n, p) for n, p in pm.list_name_plugin() if p is not None), key=lambda x: x[0] or ""):
        hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or [])
        rows.append((name or "?", dists.get(id(plugin), "?"), hooks))
    return rows


def all_rules() -> dict[str, "LintRule"]:
    """Every documented code: the core's and every plugin's, by code."""
    from smab_pack.codes import COURSE, PACKAGE

    rules: dict[str, LintRule] = {}
    for rule in [*COURSE, *PACKAGE, *_flatten(plugin_manager().hook.smab_lint_rules())]:
        rules.setdefault(rule.code, rule)
    return rules
