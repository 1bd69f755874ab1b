"""Markdown → typed content model: quizzes, callouts, links, raw HTML."""

from __future__ import annotations

from pathlib import Path

from smab_pack import plugins
from smab_pack.diagnostics import Diagnostics
from smab_pack.loading.course_loader import id_from_name
from smab_pack.markdown.parser import make_markdown, parse_page
from smab_pack.models.content import ProseBlock


def _parse(tmp_path: Path, body: str, extra_files: dict[str, str] | None = None):
    for name, text in (extra_files or {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    page = tmp_path / "01-page.en.md"
    page.write_text("---\ntitle: Page\n---\n\n" + body)
    files = {page.resolve(): ("page", "en")}
    files.update(
        {
            (tmp_path / n).resolve(): (id_from_name(Path(n).name.split(".")[0]), "en")
            for n in (extra_files or {})
            if n.endswith(".md")
        }
    )
    types = plugins.block_types()
    diags = Diagnostics()
    result = parse_page(
        page.resolve(),
        md=make_markdown(types),
        block_types=types,
        diags=diags,
        course_root=tmp_path.resolve(),
        page_id="page",
        module_id="m",
        lang="en",
        page_files=files,
    )
    return result, diags


QUIZ = """Intro.

::: quiz Final check {#final}

## Who is liable? {points=2}

Some *details*.

- [x] The **owner**
  > Right.
- [ ] Nobody
  > Wrong.

> The owner is liable.

## Which are true? {#which}

- [x] A
- [X] B
- [ ] C

## Sky is blue {type=true-false}

- [x] True
- [ ] False

## Name it {type=fill-in}

- [x] Brreg
- [x] Brønnøysundregistrene

:::

After.
"""


def test_quiz_becomes_typed_questions(tmp_path):
    page, diags = _parse(tmp_path, QUIZ)
    assert not diags.has_errors, list(diags)
    kinds = [b.kind for b in page.blocks]
    assert kinds == ["prose", "quiz", "prose"]
    quiz = page.blocks[1]
    assert quiz.id == "final" and quiz.title == "Final check" and quiz.graded
    q1, q2, q3, q4 = quiz.questions
    assert (q1.id, q1.type, q1.points, q1.prompt_text) == ("q1", "single", 2, "Who is liable?")
    assert "<em>details</em>" in q1.details_html
    assert [c.id for c in q1.choices] == ["a", "b"] and q1.correct_ids == ["a"]
    # marked as its translation unit, for parallel text
    assert (
        q1.choices[0].html == '<span data-seg="answer1">The <strong>owner</strong></span>'
        and "Right." in q1.choices[0].feedback_html
    )
    assert "The owner is liable." in q1.feedback_html
    assert (q2.id, q2.type, q2.correct_ids) == ("which", "multiple", ["a", "b"])
    assert (q3.type, q3.correct_ids) == ("true-false", ["a"])
    assert q4.type == "fill-in" and [c.text for c in q4.choices] == ["Brreg", "Brønnøysundregistrene"]
    interactions = quiz.interactions()
    assert [(i.kind, i.multiple) for i in interactions] == [
        ("choice", False),
        ("choice", True),
        ("true-false", False),
        ("fill-in", False),
    ]
    assert interactions[3].accepted == ("Brreg", "Brønnøysundregistrene") and interactions[3].choices == ()
    assert interactions[1].correct == ("a", "b") and interactions[1].patterns() == [["a", "b"]]
    assert interactions[2].patterns() == [True]  # the first answer, true, is the right one


def test_practice_quiz_is_not_graded(tmp_path):
    page, _ = _parse(tmp_path, "::: quiz {graded=false}\n\n## Q\n\n- [x] a\n- [ ] b\n\n:::\n")
    assert page.blocks[0].graded is False and page.blocks[0].id == "quiz1"


def test_callout_renders_markdown_inside(tmp_path):
    page, diags = _parse(tmp_path, "::: warning Watch out\nThis is **bold**.\n:::\n")
    block = page.blocks[0]
    assert (block.kind, block.variant, block.title) == ("callout", "warning", "Watch out")
    assert "<strong>bold</strong>" in block.html


def test_raw_html_is_sanitised_and_unsafe_parts_reported(tmp_path):
    page, diags = _parse(
        tmp_path,
        "<script>alert(1)</script>\n\nText <b onclick=x>b</b> <sup>2</sup>\n\n"
        '<a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)>\n',
    )
    html = "".join(b.html for b in page.blocks if isinstance(b, ProseBlock))
    assert "<script" not in html and "onclick" not in html and "onerror" not in html
    assert "javascript:" not in html
    assert "<b>b</b>" in html and "<sup>2</sup>" in html  # harmless markup stays
    assert [d.code for d in diags.warnings].count("unsafe-html") == 4


def test_trusted_raw_html_passes_through(tmp_path):
    from smab_pack import plugins
    from smab_pack.markdown.parser import make_markdown, parse_page

    page_file = tmp_path / "01-page.en.md"
    page_file.write_text('---\ntitle: Page\n---\n\n<div class="widget" onclick="go()">w</div>\n')
    types = plugins.block_types()
    diags = Diagnostics()
    page = parse_page(
        page_file.resolve(),
        md=make_markdown(types),
        block_types=types,
        diags=diags,
        course_root=tmp_path.resolve(),
        page_id="page",
        module_id="m",
        lang="en",
        page_files={page_file.resolve(): ("page", "en")},
        trusted_html=True,
    )
    assert 'onclick="go()"' in page.blocks[0].html
    assert [d.code for d in diags.warnings] == ["trusted-unsafe-html"]


def test_javascript_links_never_become_links(tmp_path):
    page, _ = _parse(tmp_path, "[click](javascript:alert(1)) and [x](JAVASCRIPT:alert(1))\n")
    assert 'href="javascript' not in page.blocks[0].html.lower()


def test_links_between_pages_and_to_the_web(tmp_path):
    page, diags = _parse(
        tmp_path,
        "[next](02-next.en.md) [web](https://brreg.no) [old](http://example.org)\n",
        {"02-next.en.md": "---\ntitle: Next\n---\n"},
    )
    html = page.blocks[0].html
    assert 'href="#next"' in html and 'data-page="next"' in html
    assert 'target="_blank"' in html and 'rel="noopener noreferrer"' in html
    assert [d.code for d in diags.warnings] == ["insecure-link"]


def test_images_become_package_assets(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.svg").write_text("<svg/>")
    page, diags = _parse(tmp_path, "![A diagram](assets/a.svg)\n\n![](assets/a.svg)\n")
    assert 'src="content/assets/a.svg"' in page.blocks[0].html
    assert [a.href for a in page.assets] == ["content/assets/a.svg"]
    assert [d.code for d in diags.warnings] == ["image-alt"]


def test_headings_get_page_scoped_anchors(tmp_path):
    page, _ = _parse(tmp_path, "## Tax and VAT\n\n## Tax and VAT\n\n[up](#tax-and-vat)\n")
    assert [h.anchor for h in page.headings] == ["tax-and-vat", "tax-and-vat-1"]
    assert 'id="page--tax-and-vat"' in page.blocks[0].html and 'href="#page--tax-and-vat"' in page.blocks[0].html


def test_misspelt_block_names_the_closest_block_type(tmp_path):
    import shutil

    from smab_pack.pipeline import check_course
    from tests.conftest import FIXTURES

    course = tmp_path / "c"
    shutil.copytree(FIXTURES / "mini", course)
    page = course / "modules" / "01-basics" / "01-start.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n::: quizz Check\n\n## Q?\n\n- [x] a\n- [ ] b\n\n:::\n")
    diags = Diagnostics()
    check_course(course, diags)
    found = [d for d in diags if d.code == "unknown-block"]
    assert len(found) == 1 and found[0].file.endswith("01-start.en.md")
    assert "did you mean '::: quiz'" in found[0].hint
    assert found[0].line == page.read_text(encoding="utf-8").splitlines().index("::: quizz Check") + 1
