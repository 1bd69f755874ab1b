"""The build, one way: course folder → validated sources → typed content per
language → localised → rendered once per language → packaged per format."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from smab_pack import plugins
from smab_pack.diagnostics import BuildFailed, Diagnostics, Severity
from smab_pack.loading.branding import logo_files
from smab_pack.loading.course_loader import CourseSource, load_course
from smab_pack.loading.glossary import load_glossary
from smab_pack.loading.resources import load_resources, resources_file
from smab_pack.markdown.parser import make_markdown, parse_page
from smab_pack.models.content import Asset, LocalizedCourse, Module, Page
from smab_pack.models.course import EVALUATION_PAGE_ID, CourseConfig, localize
from smab_pack.models.interactions import Assessment, Interaction
from smab_pack.models.language import Language
from smab_pack.models.lms import LmsPreset
from smab_pack.models.resources import ResourceBank
from smab_pack.packaging.built import BuiltPackage
from smab_pack.packaging.inert import report_assets
from smab_pack.packaging.zipwriter import DeflateCache, PackageWriter
from smab_pack.plugins import Registry
from smab_pack.render.rendered import RenderedSite
from smab_pack.render.site import render_site, unrendered_site

Progress = Callable[[str], None]


@dataclass
class CheckedCourse:
    source: CourseSource
    localized: dict[str, LocalizedCourse]


def check_course(  # noqa: C901 (split pending; CONTRIBUTING.md)
    path: Path,
    diags: Diagnostics,
    *,
    page_parser: Callable[..., Page | None] = parse_page,
    registry: Registry | None = None,
    languages: list[str] | None = None,
) -> CheckedCourse | None:
    """Load, parse every language and lint; every problem lands in ``diags``. ``page_parser`` stands in
    for ``parse_page`` with its arguments (``preview`` passes one that keeps unchanged pages' results).
    With ``languages`` (``build -l``) only those course languages are checked, with the pages they
    fall back to and the default language's (what their quizzes must match): ``validate`` checks all."""
    registry = registry or plugins.registry()
    source = load_course(path, diags, config_model=registry.course_config)
    if source is None:
        return None
    config = source.config
    # none of them a course language: build() reports that, over a check of every language
    wanted = [lang for lang in config.languages if lang in (languages or config.languages)] or config.languages
    parsed_languages = {config.lang, *wanted, *(other for lang in wanted for other in config.fallback_chain(lang))}
    block_types = registry.block_types
    md = make_markdown(block_types)
    registry.hook.smab_markdown(md=md)  # syntax plugins add (definition lists, say)
    page_files = {f.resolve(): (p.id, lang) for m in source.modules for p in m.pages for lang, f in p.files.items()}
    parsed: dict[tuple[str, str], Page | None] = {}
    root = source.root.resolve()
    bank = load_resources(source.root, diags, config.languages)
    # resource:id links are checked against the bank: an empty one without resources.yaml, none if it has errors
    link_bank = bank if bank is not None or resources_file(source.root).exists() else ResourceBank(resources=[])
    glossary = load_glossary(source.root, diags, config.languages, link_bank)
    for module in source.modules:
        for page in module.pages:
            for lang, file in sorted(page.files.items()):
                if lang not in parsed_languages:
                    continue
                parsed[(page.id, lang)] = page_parser(
                    file.resolve(),
                    md=md,
                    block_types=block_types,
                    diags=diags,
                    course_root=root,
                    page_id=page.id,
                    module_id=module.id,
                    lang=lang,
                    page_files=page_files,
                    trusted_html=config.raw_html == "trusted",
                    resources=link_bank,
                    glossary=glossary,
                )
    _check_page_anchors(parsed, diags)
    _check_translation_structure(parsed, config.lang, diags)
    localized = {lang: _localize(source, lang, parsed, diags) for lang in wanted}
    for course in localized.values():  # before the extra pages: a plugin's page may show them
        course.resources = bank
        course.glossary = glossary
    _add_extra_pages(source, localized, md, registry, page_files, diags, page_parser)
    users: dict[Path, Path] = {}  # each packaged file → the first page (or resources.yaml) using it
    for parsed_page in sorted((p for p in parsed.values() if p), key=lambda p: str(p.source)):
        for asset in parsed_page.assets:
            users.setdefault(asset.source, parsed_page.source)
    for bank_file in bank.files() if bank else []:
        users.setdefault((source.root / bank_file).resolve(), resources_file(source.root))
    logos = logo_files(config, source.root, source.config_doc, diags)
    for logo in logos:
        users.setdefault(logo, source.config_file)
    report_assets(users, diags)
    used = set(users)
    logo_assets = [Asset(source=logo, href=f"content/{logo.relative_to(root).as_posix()}") for logo in logos]
    for course in localized.values():
        course.used_files = used
        course.logos = logo_assets
    known = registry.codes
    for code in config.lint.disable:
        if code not in known:
            diags.warning(
                "unknown-rule",
                f"lint.disable names '{code}', which is no smab-pack code",
                file=source.config_file,
                hint="see docs/lint-rules.md",
            )
    for rule in registry.lint_rules.values():
        if rule.check is None or rule.code in config.lint.disable:
            continue
        for course in localized.values():
            rule.check(course, diags)
    if config.lms is not None and config.lms not in (presets := registry.lms_presets):
        diags.error(
            "unknown-lms",
            f"lms: '{config.lms}' is no LMS preset (known: {', '.join(sorted(presets))})",
            file=source.config_file,
            line=source.config_line("lms"),
            hint="smab-pack plugins lists the presets; --lms on the command line overrides lms:",
        )
    _check_help_languages(config.help_languages, source, diags)
    _apply_disabled(diags, config.lint.disable)
    # an asset may be used by the pages not parsed, by a page that failed to (its front matter, say),
    # or (course.yaml did not load) in languages not known
    unparsed = any(page is None for page in parsed.values())
    if parsed_languages != set(config.languages) or not source.config_loaded or unparsed:
        diags.discard(lambda d: d.code == "unused-asset")
    for lang in config.languages:
        if registry.language(lang) is None:
            diags.warning(
                "no-catalogue",
                f"no run-time catalogue for '{lang}': the learner's buttons and messages will be in English",
                file=source.config_file,
                line=source.config_line("languages"),
                hint=catalogue_hint(lang, registry),
            )
    return CheckedCourse(source=source, localized=localized)


def _check_help_languages(
    wanted: list[str], source: CourseSource, diags: Diagnostics, *, from_command_line: bool = False
) -> None:
    """A help language is a course language: its glossary texts (and page texts) are what the learner reads."""
    languages = source.config.languages
    for position, lang in enumerate(wanted):
        if lang not in languages:
            diags.error(
                "unknown-language",
                f"{'--help-language' if from_command_line else 'help_languages:'} names '{lang}', "
                f"which is not a language of this course ({', '.join(languages)})",
                file=source.config_file,
                line=None if from_command_line else source.config_line("help_languages", position),
                hint="a help language's texts are the course's own: add it to languages: and translate the course",
            )


def _check_page_anchors(parsed: dict[tuple[str, str], Page | None], diags: Diagnostics) -> None:
    for page in parsed.values():
        if page is None:
            continue
        for link in page.links:
            target = parsed.get((link.target_page, link.target_lang))
            if target is None:
                continue  # the target page itself has errors, already reported
            anchors = {h.anchor for h in target.headings}
            if link.anchor not in anchors:
                diags.error(
                    "broken-anchor",
                    f"link to '{link.target_page}#{link.anchor}': that page has no such heading",
                    file=page.source,
                    line=link.line,
                    column=link.column,
                    hint=f"anchors there: {', '.join(sorted(anchors)) or 'none'}",
                )


def _shape(i: Interaction) -> tuple:
    """What tracking depends on: the id, what an answer is, how many answers (LMSs record positions)."""
    return i.id, i.answer_shape, len(i.choices) + len(i.accepted), len(i.targets), i.tolerance


def _check_translation_structure(parsed: dict[tuple[str, str], Page | None], default: str, diags: Diagnostics) -> None:
    """A translation asks the same questions as its source page: same ids, kinds, number of
    answers, the same answers correct and the same points. LMSs record answers by question id
    and answer position, and a learner's score must not depend on the language."""
    for (page_id, lang), page in parsed.items():
        source = parsed.get((page_id, default))
        if lang == default or page is None or source is None:
            continue
        ours, theirs = page.interactions(), source.interactions()
        hint = "LMSs record answers by question id and answer position: translate only the text"
        first = next(
            (n for n, (a, b) in enumerate(zip(ours, theirs, strict=False)) if _shape(a) != _shape(b)),
            None if len(ours) == len(theirs) else min(len(ours), len(theirs)),
        )

        def line(i: Interaction) -> int:
            return i.line or 1

        if first is not None:
            at = line(ours[first]) if first < len(ours) else (line(ours[-1]) if ours else 1)
            both = first < min(len(ours), len(theirs))
            kinds = (ours[first].answer_shape, theirs[first].answer_shape) if both else ("", "")
            # a question of another kind is named as such: the usual slip is a changed {type=…}
            what = f" (a {kinds[0]} question here, {kinds[1]} there)" if kinds[0] != kinds[1] else ""
            diags.error(
                "translation-structure",
                f"the quizzes differ from the {default} page at question "
                f"{first + 1}{what}: a translation needs the same questions, types and number of answers, "
                "in the same order",
                file=page.source,
                line=at,
                hint=hint,
            )
            continue
        for mine, original in zip(ours, theirs, strict=True):
            if mine.points != original.points:
                diags.error(
                    "translation-structure",
                    f"question '{mine.id}' is worth {mine.points:g} "
                    f"point(s) here and {original.points:g} in the {default} page",
                    file=page.source,
                    line=line(mine),
                    hint=hint,
                )
            # accepted texts are words of each language; choices, pairs and ranges are the same in all
            if (mine.correct, mine.pairs, mine.range) != (original.correct, original.pairs, original.range):
                diags.error(
                    "translation-structure",
                    f"question '{mine.id}' marks answer(s) "
                    f"{', '.join(_key(mine)) or 'none'} correct here and "
                    f"{', '.join(_key(original)) or 'none'} in the {default} page",
                    file=page.source,
                    line=line(mine),
                    hint=hint,
                )
        _check_same_rules(page, source, default, diags)


def _check_same_rules(page: Page, source: Page, default: str, diags: Diagnostics) -> None:
    """A translation's quizzes have the source's attempt rules and pools: a learner's draws, attempts
    and score must not depend on the language."""
    theirs = {a.id: a for a in (b.assessment() for b in source.blocks) if a is not None}
    for block in page.blocks:
        mine = block.assessment()
        original = theirs.get(mine.id) if mine is not None else None
        if (
            mine is not None
            and original is not None
            and mine.model_dump(exclude={"graded"}) != original.model_dump(exclude={"graded"})
        ):
            diags.error(
                "translation-structure",
                f"the quiz '{mine.id}' has other attempts, show_answers, draw or shuffle than in the {default} page "
                f"(here: {_rules(mine)}; there: {_rules(original)})",
                file=page.source,
                line=block.line,
                hint="write the quiz's attributes as in the source page: only its title is translated",
            )


def _rules(a: Assessment) -> str:
    attempts = "unlimited" if a.attempts == 0 else a.attempts
    shuffle = [w for w, on in (("questions", a.shuffle_questions), ("options", a.shuffle_options)) if on]
    parts = {"attempts": attempts, "show_answers": a.show_answers, "draw": a.draw, "shuffle": "+".join(shuffle) or None}
    return " ".join(f"{k}={v}" for k, v in parts.items() if v is not None) or "the defaults"


def _key(i: Interaction) -> list[str]:
    return [str(part) for part in i.correct_key() if part is not None and part not in i.accepted]


def _apply_disabled(diags: Diagnostics, disabled: list[str]) -> None:
    diags.discard(lambda d: d.code in disabled and d.severity is not Severity.ERROR)


def _localize(source: CourseSource, lang: str, parsed: dict, diags: Diagnostics) -> LocalizedCourse:
    config = source.config
    modules = []
    for module in source.modules:
        pages = []
        for page in module.pages:
            result = parsed.get((page.id, lang))
            if result is None and lang not in page.files:
                chain = config.fallback_chain(lang)
                used = next((other for other in chain if parsed.get((page.id, other)) is not None), None)
                if used is not None:
                    diags.warning(
                        "missing-translation",
                        f"page '{page.id}' has no '{lang}' version: the '{used}' text is used",
                        file=page.files[config.lang],
                        hint=f"add {page.stem}.{lang}.md",
                    )
                    result = parsed[(page.id, used)].model_copy(update={"lang": lang, "fallback_from": used})
            if result is not None:
                update: dict = {"files": dict(sorted(page.files.items()))}
                if lang != config.lang and result.fallback_from is None:
                    update["translation_of"] = page.files[config.lang]
                pages.append(result.model_copy(update=update))
        modules.append(
            Module(
                id=module.id,
                title=localize(module.config.title, lang, config.lang),
                description=localize(module.config.description, lang, config.lang),
                pages=pages,
            )
        )
    return LocalizedCourse(
        config=config,
        root=source.root,
        lang=lang,
        title=localize(config.title, lang, config.lang),
        description=localize(config.description, lang, config.lang),
        modules=modules,
    )


def _add_extra_pages(
    source: CourseSource,
    localized: dict[str, LocalizedCourse],
    md,
    registry: Registry,
    page_files: dict,
    diags: Diagnostics,
    page_parser: Callable[..., Page | None] = parse_page,
) -> None:
    """Pages plugins add (``smab_extra_pages``: the survey plugin's course evaluation), in every
    language, each parsed like a page file and appended as a module of its own."""
    taken = {p.id for m in source.modules for p in m.pages}
    made: set[str] = set()  # the pages plugins asked for, made or not (their errors are reported)
    hook = registry.hook
    for lang, course in localized.items():

        def parse(text: str, *, page_id: str, module_id: str, made_by: str, lang: str = lang) -> Page | None:
            if page_id in taken:
                if page_id not in made:
                    diags.error(
                        "extra-page-id",
                        f"a page is called '{page_id}', the id of the page that {made_by} makes",
                        file=source.config_file,
                        hint="rename that page file",
                    )
                made.add(page_id)
                return None
            made.add(page_id)
            return page_parser(
                source.config_file.resolve(),
                md=md,
                block_types=registry.block_types,
                diags=diags,
                course_root=source.root.resolve(),
                page_id=page_id,
                module_id=module_id,
                lang=lang,
                page_files=page_files,
                text=text,
            )

        # registration order (pluggy calls the last registered first): built-ins' pages come first
        results = hook.smab_extra_pages(
            config=source.config, lang=lang, strings=language_for(lang, registry)[1], parse=parse, course=course
        )
        pages = [page for result in reversed(results) for page in result or []]
        # the course's own pages (the evaluation) before aids (the glossary), whatever order
        # the plugins were registered in (a test or a third party may register them anew)
        for page in sorted(pages, key=lambda page: page.aid):
            course.modules.append(Module(id=page.module_id, title=page.title, pages=[page]))
    if source.config.evaluation is not None and EVALUATION_PAGE_ID not in made:
        diags.error(
            "evaluation-unsupported",
            "course.yaml has an evaluation: form, but no plugin makes its page",
            file=source.config_file,
            line=source.config_line("evaluation"),
            hint="the built-in survey plugin makes it: is it switched off with SMAB_DISABLE?",
        )


def catalogue_hint(tag: str, registry: Registry) -> str:
    """How to give ``tag`` a catalogue, and an installed one of the same CLDR language if there is
    one under another tag (``ku`` is CLDR's Kurmanji, shipped as ``kmr``)."""
    from smab_pack.i18n import cldr_language

    english = registry.languages.get("en")
    template = getattr(english, "catalogue", "en/messages.po")
    hint = f"copy {template} to locales/{tag}/messages.po in a language plugin and translate it (docs/languages.md)"
    base = cldr_language(tag)
    same = [t for t in sorted(registry.languages) if base and cldr_language(t) == base]
    if same:
        named = " or ".join(f"'{t}' ({registry.languages[t].name})" for t in same)
        hint = f"the installed {named} is the same CLDR language: use that tag, or {hint}"
    return hint


def language_for(tag: str, registry: Registry | None = None) -> tuple[Language, dict[str, str | list[str]]]:
    """The language plugin for ``tag`` and its UI strings, English key by key where missing."""
    registry = registry or plugins.registry()
    english = registry.languages.get("en")
    base = dict(english.strings) if english else {}
    language = registry.language(tag) or Language(tag=tag, name=tag, english_name=tag)
    if language.tag != tag:
        language = replace(language, tag=tag)
    return language, {**base, **language.strings}


def build(  # noqa: C901 (split pending; CONTRIBUTING.md)
    path: Path,
    out_dir: Path,
    *,
    formats: list[str] | None = None,
    languages: list[str] | None = None,
    multilingual: bool = False,
    help_languages: list[str] | None = None,
    country: str | None = None,
    lms: str | None = None,
    progress: Progress = lambda message: None,
    registry: Registry | None = None,
    minify: bool = True,
) -> tuple[list[BuiltPackage], Diagnostics]:
    """Build packages: one per language and format, or with ``multilingual`` one
    per format holding every language. ``lms`` (else course.yaml's ``lms:``) names an LMS
    preset: its formats when ``formats`` is None, and its packaging settings. ``minify`` False
    ships the run-time as written (``--no-minify``).
    Raise BuildFailed (nothing written) on errors."""
    diags = Diagnostics()
    registry = registry or plugins.registry()
    available = registry.formats
    for name in formats or []:
        if name not in available:
            diags.error(
                "unknown-format", f"no format plugin called '{name}' (installed: {', '.join(sorted(available))})"
            )
    checked = check_course(path, diags, registry=registry, languages=languages)
    preset = None
    if lms is not None:
        presets = registry.lms_presets
        preset = presets.get(lms)
        if preset is None:
            diags.error("unknown-lms", f"no LMS preset called '{lms}' (known: {', '.join(sorted(presets))})")
    elif checked is not None and checked.source.config.lms is not None:
        preset = registry.lms_presets.get(checked.source.config.lms)  # unknown: check_course reported it
    if formats:
        wanted = list(formats)
    elif preset is not None:
        banked = checked is not None and any(c.resources and c.resources.resources for c in checked.localized.values())
        wanted = [*preset.formats, *([preset.bank_format] if preset.bank_format and banked else [])]
        if multilingual:  # the preset chose them, not the author: leave out what cannot hold every language
            for name in [n for n in wanted if n in available and not available[n].multilingual]:
                wanted.remove(name)
                diags.warning(
                    "lms-format-skipped",
                    f"the {preset.name} preset's {name} packages one language at a time: not built with --multilingual",
                    hint=f"build it on its own: smab-pack build COURSE --lms {preset.name} -f {name}",
                )
    else:
        wanted = sorted(name for name, fmt in available.items() if fmt.default)
    if checked is not None and preset is not None:
        config = apply_preset(checked.source, preset, diags)
        for course in checked.localized.values():
            course.config = config
    if checked is not None and languages:
        for lang in languages:
            if lang not in checked.source.config.languages:
                diags.error(
                    "unknown-language",
                    f"'{lang}' is not a language of this course ({', '.join(checked.source.config.languages)})",
                    file=checked.source.config_file,
                )
    if checked is not None:
        first = checked.localized[
            next((lang for lang in languages or [] if lang in checked.localized), checked.source.config.languages[0])
        ]
        for name in wanted:
            fmt = available.get(name)
            if fmt is not None and multilingual and not fmt.multilingual:
                diags.error(
                    "multilingual-format",
                    f"the {name} format packages one language at a time: build it without --multilingual",
                    file=checked.source.config_file,
                )
            elif fmt is not None:
                fmt.check(first, diags)
    if checked is not None and help_languages:
        _check_help_languages(help_languages, checked.source, diags, from_command_line=True)
    if country is not None and not re.fullmatch(r"[A-Z]{2}|EU", country):
        diags.error("bad-country", f"--country '{country}' is not an ISO 3166-1 alpha-2 code such as NO or ES (or EU)")
    elif (
        country is not None and checked is not None and "xapi" not in type(checked.source.config.packaging).model_fields
    ):
        diags.error(
            "bad-country",
            "--country sets packaging.xapi.country, which no plugin declares",
            hint="the built-in xapi plugin declares it: is it switched off with SMAB_DISABLE?",
        )
    if checked is None or diags.has_errors:
        raise BuildFailed(diags)
    if preset is not None:
        progress(f"LMS preset {preset.name}: {', '.join(wanted)} for {preset.title}")
    if country:  # a partner's build: every statement says which country it comes from
        config = next(iter(checked.localized.values())).config  # with the preset's settings
        packaging: Any = config.packaging  # its sections are the plugins' (built at run time)
        config = config.model_copy(
            update={
                "packaging": packaging.model_copy(
                    update={"xapi": packaging.xapi.model_copy(update={"country": country})}
                )
            }
        )
        for course in checked.localized.values():
            course.config = config
    langs = languages or checked.source.config.languages
    # aids (the glossary) in the help languages: those asked for, or every language a multilingual package holds
    helps = help_languages or checked.source.config.help_languages
    editions = []
    for lang in langs:
        language, strings = language_for(lang, registry)
        course = checked.localized[lang]
        carried = [h for h in dict.fromkeys([*(langs if multilingual else []), *helps]) if h != lang]
        editions.append((course.model_copy(update={"help_languages": carried}), language, strings))
    # Render once per language (or once for all of them), then package per format; formats that
    # package only the course (a cartridge of the resource bank) need no page rendered.
    renders = any(available[name].renders for name in wanted)

    def make_site(group: list[tuple[LocalizedCourse, Language, dict[str, str | list[str]]]]) -> RenderedSite:
        if not renders:
            return unrendered_site(group)
        return render_site(group, registry.block_types, registry.languages, minify=minify)

    sites = [make_site(editions)] if multilingual else [make_site([edition]) for edition in editions]
    built: list[BuiltPackage] = []
    total = len(sites) * len(wanted)
    deflated = DeflateCache()  # each distinct file is compressed once, whichever zips hold it
    for site in sites:
        for name in wanted:
            started = time.perf_counter()
            fmt = available[name]
            writer = PackageWriter(deflated)
            fmt.package(site, writer)
            target = out_dir / fmt.file_name(site)
            size = writer.write(target)
            built.append(
                BuiltPackage(path=target, format=name, lang=site.lang, size=size, seconds=time.perf_counter() - started)
            )
            progress(f"[{len(built)}/{total}] {name:<10} {site.lang:<6} → {target} ({size / 1024:,.0f} KiB)")
    registry.hook.smab_build_finished(packages=list(built), diagnostics=diags, out_dir=out_dir)
    return built, diags


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _conflicts(preset: dict, written: dict, path: tuple = ()) -> list[tuple[tuple, object, object]]:
    """(path, the author's value, the preset's value) wherever both set a value and they differ."""
    found = []
    for key, value in preset.items():
        if key not in written:
            continue
        if isinstance(value, dict) and isinstance(written[key], dict):
            found += _conflicts(value, written[key], (*path, key))
        elif written[key] != value:
            found.append(((*path, key), written[key], value))
    return found


def apply_preset(source: CourseSource, preset: LmsPreset, diags: Diagnostics) -> CourseConfig:
    """course.yaml's config with the preset's packaging settings under what the author wrote."""
    config = source.config
    written = config.packaging.model_dump(exclude_unset=True)  # only what course.yaml says
    for loc, ours, theirs in _conflicts(preset.settings, written):
        key = ".".join(map(str, loc))
        diags.warning(
            "lms-setting-overridden",
            f"course.yaml sets packaging.{key}: {ours}; the {preset.name} "
            f"preset uses {theirs}. The course's value is used",
            file=source.config_file,
            line=source.config_line("packaging", *loc),
            hint=f"remove packaging.{key} from course.yaml to build what {preset.title} needs",
        )
    # the same model course.yaml was read with: plugins.lms_presets() checked the settings against it
    packaging = type(config.packaging).model_validate(_merge(preset.settings, written))
    return config.model_copy(update={"packaging": packaging, "lms": preset.name})
