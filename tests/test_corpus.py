"""A corpus of malformed courses, one defect each, across every field of the
course format and every rule: each gives its code at its line, stops the
build before anything is written, and never raises."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from smab_pack.diagnostics import BuildFailed, Diagnostics
from smab_pack.pipeline import build, check_course
from tests.conftest import FIXTURES
from tests.support.mutations import edit, remove, write

COURSE_YAML = """id: mini-course
version: 1.0.0
title:
  en: Mini course
  nb: Minikurs
description:
  en: A small course the tests build.
  nb: Et lite kurs som testene bygger.
languages: [en, nb]
mastery_score: 75
"""
START = "modules/01-basics/01-start.en.md"
CHECK = "modules/02-test/01-check.en.md"
MODULE = "modules/02-test/module.yaml"


@dataclass
class Case:
    name: str
    change: Callable[[Path], None]
    code: str
    file: str | None
    line: int | None


def course_yaml(extra: str = "", replace: tuple[str, str] | None = None) -> Callable[[Path], None]:
    def apply(course: Path) -> None:
        text = COURSE_YAML
        if replace:
            assert replace[0] in text
            text = text.replace(replace[0], replace[1], 1)
        (course / "course.yaml").write_text(text + extra, encoding="utf-8")

    return apply


def page(title: str = "Extra", body: str = "Text.\n") -> str:
    return f"---\ntitle: {title}\n---\n\n{body}"


def quiz(question: str) -> str:
    # The question heading stands on line 8 of the page.
    return page(body=f"Intro.\n\n::: quiz\n\n{question}\n\n:::\n")


EXTRA = "modules/02-test/05-extra.en.md"
CASES: list[Case] = []


def case(name, change, code, file, line):
    CASES.append(Case(name, change, code, file, line))


# ---- course.yaml: every field, wrong type, range and pattern ----
for value in ("1abc", "Mini Course", "a--b", "-a", "x" * 65, "123", "[a]"):
    case(
        f"id={value[:12]}", course_yaml(replace=("id: mini-course", f"id: {value}")), "invalid-value", "course.yaml", 1
    )
for value in ("one", "1.0.0.0", "v1", "'1..0'", "[1]"):
    case(
        f"version={value}",
        course_yaml(replace=("version: 1.0.0", f"version: {value}")),
        "invalid-value",
        "course.yaml",
        2,
    )
for value in ("42", "[a, b]", "{en: ''}", "{EN_us: x}", "null"):
    case(
        f"title={value}",
        course_yaml(replace=("title:\n  en: Mini course\n  nb: Minikurs", f"title: {value}")),
        "invalid-value",
        "course.yaml",
        3,
    )
for value in ("42", "[x]", "{en: 5}"):
    case(
        f"description={value}",
        course_yaml(
            replace=(
                "description:\n  en: A small course the tests build.\n  nb: Et lite kurs som testene bygger.",
                f"description: {value}",
            )
        ),
        "invalid-value",
        "course.yaml",
        6,
    )
for value in ("[]", "[EN]", "en", "[en, nb, nb]", "[e]", "[en_GB]"):
    case(
        f"languages={value}",
        course_yaml(replace=("languages: [en, nb]", f"languages: {value}")),
        "invalid-value",
        "course.yaml",
        9 if value not in ("[en, nb, nb]",) else 1,
    )
for value in ("-1", "101", "high", "[70]", "null"):
    case(
        f"mastery_score={value}",
        course_yaml(replace=("mastery_score: 75", f"mastery_score: {value}")),
        "invalid-value",
        "course.yaml",
        10,
    )
case("default_language-not-a-language", course_yaml("default_language: de\n"), "invalid-value", "course.yaml", 1)
case("default_language-pattern", course_yaml("default_language: English\n"), "invalid-value", "course.yaml", 11)
case("authors-string", course_yaml("authors: me\n"), "invalid-value", "course.yaml", 11)
case("author-without-name", course_yaml("authors:\n  - organisation: SMAB\n"), "missing-key", "course.yaml", 12)
case("author-empty-name", course_yaml("authors:\n  - name: ''\n"), "invalid-value", "course.yaml", 12)
case("author-unknown-key", course_yaml("authors:\n  - name: A\n    phone: 123\n"), "unknown-key", "course.yaml", 13)
case("licence-number", course_yaml("licence: 5\n"), "invalid-value", "course.yaml", 11)
case("raw_html", course_yaml("raw_html: maybe\n"), "invalid-value", "course.yaml", 11)
case("packaging-number", course_yaml("packaging: 5\n"), "invalid-value", "course.yaml", 11)
case(
    "scorm2004-edition", course_yaml("packaging:\n  scorm2004:\n    edition: 5th\n"), "invalid-value", "course.yaml", 13
)
case("scorm2004-unknown", course_yaml("packaging:\n  scorm2004:\n    editon: 3rd\n"), "unknown-key", "course.yaml", 13)
case(
    "xapi-activity-base",
    course_yaml("packaging:\n  xapi:\n    activity_base: not an iri\n"),
    "invalid-value",
    "course.yaml",
    13,
)
case("quizzes-unknown", course_yaml("quizzes:\n  graded:\n    tries: 3\n"), "unknown-key", "course.yaml", 13)
case("quizzes-attempts-0", course_yaml("quizzes:\n  graded:\n    attempts: 0\n"), "invalid-value", "course.yaml", 13)
case(
    "quizzes-show-answers",
    course_yaml("quizzes:\n  practice:\n    show_answers: sometimes\n"),
    "invalid-value",
    "course.yaml",
    13,
)
case("xapi-unknown", course_yaml("packaging:\n  xapi:\n    base: 'urn:x:'\n"), "unknown-key", "course.yaml", 13)
case("cmi5-move-on", course_yaml("packaging:\n  cmi5:\n    move_on: Sometimes\n"), "invalid-value", "course.yaml", 13)
case(
    "cmi5-launch-method",
    course_yaml("packaging:\n  cmi5:\n    launch_method: Popup\n"),
    "invalid-value",
    "course.yaml",
    13,
)
case("cmi5-au-per", course_yaml("packaging:\n  cmi5:\n    au_per: page\n"), "invalid-value", "course.yaml", 13)
case("lint-unknown-key", course_yaml("lint:\n  enable: [x]\n"), "unknown-key", "course.yaml", 12)
case("lint-disable-string", course_yaml("lint:\n  disable: 5\n"), "invalid-value", "course.yaml", 12)
# branding: (COURSE_YAML has 10 lines: the section starts on line 11)
case(
    "branding-colour-name", course_yaml("branding:\n  colours:\n    accent: blue\n"), "invalid-value", "course.yaml", 13
)
case("branding-unknown-key", course_yaml("branding:\n  colors: {}\n"), "unknown-key", "course.yaml", 12)
case(
    "branding-emblem-alone",
    course_yaml("branding:\n  footer:\n    eu_emblem: true\n"),
    "invalid-value",
    "course.yaml",
    12,
)
case(
    "branding-logo-missing",
    course_yaml("branding:\n  logos:\n    - file: assets/logo.png\n      alt: Partner\n"),
    "missing-file",
    "course.yaml",
    13,
)
case(
    "branding-logo-outside",
    course_yaml("branding:\n  logos:\n    - file: ../logo.png\n      alt: Partner\n"),
    "path-escape",
    "course.yaml",
    13,
)
case(
    "branding-low-contrast-light",
    course_yaml('branding:\n  colours:\n    accent: "#ffcc00"\n'),
    "low-contrast",
    "course.yaml",
    13,
)
case(
    "branding-low-contrast-dark",
    course_yaml('branding:\n  colours:\n    header_text:\n      light: "#000"\n      dark: "#333"\n'),
    "low-contrast",
    "course.yaml",
    15,
)
for key in ("titel", "langauges", "mastery", "formats"):
    case(f"unknown-top-level-{key}", course_yaml(f"{key}: x\n"), "unknown-key", "course.yaml", 11)
case("duplicate-key", course_yaml("mastery_score: 80\n"), "yaml-duplicate-key", "course.yaml", 11)
case("missing-id", course_yaml(replace=("id: mini-course\n", "")), "missing-key", "course.yaml", 1)
case("missing-version", course_yaml(replace=("version: 1.0.0\n", "")), "missing-key", "course.yaml", 1)
case("missing-languages", course_yaml(replace=("languages: [en, nb]\n", "")), "missing-key", "course.yaml", 1)
case("yaml-tab", course_yaml("authors:\n\t- name: A\n"), "yaml-syntax", "course.yaml", 12)
case("yaml-unclosed-quote", course_yaml("licence: 'CC-BY\n"), "yaml-syntax", "course.yaml", 12)
case("yaml-bad-indent", course_yaml(replace=("  nb: Minikurs", " nb: Minikurs")), "yaml-syntax", "course.yaml", 5)
case("course-yaml-list", write("course.yaml", "- id: x\n"), "schema", "course.yaml", 1)
case("course-yaml-empty", write("course.yaml", ""), "missing-key", "course.yaml", 1)
case(
    "course-yaml-latin1",
    write("course.yaml", COURSE_YAML.replace("Minikurs", "Minikurs é").encode("latin-1")),
    "encoding",
    "course.yaml",
    5,
)
case(
    "course-yaml-deep",
    write("course.yaml", COURSE_YAML + "lint: " + "[" * 60 + "]" * 60 + "\n"),
    "yaml-too-deep",
    "course.yaml",
    1,
)
case(
    "course-yaml-huge",
    write("course.yaml", COURSE_YAML + "# " + "x" * 1_100_000 + "\n"),
    "yaml-too-large",
    "course.yaml",
    1,
)
case("no-course-yaml", remove("course.yaml"), "missing-file", "course.yaml", None)

# ---- module.yaml ----
case("module-missing", remove(MODULE), "missing-file", MODULE, None)
case("module-no-title", write(MODULE, "description: x\n"), "missing-key", MODULE, 1)
case("module-title-number", write(MODULE, "title: 5\n"), "invalid-value", MODULE, 1)
case("module-unknown-key", write(MODULE, "title: T\nicon: star\n"), "unknown-key", MODULE, 2)
case("module-bad-id", write(MODULE, "title: T\nid: Test Module\n"), "invalid-value", MODULE, 2)
case("module-yaml-syntax", write(MODULE, "title: [T\n"), "yaml-syntax", MODULE, 2)
case("module-empty", write(MODULE, ""), "missing-key", MODULE, 1)
case("module-yaml-colon", write(MODULE, "title: Test: the end\n"), "yaml-syntax", MODULE, 1)
# a file that does not load hides nothing: the pages of its module (or course) are still checked
MISSPELT = page(body="Before.\n\n::: quizz\n\n## Q?\n\n- [x] a\n- [ ] b\n\n:::\n")
case(
    "module-yaml-broken-page-checked",
    lambda c: [write(MODULE, "title: [T\n")(c), write(EXTRA, MISSPELT)(c)],
    "unknown-block",
    EXTRA,
    7,
)
case(
    "course-yaml-broken-page-checked",
    lambda c: [course_yaml("licence: 'CC-BY\n")(c), write(EXTRA, MISSPELT)(c)],
    "unknown-block",
    EXTRA,
    7,
)
case(
    "module-duplicate-id",
    write("modules/03-test/module.yaml", "title: Again\n"),
    "duplicate-id",
    "modules/03-test/module.yaml",
    None,
)

# ---- structure and file names ----
case("no-modules-folder", remove("modules"), "missing-file", "modules", None)
case("empty-modules-folder", lambda c: [remove("modules")(c), (c / "modules").mkdir()], "empty-course", "modules", None)
case(
    "module-without-pages",
    write("modules/03-empty/module.yaml", "title: Empty\n"),
    "empty-module",
    "modules/03-empty",
    None,
)
case(
    "page-without-language",
    write("modules/01-basics/03-extra.md", page()),
    "page-name",
    "modules/01-basics/03-extra.md",
    None,
)
case(
    "page-unknown-language",
    write("modules/01-basics/01-start.de.md", page()),
    "unknown-language",
    "modules/01-basics/01-start.de.md",
    None,
)
case(
    "page-bad-id",
    write("modules/01-basics/03-Extra_Page.en.md", page()),
    "invalid-id",
    "modules/01-basics/03-Extra_Page.en.md",
    None,
)
case(
    "page-duplicate-id",
    write("modules/02-test/04-start.en.md", page()),
    "duplicate-id",
    "modules/02-test/04-start.en.md",
    None,
)
case(
    "translation-without-source",
    write("modules/01-basics/06-only.nb.md", page()),
    "missing-source-page",
    "modules/01-basics/06-only.nb.md",
    None,
)

# ---- front matter ----
case("front-matter-missing", edit(START, "---\ntitle: Start (en)\n---\n", ""), "front-matter", START, 1)
case("front-matter-unclosed", write(EXTRA, "---\ntitle: Extra\n\nText.\n"), "front-matter", EXTRA, 1)
case("front-matter-no-title", write(EXTRA, "---\ndescription: x\n---\n\nText.\n"), "missing-key", EXTRA, 2)
case("front-matter-empty-title", write(EXTRA, "---\ntitle: ''\n---\n\nText.\n"), "invalid-value", EXTRA, 2)
case("front-matter-title-list", write(EXTRA, "---\ntitle: [a]\n---\n\nText.\n"), "invalid-value", EXTRA, 2)
case("front-matter-unknown-key", write(EXTRA, "---\ntitle: T\nauthor: me\n---\n\nText.\n"), "unknown-key", EXTRA, 3)
case("front-matter-yaml", write(EXTRA, "---\ntitle: T\n  bad: indent\n---\n\nText.\n"), "yaml-syntax", EXTRA, 3)
case(
    "front-matter-duplicate-key",
    write(EXTRA, "---\ntitle: T\ntitle: U\n---\n\nText.\n"),
    "yaml-duplicate-key",
    EXTRA,
    3,
)
case("page-latin1", write(EXTRA, "---\ntitle: Café\n---\n".encode("latin-1")), "encoding", EXTRA, 2)

# ---- links, images, anchors ----
case("link-missing-page", write(EXTRA, page(body="See [x](09-nothing.en.md).\n")), "broken-link", EXTRA, 5)
case("link-missing-file", write(EXTRA, page(body="Get [the form](../../assets/form.pdf).\n")), "broken-link", EXTRA, 5)
case(
    "link-other-module-missing", write(EXTRA, page(body="\n\n[x](../01-basics/09-x.en.md)\n")), "broken-link", EXTRA, 7
)
case("anchor-same-page", write(EXTRA, page(body="## Here\n\n[x](#there)\n")), "broken-anchor", EXTRA, 7)
case(
    "anchor-other-page",
    write(EXTRA, page(body="[x](../01-basics/01-start.en.md#nowhere)\n")),
    "broken-anchor",
    EXTRA,
    5,
)
case("link-escapes", write(EXTRA, page(body="[x](../../../../secret.txt)\n")), "path-escape", EXTRA, 5)
case("link-absolute", write(EXTRA, page(body="[x](/etc/passwd)\n")), "path-escape", EXTRA, 5)
case("link-ftp", write(EXTRA, page(body="[x](ftp://example.org/file)\n")), "unsafe-link", EXTRA, 5)
case("image-missing", write(EXTRA, page(body="![A map](../../assets/map.svg)\n")), "missing-file", EXTRA, 5)
case("image-escapes", write(EXTRA, page(body="![A](../../../../../../../etc/passwd)\n")), "path-escape", EXTRA, 5)
case("image-absolute", write(EXTRA, page(body="![A](/etc/hostname)\n")), "path-escape", EXTRA, 5)
case("image-windows-path", write(EXTRA, page(body="![A](C:\\\\images\\\\a.png)\n")), "path-escape", EXTRA, 5)
case("image-in-table", write(EXTRA, page(body="| a |\n|---|\n| ![x](nope.png) |\n")), "missing-file", EXTRA, 7)

# ---- quizzes: every rule ----
case("quiz-empty", write(EXTRA, page(body="::: quiz\nNo questions here.\n:::\n")), "quiz-empty", EXTRA, 5)
case("quiz-no-answers", write(EXTRA, quiz("## Q?\n\nJust text.")), "quiz-no-answers", EXTRA, 9)
case("quiz-one-answer", write(EXTRA, quiz("## Q?\n\n- [x] Only")), "quiz-no-answers", EXTRA, 9)
case("quiz-no-correct", write(EXTRA, quiz("## Q?\n\n- [ ] a\n- [ ] b")), "quiz-no-correct", EXTRA, 9)
case("quiz-answer-mark", write(EXTRA, quiz("## Q?\n\n- [x] a\n- b")), "quiz-answer-mark", EXTRA, 12)
case("quiz-bad-mark", write(EXTRA, quiz("## Q?\n\n- [x] a\n- [y] b")), "quiz-answer-mark", EXTRA, 12)
case("quiz-single-two-correct", write(EXTRA, quiz("## Q? {type=single}\n\n- [x] a\n- [x] b")), "quiz-single", EXTRA, 9)
case(
    "quiz-true-false-three",
    write(EXTRA, quiz("## Q? {type=true-false}\n\n- [x] a\n- [ ] b\n- [ ] c")),
    "quiz-true-false",
    EXTRA,
    9,
)
case(
    "quiz-true-false-both",
    write(EXTRA, quiz("## Q? {type=true-false}\n\n- [x] a\n- [x] b")),
    "quiz-true-false",
    EXTRA,
    9,
)
case(
    "quiz-fill-in-wrong-answer",
    write(EXTRA, quiz("## Q? {type=fill-in}\n\n- [x] a\n- [ ] b")),
    "quiz-fill-in",
    EXTRA,
    9,
)
case("quiz-duplicate-answer", write(EXTRA, quiz("## Q?\n\n- [x] Same\n- [ ] same")), "quiz-duplicate-answer", EXTRA, 9)
case("quiz-type", write(EXTRA, quiz("## Q? {type=essay}\n\n- [x] a\n- [ ] b")), "quiz-type", EXTRA, 9)
case("quiz-points-zero", write(EXTRA, quiz("## Q? {points=0}\n\n- [x] a\n- [ ] b")), "quiz-points", EXTRA, 9)
case("quiz-points-word", write(EXTRA, quiz("## Q? {points=many}\n\n- [x] a\n- [ ] b")), "quiz-points", EXTRA, 9)
case("quiz-question-id", write(EXTRA, quiz("## Q? {#Bad_Id}\n\n- [x] a\n- [ ] b")), "quiz-id", EXTRA, 9)
case(
    "quiz-duplicate-question",
    write(EXTRA, quiz("## Q? {#q}\n\n- [x] a\n- [ ] b\n\n## R? {#q}\n\n- [x] a\n- [ ] b")),
    "duplicate-id",
    EXTRA,
    14,
)
case(
    "quiz-too-many-answers",
    write(EXTRA, quiz("## Q?\n\n" + "\n".join(f"- [{'x' if i == 0 else ' '}] answer {i}" for i in range(27)))),
    "quiz-too-many-answers",
    EXTRA,
    37,
)
case(
    "quiz-id", write(EXTRA, page(body="::: quiz {#Quiz_1}\n\n## Q?\n\n- [x] a\n- [ ] b\n\n:::\n")), "quiz-id", EXTRA, 5
)


# ---- hostile input (issue 18; tests/test_hostile_courses.py has every class through the CLI) ----
case("yaml-alias-to-itself", write(MODULE, "title: T\nx: &a [1, *a]\n"), "yaml-aliases", MODULE, 2)
case(
    "nul-escape-in-title",
    course_yaml(replace=("en: Mini course", 'en: "Mini\\0course"')),
    "control-character",
    "course.yaml",
    4,
)
case("control-in-page", write(EXTRA, page(body="Te\x1bxt.\n")), "control-character", EXTRA, 5)
case(
    "language-unregistered",
    course_yaml(replace=("languages: [en, nb]", "languages: [en, nb, xx]")),
    "invalid-value",
    "course.yaml",
    9,
)
case(
    "quiz-in-note",
    write(EXTRA, page(body="::: note\n\n::: quiz\n\n## Q?\n\n- [x] a\n- [ ] b\n\n:::\n\n:::\n")),
    "block-nested",
    EXTRA,
    7,
)
case(
    "quiz-misspelt",
    write(EXTRA, page(body="Before.\n\n::: quizz\n\n## Q?\n\n- [x] a\n- [ ] b\n\n:::\n")),
    "unknown-block",
    EXTRA,
    7,
)
# the question kinds with a syntax of their own (docs/course-format.md, "Quizzes")
case(
    "quiz-matching-unmatched",
    write(EXTRA, quiz("## Q? {type=matching}\n\n- a → x\n- b")),
    "quiz-matching-unmatched",
    EXTRA,
    12,
)
case(
    "quiz-matching-duplicate",
    write(EXTRA, quiz("## Q? {type=matching}\n\n- a → x\n- A -> y")),
    "quiz-matching-duplicate",
    EXTRA,
    12,
)
case("quiz-sequence-short", write(EXTRA, quiz("## Q? {type=sequencing}\n\n1. Only")), "quiz-sequence-short", EXTRA, 9)
case("quiz-numeric-word", write(EXTRA, quiz("## Q? {type=numeric}\n\n- [x] seven")), "quiz-numeric", EXTRA, 11)
case("quiz-numeric-comma", write(EXTRA, quiz("## Q? {type=numeric}\n\n- [x] 7,5")), "quiz-numeric", EXTRA, 11)
case(
    "quiz-numeric-min-above-max",
    write(EXTRA, quiz("## Q? {type=numeric}\n\n- [x] 20..10")),
    "quiz-numeric-range",
    EXTRA,
    11,
)
case("quiz-cloze-no-gap", write(EXTRA, quiz("## Q? {type=cloze}\n\nNo gaps here.")), "quiz-cloze-gap", EXTRA, 9)
case(
    "quiz-cloze-empty-gap",
    write(EXTRA, quiz("## Q? {type=cloze}\n\nOne [[Oslo]] and\nanother [[ | ]] gap.")),
    "quiz-cloze-gap",
    EXTRA,
    12,
)
case("quiz-text-length", write(EXTRA, quiz("## Q? {type=text max_length=5000}")), "quiz-text-length", EXTRA, 9)
case(
    "translation-other-kind",
    edit("modules/02-test/01-check.nb.md", "{#tf type=true-false}", "{#tf type=likert}"),
    "translation-structure",
    "modules/02-test/01-check.nb.md",
    22,
)
case("quiz-unclosed", write(EXTRA, page(body="::: quiz\n\n## Q?\n\n- [x] a\n- [ ] b\n")), "block-unclosed", EXTRA, 5)
case("note-unclosed", write(EXTRA, page(body="Before.\n\n::: note\n\nText.\n")), "block-unclosed", EXTRA, 7)
case(
    "note-in-quiz",
    write(EXTRA, page(body="::: quiz\n\n## Q?\n\n::: note\nText.\n:::\n\n- [x] a\n- [ ] b\n\n:::\n")),
    "block-nested",
    EXTRA,
    9,
)
case(
    "translation-other-answer",
    edit("modules/02-test/01-check.nb.md", "- [ ] True\n- [x] False", "- [x] True\n- [ ] False"),
    "translation-structure",
    "modules/02-test/01-check.nb.md",
    22,
)
case(
    "translation-other-points",
    edit("modules/02-test/01-check.nb.md", "points=2", "points=3"),
    "translation-structure",
    "modules/02-test/01-check.nb.md",
    16,
)
case("bracket-soup", write(EXTRA, page(body="[a](" * 40_000)), "markdown-too-complex", EXTRA, 5)


# ---- videos and surveys: every rule ----
def with_video(body: str, *files: tuple[str, str | bytes]):
    """The extra page with a video block, and the media files it needs (a stub video is enough)."""
    changes = [write("assets/film.mp4", b"\x00\x00\x00\x18ftypmp42"), write(EXTRA, page(body=body))]
    changes += [write(name, content) for name, content in files]

    def apply(course: Path) -> None:
        for change in changes:
            change(course)

    return apply


CAPTIONS = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello.\n"
GOOD_VTT = (("assets/film.en.vtt", CAPTIONS), ("assets/film.nb.vtt", CAPTIONS))
FILM = "::: video Film {#film src=../../assets/film.mp4%s}\n:::\n"
case("video-no-src", with_video("::: video Film {#film}\n:::\n", *GOOD_VTT), "video-src", EXTRA, 5)
case("video-format", with_video(FILM.replace("film.mp4", "film.en.vtt") % "", *GOOD_VTT), "video-format", EXTRA, 5)
case("video-missing", with_video(FILM.replace("film.mp4", "none.mp4") % "", *GOOD_VTT), "missing-file", EXTRA, 5)
case(
    "video-escapes",
    with_video(FILM.replace("../../assets/film.mp4", "../../../../film.mp4") % "", *GOOD_VTT),
    "path-escape",
    EXTRA,
    5,
)
case("video-threshold", with_video(FILM % " threshold=0", *GOOD_VTT), "video-threshold", EXTRA, 5)
case("video-attribute", with_video(FILM % " autoplay", *GOOD_VTT), "video-attribute", EXTRA, 5)
case("video-id", with_video(FILM.replace("#film", "#Film_1") % "", *GOOD_VTT), "video-id", EXTRA, 5)
case("video-no-captions", with_video(FILM % ""), "video-no-captions", EXTRA, 5)
case(
    "video-vtt-header",
    with_video(FILM % "", ("assets/film.en.vtt", "WEBVT\n\n" + CAPTIONS[8:]), GOOD_VTT[1]),
    "video-vtt",
    "assets/film.en.vtt",
    1,
)
case(
    "video-vtt-timing",
    with_video(FILM % "", ("assets/film.en.vtt", CAPTIONS.replace("00:00:02.000", "00:00:00.000")), GOOD_VTT[1]),
    "video-vtt",
    "assets/film.en.vtt",
    3,
)
SURVEY = "::: survey Feedback {#feedback}\n\n%s\n\n:::\n"
case("survey-empty", write(EXTRA, page(body=SURVEY % "No questions.")), "survey-empty", EXTRA, 5)
case("survey-type", write(EXTRA, page(body=SURVEY % "## Useful? {#useful type=stars}")), "survey-type", EXTRA, 7)
case("survey-question-id", write(EXTRA, page(body=SURVEY % "## Useful? {#Useful_1}")), "survey-id", EXTRA, 7)
case(
    "survey-id",
    write(EXTRA, page(body=SURVEY.replace("#feedback", "#Feed_back") % "## Useful?")),
    "survey-id",
    EXTRA,
    5,
)
case(
    "survey-duplicate-question", write(EXTRA, page(body=SURVEY % "## A? {#a}\n\n## B? {#a}")), "duplicate-id", EXTRA, 9
)
EVALUATION = "evaluation:\n  questions:\n    - id: %s\n      type: %s\n      text: {en: Useful?, nb: Nyttig?}\n"
case("evaluation-no-questions", course_yaml("evaluation:\n  questions: []\n"), "invalid-value", "course.yaml", 12)
case("evaluation-question-id", course_yaml(EVALUATION % ("Use_ful", "likert")), "invalid-value", "course.yaml", 13)
case("evaluation-question-type", course_yaml(EVALUATION % ("useful", "stars")), "invalid-value", "course.yaml", 14)


def evaluation_and_page(course: Path) -> None:
    course_yaml(EVALUATION % ("useful", "likert"))(course)
    write("modules/02-test/09-course-evaluation.en.md", page())(course)


case("extra-page-id", evaluation_and_page, "extra-page-id", "course.yaml", None)


# ---- what reaches the learner's browser (docs/security.md) ----
def both(*changes):
    def apply(course: Path) -> None:
        for change in changes:
            change(course)

    return apply


case(
    "reserved-page-id",
    write("modules/02-test/05-smab-next.en.md", page()),
    "reserved-id",
    "modules/02-test/05-smab-next.en.md",
    None,
)
case(
    "reserved-module-id",
    both(
        write("modules/03-smab-root/module.yaml", "title: {en: Root, nb: Rot}\n"),
        write("modules/03-smab-root/01-a.en.md", page()),
    ),
    "reserved-id",
    "modules/03-smab-root/module.yaml",
    None,
)
case(
    "reserved-name-trusted",
    both(course_yaml("raw_html: trusted\n"), write(EXTRA, page(body='<div class="box smab-next">Next?</div>\n'))),
    "reserved-name",
    EXTRA,
    5,
)
for name, content in (
    ("page.html", "<p>hi</p>"),
    ("tool.js", "alert(1)"),
    ("form.xml", '<f><h:p xmlns:h="http://www.w3.org/1999/xhtml">x</h:p></f>'),
    ("styled.xml", '<?xml-stylesheet type="text/xsl" href="s.xsl"?><f/>'),
):
    case(
        f"active-asset-{name}",
        both(write(f"assets/{name}", content), write(EXTRA, page(body=f"Get [it](../../assets/{name}).\n"))),
        "active-asset",
        EXTRA,
        5,
    )
# ---- glossary.yaml (docs/glossary.md) ----
GLOSSARY = """terms:
  - id: vat
    term: {en: VAT, nb: MVA}
    definition:
      en: A tax on sales.
      nb: En avgift på salg.
"""
case("glossary-yaml-syntax", write("glossary.yaml", "terms: [\n"), "yaml-syntax", "glossary.yaml", 2)
case("glossary-empty", write("glossary.yaml", "terms: []\n"), "invalid-value", "glossary.yaml", 1)
case(
    "glossary-unknown-key", write("glossary.yaml", GLOSSARY + "    sea_also: [x]\n"), "unknown-key", "glossary.yaml", 7
)
case(
    "glossary-bad-id",
    write("glossary.yaml", GLOSSARY.replace("id: vat", "id: Vat")),
    "invalid-value",
    "glossary.yaml",
    2,
)
case(
    "glossary-duplicate-id",
    write("glossary.yaml", GLOSSARY + GLOSSARY.removeprefix("terms:\n")),
    "duplicate-id",
    "glossary.yaml",
    7,
)
case(
    "glossary-see-also", write("glossary.yaml", GLOSSARY + "    see_also: [tax]\n"), "unknown-term", "glossary.yaml", 7
)
case(
    "glossary-resource",
    write("glossary.yaml", GLOSSARY + "    resources: [brreg]\n"),
    "unknown-resource",
    "glossary.yaml",
    7,
)
case(
    "glossary-form-braces",
    write("glossary.yaml", GLOSSARY + "    forms: {en: ['[VAT]']}\n"),
    "invalid-value",
    "glossary.yaml",
    7,
)
case(
    "glossary-mark-unknown",
    both(write("glossary.yaml", GLOSSARY), write(EXTRA, page(body="Intro.\n\nPay [the tax]{term=tax} now.\n"))),
    "unknown-term",
    EXTRA,
    7,
)
case("glossary-mark-no-glossary", write(EXTRA, page(body="Pay [VAT]{term=vat}.\n")), "unknown-term", EXTRA, 5)
case(
    "svg-no-namespace",
    both(
        write("assets/plain.svg", "<svg><rect/></svg>"), write(EXTRA, page(body="![A plain](../../assets/plain.svg)\n"))
    ),
    "svg-invalid",
    "assets/plain.svg",
    1,
)
case(
    "svg-not-xml",
    both(
        write("assets/cut.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n<g>\n'),
        write(EXTRA, page(body="![A cut](../../assets/cut.svg)\n")),
    ),
    "svg-invalid",
    "assets/cut.svg",
    3,
)


def quiz_with(attrs: str, n: int = 2) -> str:
    """A quiz of n questions whose `::: quiz` line (line 5) carries attrs."""
    questions = "".join(f"## Q{i}? {{#q{i}}}\n\n- [x] a\n- [ ] b\n\n" for i in range(n))
    return page(body=f"::: quiz Test {{{attrs}}}\n\n{questions}:::\n")


for attrs, code in (
    ("attempts=0", "quiz-attempts"),
    ("attempts=two", "quiz-attempts"),
    ("show_answers=later", "quiz-show-answers"),
    ("shuffle=answers", "quiz-shuffle"),
    ("draw=3", "quiz-draw"),
    ("draw=0", "quiz-draw"),
):
    case(f"quiz-{attrs}", write(EXTRA, quiz_with(attrs)), code, EXTRA, 5)
case(
    "translation-other-pool",
    both(
        write(EXTRA, quiz_with("#pool draw=2", 3)),
        write(EXTRA.replace(".en.", ".nb."), quiz_with("#pool draw=1", 3)),
    ),
    "translation-structure",
    EXTRA.replace(".en.", ".nb."),
    5,
)


def test_corpus_is_large_enough():
    assert len(CASES) >= 100
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_malformed_course(tmp_path, case):
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", course)
    case.change(course)
    cwd = os.getcwd()
    os.chdir(tmp_path)  # report paths relative to here, as the CLI does
    try:
        diags = Diagnostics()
        check_course(Path("course"), diags)
        errors = [(d.code, d.file, d.line) for d in diags.errors]
        assert any(code == case.code for code, _, _ in errors), errors
        assert (case.code, f"course/{case.file}", case.line) in errors, errors
        with pytest.raises(BuildFailed):
            build(Path("course"), Path("dist"))
        assert not Path("dist").exists() or not any(Path("dist").iterdir())
    finally:
        os.chdir(cwd)
