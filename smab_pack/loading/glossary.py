"""Load ``glossary.yaml`` (optional): the model validates it, then the checks a JSON Schema
cannot make (unique ids, see-also terms and resources that exist, a term and a definition in
every course language), each reported at its file and line."""

from __future__ import annotations

import os
from pathlib import Path

from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.yamlsource import YamlDocument, parse_yaml, read_text, validate_model
from smab_pack.models.glossary import Glossary
from smab_pack.models.resources import ResourceBank

GLOSSARY_FILE = "glossary.yaml"


def glossary_file(root: Path) -> Path:
    return root / GLOSSARY_FILE


def load_glossary(
    root: Path, diags: Diagnostics, languages: list[str], resources: ResourceBank | None
) -> Glossary | None:
    """The course's glossary; None when it has no glossary.yaml or the file has errors (``diags``
    says which). ``resources`` is the resource bank that ``resources:`` ids are checked against
    (None: not checked, the bank has errors of its own or there is none and every id is unknown)."""
    file = glossary_file(root)
    if not os.path.lexists(file):
        return None
    text = read_text(file, diags, root=root)
    doc = parse_yaml(text, file, diags) if text is not None else None
    glossary = validate_model(Glossary, doc, diags, GLOSSARY_FILE) if doc is not None else None
    if glossary is None or doc is None:
        return None
    before = len(diags.errors)
    lines = {t.id: doc.locate(("terms", i, "id"))[0] for i, t in reversed(list(enumerate(glossary.terms)))}
    _check_references(glossary, doc, resources, diags)
    _check_languages(glossary, doc, languages, diags)
    return glossary.located(file, lines) if len(diags.errors) == before else None


def _check_references(
    glossary: Glossary, doc: YamlDocument, resources: ResourceBank | None, diags: Diagnostics
) -> None:
    ids = [t.id for t in glossary.terms]
    doc.report_duplicate_ids("terms", ids, "term", diags)
    for index, term in enumerate(glossary.terms):
        for position, other in enumerate(term.see_also):
            if other not in ids or other == term.id:
                diags.error(
                    "unknown-term",
                    f"term '{term.id}': see_also names '{other}', "
                    + ("the term itself" if other == term.id else "which is no term of the glossary"),
                    **doc.where("terms", index, "see_also", position),
                    hint=f"terms: {', '.join(ids)}",
                )
        for position, resource in enumerate(term.resources):
            if resources is not None and resources.get(resource) is None:
                known = ", ".join(r.id for r in resources.resources) or "none: resources.yaml has no resources"
                diags.error(
                    "unknown-resource",
                    f"term '{term.id}': resources names '{resource}', which is no resource of resources.yaml",
                    **doc.where("terms", index, "resources", position),
                    hint=f"resources: {known}",
                )


def _check_languages(glossary: Glossary, doc: YamlDocument, languages: list[str], diags: Diagnostics) -> None:
    for index, term in enumerate(glossary.terms):
        for key in ("term", "definition"):
            texts = getattr(term, key)
            missing = [lang for lang in languages if lang not in texts]
            if missing:
                diags.warning(
                    "glossary-untranslated",
                    f"term '{term.id}' has no {key} in {', '.join(missing)}: learners reading "
                    f"{'it' if len(missing) == 1 else 'them'} do not see the term explained",
                    **doc.where("terms", index, key),
                    hint=f"add {', '.join(f'{lang}: …' for lang in missing)}",
                )
