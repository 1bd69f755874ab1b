"""The public surface of smab-pack: everything a plugin, built-in or third-party, may import.

A plugin imports from here alone (``from smab_pack.api import Format, hookimpl``); every other
module of ``smab_pack`` is private and may change without notice. ``tests/test_api.py`` keeps the
built-ins to this rule, and docs/architecture.md explains the layers behind it.

The names load lazily (PEP 562): a plugin that needs ``hookimpl`` and ``Format`` does not pay
for Jinja2, Babel or the package checker's helpers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smab_pack.checking.checker import PackageChecker
    from smab_pack.checking.launch import check_launch
    from smab_pack.checking.report import Reporter
    from smab_pack.codes import LintRule, rules_from
    from smab_pack.diagnostics import Diagnostic, Diagnostics, Severity
    from smab_pack.hookspecs import hookimpl
    from smab_pack.i18n import load_language
    from smab_pack.loading.paths import course_path, list_folder, regular_file
    from smab_pack.loading.resources import resources_file
    from smab_pack.loading.yamlsource import read_text
    from smab_pack.markdown.attrs import ATTRS, ID, parse_attrs
    from smab_pack.markdown.context import ParseContext
    from smab_pack.markdown.parser import PageParser
    from smab_pack.markdown.sanitize import sanitize_html
    from smab_pack.models.content import Asset, Block, Heading, LocalizedCourse, Module, Page, ProseBlock
    from smab_pack.models.course import (
        EVALUATION_PAGE_ID,
        ConfigSection,
        CourseConfig,
        is_language_tag,
        localize,
        localize_all,
    )
    from smab_pack.models.interactions import Assessment, Choice, Interaction, InteractionKind, Media, NumericRange
    from smab_pack.models.language import Language
    from smab_pack.models.lms import LmsPreset, LmsQuirk
    from smab_pack.models.resources import COUNTRIES, Resource, ResourceBank
    from smab_pack.packaging.format import Format
    from smab_pack.packaging.zipwriter import PackageWriter
    from smab_pack.render.blocks import BlockType, RenderContext
    from smab_pack.render.minify import shipped_js
    from smab_pack.render.rendered import RenderedSite
    from smab_pack.render.templates import template
    from smab_pack.translation.status import report_stale_translations
    from smab_pack.translation.untranslated import translated_units

#: public name → the private module that defines it (keep in step with the block above and
#: ``__all__``; tests/test_api.py checks that the three agree)
_WHERE: dict[str, str] = {
    # hooks and what plugins return from them
    "hookimpl": "smab_pack.hookspecs",
    "Format": "smab_pack.packaging.format",
    "BlockType": "smab_pack.render.blocks",
    "Language": "smab_pack.models.language",
    "LintRule": "smab_pack.codes",
    "rules_from": "smab_pack.codes",
    "LmsPreset": "smab_pack.models.lms",
    "LmsQuirk": "smab_pack.models.lms",
    "PackageChecker": "smab_pack.checking.checker",
    # what the core hands to them
    "ParseContext": "smab_pack.markdown.context",
    "RenderContext": "smab_pack.render.blocks",
    "PageParser": "smab_pack.markdown.parser",
    "RenderedSite": "smab_pack.render.rendered",
    "PackageWriter": "smab_pack.packaging.zipwriter",
    "Reporter": "smab_pack.checking.report",
    "Diagnostic": "smab_pack.diagnostics",
    "Diagnostics": "smab_pack.diagnostics",
    "Severity": "smab_pack.diagnostics",
    # the course as parsed: pages, blocks, the resource bank
    "CourseConfig": "smab_pack.models.course",
    "ConfigSection": "smab_pack.models.course",
    "EVALUATION_PAGE_ID": "smab_pack.models.course",
    "LocalizedCourse": "smab_pack.models.content",
    "Module": "smab_pack.models.content",
    "Page": "smab_pack.models.content",
    "Block": "smab_pack.models.content",
    "ProseBlock": "smab_pack.models.content",
    "Heading": "smab_pack.models.content",
    "Asset": "smab_pack.models.content",
    # the interaction contract: what a block tells the run-time and the formats (docs/plugins.md)
    "Interaction": "smab_pack.models.interactions",
    "Assessment": "smab_pack.models.interactions",
    "InteractionKind": "smab_pack.models.interactions",
    "Choice": "smab_pack.models.interactions",
    "NumericRange": "smab_pack.models.interactions",
    "Media": "smab_pack.models.interactions",
    "Resource": "smab_pack.models.resources",
    "ResourceBank": "smab_pack.models.resources",
    "COUNTRIES": "smab_pack.models.resources",
    # helpers: block syntax, languages and localised text
    "parse_attrs": "smab_pack.markdown.attrs",
    "ATTRS": "smab_pack.markdown.attrs",
    "ID": "smab_pack.markdown.attrs",
    "sanitize_html": "smab_pack.markdown.sanitize",
    "is_language_tag": "smab_pack.models.course",
    "localize": "smab_pack.models.course",
    "localize_all": "smab_pack.models.course",
    "load_language": "smab_pack.i18n",
    # helpers: reading the course's files through the one gate (never outside the course folder)
    "course_path": "smab_pack.loading.paths",
    "regular_file": "smab_pack.loading.paths",
    "list_folder": "smab_pack.loading.paths",
    "read_text": "smab_pack.loading.yamlsource",
    "resources_file": "smab_pack.loading.resources",
    # helpers: formats and package checkers
    "shipped_js": "smab_pack.render.minify",
    "template": "smab_pack.render.templates",
    "check_launch": "smab_pack.checking.launch",
    # helpers: lint rules
    "report_stale_translations": "smab_pack.translation.status",
    # helpers: parallel text (a page's translated units, as XLIFF export finds them)
    "translated_units": "smab_pack.translation.untranslated",
}

__all__ = [
    "ATTRS",
    "Assessment",
    "Asset",
    "Block",
    "BlockType",
    "COUNTRIES",
    "Choice",
    "ConfigSection",
    "CourseConfig",
    "Diagnostic",
    "Diagnostics",
    "EVALUATION_PAGE_ID",
    "Format",
    "Heading",
    "ID",
    "Interaction",
    "InteractionKind",
    "Language",
    "LintRule",
    "LmsPreset",
    "LmsQuirk",
    "LocalizedCourse",
    "Media",
    "Module",
    "NumericRange",
    "PackageChecker",
    "PackageWriter",
    "Page",
    "PageParser",
    "ParseContext",
    "ProseBlock",
    "RenderContext",
    "RenderedSite",
    "Reporter",
    "Resource",
    "ResourceBank",
    "Severity",
    "check_launch",
    "course_path",
    "hookimpl",
    "is_language_tag",
    "list_folder",
    "load_language",
    "localize",
    "localize_all",
    "parse_attrs",
    "read_text",
    "regular_file",
    "report_stale_translations",
    "resources_file",
    "rules_from",
    "sanitize_html",
    "shipped_js",
    "template",
    "translated_units",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'smab_pack.api' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return __all__
