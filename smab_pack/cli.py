"""The `smab-pack` command.

Start-up is most of a small command's time: this module imports only click at the top, and each
command imports what it uses (pydantic models, Jinja2, lxml, Babel, duckdb, the plugins), so that
``--version``, ``--help`` and a usage error stay fast (``python -X importtime -m smab_pack --version``).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from smab_pack import __version__
from smab_pack.preview import FORMATS as PREVIEW_FORMATS

if TYPE_CHECKING:
    from smab_pack.diagnostics import Diagnostics

#: smab_pack.report.FORMATS, written out so that parsing the command line does not
#: import the reporters (tests/test_startup.py checks they agree)
OUTPUT_FORMATS = click.Choice(["github", "json", "junit", "text"])


def _emit(diags: Diagnostics, fmt: str, *, quiet_if_clean: bool = False) -> None:
    from smab_pack.report import render

    items = list(diags)
    if quiet_if_clean and not items:
        return
    stream = sys.stdout if fmt != "text" else sys.stderr
    click.echo(render(items, fmt, colour=stream.isatty() and "NO_COLOR" not in os.environ), file=stream)


class _Commands(click.Group):
    """smab-pack's own commands, then those plugins add (``smab_commands``). The plugins are asked
    only for a name that is not built in, so that the built-in commands, ``--version`` and
    ``--help`` never wait for plugin loading; ``smab-pack plugins`` lists the plugins' commands."""

    def _plugin_commands(self) -> dict[str, click.Command]:
        from smab_pack import plugins

        group = click.Group()
        plugins.plugin_manager().hook.smab_commands(cli=group)
        for name, command in group.commands.items():
            if name in self.commands:
                owner = getattr(command.callback, "__module__", "?")
                raise click.ClickException(
                    f"the plugin module '{owner}' adds the command '{name}', which is smab-pack's own: rename it"
                )
        return dict(group.commands)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self.commands.get(cmd_name) or self._plugin_commands().get(cmd_name)


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Commands that plugins add are listed by `smab-pack plugins`.",
)
@click.version_option(__version__, prog_name="smab-pack")
def cli() -> None:
    """Build SCORM, xAPI and cmi5 packages from Markdown courses."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=OUTPUT_FORMATS, default="text", show_default=True, help="How to report problems.")
def validate(paths: tuple[Path, ...], fmt: str) -> None:
    """Check courses and report every problem at once (exit 1 on errors)."""
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.pipeline import check_course

    diags = Diagnostics()
    for path in paths:
        check_course(path, diags)
    _emit(diags, fmt)
    sys.exit(1 if diags.has_errors else 0)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "-l", "--lang", default=None, help="Language shown first (others are a click away). Default: the course's."
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(PREVIEW_FORMATS),
    default="web",
    show_default=True,
    help="Package whose files are served.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=None, help="Port (default 8000, or the next free one).")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to serve on (0.0.0.0: the whole network)."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the web browser.")
def preview(path: Path, lang: str | None, fmt: str, port: int | None, host: str, open_browser: bool) -> None:
    """Serve the course on this machine and rebuild it on every save; the open tab follows.

    Problems show in the page and here; while the course has errors the last good build stays on screen.
    """
    from smab_pack.preview.app import run

    sys.exit(run(path, lang=lang, fmt=fmt, host=host, port=port, open_browser=open_browser))


def _lms_preset(name: str | None) -> str | None:
    """--lms NAME must name a preset: a wrong name is a usage error (exit 2) that lists them."""
    if name is None:
        return None
    from smab_pack import plugins

    known = plugins.lms_presets()
    if name not in known:
        raise click.BadParameter(
            f"no LMS preset called '{name}'; known: {', '.join(sorted(known))}", param_hint="'--lms'"
        )
    return name


def _unwritable_folder(out_dir: Path) -> str | None:
    """Why packages could not be written into out_dir (made if missing), or None: asked before
    the build, so a wrong -o is one clear line rather than an internal error after the work."""
    probe = out_dir
    while not probe.exists():
        if probe.is_symlink():
            return "is a broken symbolic link" if probe == out_dir else f"{probe} is a broken symbolic link"
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir():
        return "is not a folder" if probe == out_dir else f"{probe} is not a folder"
    if not os.access(probe, os.W_OK | os.X_OK):
        return "cannot be written" if probe == out_dir else f"{probe} cannot be written"
    if probe != out_dir:  # the folders would be made: try, and leave nothing behind
        try:
            out_dir.mkdir(parents=True)
        except OSError as exc:
            return f"cannot be made ({exc.strerror or exc})"
        for made in [out_dir, *out_dir.parents]:
            if made == probe:
                break
            made.rmdir()
    return None


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    help=(
        "Package format (repeatable): scorm12, scorm2004, xapi, cmi5, cc, cc11… "
        "Default: every format built by default (not cc)."
    ),
)
@click.option("-l", "--lang", "languages", multiple=True, help="Course language (repeatable). Default: all.")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("dist"), show_default=True)
@click.option(
    "--multilingual",
    is_flag=True,
    help="One package per format holding every language (or those given with -l), with a switcher.",
)
@click.option(
    "--help-language",
    "help_languages",
    metavar="LANG",
    multiple=True,
    help="A course language the learner may pick to read aids in (the glossary's popovers), besides the "
    "course language (repeatable). Overrides help_languages: in course.yaml; a multilingual package carries all.",
)
@click.option(
    "--country",
    metavar="CC",
    default=None,
    help="Partner country (NO, ES, DE, PL, GR, …) that xAPI/cmi5 statements carry, for `report`.",
)
@click.option(
    "--lms",
    metavar="NAME",
    default=None,
    callback=lambda ctx, param, value: _lms_preset(value),
    help="LMS preset: the formats and settings a platform needs (moodle, canvas, ilias, blackboard, "
    "chamilo, scorm-cloud, open-edx, talentlms; smab-pack plugins lists them). Overrides lms: in "
    "course.yaml; -f still chooses the formats.",
)
@click.option("--report", "fmt", type=OUTPUT_FORMATS, default="text", show_default=True, help="How to report problems.")
@click.option(
    "--no-minify",
    is_flag=True,
    help="Ship the run-time's JavaScript and CSS as written (comments, names), to debug in the browser.",
)
def build(
    path: Path,
    formats: tuple[str, ...],
    languages: tuple[str, ...],
    out_dir: Path,
    multilingual: bool,
    help_languages: tuple[str, ...],
    country: str | None,
    lms: str | None,
    fmt: str,
    no_minify: bool,
) -> None:
    """Build packages: every format × every course language by default."""
    from smab_pack.diagnostics import BuildFailed
    from smab_pack.pipeline import build as run_build

    problem = _unwritable_folder(out_dir)
    if problem:
        click.echo(f"error: {out_dir}: {problem}", err=True)
        click.echo("Build stopped: nothing was written.", err=True)
        sys.exit(1)
    started = time.perf_counter()
    try:
        built, diags = run_build(
            path,
            out_dir,
            formats=list(formats) or None,
            languages=list(languages) or None,
            multilingual=multilingual,
            help_languages=list(help_languages) or None,
            country=country,
            lms=lms,
            progress=lambda message: click.echo(message, err=True),
            minify=not no_minify,
        )
    except BuildFailed as failed:
        _emit(failed.diagnostics, fmt)
        click.echo("Build stopped: nothing was written.", err=True)
        sys.exit(1)
    _emit(diags, fmt, quiet_if_clean=True)
    click.echo(f"Built {len(built)} package(s) in {time.perf_counter() - started:.2f} s", err=True)


@cli.command()
@click.argument("packages", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=OUTPUT_FORMATS, default="text", show_default=True, help="How to report problems.")
@click.option(
    "--schemas",
    "schemas_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Also validate against the XSD files in this folder (none are shipped).",
)
def check(packages: tuple[Path, ...], fmt: str, schemas_dir: Path | None) -> None:
    """Inspect SCORM, cmi5 or TinCan packages (zips or bare manifests) from anywhere.

    A folder stands for its manifest (an unzipped package) or for the zips in it (dist/, say);
    smab-pack's web builds are told apart: for a web server, not an LMS (a warning, not a failure).
    """
    from smab_pack import plugins
    from smab_pack.checking.package import check_package, packages_in
    from smab_pack.checking.schemas import SchemaSet
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.report import clean

    diags = Diagnostics()
    schemas = SchemaSet(schemas_dir) if schemas_dir else None
    checkers = plugins.package_checkers()
    files = packages_in(packages, [c.manifest for c in checkers])
    verdicts = [check_package(path, diags, schemas, checkers=checkers) for path in files]
    _emit(diags, fmt)
    if fmt == "text":
        for verdict in verdicts:
            status = "would FAIL" if verdict.errors else "not LMS" if verdict.kind == "web" else "ok"
            click.echo(f"{status:<10} [{verdict.kind or '?'}] {clean(str(verdict.path))}", err=True)
    sys.exit(1 if any(v.errors for v in verdicts) else 0)


@cli.group()
def translate() -> None:
    """Translation workflow: status, export and import (XLIFF), stamp."""


@translate.command("status")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("-l", "--lang", "languages", multiple=True, help="Language (repeatable). Default: all but the default.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--allow-missing", is_flag=True, help="Exit 0 even when pages are missing or untranslated (not translated yet)."
)
def translate_status(path: Path, languages: tuple[str, ...], fmt: str, allow_missing: bool) -> None:
    """Per language: current, stale, untracked, untranslated and missing files, each named.

    Untranslated: some texts of the file are still the source's, or missing.
    Exit 1 if a translation is stale or (without --allow-missing) untranslated or missing.
    """
    from smab_pack import plugins
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.loading.course_loader import load_course
    from smab_pack.translation.status import State, status_table, translation_status

    diags = Diagnostics()

    course = load_course(path, diags, config_model=plugins.course_config_model())
    if course is None or diags.has_errors:
        _emit(diags, "text")
        sys.exit(1)
    report = translation_status(course, list(languages) or None)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    s.lang: {
                        "counts": {st.value: s.count(st) for st in State},
                        "pages": {p.page: p.state.value for p in s.pages},
                        "untranslated": {p.page: p.untranslated for p in s.pages if p.untranslated},
                    }
                    for s in report
                },
                indent=2,
            )
        )
    else:
        click.echo(status_table(report, Path.cwd()))
    failing = {State.STALE} | (set() if allow_missing else {State.MISSING, State.UNTRANSLATED})
    sys.exit(1 if any(p.state in failing for s in report for p in s.pages) else 0)


@translate.command("export")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("-l", "--lang", "lang", required=True, help="Target language.")
@click.option(
    "-o",
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (default: <course-id>.<lang>.xlf).",
)
@click.option(
    "--xliff-version",
    type=click.Choice(["2.0", "1.2"]),
    default="2.0",
    show_default=True,
    help="1.2 for older CAT tools.",
)
def translate_export(path: Path, lang: str, out: Path | None, xliff_version: str) -> None:
    """Write an XLIFF file of every page for translators (existing translations pre-filled)."""
    from smab_pack import plugins
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.loading.course_loader import load_course
    from smab_pack.translation.status import write_atomically
    from smab_pack.translation.xliff import export_xliff

    diags = Diagnostics()
    course = load_course(path, diags, config_model=plugins.course_config_model())
    if course is not None and lang not in course.config.languages[1:] + [
        other for other in course.config.languages if other != course.config.lang
    ]:
        diags.error(
            "unknown-language", f"'{lang}' is not a translation language of this course", file=course.config_file
        )
    if course is None or diags.has_errors:
        _emit(diags, "text")
        sys.exit(1)
    target = out or Path(f"{course.config.id}.{lang}.xlf")
    data = export_xliff(course, lang, xliff_version)
    write_atomically(target, data.decode("utf-8"))
    click.echo(f"wrote {target} (XLIFF {xliff_version})", err=True)


@translate.command("import")
@click.argument("file", type=click.Path(path_type=Path))  # import_xliff says what is wrong with it
@click.option(
    "-c",
    "--course",
    "path",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help="The course the file translates.",
)
def translate_import(file: Path, path: Path) -> None:
    """Write the translations of an XLIFF file (2.0 or 1.2) back into the course's pages."""
    from smab_pack import plugins
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.loading.course_loader import load_course
    from smab_pack.translation.xliff import import_xliff

    diags = Diagnostics()
    course = load_course(path, diags, config_model=plugins.course_config_model())
    result = import_xliff(course, file, diags) if course is not None and not diags.has_errors else None
    if result is None:
        _emit(diags, "text")
        click.echo("Import stopped: no page was changed.", err=True)
        sys.exit(1)
    if diags.warnings:  # untranslated units: written, but said
        _emit(diags, "text")
    for page in result.written:
        click.echo(f"wrote {page}", err=True)
    click.echo(f"{len(result.written)} page(s) written, {len(result.unchanged)} unchanged ({result.lang})", err=True)


@translate.command("stamp")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("-l", "--lang", "languages", multiple=True, required=True, help="Language (repeatable).")
@click.option("-p", "--page", "pages", multiple=True, help="Only these page ids (default: every translated page).")
def translate_stamp(path: Path, languages: tuple[str, ...], pages: tuple[str, ...]) -> None:
    """Record that translations match their source pages as they are now."""
    from smab_pack import plugins
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.loading.course_loader import load_course
    from smab_pack.translation.status import stamp, translation_status

    diags = Diagnostics()
    course = load_course(path, diags, config_model=plugins.course_config_model())
    if course is None or diags.has_errors:
        _emit(diags, "text")
        sys.exit(1)
    changed = 0
    for status in translation_status(course, list(languages)):
        for page in status.pages:
            if page.translation is not None and (not pages or page.page in pages):
                changed += stamp(page.translation, page.source, status.lang, course.config.lang)
    click.echo(f"stamped {changed} translation(s)", err=True)


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--id", "course_id", default=None, help="Course id (default: from the folder name).")
@click.option("--title", default="My course", show_default=True)
@click.option("-l", "--lang", "languages", multiple=True, help="Course languages (default: en).")
def new(directory: Path, course_id: str | None, title: str, languages: tuple[str, ...]) -> None:
    """Start a course from the template that partners fill in."""
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.scaffold import create_course
    from smab_pack.schemas import generate

    diags = Diagnostics()
    chosen = list(languages) or ["en"]
    create_course(directory, course_id=course_id, title=title, languages=chosen, diags=diags, schemas=generate())
    if diags.has_errors:
        _emit(diags, "text")
        sys.exit(1)
    click.echo(f"Created {directory}. Next: smab-pack validate {directory}")


@cli.command(name="plugins")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_plugins(fmt: str) -> None:
    """List installed plugins and what they provide."""
    from smab_pack import plugins

    provided = {
        "formats": sorted(plugins.formats()),
        "block types": sorted(plugins.block_types()),
        "languages": sorted(plugins.languages()),
        "lint rules": sorted(plugins.lint_rules()),
        "lms presets": sorted(plugins.lms_presets()),
        "config sections": [f"packaging.{name}" for name in sorted(plugins.config_sections())],
        "commands": sorted(cli._plugin_commands()) if isinstance(cli, _Commands) else [],
    }
    rows = plugins.describe()
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "plugins": [{"name": n, "distribution": d, "hooks": h} for n, d, h in rows],
                    **{k.replace(" ", "_"): v for k, v in provided.items()},
                },
                indent=2,
            )
        )
        return
    for name, dist, hooks in rows:
        click.echo(f"{name:<24} {dist:<22} {', '.join(hooks)}")
    click.echo("")
    for what, names in provided.items():
        click.echo(f"{what + ':':<13} {', '.join(names)}")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
def rules(fmt: str) -> None:
    """List every diagnostic code: what it means, its severity, how to fix it."""
    from smab_pack import plugins
    from smab_pack.rules_doc import render_rules

    click.echo(render_rules(plugins.all_rules(), fmt), nl=False)


@cli.command()
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("schemas"), show_default=True)
@click.option("--check", is_flag=True, help="Exit 1 if the files differ from the models instead of writing.")
def schemas(out_dir: Path, check: bool) -> None:
    """Write JSON Schemas for course.yaml, module.yaml and front matter."""
    from smab_pack.schemas import generate

    stale = []
    for name, text in generate().items():
        target = out_dir / name
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        stale.append(target)
        if not check:
            out_dir.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    if check and stale:
        click.echo("out of date: " + ", ".join(map(str, stale)) + " (run `smab-pack schemas`)", err=True)
        sys.exit(1)
    click.echo("schemas up to date" if not stale else f"wrote {len(stale)} schema file(s)", err=True)


def _iso_time(ctx: click.Context, param: click.Parameter, value: str | None):
    from smab_pack.reporting.statements import parse_time

    if value is None:
        return None
    moment = parse_time(value)
    if moment is None:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 date or time (2024-05-01, 2024-05-01T12:00:00Z)")
    return moment


@cli.command(name="report")
@click.option("--lrs", "lrs_url", metavar="URL", help="The LRS's xAPI endpoint, e.g. https://lrs.example.org/xAPI/.")
@click.option("--user", envvar="SMAB_LRS_USER", help="LRS user name (or the SMAB_LRS_USER variable).")
@click.option(
    "--password",
    envvar="SMAB_LRS_PASSWORD",
    help="LRS password (or SMAB_LRS_PASSWORD, which keeps it out of the process list).",
)
@click.option(
    "--from",
    "from_file",
    type=click.Path(path_type=Path, allow_dash=True),
    metavar="FILE",
    help='Read statements from a file instead: JSON Lines, a JSON array or {"statements": [...]}'
    " (- reads standard input).",
)
@click.option("--activity", metavar="IRI", help="Only statements about activities whose id starts with IRI (a course).")
@click.option(
    "--since",
    callback=_iso_time,
    metavar="ISO",
    help="Only statements stored after this time (ISO 8601; UTC unless it gives an offset).",
)
@click.option(
    "--page-size",
    type=click.IntRange(min=1),
    default=None,
    help="Statements per LRS request (the `limit` parameter). Default: the LRS's own.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds to wait for each LRS answer.",
)
@click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Keep the statements in this file (DuckDB): with --lrs, each run fetches only what is new;"
    " alone, reports on what it holds.",
)
@click.option("--refresh", is_flag=True, help="With --store: rebuild the store from the whole LRS.")
@click.option(
    "--export",
    "export_format",
    type=click.Choice(["parquet", "csv"]),
    default=None,
    help="Also write the statements the report counted (statements.parquet or statements.csv) for BI tools.",
)
@click.option(
    "--moodle",
    "moodle_files",
    multiple=True,
    metavar="COUNTRY[,LANG]=FILE",
    help="Also count a Moodle SCORM report download (Basic or Interactions report, text format) of one"
    " partner, e.g. ES,es=moodle-es.txt; repeat for each partner.",
)
@click.option(
    "--mastery",
    type=click.FloatRange(0, 100),
    default=None,
    help="With --moodle (required there): the course's mastery_score (percent), to tell passed from"
    " failed by the score.",
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder for report.html and the CSV files (replaced as a whole).",
)
def evaluation_report(  # noqa: C901 (split pending; CONTRIBUTING.md)
    lrs_url: str | None,
    user: str | None,
    password: str | None,
    from_file: Path | None,
    activity: str | None,
    since,
    page_size: int | None,
    timeout: float,
    store_path: Path | None,
    refresh: bool,
    export_format: str | None,
    moodle_files: tuple[str, ...],
    mastery: float | None,
    out_dir: Path,
) -> None:
    """Evaluation report from xAPI statements: report.html and CSV files.

    Reads an LRS (--lrs, --user, --password), a file (--from) or a statement store
    (--store). Exit 1 if the statements cannot be read; nothing is written then.
    """
    import contextlib

    from smab_pack.reporting import ReportError
    from smab_pack.reporting.files import load_statements_file
    from smab_pack.reporting.incremental import lrs_pages, open_store, update
    from smab_pack.reporting.lrs import fetch_pages
    from smab_pack.reporting.pipeline import report_from_store, write_report
    from smab_pack.reporting.store import Store

    sources = (lrs_url is not None) + (from_file is not None)
    if sources > 1 or (sources == 0 and store_path is None and not moodle_files):
        raise click.UsageError(
            "give either --lrs URL (with --user and --password) or --from FILE"
            " (or --store FILE, or --moodle COUNTRY=FILE)"
        )
    if lrs_url is not None and (user is None or password is None):
        raise click.UsageError("--lrs needs --user and --password (or SMAB_LRS_USER and SMAB_LRS_PASSWORD)")
    if from_file is not None and store_path is not None:
        raise click.UsageError("--store keeps an LRS's statements: use it with --lrs, or alone")
    if refresh and (store_path is None or lrs_url is None):
        raise click.UsageError("--refresh rebuilds a --store from its --lrs")
    if moodle_files and store_path is not None:
        raise click.UsageError("--moodle files are read on every run: give them without --store")
    # A guessed threshold would turn a 75 % pass of a 70 % course into a failure without a word.
    if moodle_files and mastery is None:
        raise click.UsageError("--moodle needs --mastery PERCENT, the course's mastery_score (course.yaml)")
    # Moodle's downloads carry no statement times, so --since would silently drop every row.
    if moodle_files and since is not None:
        raise click.UsageError("--since cannot select Moodle report rows (they have no statement times)")
    if store_path is not None and lrs_url is None and not store_path.is_file():
        raise click.UsageError(f"no statement store at {store_path} (create it with --lrs URL --store FILE)")

    def progress(counts):
        # Progress on a terminal only (click prints the label once elsewhere: noise in logs).
        return (
            click.progressbar(
                counts,
                label="Fetching statements",
                file=sys.stderr,
                item_show_func=lambda n: None if n is None else f"{n} statements",
            )
            if sys.stderr.isatty()
            else contextlib.nullcontext(counts)
        )

    try:
        if store_path is not None and lrs_url is not None:
            store = open_store(store_path, lrs_url, refresh=refresh)
        elif store_path is not None:
            store = Store(store_path)
        else:
            store = Store()
        with store:
            if from_file is not None:
                load_statements_file(from_file, store)
            elif lrs_url is not None and store_path is not None:
                assert user is not None and password is not None  # --lrs needs both: refused above
                with progress(
                    update(store, lrs_pages(lrs_url, user, password, page_size=page_size, timeout=timeout))
                ) as counts:
                    for _ in counts:
                        pass
            elif lrs_url is not None:

                def fetched():  # the number of statements so far, after each page
                    total = 0
                    for kept in fetch_pages(
                        lrs_url, user, password, store.add_page, page_size=page_size, since=since, timeout=timeout
                    ):
                        total += kept
                        yield total

                with progress(fetched()) as counts:
                    for _ in counts:
                        pass
            if moodle_files:
                from smab_pack.reporting import moodle

                assert mastery is not None  # --moodle needs --mastery: refused above, before any work
                for spec in moodle_files:
                    country, language, path = moodle.parse_source(spec)
                    store.add_statements(
                        moodle.statements(
                            path, country, language, mastery=mastery, course=activity or "urn:smab-pack:moodle"
                        )
                    )
            report = report_from_store(store, activity=activity, since=since, export=export_format)
            write_report(report, out_dir)  # while the store (and an export in its scratch folder) exists
    except ReportError as exc:
        click.echo(f"error: {' '.join(str(exc).split())}", err=True)
        sys.exit(1)
    a = report.analysis
    if not a.statements_used:
        click.echo("warning: no statement matched: the report is empty", err=True)
    elif len(a.courses) > 1:
        click.echo(f"warning: {len(a.courses)} courses are counted together: choose one with --activity", err=True)
    click.echo(f"statements: {a.statements_read} read, {a.statements_used} used")
    click.echo(f"learners: {a.started} started, {a.completed} completed, {a.passed} passed, {a.failed} failed")
    exported = [name for name in report.files if name.startswith("statements.")]
    click.echo(
        f"wrote {out_dir}/ (report.html and {len(report.files) - 1 - len(exported)} CSV files"
        + "".join(f", {name}" for name in exported)
        + ")"
    )


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("Interrupted: no package was half-written.", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug in smab-pack or a plugin, never the user's input
        if os.environ.get("SMAB_DEBUG"):
            raise
        from smab_pack.plugins import PluginError

        if isinstance(exc, PluginError):  # installed plugins that clash: say which, no traceback
            click.echo(f"smab-pack: the installed plugins do not work together: {exc}", err=True)
            sys.exit(3)
        click.echo(
            f"smab-pack: internal error: {type(exc).__name__}: {exc}\n"
            "Please report it with the course that caused it (SMAB_DEBUG=1 shows the traceback).",
            err=True,
        )
        sys.exit(3)
