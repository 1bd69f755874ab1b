"""A copy of the mini fixture with a small resource bank: three web links, one
bundled file, a page that shows the bank and links to two resources."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURES

# Bare `country: NO` on purpose: YAML 1.1 reads it as false, and it must still mean Norway.
RESOURCES_YAML = """\
topics:
  registration: {en: Registration, nb: Registrering}
  tax: {en: Tax, nb: Skatt}
audiences:
  founders: {en: Founders, nb: Gründere}
  owners: {en: Business owners, nb: Bedriftseiere}
resources:
  - id: brreg
    title: {en: Brønnøysund Register Centre, nb: Brønnøysundregistrene}
    description: {en: Registers businesses in Norway., nb: Registrerer bedrifter i Norge.}
    url: https://www.brreg.no
    country: NO
    language: [nb, en]
    topic: registration
    audience: [founders]
  - id: skatt
    title: {en: Norwegian Tax Administration, nb: Skatteetaten}
    description: {en: Income tax and VAT., nb: Inntektsskatt og merverdiavgift.}
    url: https://www.skatteetaten.no
    country: "NO"
    language: [nb]
    topic: tax
    audience: [founders, owners]
  - id: aeat
    title: {en: Agencia Tributaria, nb: Agencia Tributaria}
    description: {en: Taxes in Spain., nb: Skatt i Spania.}
    url: https://www.agenciatributaria.es
    country: ES
    language: [es]
    topic: tax
    audience: [owners]
  - id: guide
    title: {en: Start-up checklist, nb: Sjekkliste for oppstart}
    description: {en: A checklist to print., nb: En sjekkliste å skrive ut.}
    file: assets/guide.txt
    country: EU
    language: [en]
    topic: registration
    audience: [founders]
"""

BANK_PAGE = "modules/01-basics/03-bank.en.md"
BANK_PAGE_NB = "modules/01-basics/03-bank.nb.md"
PAGE_TEXT = """\
---
title: {title}
---

Start with [the register](resource:brreg) and [the checklist](resource:guide).

::: resources
:::
"""
GUIDE = "Checklist: 1. choose a business form 2. register 3. open a bank account\n"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle``."""
    hits = [number for number, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def bank_course(tmp_path: Path, *, resources: str | None = RESOURCES_YAML) -> Path:
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", course)
    (course / "assets" / "guide.txt").write_text(GUIDE, encoding="utf-8")
    if resources is not None:
        (course / "resources.yaml").write_text(resources, encoding="utf-8")
    (course / BANK_PAGE).write_text(PAGE_TEXT.format(title="Resources"), encoding="utf-8")
    (course / BANK_PAGE_NB).write_text(
        PAGE_TEXT.format(title="Ressurser").replace(".en.md", ".nb.md"), encoding="utf-8"
    )
    return course
