"""One package, every language: switching language mid-course keeps one
continuous attempt (bookmark, answers, score, completion) in a real LMS run-time."""

from __future__ import annotations

import zipfile

import pytest

from smab_pack.pipeline import build
from tests.conftest import SHIPPED, shipped_config
from tests.support.pages import fragment
from tests.support.scorm import ScormRun

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory):
    built, _ = build(SHIPPED, tmp_path_factory.mktemp("mul"), formats=["scorm12", "scorm2004"], multilingual=True)
    return {p.format: p.path for p in built}


def test_one_package_per_format_holds_every_language(multilingual):
    config = shipped_config()
    for fmt, path in multilingual.items():
        assert path.name == f"{config.id}-{config.version}-mul-{fmt}.zip"
        # The first language in the shell; each other one's shell and texts in its fragment,
        # every page of every language in its own (loaded when needed: one language at a time)
        names = set(zipfile.ZipFile(path).namelist())
        assert {f"pages/{lang}.js" for lang in config.languages[1:]} <= names
        assert f"pages/{config.languages[0]}.js" not in names
        per_lang = {
            lang: sorted(n.split("/")[2] for n in names if n.startswith(f"pages/{lang}/")) for lang in config.languages
        }
        assert len({tuple(ids) for ids in per_lang.values()}) == 1 and per_lang[config.languages[0]]
        for lang in config.languages:
            page_id = per_lang[lang][0][: -len(".js")]
            assert fragment(zipfile.ZipFile(path).read(f"pages/{lang}/{page_id}.js"), "page")[:2] == [page_id, lang]


@pytest.mark.slow
@pytest.mark.parametrize("fmt,version", [("scorm12", "1.2"), ("scorm2004", "2004")])
def test_switching_language_keeps_one_attempt(multilingual, page, server, fmt, version):
    config = shipped_config()
    other = config.languages[1]
    url = server.mount_zip(f"mul-{fmt}", multilingual[fmt])
    run = ScormRun(page, server, version, url)
    frame = run.launch()
    assert frame.evaluate("document.documentElement.lang") == config.lang
    pages = frame.evaluate("SMAB.data.pages.map(p => p.id)")
    questions = frame.evaluate("SMAB.data.questions.filter(q => SMAB.asked(q.key)).length")  # a pool's drawn ones
    first_quiz = frame.evaluate("SMAB.data.questions.find(q => q.graded).page")
    stop = pages[pages.index(first_quiz) + 1]
    before = run.walk(correct=True, stop_at=stop)
    title_before = frame.locator(".smab-page:not([hidden]) h1").inner_text()

    frame.select_option(".smab-langs select", other)
    # the language's texts and this page arrive first (fragments)
    frame.wait_for_function("l => document.documentElement.lang === l", arg=other)
    assert frame.evaluate("[document.documentElement.lang, SMAB.data.course.lang]") == [other, other]
    assert run.current_page() == stop  # same place
    assert frame.locator(".smab-page:not([hidden]) h1").inner_text() != title_before  # now translated
    assert frame.evaluate("document.activeElement.tagName") == "SELECT"  # focus stays on the switcher
    # Answers given in the first language are still there, on their pages as those arrive in this
    # language (a page's body comes when it is shown: docs/architecture.md)
    assert len(run.done_forms(stop)) == before

    after = run.walk(correct=True)
    run.unload()
    assert before + after == questions
    assert page.evaluate("window.events.filter(e => e === 'initialize').length") == 1
    assert page.evaluate("window.events.filter(e => e === 'finish').length") == 1
    interactions = run.cmi()["interactions"]
    assert len(interactions) == questions
    if version == "1.2":
        assert run.get("cmi.core.lesson_status") == "passed" and float(run.get("cmi.core.score.raw")) == 100
        saved = run.get("cmi.suspend_data")
    else:
        assert run.get("cmi.success_status") == "passed" and run.get("cmi.completion_status") == "completed"
        assert float(run.get("cmi.score.scaled")) == 1
        saved = run.get("cmi.suspend_data")
    # The choice of language is part of the saved state: a relaunch opens in it.
    assert saved.split(";")[7] == other  # the language field of the saved state (state.js, version 2)
    again = ScormRun(page, server, version, url)
    key = "core" if version == "1.2" else None
    stored = {"cmi": {"suspend_data": saved, **({"core": {"entry": "resume"}} if key else {"entry": "resume"})}}
    frame = again.launch(stored)
    assert frame.evaluate("document.documentElement.lang") == other
    assert page.js_errors == []


@pytest.mark.slow
def test_switching_language_in_an_xapi_package_keeps_one_registration(tmp_path, page, server, lms, ralph):
    import uuid

    from tests.support.xapi import CourseTab, new_actor, tincan_url, verbs, wait_for

    config = shipped_config()
    built, _ = build(SHIPPED, tmp_path, formats=["xapi"], multilingual=True)
    url = server.mount_zip("mul-xapi", built[0].path)
    actor, registration = new_actor(), str(uuid.uuid4())
    tab = CourseTab(page, tincan_url(url, f"{server.url}/xapi/", ralph.token, actor, registration))
    tab.open()
    pages = page.evaluate("SMAB.data.pages.map(p => p.id)")
    tab.walk(correct=True, stop_at=pages[len(pages) // 2])
    other = config.languages[1]
    page.select_option(".smab-langs select", other)
    page.wait_for_function("l => document.documentElement.lang === l", arg=other)
    tab.walk(correct=True)
    tab.close()
    stored = wait_for(ralph, actor, lambda s: verbs(s)[-1:] == ["terminated"])
    names = verbs(stored)
    assert names.count("initialized") == 1 and names.count("terminated") == 1
    assert names.count("completed") == 1 and names.count("passed") == 1
    assert {s["context"]["registration"] for s in stored} == {registration}
    languages = [s["context"]["language"] for s in stored]
    switch = languages.index(other)
    assert set(languages[:switch]) == {config.lang} and set(languages[switch:]) == {other}
    # Question names follow the language the learner answered in.
    answered = [s for s in stored if s["verb"]["id"].endswith("answered")]
    assert {tuple(s["object"]["definition"]["name"]) for s in answered} == {(config.lang,), (other,)}
