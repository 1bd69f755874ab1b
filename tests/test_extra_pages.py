"""``smab_extra_pages``: plugins add pages to the course (the survey plugin's course evaluation),
parsed like page files, each a module of its own at the end; the core knows nothing of surveys."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smab_pack import plugins
from smab_pack.diagnostics import Diagnostics
from smab_pack.hookspecs import hookimpl
from smab_pack.pipeline import check_course
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
EVALUATION = (
    "evaluation:\n  intro: {en: Tell us., nb: Fortell oss.}\n  questions:\n"
    "    - id: useful\n      text: {en: Useful?, nb: Nyttig?}\n"
    "    - id: wishes\n      type: text\n      text: {en: Wishes?, nb: Ønsker?}\n"
)


@pytest.fixture
def course(tmp_path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", target)
    return target


def _with(course: Path, extra: str) -> Path:
    yaml_file = course / "course.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return course


class Glossary:
    """A third party's extra page: a glossary in every language, with a callout block."""

    def __init__(self, page_id: str = "glossary"):
        self.page_id = page_id
        self.calls: list[str] = []

    @hookimpl
    def smab_extra_pages(self, lang, strings, parse):
        self.calls.append(lang)
        text = f"---\ntitle: Glossary {lang}\n---\n\n::: note\nSCO: {strings['next']}\n:::\n"
        page = parse(text, page_id=self.page_id, module_id="glossary", made_by="the glossary plugin")
        return [page] if page else []


@pytest.fixture
def register(register_plugin):
    return register_plugin


def test_the_evaluation_page_is_the_last_module_in_every_language(course):
    diags = Diagnostics()
    checked = check_course(_with(course, EVALUATION), diags)
    assert not diags.has_errors, [d.message for d in diags]
    for lang, localized in checked.localized.items():
        last = localized.modules[-1]
        assert (last.id, [p.id for p in last.pages]) == ("course-evaluation", ["course-evaluation"])
        page = last.pages[0]
        assert last.title == page.title == {"en": "Course evaluation", "nb": "Kursevaluering"}[lang]
        assert page.lang == lang and page.source.name == "course.yaml"
        (survey,) = [b for b in page.blocks if b.kind == "survey"]
        assert [q.id for q in survey.questions] == ["useful", "wishes"]
        assert [q.type for q in survey.questions] == ["likert", "text"]
        assert {"en": "Wishes?", "nb": "Ønsker?"}[lang] in survey.model_dump_json()


def test_with_the_survey_plugin_switched_off_an_evaluation_is_a_clear_error(course):
    pm = plugins.plugin_manager()
    survey = pm.unregister(name="survey")
    try:
        diags = Diagnostics()
        checked = check_course(_with(course, EVALUATION), diags)
    finally:
        pm.register(survey, name="survey")
    found = [(d.code, d.line, d.hint) for d in diags.errors]
    assert found == [
        (
            "evaluation-unsupported",
            11,  # evaluation: follows the mini course's ten lines
            "the built-in survey plugin makes it: is it switched off with SMAB_DISABLE?",
        )
    ]
    assert all(m.id != "course-evaluation" for m in checked.localized["en"].modules)


def test_a_third_party_adds_a_page_in_every_language_after_the_evaluation(course, register):
    glossary = Glossary()
    register(glossary, "test-glossary")
    diags = Diagnostics()
    checked = check_course(_with(course, EVALUATION), diags)
    assert not diags.has_errors, [d.message for d in diags]
    assert sorted(glossary.calls) == ["en", "nb"]
    for lang, localized in checked.localized.items():
        assert [m.id for m in localized.modules][-2:] == ["course-evaluation", "glossary"]
        (page,) = localized.modules[-1].pages
        assert page.title == f"Glossary {lang}" and [b.kind for b in page.blocks] == ["callout"]


def test_an_extra_page_parses_like_a_page_file(course, register):
    class Broken:
        @hookimpl
        def smab_extra_pages(self, parse):
            page = parse("---\ntitle: B\n---\n\n::: quizz\n:::\n", page_id="broken", module_id="b", made_by="Broken")
            return [page] if page else []

    register(Broken(), "test-broken")
    diags = Diagnostics()
    check_course(course, diags)
    assert [(d.code, Path(d.file).name) for d in diags.errors] == [("unknown-block", "course.yaml")] * 2  # en, nb


def test_a_page_file_may_not_take_an_extra_pages_id_reported_once(course, register):
    register(Glossary(page_id="start"), "test-glossary")  # modules/01-basics/01-start.*.md is page 'start'
    diags = Diagnostics()
    checked = check_course(course, diags)
    assert [(d.code, d.message) for d in diags.errors] == [
        ("extra-page-id", "a page is called 'start', the id of the page that the glossary plugin makes")
    ]
    assert [m.id for m in checked.localized["en"].modules] == ["basics", "test"]


def test_the_core_knows_nothing_of_surveys():
    survey = ROOT / "smab_pack" / "builtin" / "survey"
    for file in (ROOT / "smab_pack").rglob("*.py"):
        if survey in file.parents:
            continue
        text = file.read_text(encoding="utf-8")
        assert "::: survey" not in text and "builtin.survey" not in text, file
    assert not (ROOT / "smab_pack" / "evaluation.py").exists()
