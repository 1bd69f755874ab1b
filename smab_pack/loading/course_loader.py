"""Find and validate everything in a course folder, without parsing Markdown yet."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.chars import describe, first_control, printable
from smab_pack.loading.paths import list_folder, real_inside, regular_file
from smab_pack.loading.yamlsource import YamlDocument, parse_yaml, read_text, validate_model
from smab_pack.models.course import CourseConfig, ModuleConfig
from smab_pack.models.ids import reserved

PAGE_FILE = re.compile(r"^(?P<stem>[^.]+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.md$")
ORDER_PREFIX = re.compile(r"^\d+[-_]")
ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
M = TypeVar("M", bound=BaseModel)


def id_from_name(name: str) -> str:
    """`01-business-forms` → `business-forms`: renumbering never changes an id."""
    return ORDER_PREFIX.sub("", name)


@dataclass
class PageSource:
    id: str
    stem: str
    files: dict[str, Path] = field(default_factory=dict)


@dataclass
class ModuleSource:
    id: str
    folder: Path
    config: ModuleConfig
    pages: list[PageSource]


@dataclass
class CourseSource:
    root: Path
    config_file: Path
    config: CourseConfig
    modules: list[ModuleSource]
    #: course.yaml with its line numbers, for diagnostics found after loading (e.g. an unknown lms:)
    config_doc: YamlDocument | None = None
    #: False when course.yaml did not load or its languages are not valid (the error is reported): the
    #: config is a stand-in with the languages the page files are written in, so the pages are checked
    config_loaded: bool = True

    def config_line(self, *loc: str | int) -> int | None:
        """The line in course.yaml of the key at ``loc`` (e.g. "lms"), when it is there."""
        return self.config_doc.locate(loc)[0] if self.config_doc is not None else None


def load_course(path: Path, diags: Diagnostics, *, config_model: type[CourseConfig]) -> CourseSource | None:  # noqa: C901 (split pending; CONTRIBUTING.md)
    """Validate the course folder's structure and YAML; report every problem found.

    ``config_model`` is course.yaml's model with the plugins' ``packaging:`` sections (the
    registry's ``course_config``): the caller passes it, since the registry sits above loading."""
    root = path
    if root.is_file() and root.name == "course.yaml":
        root = root.parent
    config_file = root / "course.yaml"
    if not root.is_dir():
        diags.error("not-a-course", f"{path} is not a folder", file=path)
        return None
    if not os.path.lexists(config_file):
        diags.error(
            "missing-file",
            "a course folder needs a course.yaml",
            file=config_file,
            hint="run `smab-pack new DIR` to start from a template",
        )
        return None
    text = read_text(config_file, diags, root=root)
    doc = parse_yaml(text, config_file, diags) if text is not None else None
    config = validate_model(config_model, doc, diags, "course.yaml") if doc else None
    loaded = config is not None
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    if config is None:
        config = _salvage(config_model, data, dict(COURSE_STAND_IN))
    # Pages are sorted by the languages course.yaml declares, unless they are not known: then every
    # page is kept, and the languages the pages are written in stand in (after the loop).
    languages_known = config is not None and (
        loaded
        or (
            config.languages == data.get("languages")
            and config.default_language == data.get("default_language", config.default_language)
        )
    )

    modules_dir = root / "modules"
    if not os.path.lexists(modules_dir):
        diags.error(
            "missing-file", "a course folder needs a modules/ folder with one folder per module", file=modules_dir
        )
        return None
    entries = list_folder(modules_dir, root, diags)
    if entries is None:
        return None
    modules: list[ModuleSource] = []
    page_ids: dict[str, Path] = {}
    module_ids: dict[str, Path] = {}
    languages = set(config.languages) if config and languages_known else None
    default_lang = config.lang if config and languages_known else None
    for folder in entries:
        if folder.name.startswith(".") or not _usable_name(folder, modules_dir, diags):
            continue
        real, refusal = real_inside(folder, root, "module folder")
        if real is None:
            assert refusal is not None
            refusal.report(diags, folder)
            continue
        if not real.is_dir():
            continue  # files beside the module folders (a README) are not part of the course
        module = _load_module(folder, root, diags, languages, default_lang)
        if module.id in module_ids:
            diags.error(
                "duplicate-id",
                f"module id '{module.id}' is also used by {module_ids[module.id].name}",
                file=folder / "module.yaml",
            )
        module_ids[module.id] = folder
        for page in module.pages:
            first = next(iter(page.files.values()))
            if page.id in page_ids:
                diags.error(
                    "duplicate-id",
                    f"page id '{page.id}' is also used by {Diagnostics.rel(page_ids[page.id])}",
                    file=first,
                    hint="page ids come from file names and must be unique in the course",
                )
            page_ids[page.id] = first
        modules.append(module)
    if not modules:
        diags.error("empty-course", "modules/ holds no module folders", file=modules_dir)
    if not languages_known:
        config = _salvage(config_model, data, {**COURSE_STAND_IN, "languages": _page_languages(modules)})
    if config is None:
        return None
    return CourseSource(
        root=root, config_file=config_file, config=config, modules=modules, config_doc=doc, config_loaded=loaded
    )


#: course.yaml's required keys, for a stand-in config when the file does not load
COURSE_STAND_IN = {"id": "course", "version": "0", "title": "course", "languages": ["en"]}


def _page_languages(modules: list[ModuleSource]) -> list[str]:
    """The languages the page files are written in, the one with the most pages first (the
    source language has every page), for a stand-in when course.yaml does not say."""
    counts: dict[str, int] = {}
    for module in modules:
        for page in module.pages:
            for lang in page.files:
                counts[lang] = counts.get(lang, 0) + 1
    return sorted(counts, key=lambda lang: (-counts[lang], lang)) or ["en"]


def _usable_name(entry: Path, folder: Path, diags: Diagnostics) -> bool:
    """A file or folder name with a control character cannot go into a package (zip names,
    XML manifests): report it at the folder that holds it, the name shown escaped."""
    at = first_control(entry.name)
    if at is None:
        return True
    diags.error(
        "control-character",
        f"the name '{printable(entry.name)}' holds the control character {describe(entry.name[at])}",
        file=folder,
        hint="rename it",
    )
    return False


def _salvage(model: type[M], data: dict, candidate: dict) -> M | None:
    """After a YAML file's errors are reported, keep what it got right (over the stand-in
    ``candidate``) so that the pages are checked too and one run reports every problem."""
    for key, value in data.items():
        if key in model.model_fields:
            try:
                model.model_validate({**candidate, key: value})
                candidate[key] = value
            except ValidationError:
                pass
    try:
        return model.model_validate(candidate)
    except ValidationError:
        return None


def _module_config(folder: Path, root: Path, diags: Diagnostics) -> ModuleConfig:
    """module.yaml's config; when it does not load (its error is reported), what it got right over a
    stand-in title, so that the module's pages are still parsed and checked and its error stops the build."""
    meta = folder / "module.yaml"
    doc = None
    if not os.path.lexists(meta):
        diags.error("missing-file", "each module folder needs a module.yaml with its title", file=meta)
    else:
        text = read_text(meta, diags, root=root)
        doc = parse_yaml(text, meta, diags) if text is not None else None
        config = validate_model(ModuleConfig, doc, diags, "module.yaml") if doc else None
        if config is not None:
            return config
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    stand_in = ModuleConfig(title=id_from_name(folder.name))
    return _salvage(ModuleConfig, data, stand_in.model_dump(exclude_none=True)) or stand_in


def _load_module(
    folder: Path, root: Path, diags: Diagnostics, languages: set[str] | None, default_lang: str | None
) -> ModuleSource:
    meta = folder / "module.yaml"
    config = _module_config(folder, root, diags)
    module_id = (config.id if config and config.id else None) or id_from_name(folder.name)
    if not ID.match(module_id):
        diags.error(
            "invalid-id",
            f"module id '{printable(module_id)}' (from the folder name) must be lower-case "
            "letters, digits and hyphens, starting with a letter",
            file=meta,
        )
    elif reserved(module_id):
        diags.error(
            "reserved-id",
            f"module id '{module_id}' starts with smab-, a prefix kept for the run-time",
            file=meta,
            hint="rename the folder (or module.yaml's id)",
        )
    pages: dict[str, PageSource] = {}
    for file in list_folder(folder, root, diags, "module folder") or []:
        if not file.name.endswith(".md") or file.name.startswith(".") or not _usable_name(file, folder, diags):
            continue
        real, refusal = regular_file(file, root, "page")
        if real is None:
            assert refusal is not None
            refusal.report(diags, file)
            continue
        match = PAGE_FILE.match(file.name)
        if not match:
            diags.error(
                "page-name",
                f"page file name '{file.name}' does not say its language",
                file=file,
                hint="name pages NN-slug.LANG.md, e.g. 01-welcome.en.md",
            )
            continue
        stem, lang = match["stem"], match["lang"]
        if languages is not None and lang not in languages:
            diags.error(
                "unknown-language",
                f"page is in '{lang}', which is not one of the course languages {sorted(languages)}",
                file=file,
            )
            continue
        page_id = id_from_name(stem)
        if not ID.match(page_id):
            diags.error(
                "invalid-id",
                f"page id '{page_id}' (from the file name) must be lower-case "
                "letters, digits and hyphens, starting with a letter",
                file=file,
            )
            continue
        if reserved(page_id):
            diags.error(
                "reserved-id",
                f"page id '{page_id}' starts with smab-, a prefix kept for the run-time",
                file=file,
                hint="rename the file",
            )
            continue
        pages.setdefault(stem, PageSource(id=page_id, stem=stem)).files[lang] = file
    result = []
    for stem in sorted(pages):
        page = pages[stem]
        if default_lang and default_lang not in page.files:
            other = next(iter(page.files.values()))
            diags.error(
                "missing-source-page",
                f"page '{page.id}' has no version in the default language '{default_lang}'",
                file=other,
                hint=f"add {stem}.{default_lang}.md",
            )
            continue
        result.append(page)
    if not result:
        diags.error("empty-module", "module has no pages", file=folder)
    return ModuleSource(id=module_id, folder=folder, config=config, pages=result)
