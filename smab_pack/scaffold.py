"""`smab-pack new`: a small, valid course that shows every feature to copy."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from smab_pack.diagnostics import Diagnostics
from smab_pack.translation.yaml_texts import scalar

WELCOME = """---
title: Welcome
---

Write your first page here, in Markdown. A blank line starts a new paragraph.

## What you will learn

- the first thing
- the second thing

::: tip Good to know
Callouts (`note`, `tip`, `warning`, `important`) highlight what matters.
:::

Continue with [the check](02-check.{lang}.md).
"""

CHECK = """---
title: Check your understanding
---

Answer the questions. Each one counts toward your score.

::: quiz Check your understanding

## Which file holds the course title? {{#title-file}}

- [x] course.yaml
  > Right: course.yaml describes the whole course.
- [ ] module.yaml
  > Not quite: module.yaml only holds a module's title.

## Pages are written in Markdown. {{#markdown type=true-false}}

- [x] True
- [ ] False

:::
"""


#: what course.yaml starts with: where every key is described, for a user who has only the package
COURSE_HEADER = """\
# yaml-language-server: $schema=schemas/course.schema.json
# The course file of smab-pack. Every key and what it means: schemas/course.schema.json beside
# this file (an editor with a YAML extension completes and checks keys from it; `smab-pack schemas
# -o schemas` writes it again for the installed version). Every check and its fix: `smab-pack rules`.
"""
MODULE_HEADER = "# yaml-language-server: $schema=../../schemas/module.schema.json\n"
UNTRANSLATED = "untranslated: smab-pack translate export . -l {lang} writes it for a translator"


def localised(key: str, text: str, languages: list[str], indent: str = "") -> str:
    """A localised text as YAML lines: the source language's text, and a comment for each other language,
    never a copy of the source (a CAT tool would take it for a translation, and learners would get it)."""
    lines = [f"{indent}{key}:", f"{indent}  {languages[0]}: {scalar(text)}"]
    lines += [f"{indent}  # {lang}: ({UNTRANSLATED.format(lang=lang)})" for lang in languages[1:]]
    return "\n".join(lines) + "\n"


def create_course(
    directory: Path,
    *,
    course_id: str | None,
    title: str,
    languages: list[str],
    diags: Diagnostics,
    schemas: dict[str, str],
) -> None:
    """A new course in ``directory``, written in ``languages[0]``, with the other languages' texts left for
    translators; ``schemas`` (file name → JSON Schema) are written beside it for editors."""
    if directory.exists() and any(directory.iterdir()):
        diags.error("not-empty", f"{directory} exists and is not empty: choose a new folder", file=directory)
        return
    course_id = course_id or re.sub(r"[^a-z0-9]+", "-", directory.name.lower()).strip("-")
    if not re.match(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", course_id or ""):
        diags.error(
            "invalid-id",
            f"'{course_id}' is not a valid course id: use lower-case letters, digits and "
            "hyphens, starting with a letter (--id)",
        )
        return
    rest = {
        "languages": languages,
        "default_language": languages[0],
        "authors": [{"name": "Your name", "organisation": "Your organisation"}],
        "licence": "CC-BY-SA-4.0",
        "mastery_score": 80,
    }
    course_yaml = (
        COURSE_HEADER
        + yaml.safe_dump({"id": course_id, "version": "0.1.0"}, allow_unicode=True, sort_keys=False)
        + localised("title", title, languages)
        + localised("description", "What learners will be able to do after this course.", languages)
        + yaml.safe_dump(rest, allow_unicode=True, sort_keys=False)
    )
    module = directory / "modules" / "01-introduction"
    module.mkdir(parents=True)
    (directory / "assets").mkdir()
    (directory / "schemas").mkdir()
    for name, text in sorted(schemas.items()):
        (directory / "schemas" / name).write_text(text, encoding="utf-8")
    (directory / "course.yaml").write_text(course_yaml, encoding="utf-8")
    (module / "module.yaml").write_text(MODULE_HEADER + localised("title", "Introduction", languages), encoding="utf-8")
    lang = languages[0]
    (module / f"01-welcome.{lang}.md").write_text(WELCOME.format(lang=lang), encoding="utf-8")
    (module / f"02-check.{lang}.md").write_text(CHECK.format(), encoding="utf-8")
