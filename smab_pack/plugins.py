"""The plugin manager: the only global state in smab-pack."""

from __future__ import annotations

import difflib
import importlib
import os
import re
import types
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

import pluggy

from smab_pack import __version__, hookspecs
from smab_pack.checking.checker import PackageChecker
from smab_pack.codes import LintRule
from smab_pack.models.language import Language
from smab_pack.models.lms import LmsPreset
from smab_pack.packaging.format import Format
from smab_pack.render.blocks import BlockType

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
        "glossary",
        "parallel",
        "readaloud",
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
    """The process's plugin manager (made on first use)."""
    return make_plugin_manager()


#: what pluggy can take a hook implementation from in a module's namespace
_HOOKABLE = (types.FunctionType, types.MethodType, staticmethod, classmethod)


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, quicker to register modules: pluggy asks ``inspect.getattr_static`` about
    every name in a plugin, and a built-in module holds hundreds (its imports, its models), which
    cost a build about 15 ms. In a module's namespace only a function (or a bound method) can be
    a hook implementation and ``getattr_static`` would find it there, so any other name is
    skipped before pluggy looks; classes and instances go through pluggy unchanged."""

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        if isinstance(plugin, types.ModuleType) and not isinstance(vars(plugin).get(name), _HOOKABLE):
            return None
        return super().parse_hookimpl_opts(plugin, name)


def make_plugin_manager() -> pluggy.PluginManager:
    """A new plugin manager with the built-ins not switched off and every third-party plugin."""
    pm = PluginManager("smab_pack")
    pm.add_hookspecs(hookspecs)
    for name in disabled():
        pm.set_blocked(name)
    for name, module in DEFAULT_PLUGINS:
        if not pm.is_blocked(name):
            pm.register(importlib.import_module(module), name=name)
    pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    return pm


class PluginError(RuntimeError):
    """Installed plugins that cannot work together (two provide one name, a preset names a
    missing format): the installation's fault, not the course's, said with the plugins' names."""


@dataclass(frozen=True)
class Registry:
    """Everything the plugins provide, collected once per process: each registration hook is
    called once, and the stages receive this object (or the part they need) instead of asking
    the plugin manager again. Treat the dicts as read-only."""

    formats: dict[str, Format]
    block_types: dict[str, BlockType]
    #: by BCP 47 tag; built-in languages read their catalogue on first use (``i18n``)
    languages: dict[str, Language]
    #: rules that check the parsed course (those with a ``check``)
    lint_rules: dict[str, LintRule]
    #: every documented diagnostic code, the core's and every plugin's
    codes: dict[str, LintRule]
    package_checkers: tuple[PackageChecker, ...]
    #: every plugin's LMS presets by name as the hook gave them: ``lms_presets`` checks them
    offered_presets: dict[str, LmsPreset]
    #: every plugin's ``packaging.<name>`` section model, by name
    config_sections: dict[str, type[BaseModel]]
    #: course.yaml's model: the core's keys and every section above
    course_config: type[CourseConfig]
    #: the pipeline-phase hooks (``smab_extra_pages``, ``smab_build_finished``), called by the stages
    hook: pluggy.HookRelay

    @cached_property
    def lms_presets(self) -> dict[str, LmsPreset]:
        """The LMS presets, checked when first asked for (only commands that use presets fail on a
        broken one): a missing format or an unknown ``packaging:`` setting is the plugin's bug."""
        return _checked_presets(dict(self.offered_presets), self.formats, self.course_config)

    def language(self, tag: str) -> Language | None:
        """The language for ``tag``, or for its base language (``nb`` for ``nb-NO``)."""
        return self.languages.get(tag) or self.languages.get(tag.split("-")[0])


def registry() -> Registry:
    """The registry, built on first use and kept for the process. Registering or unregistering
    a plugin on the manager (tests do) builds it again on the next call."""
    global _built
    pm = plugin_manager()
    plugins = list(pm.get_plugins())
    # compared by identity; the list holds the plugins, so that no id is reused while it is kept
    if _built is None or {id(p) for p in _built[0]} != {id(p) for p in plugins}:
        _built = (plugins, build_registry(pm))
    return _built[1]


_built: tuple[list[object], Registry] | None = None


def build_registry(pm: pluggy.PluginManager) -> Registry:
    """Call every registration hook once and check that names are unique."""
    from smab_pack.codes import COURSE, PACKAGE
    from smab_pack.models.course import course_model

    formats = _unique(pm, "smab_formats", "name", "format")
    sections = _checked_sections(pm)
    course_config = course_model(sections)
    rules = _unique(pm, "smab_lint_rules", "code", "lint rule")
    codes: dict[str, LintRule] = {}
    for rule in [*COURSE, *PACKAGE, *rules.values()]:
        codes.setdefault(rule.code, rule)
    return Registry(
        formats=formats,
        block_types=_unique(pm, "smab_block_types", "name", "block type"),
        languages=_unique(pm, "smab_languages", "tag", "language"),
        lint_rules={code: rule for code, rule in rules.items() if rule.check is not None},
        codes=codes,
        package_checkers=tuple(_flatten(pm.hook.smab_package_checkers())),
        offered_presets=_unique(pm, "smab_lms_presets", "name", "LMS preset"),
        config_sections=sections,
        course_config=course_config,
        hook=pm.hook,
    )


def _flatten(results: list[list]) -> list:
    return [item for result in results for item in (result or [])]


def _unique(pm: pluggy.PluginManager, hook_name: str, key: str, what: str) -> dict:
    """{name: item} over every plugin's answer to one registration hook, called once."""
    out: dict = {}
    for item in _flatten(getattr(pm.hook, hook_name)()):
        name = getattr(item, key)
        if name in out:
            owners = _owners(pm, hook_name, key, name)
            raise PluginError(
                f"two plugins provide the {what} '{name}': {' and '.join(repr(o) for o in owners)}; "
                f"uninstall one, or switch one off with SMAB_DISABLE={owners[-1]}"
            )
        out[name] = item
    return out


def _owners(pm: pluggy.PluginManager, hook_name: str, key: str, name: str) -> list[str]:
    """The plugins whose implementation of ``hook_name`` returns an item called ``name``. Only
    asked after a clash (pluggy's results do not say which plugin gave what), so each
    implementation is called once more on that path alone."""
    owners = []
    for impl in getattr(pm.hook, hook_name).get_hookimpls():
        if getattr(impl, "hookwrapper", False) or getattr(impl, "wrapper", False):
            continue
        if any(getattr(item, key) == name for item in impl.function() or []):
            owners.append(impl.plugin_name)
    return owners or ["?", "?"]


SECTION_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def _checked_sections(pm: pluggy.PluginManager) -> dict[str, type[BaseModel]]:
    """Every plugin's ``packaging.<name>`` section model by name, each checked: a model that lets
    unknown keys through, a name that is no plain key or one two plugins declare is a plugin bug."""
    from pydantic import BaseModel

    owners: dict[str, str] = {}
    sections: dict[str, type[BaseModel]] = {}
    # plugin by plugin, in the order they were registered (not the hook's merged results), so
    # that a clash names both plugins, the built-in first
    for impl in pm.hook.smab_config_sections.get_hookimpls():
        declared = impl.function()
        where = f"the plugin '{impl.plugin_name}'"
        if declared is None:
            continue
        if not isinstance(declared, dict):
            raise PluginError(f"{where} returns {type(declared).__name__} from smab_config_sections, not a dict")
        for name, model in declared.items():
            if name in sections:
                raise PluginError(f"two plugins declare packaging.{name}: '{owners[name]}' and '{impl.plugin_name}'")
            if not isinstance(name, str) or not SECTION_NAME.match(name):
                raise PluginError(f"{where} declares the section {name!r}: use lower-case letters, digits and _")
            if not (isinstance(model, type) and issubclass(model, BaseModel)):
                raise PluginError(f"{where} declares packaging.{name} with {model!r}, which is no pydantic model")
            if model.model_config.get("extra") != "forbid":
                raise PluginError(
                    f"{where} declares packaging.{name} with a model that accepts unknown keys: "
                    'a typo would pass silently (give it model_config = ConfigDict(extra="forbid"))'
                )
            owners[name], sections[name] = impl.plugin_name, model
    return sections


def _checked_presets(
    presets: dict[str, LmsPreset], known: dict[str, Format], course_config: type[CourseConfig]
) -> dict[str, LmsPreset]:
    """Every plugin's LMS presets, each checked: a preset that names a missing format or a
    ``packaging:`` setting that does not exist is a plugin bug, not the author's."""
    if not presets:
        return presets
    from pydantic import ValidationError

    packaging = course_config.model_fields["packaging"].annotation
    assert isinstance(packaging, type)

    for preset in list(presets.values()):
        missing = [f for f in (*preset.formats, preset.bank_format) if f is not None and f not in known]
        if missing and disabled():  # its format's plugin was switched off: the preset cannot be used
            del presets[preset.name]
            continue
        if missing:
            raise PluginError(f"the LMS preset '{preset.name}' names formats no plugin provides: {', '.join(missing)}")
        unknown = sorted(set(preset.settings) - set(packaging.model_fields))
        if unknown and disabled():  # the plugin declaring that section was switched off
            del presets[preset.name]
            continue
        if unknown:  # the same check course.yaml gets, said in a preset author's words
            near = next(iter(difflib.get_close_matches(unknown[0], list(packaging.model_fields), n=1)), None)
            raise PluginError(
                f"the LMS preset '{preset.name}' sets packaging.{unknown[0]}, which no plugin declares"
                + (f" (did you mean packaging.{near}?)" if near else "")
            )
        try:
            packaging.model_validate(preset.settings)
        except ValidationError as exc:
            raise PluginError(f"the LMS preset '{preset.name}' has invalid settings: {exc}") from None
    return presets


# The registry's parts, for callers outside a build (the CLI's listings, tests).


def formats() -> dict[str, Format]:
    return registry().formats


def block_types() -> dict[str, BlockType]:
    return registry().block_types


def languages() -> dict[str, Language]:
    return registry().languages


def lint_rules() -> dict[str, LintRule]:
    """Rules that check the parsed course (those with a ``check``)."""
    return registry().lint_rules


def package_checkers() -> list[PackageChecker]:
    return list(registry().package_checkers)


def lms_presets() -> dict[str, LmsPreset]:
    """Every plugin's LMS presets by name, each checked (see ``_checked_presets``)."""
    return registry().lms_presets


def config_sections() -> dict[str, type[BaseModel]]:
    """Every plugin's ``packaging.<name>`` section model by name (checked when the registry is built)."""
    return registry().config_sections


def course_config_model() -> type[CourseConfig]:
    """``course.yaml``'s model: the core's keys and every registered ``packaging:`` section."""
    return registry().course_config


def all_rules() -> dict[str, LintRule]:
    """Every documented code: the core's and every plugin's, by code."""
    return registry().codes


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
