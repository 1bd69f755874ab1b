"""Load ``resources.yaml`` (optional): the model validates it, then the checks a
JSON Schema cannot make, each reported at its file and line."""

from __future__ import annotations

import os
from pathlib import Path

from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.chars import printable
from smab_pack.loading.paths import course_path, file_problem
from smab_pack.loading.yamlsource import YamlDocument, parse_yaml, read_text, validate_model
from smab_pack.models.resources import ResourceBank

RESOURCES_FILE = "resources.yaml"


def resources_file(root: Path) -> Path:
    return root / RESOURCES_FILE


def load_resources(root: Path, diags: Diagnostics, languages: list[str]) -> ResourceBank | None:
    """The course's resource bank; None when it has no resources.yaml or the file has errors
    (``diags`` says which)."""
    file = resources_file(root)
    if not os.path.lexists(file):
        return None
    text = read_text(file, diags, root=root)
    doc = parse_yaml(text, file, diags) if text is not None else None
    bank = validate_model(ResourceBank, doc, diags, RESOURCES_FILE) if doc is not None else None
    if bank is None or doc is None:
        return None
    before = len(diags.errors)
    _check_references(bank, doc, root, diags)
    _check_translations(bank, doc, languages, diags)
    return bank if len(diags.errors) == before else None


def _check_references(bank: ResourceBank, doc: YamlDocument, root: Path, diags: Diagnostics) -> None:
    doc.report_duplicate_ids("resources", [r.id for r in bank.resources], "resource", diags)
    for index, resource in enumerate(bank.resources):
        if resource.topic not in bank.topics:
            diags.error(
                "unknown-topic",
                f"resource '{resource.id}': topic '{resource.topic}' is not declared under topics:",
                **doc.where("resources", index, "topic"),
                hint=f"topics: {', '.join(bank.topics) or 'none yet: add a topics: section'}",
            )
        for position, audience in enumerate(resource.audience):
            if audience not in bank.audiences:
                diags.error(
                    "unknown-audience",
                    f"resource '{resource.id}': audience '{audience}' is not declared under audiences:",
                    **doc.where("resources", index, "audience", position),
                    hint=f"audiences: {', '.join(bank.audiences) or 'none yet: add an audiences: section'}",
                )
        if resource.file is not None:
            # The same check as images and file links in pages, relative to the course folder.
            target, problem = course_path(resource.file, root, root)
            if problem is not None:
                diags.error(
                    problem.code,
                    f"resource '{resource.id}': file '{printable(resource.file)}' {problem.message}",
                    **doc.where("resources", index, "file"),
                    hint=problem.hint or "give a path inside the course folder, relative to it (e.g. assets/guide.pdf)",
                )
            elif target is not None and not target.is_file():
                diags.error(
                    "missing-file",
                    f"resource '{resource.id}': file '{resource.file}' {file_problem(target)}",
                    **doc.where("resources", index, "file"),
                    hint="paths in resources.yaml are relative to the course folder",
                )


def _check_translations(bank: ResourceBank, doc: YamlDocument, languages: list[str], diags: Diagnostics) -> None:
    # (where in resources.yaml, what it is, the text or its languages)
    texts: list[tuple[tuple[str | int, ...], str, str | dict[str, str]]]
    texts = [(("topics", key), f"topic '{key}'", label) for key, label in bank.topics.items()]
    texts += [(("audiences", key), f"audience '{key}'", label) for key, label in bank.audiences.items()]
    for index, resource in enumerate(bank.resources):
        texts += [
            (("resources", index, "title"), f"resource '{resource.id}' title", resource.title),
            (("resources", index, "description"), f"resource '{resource.id}' description", resource.description),
        ]
    for loc, what, text in texts:
        if isinstance(text, str):
            continue  # one text for every language
        missing = [lang for lang in languages if lang not in text]
        if missing:
            diags.warning(
                "untranslated-resource",
                f"{what} has no text in {', '.join(missing)}: learners see another language's",
                **doc.where(*loc),
                hint=f"add {', '.join(f'{lang}: …' for lang in missing)}",
            )
