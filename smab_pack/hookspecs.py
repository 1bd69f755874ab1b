"""Every hook smab-pack calls, grouped by the phase of the build that calls it.

A plugin is a module (or an object) with functions marked ``@hookimpl``, named like the hooks
below; it implements only the hooks it needs, and a hook implementation may take any subset of
the hook's arguments, by name. The built-in plugins in ``smab_pack/builtin/`` implement them
exactly as a third-party ``smab-pack-*`` package does; a third party registers through the
``smab_pack`` entry-point group. Import ``hookimpl`` and every object named here from
``smab_pack.api``. docs/plugins.md documents each hook with a worked example.

Results of a list hook are gathered from every plugin (pluggy calls the last registered first);
the core never depends on that order where it matters: names are unique, and ordered results
are put back in registration order, the built-ins first.
"""

# A hook specification has a docstring for a body: pluggy never calls it.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from pathlib import Path

    import click
    from markdown_it import MarkdownIt
    from pydantic import BaseModel

    from smab_pack.checking.checker import PackageChecker
    from smab_pack.codes import LintRule
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.markdown.parser import PageParser
    from smab_pack.models.content import LocalizedCourse, Page
    from smab_pack.models.course import CourseConfig
    from smab_pack.models.language import Language
    from smab_pack.models.lms import LmsPreset
    from smab_pack.packaging.built import BuiltPackage
    from smab_pack.packaging.format import Format
    from smab_pack.render.blocks import BlockType

hookspec = pluggy.HookspecMarker("smab_pack")
hookimpl = pluggy.HookimplMarker("smab_pack")


# -------------------------------------------------------------------------------------------------
# Registration hooks: what a plugin provides. They are called together, once per process, when the
# registry is first needed (before any course is read), with no arguments. They return data, which
# the registry keeps; they never act.
# -------------------------------------------------------------------------------------------------


@hookspec
def smab_formats() -> list[Format]:
    """Return the package formats this plugin provides.

    :return: :class:`~smab_pack.api.Format` instances. Each ``name`` is unique among every
        plugin's formats (a clash is refused naming both plugins); it is what ``smab-pack build
        -f NAME`` and the package's file name use. ``default = False`` keeps a format out of a
        build without ``-f``; ``multilingual = False`` refuses ``--multilingual``.

    Called when the registry is built. During a build the core calls each wanted format's
    ``check(course, diags)`` once (before anything is rendered) and ``package(site, writer)``
    once per rendered site (per language, or once with ``--multilingual``).

    Example::

        @hookimpl
        def smab_formats():
            return [Listing()]  # class Listing(Format): name = "listing"; def package(self, site, writer): …
    """


@hookspec
def smab_block_types() -> list[BlockType]:
    """Return content block types, written as ``::: name`` containers in Markdown.

    :return: :class:`~smab_pack.api.BlockType` instances. Each ``name`` is unique among every
        plugin's block types; ``containers()`` (by default the ``name`` alone) lists the
        ``::: …`` names that open the block.

    Called when the registry is built. While a page is parsed the core calls ``parse(info,
    tokens, ctx)`` for each container (``ctx`` is a :class:`~smab_pack.api.ParseContext`:
    report problems with ``ctx.diags``, located at the page's lines); while a site is
    rendered, ``render(block, ctx)`` for each block (``ctx`` is a
    :class:`~smab_pack.api.RenderContext`). The block type's ``js`` and ``css`` join the
    run-time of a site once, when one of its pages uses the block.

    Example::

        @hookimpl
        def smab_block_types():
            return [Poll()]  # class Poll(BlockType): name = "poll"; js = POLL_JS; def parse(…); def render(…)
    """


@hookspec
def smab_languages() -> list[Language]:
    """Return languages the learner run-time speaks: name, direction, plural rule, UI strings.

    :return: :class:`~smab_pack.api.Language` instances; each ``tag`` (BCP 47) is unique among
        every plugin's. ``load_language(tag, path_to_po)`` builds one from a gettext catalogue
        whose ``msgctxt`` are the keys of the English catalogue.

    Called when the registry is built. A course language no plugin speaks builds with English
    UI strings and a warning (``no-catalogue``); a language that lacks a key falls back to
    English for that key only.

    Example::

        @hookimpl
        def smab_languages():
            return [load_language("se", Path(__file__).with_name("se.po"))]
    """


@hookspec
def smab_lint_rules() -> list[LintRule]:
    """Return lint rules and documented diagnostic codes.

    :return: :class:`~smab_pack.api.LintRule` instances; each ``code`` is unique. A rule with
        ``check`` runs over the parsed course; one without ``check`` only documents a code the
        plugin reports elsewhere (``scope="course"`` while parsing, ``"package"`` in a package
        checker). Every code appears in ``smab-pack rules`` and docs/lint-rules.md.

    Called when the registry is built. ``check(course, diags)`` is called by ``validate`` and
    ``build`` once per course language, after every page is parsed and localised, unless the
    course lists the code under ``lint.disable``; errors stop a build, warnings do not.

    Example::

        @hookimpl
        def smab_lint_rules():
            return [LintRule("no-todo", "A page says TODO.", "Finish the page.", check=no_todo)]
    """


@hookspec
def smab_package_checkers() -> list[PackageChecker]:
    """Return checkers that ``smab-pack check`` applies to packages from anywhere.

    :return: :class:`~smab_pack.api.PackageChecker` instances. Each reads one kind of
        manifest (``manifest``: imsmanifest.xml, cmi5.xml, tincan.xml…) at the package root.

    Called when ``smab-pack check`` runs. For each package (a zip, a folder or a bare
    manifest) the checkers' ``kind(root)`` is asked in turn with the manifest's parsed root
    element; the first that names a kind checks it with ``check(root, kind, names, report)``
    (``names``: the package's files, None for a bare manifest), reporting through ``report``
    in words a partner can act on.

    Example::

        @hookimpl
        def smab_package_checkers():
            return [ListingChecker()]  # manifest = "listing.txt"; def kind(…); def check(…)
    """


@hookspec
def smab_config_sections() -> dict[str, type[BaseModel]]:
    """Return this plugin's ``course.yaml`` settings: ``{name: model}`` for ``packaging.<name>``.

    :return: a mapping from a section name (lower-case letters, digits and ``_``) to a pydantic
        model, best a subclass of :class:`~smab_pack.api.ConfigSection`. The model must forbid
        unknown keys (``extra="forbid"``: ConfigSection does) and give every field a default,
        so that a course without the section builds. A name two plugins declare is refused,
        naming both; so is a model that accepts unknown keys.

    Called when the registry is built. The core builds course.yaml's ``packaging:`` model from
    every registered section, so that ``validate`` and ``build`` report a typo (an unknown
    key, with the closest known key as a hint) or a wrong value at its line; the section
    appears in ``schemas/course.schema.json`` (``smab-pack schemas``), described by the model's
    docstring; LMS presets' ``settings`` are validated against the same model. Read the
    validated section, typed, with ``site.config.packaging.section("listing", ListingOptions)``
    (its defaults when course.yaml does not set it).

    Example::

        class ListingOptions(ConfigSection):
            \"\"\"The listing format: how many columns the page list has.\"\"\"

            columns: int = Field(2, ge=1, le=4)


        @hookimpl
        def smab_config_sections():
            return {"listing": ListingOptions}
    """


@hookspec
def smab_lms_presets() -> list[LmsPreset]:
    """Return LMS presets: the formats and ``packaging:`` settings one platform needs.

    :return: :class:`~smab_pack.api.LmsPreset` instances (data only: a preset cannot run
        code); each ``name`` is unique. A preset whose formats no plugin provides, or whose
        ``settings`` are not valid ``packaging:`` values (the model ``smab_config_sections``
        builds), is refused naming the preset; one that needs a plugin switched off with
        ``SMAB_DISABLE`` is left out.

    Called when the registry is built. ``smab-pack build --lms NAME`` (or ``lms: NAME`` in
    course.yaml; the command line wins) builds the preset's ``formats`` when no ``-f`` is
    given, its ``bank_format`` when the course has a resource bank, and applies its
    ``settings`` under the values the author wrote in course.yaml (a differing value warns).

    Example::

        @hookimpl
        def smab_lms_presets():
            return [LmsPreset(name="acme", title="Acme LMS", formats=("scorm2004",),
                              settings={"scorm2004": {"edition": "3rd"}})]
    """


# -------------------------------------------------------------------------------------------------
# Command-line hooks: called by ``smab-pack`` itself, only when a plugin's command is wanted.
# -------------------------------------------------------------------------------------------------


@hookspec
def smab_commands(cli: click.Group) -> None:
    """Add commands to the ``smab-pack`` command line (a preview server, an upload to an LMS…).

    :param cli: a ``click.Group``: add commands to it with ``@cli.command()`` or
        ``cli.add_command(command)``. Only the commands are kept; options of the group are not.
    :return: nothing.

    Called when ``smab-pack`` meets a command name that is not built in, and by ``smab-pack
    plugins`` (which lists the plugins' commands); never for a built-in command or ``--help``,
    so a plugin cannot slow one down. A command named like a built-in one is refused (exit 1,
    naming the plugin's module).
    The command does its own work: report problems as smab-pack does (located, with a code)
    and exit 1 on bad input.

    Example::

        import click


        @hookimpl
        def smab_commands(cli):
            @cli.command()
            @click.argument("package", type=click.Path(exists=True))
            def upload(package):
                \"\"\"Upload PACKAGE to the Acme LMS.\"\"\"
                click.echo(f"uploading {package}")
    """


# -------------------------------------------------------------------------------------------------
# Parse hooks: called while ``validate``, ``build`` and ``preview`` read a course, after its
# YAML is validated and its page files are parsed.
# -------------------------------------------------------------------------------------------------


@hookspec
def smab_markdown(md: MarkdownIt) -> None:
    """Configure the Markdown parser: add syntax (markdown-it-py plugins, inline and block rules)
    or change how a token renders.

    :param md: the course's ``markdown_it.MarkdownIt`` (CommonMark with tables and
        strikethrough, a container rule per block type, smab-pack's link and budget rules).
        Use ``md.use(plugin, **options)``, ``md.inline.ruler``/``md.block.ruler`` and
        ``md.add_render_rule`` as markdown-it-py documents them.
    :return: nothing; change ``md`` in place.

    Called by ``validate``, ``build`` and ``preview`` once per command, when the parser is made,
    after the block types' containers are registered and before any page is parsed (plugins
    last registered first: two plugins must not claim the same syntax). What the
    rules render passes through the same sanitiser as the author's HTML (unless the course says
    ``raw_html: trusted``). A block type (``::: name``) does not need this hook. XLIFF export
    segments pages with plain CommonMark, so new inline syntax reaches translators as text.

    Example::

        from mdit_py_plugins.deflist import deflist_plugin


        @hookimpl
        def smab_markdown(md):
            md.use(deflist_plugin)  # "Term" then ": definition" becomes <dl>
    """


@hookspec
def smab_extra_pages(
    config: CourseConfig, lang: str, strings: dict[str, str], parse: PageParser, course: LocalizedCourse
) -> list[Page]:
    """Return pages this plugin adds to the course in ``lang``, each a module of its own at the end.

    :param config: the validated ``course.yaml`` (with every plugin's ``packaging:`` section).
    :param lang: the course language the pages are for (a BCP 47 tag).
    :param course: the course in ``lang`` as parsed so far: its own pages (and the pages plugins
        registered before this one added), ``resources`` and ``glossary`` (the glossary plugin
        adds its page only when the course has a ``glossary.yaml``). Read it, never change it.
    :param strings: that language's run-time UI strings, English key by key where missing.
    :param parse: turns Markdown the plugin writes into a :class:`~smab_pack.api.Page`:
        ``parse(text, page_id=…, module_id=…, made_by="course.yaml's evaluation:")``. It is
        parsed like a page file (front matter, block types, links, every check) and its
        problems are reported at course.yaml; None when it has errors (already reported).
    :return: the pages, in order; each is appended as a module (id ``page.module_id``, titled
        like the page) after the course's own modules, the built-ins' pages first and aids
        (``page.aid``, like the glossary page) after every other page. A page id
        that a page file of the course already has is refused (``extra-page-id``, once).

    Called by ``validate``, ``build`` and ``preview`` once per course language, after the
    course's own pages are parsed and localised and before lint rules run, so that lint rules,
    the formats and the run-time see extra pages like any other. The built-in survey plugin
    makes the course-evaluation page of course.yaml's ``evaluation:`` this way.

    Example::

        @hookimpl
        def smab_extra_pages(lang, strings, parse):
            page = parse(f"---\\ntitle: Glossary\\n---\\n\\n{GLOSSARY[lang]}\\n",
                         page_id="glossary", module_id="glossary", made_by="the glossary plugin")
            return [page] if page else []
    """


# -------------------------------------------------------------------------------------------------
# Localise: no hook. ``smab_localise(course, language)`` was declared from the start, had no
# implementation, changed the course in place and ran in ``build`` only, so ``validate`` linted
# a course other than the one packaged. It was removed (docs/plugins.md, "Decisions"): per
# language work happens when pages are parsed (one file per language) and rendered
# (``RenderContext.language``); a hook comes back with the first plugin that needs it.
#
# Lint: the rules ``smab_lint_rules`` registered, ``LintRule.check(course, diags)`` per language.
#
# Render: no hook of its own. Once per site (a language, or all of them with --multilingual) the
# core calls ``BlockType.render(block, ctx)`` for every block and ships the used block types'
# ``js``/``css`` with the run-time, in the language of ``smab_languages``.
#
# Package: no hook of its own. Per build ``Format.check(course, diags)`` (before rendering), then per
# site and format ``Format.package(site, writer)``; the core writes the zip.
# -------------------------------------------------------------------------------------------------


# -------------------------------------------------------------------------------------------------
# After the build: observers. Called once every package of ``smab-pack build`` is written.
# -------------------------------------------------------------------------------------------------


@hookspec
def smab_build_finished(packages: list[BuiltPackage], diagnostics: Diagnostics, out_dir: Path) -> None:
    """Observe a finished build: notify, upload, index or report on its packages.

    :param packages: every package written, in build order: ``path``, ``format``, ``lang``,
        ``size`` (bytes) and ``seconds`` each.
    :param diagnostics: the build's warnings (a build with errors never gets here). A warning
        the plugin adds (``diagnostics.warning(code, message)``, with a code it documents) is
        shown with them; the packages are written already, so an observer reports, it does
        not fail the build. An exception it raises is an internal error (exit 3).
    :param out_dir: the folder the packages were written to.
    :return: nothing; the results are ignored. An observer never changes the packages.

    Called by ``smab-pack build`` (``pipeline.build``) once, after the last package is written,
    only when the build succeeded. ``validate`` and ``preview`` do not call it.

    Example::

        @hookimpl
        def smab_build_finished(packages):
            for package in packages:
                print(f"{package.path.name}: {package.size / 1024:.0f} KiB")
    """
