"""Property-based tests: whatever Markdown or YAML an author (or a fuzzer)
writes, the loader answers with diagnostics, never with an exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smab_pack import plugins
from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.yamlsource import parse_yaml, validate_model
from smab_pack.markdown.parser import make_markdown, parse_page
from smab_pack.models.course import CourseConfig

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text biased toward the characters Markdown, quizzes and links are made of.
MARKDOWN_BITS = st.sampled_from(
    [
        "# ",
        "## ",
        "- ",
        "- [x] ",
        "- [ ] ",
        "  > ",
        "> ",
        "::: quiz",
        "::: tip",
        ":::",
        "{#id}",
        "{type=fill-in}",
        "{points=2}",
        "[a](",
        ")",
        "![",
        "](",
        "../",
        "#",
        "`",
        "*",
        "_",
        "|",
        "---",
        "\n",
        "\n\n",
        "<b>",
        "<script>",
        "javascript:",
        "http://",
        "01-x.en.md",
        "é",
        "ب",
        " ",
        "{",
        "}",
        "=",
        "\t",
        "1. ",
        "<!--",
        "&amp;",
    ]
)
MARKDOWN = st.lists(st.one_of(MARKDOWN_BITS, st.text(max_size=8)), max_size=60).map("".join)

_md = make_markdown(plugins.block_types())


@SETTINGS
@given(body=MARKDOWN, title=st.text(max_size=20))
def test_any_markdown_page_gives_diagnostics_not_exceptions(body, title):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp).resolve()
        page = root / "01-page.en.md"
        page.write_text(
            f"---\ntitle: {yaml.safe_dump(title or 'x').strip()}\n---\n\n{body}",
            encoding="utf-8",
            errors="surrogatepass",
        )
        diags = Diagnostics()
        result = parse_page(
            page,
            md=_md,
            block_types=plugins.block_types(),
            diags=diags,
            course_root=root,
            page_id="page",
            module_id="m",
            lang="en",
            page_files={page: ("page", "en")},
        )
        if result is not None:
            for block in result.blocks:
                html = getattr(block, "html", "")
                assert "<script" not in html.lower()
        for diag in diags:
            assert diag.code and diag.message


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)
COURSE_KEYS = st.sampled_from(
    [
        "id",
        "version",
        "title",
        "description",
        "languages",
        "default_language",
        "authors",
        "licence",
        "mastery_score",
        "packaging",
        "lint",
        "raw_html",
        "x",
    ]
)


@SETTINGS
@given(data=st.dictionaries(COURSE_KEYS, YAML_VALUES, max_size=8))
def test_any_course_yaml_structure_gives_diagnostics(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    diags = Diagnostics()
    doc = parse_yaml(text, Path("course.yaml"), diags)
    if doc is not None:
        config = validate_model(CourseConfig, doc, diags, "course.yaml")
        assert config is not None or diags.has_errors
        for diag in diags:
            assert diag.line is None or diag.line >= 1


@SETTINGS
@given(text=st.text(max_size=300))
def test_any_yaml_text_gives_diagnostics(text):
    diags = Diagnostics()
    doc = parse_yaml(text, Path("course.yaml"), diags)
    if doc is not None:
        validate_model(CourseConfig, doc, diags, "course.yaml")
