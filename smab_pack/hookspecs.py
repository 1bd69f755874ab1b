"""Every hook smab-pack calls. Built-in plugins in ``smab_pack/builtin/`` implement them
exactly as a third-party ``smab-pack-*`` package would, registered through the
``smab_pack`` entry-point group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from pydantic import BaseModel

    from smab_pack.extension import BlockType, Format, Language, LintRule, LmsPreset, PackageChecker
    from smab_pack.models.content import LocalizedCourse

hookspec = pluggy.HookspecMarker("smab_pack")
hookimpl = pluggy.HookimplMarker("smab_pack")


@hookspec
def smab_formats() -> "list[Format]":
    """Return the package formats this plugin provides.

    Each :class:`~smab_pack.extension.Format` has a unique ``name`` used on the
    command line (``smab-pack build -f NAME``) and in output file names.
    """


@hookspec
def smab_block_types() -> "list[BlockType]":
    """Return content block types written as ``::: name`` containers in Markdown.

    A block type parses the tokens inside its container into a typed block,
    renders it to HTML, and may ship JavaScript and CSS for the run-time.
    """


@hookspec
def smab_languages() -> "list[Language]":
    """Return languages: their name, text direction and the run-time's UI strings.

    The English catalogue defines the keys; other languages fall back to it
    key by key.
    """


@hookspec
def smab_lint_rules() -> "list[LintRule]":
    """Return lint rules run by ``validate`` and ``build`` over the parsed course.

    Authors switch rules off per course; errors from enabled rules stop a build.
    """


@hookspec
def smab_package_checkers() -> "list[PackageChecker]":
    """Return checkers that ``smab-pack check`` applies to packages from anywhere.

    Each reads one kind of manifest (imsmanifest.xml, cmi5.xml, tincan.xml…)
    and reports the rules it breaks, in words a partner can act on.
    """


@hookspec
def smab_config_sections() -> "dict[str, type[BaseModel]]":
    """Return this plugin's ``course.yaml`` sections: ``{name: model}`` for ``packaging.<name>``."""


@hookspec
def smab_lms_presets() -> "list[LmsPreset]":
    """Return LMS presets: the formats and ``packaging:`` settings one platform needs.

    Collected once per command. ``smab-pack build --lms NAME`` (or ``lms: NAME`` in
    course.yaml; the command line wins) builds the preset's ``formats`` when no ``-f`` is
    given, its ``bank_format`` when the course has a resource bank, and applies its
    ``settings`` under the values the author wrote in course.yaml. Each
    :class:`~smab_pack.extension.LmsPreset` has a unique ``name``; its ``settings`` must be
    valid course.yaml ``packaging:`` values and its formats must exist, or the preset is
    refused. Presets hold data only: they cannot run code during a build.
    """


@hookspec
def smab_extra_pages(config, lang, strings, parse) -> "list[Page]":
    """Return pages this plugin adds to the course in ``lang``, each a module of its own."""


@hookspec
def smab_localise(course: "LocalizedCourse", language: "Language") -> None:
    """Adjust the parsed course for ``language`` in place before it is rendered.

    Called once per course language, after parsing and before rendering
    (e.g. typographic quotes or number formats for a language).
    """
