"""`smab-pack new`: a small, valid course that shows every feature to copy."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from smab_pack.diagnostics import Diagnostics

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


def create_course(
    directory: Path, *, course_id: str | None, title: str, languages: list[str], diags: Diagnostics
) -> None:
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
    config = {
        "id": course_id,
        "version": "0.1.0",
        "title": {lang: title for lang in languages},
        "description": {lang: "What learners will be able to do after this course." for lang in languages},
        "languages": languages,
        "default_language": languages[0],
        "authors": [{"name": "Your name", "organisation": "Your organisation"}],
        "licence": "CC-BY-SA-4.0",
        "mastery_score": 80,
    }
    module = directory / "modules" / "01-introduction"
    module.mkdir(parents=True)
    (directory / "assets").mkdir()
    header = "# The format: see docs/course-format.md of smab-pack.\n"
    (directory / "course.yaml").write_text(
        header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (module / "module.yaml").write_text(
        yaml.safe_dump({"title": {lang: "Introduction" for lang in languages}}, allow_unicode=True), encoding="utf-8"
    )
    lang = languages[0]
    (module / f"01-welcome.{lang}.md").write_text(WELCOME.format(lang=lang), encoding="utf-8")
    (module / f"02-check.{lang}.md").write_text(CHECK.format(), encoding="utf-8")
