"""``glossary.yaml``: the course's bilingual glossary.

Terms with an id, the term and its inflected forms per language, a short definition per
language, optional "see also" terms and resources of ``resources.yaml``. The glossary plugin
marks the terms in pages (the first occurrence of a listed form on a page, or an explicit
``[ENK]{term=enk}``), opens a popover with the definition in the course language and in the
learner's help language, and adds a glossary page per language.

This model validates the file and generates ``schemas/glossary.schema.json``; what a schema
cannot say (unique ids, see-also and resource ids that exist, a definition in every course
language) is checked by ``smab_pack.loading.glossary``, located.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, PrivateAttr, StringConstraints

from smab_pack.models.course import Identifier, LanguageTag, Strict

#: a form as it is written in pages: one line, a word or a few
Form = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=r"^[^\n{}\[\]]+$")]
Text = Annotated[str, StringConstraints(min_length=1)]


class Term(Strict):
    """One term of the glossary."""

    id: Identifier = Field(description="Names the term in explicit marks ([ENK]{term=enk}) and in see_also.")
    term: dict[LanguageTag, Text] = Field(
        min_length=1,
        description="The term as the glossary lists it, per language (e.g. nb: enkeltpersonforetak (ENK)).",
    )
    forms: dict[LanguageTag, list[Form]] = Field(
        default_factory=dict,
        description="The words that mark the term in pages, per language: its inflected forms and abbreviations "
        "(e.g. nb: [enkeltpersonforetak, enkeltpersonforetaket, ENK]). Whole words, case as written "
        "(a capital first letter also matches). Without forms for a language, the term itself is the form.",
    )
    definition: dict[LanguageTag, Text] = Field(
        min_length=1, description="A short definition per language: one or two sentences."
    )
    see_also: list[Identifier] = Field(default_factory=list, description="Ids of related terms.")
    resources: list[Identifier] = Field(
        default_factory=list, description="Ids of resources in resources.yaml where the learner reads more."
    )

    def forms_in(self, lang: str) -> list[str]:
        """The forms that mark the term in a page in ``lang`` (the term itself when none are listed)."""
        if lang in self.forms:
            return list(self.forms[lang])
        return [self.term[lang]] if lang in self.term else []


class Glossary(Strict):
    """``glossary.yaml``: the terms, in any order (each language's glossary page sorts them)."""

    terms: list[Term] = Field(min_length=1, description="The terms of the glossary.")
    translated_from: dict[LanguageTag, Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")]] = Field(
        default_factory=dict,
        description="Written by smab-pack translate import and translate stamp, not by hand: per language, "
        "the version of the default language's terms and definitions it was translated from. When those "
        "change, validate warns that the language's glossary is stale (stale-translation).",
    )
    #: where it was read from, and each term's line there (set by the loader, for located warnings)
    _file: Path | None = PrivateAttr(None)
    _lines: dict[str, int] = PrivateAttr(default_factory=dict)

    def located(self, file: Path, lines: dict[str, int]) -> Glossary:
        self._file, self._lines = file, lines
        return self

    def where(self, term_id: str) -> dict[str, object]:
        """``file`` and ``line`` of a term, for a diagnostic."""
        return {"file": self._file, "line": self._lines.get(term_id)}

    def get(self, term_id: str) -> Term | None:
        return next((t for t in self.terms if t.id == term_id), None)
