"""Every question kind of the quiz (matching, sequencing, numeric, cloze, free text, likert besides
the choice kinds) in one course (tests/fixtures/kinds), answered in Chromium as a learner would and
read back from what the LMS stored: scorm-again for SCORM 1.2 and 2004, with the strict data-model
checker over every value; Ralph for xAPI and cmi5, with the statement rules of tests/support."""

from __future__ import annotations

import uuid

import pytest

from smab_pack.pipeline import build
from tests.conftest import FIXTURES
from tests.support.scorm import ScormRun
from tests.support.xapi import CourseTab, new_actor, tincan_url, verbs, wait_for

COURSE = FIXTURES / "kinds"
LONG = ("My idea is a shop that sells spices from Somalia online. " * 8).strip()  # 455 characters: over 1.2's 255


@pytest.fixture(scope="module")
def kinds_packages(tmp_path_factory) -> dict[tuple[str, str], object]:
    out = tmp_path_factory.mktemp("kinds")
    built, _ = build(COURSE, out, formats=["scorm12", "scorm2004", "xapi", "cmi5"])
    return {(p.format, p.lang): p.path for p in built}


def _answer_all(run: ScormRun, correct: bool) -> None:
    for question in run.visible_questions():
        run.answer(question, correct, text=LONG)


def _interactions(run: ScormRun) -> dict[str, dict]:
    data = run.cmi()["interactions"]
    return {data[k]["id"].split(".", 1)[1]: data[k] for k in data}


@pytest.mark.browser
@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("correct", [True, False], ids=["right", "wrong"])
def test_scorm_records_every_kind_in_its_own_format(version, correct, kinds_packages, page, server):
    fmt = "scorm12" if version == "1.2" else "scorm2004"
    url = server.mount_zip(f"kinds-{fmt}-{correct}", kinds_packages[(fmt, "en")])
    run = ScormRun(page, server, version, url)
    run.launch()
    _answer_all(run, correct)
    run.finish()  # every value passes the strict checker (tests/support/scorm_types.py), no call refused
    got = _interactions(run)
    v12 = version == "1.2"
    sep, pair = (",", ".") if v12 else ("[,]", "[.]")
    response = "student_response" if v12 else "learner_response"
    result = "correct" if correct else ("wrong" if v12 else "incorrect")

    def pattern(i: dict, n: int = 0) -> str | None:
        return i.get("correct_responses", {}).get(str(n), {}).get("pattern")

    forms = got["forms"]
    assert (forms["type"], forms["result"], float(forms["weighting"])) == ("matching", result, 2)
    assert pattern(forms) == sep.join(f"{s}{pair}{t}" for s, t in [("1", "a"), ("2", "b"), ("3", "a")])
    if correct:
        assert sorted(forms[response].split(sep)) == sorted(pattern(forms).split(sep))
    steps = got["steps"]
    assert (steps["type"], steps["result"], pattern(steps)) == ("sequencing", result, sep.join("abcd"))
    assert (steps[response] == sep.join("abcd")) is correct
    vat, half = got["vat"], got["half"]
    assert (vat["type"], vat["result"], vat[response]) == ("numeric", result, "250" if correct else "1250")
    assert pattern(vat) == ("250" if v12 else "250[:]250")
    # a tolerance is a range: 2004 writes it, 1.2's one-number pattern cannot (and none is sent)
    assert pattern(half) == (None if v12 else "7.49[:]7.51") and half["result"] == result
    for gap, words in (("gaps-1", ["Enhetsregisteret", "the Central Coordinating Register"]),
                       ("gaps-2", ["Skatteetaten", "the Tax Administration"])):  # fmt: skip
        i = got[gap]
        assert (i["type"], i["result"], float(i["weighting"])) == ("fill-in", result, 1)
        assert [pattern(i, n) for n in range(2)] == (words if v12 else [f"{{case_matters=false}}{w}" for w in words])
        assert i[response] == (words[-1].upper() if correct else "not the answer")
    idea = got["idea"]
    assert (idea["type"], idea["result"], float(idea["weighting"])) == (
        "fill-in" if v12 else "long-fill-in",
        "neutral",
        0,
    )
    assert idea[response] == (LONG[:255] if v12 else "{lang=en}" + LONG)  # 1.2: CMIFeedback, 255  # 2004 keeps it whole
    ready = got["ready"]
    assert (ready["type"], ready["result"], ready[response]) == ("likert", "neutral", "4" if v12 else "likert_4")
    status = run.get("cmi.core.lesson_status" if v12 else "cmi.success_status")
    assert status == ("passed" if correct else "failed")


@pytest.mark.browser
def test_a_resumed_attempt_shows_every_answer_and_keeps_the_state_short(kinds_packages, page, server):
    url = server.mount_zip("kinds-resume", kinds_packages[("scorm12", "en")])
    run = ScormRun(page, server, "1.2", url)
    frame = run.launch()
    _answer_all(run, correct=True)
    run.unload()
    saved = run.get("cmi.suspend_data")
    # matching as "1a2b3a", sequencing as "abcd", numbers as written: nothing in JSON
    assert "%5B" not in saved and "~1a2b3a" in saved and "~abcd" in saved and "~250" in saved, saved
    stored = {"cmi": {"suspend_data": saved, "core": {"lesson_location": "kinds", "entry": "resume",
                                                      "lesson_status": "incomplete", "student_id": "learner-1",
                                                      "student_name": "Hansen, Amina"}}}  # fmt: skip
    frame = ScormRun(page, server, "1.2", url).launch(stored)
    shown = frame.evaluate("""() => {
      const f = k => document.querySelector(`form[data-q="kinds.${k}"]`);
      return {done: [...document.querySelectorAll('form.smab-q')].every(x => x.classList.contains('smab-done')),
              pairs: [...f('forms').querySelectorAll('select')].map(s => s.value),
              steps: [...f('steps').querySelectorAll('li')].map(l => l.dataset.step),
              half: f('half').querySelector('input').value,
              gaps: [...f('gaps').querySelectorAll('input')].map(i => i.value),
              idea: f('idea').querySelector('textarea').value.length,
              ready: f('ready').querySelector('input:checked').value}; }""")
    assert shown == {"done": True, "pairs": ["a", "b", "a"], "steps": list("abcd"), "half": "7.5",
                     "gaps": ["THE CENTRAL COORDINATING REGISTER", "THE TAX ADMINISTRATION"],
                     "idea": len(LONG), "ready": "likert_4"}  # fmt: skip


@pytest.mark.browser
def test_matching_and_sequencing_work_with_the_keyboard_alone(kinds_packages, page, server):
    url = server.mount_zip("kinds-keys", kinds_packages[("scorm2004", "en")])
    run = ScormRun(page, server, "2004", url)
    frame = run.launch()
    pairs = dict(frame.evaluate("SMAB.question('kinds.forms').pairs"))
    labels = frame.evaluate(
        "q => q.targets.map((t, i) => [t, q.targetLabels[i]])", frame.evaluate("SMAB.question('kinds.forms')")
    )
    frame.locator('select[data-item="1"]').focus()
    for item in "123":  # a select list takes letters and arrow keys; Tab moves on
        wanted = dict(labels)[pairs[item]]
        select = frame.locator(f'select[data-item="{item}"]')
        while select.evaluate("s => s.options[s.selectedIndex].text") != wanted:
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the Check button is next: Enter submits the form
    frame.wait_for_function("SMAB.state.ans['kinds.forms']")
    assert frame.evaluate("SMAB.state.ans['kinds.forms'].ok") is True

    # sequencing: Tab to a step's ▲ button and press Enter until the order is right
    def order() -> list[str]:
        return frame.evaluate(
            "[...document.querySelectorAll('form[data-q=\"kinds.steps\"] li')].map(l => l.dataset.step)"
        )

    for place, step in enumerate("abcd"):
        while order().index(step) != place:
            frame.locator(f'form[data-q="kinds.steps"] li[data-step="{step}"] button[data-move="-1"]').focus()
            page.keyboard.press("Enter")
            assert frame.evaluate("document.activeElement.dataset.move") == "-1"  # focus stays on the button
    frame.locator('form[data-q="kinds.steps"] button.smab-check').focus()
    page.keyboard.press("Enter")
    frame.wait_for_function("SMAB.state.ans['kinds.steps']")
    assert frame.evaluate("SMAB.state.ans['kinds.steps'].ok") is True
    assert page.js_errors == []


@pytest.mark.browser
def test_numbers_are_read_the_way_the_language_writes_them(kinds_packages, page, server):
    url = server.mount_zip("kinds-nb", kinds_packages[("scorm2004", "nb")])
    run = ScormRun(page, server, "2004", url)
    frame = run.launch()
    form = frame.locator('form[data-q="kinds.half"]')
    form.locator("input").fill("7 x")
    form.locator("button.smab-check").click()
    assert "7,5" in form.locator(".smab-result").inner_text()  # not a number: asked again, with an example
    form.locator("input").fill("7,5")
    form.locator("button.smab-check").click()
    frame.wait_for_function("SMAB.state.ans['kinds.half']")
    assert frame.evaluate("SMAB.state.ans['kinds.half']") == {"r": "7.5", "ok": True}


@pytest.mark.browser
@pytest.mark.parametrize("fmt", ["xapi", "cmi5"])
def test_xapi_and_cmi5_describe_every_kind(fmt, kinds_packages, page, server, lms, ralph):
    package = server.mount_zip(f"kinds-{fmt}", kinds_packages[(fmt, "en")])
    actor = new_actor("Kinds Tester")
    if fmt == "xapi":
        tab = CourseTab(page, tincan_url(package, f"{server.url}/xapi/", ralph.token, actor, str(uuid.uuid4())))
    else:
        lms.events.clear()
        session = lms.cmi5_launch(server.url, package, "urn:smab-pack:question-kinds/au", actor=actor,
                                  registration=str(uuid.uuid4()), mastery=0.5)  # fmt: skip
        tab = CourseTab(page, session["url"])
    tab.open()
    for question in tab.visible_questions():
        tab.answer(question, question["kind"] != "sequencing", text=LONG)  # the sequencing one wrong
    tab.close()
    stored = wait_for(ralph, actor, lambda s: verbs(s).count("answered") == 9 and "terminated" in verbs(s))
    answered = {s["object"]["id"].rsplit(".", 1)[-1]: s for s in stored if verbs([s]) == ["answered"]}
    forms = answered["forms"]["object"]["definition"]
    assert forms["interactionType"] == "matching"
    assert forms["correctResponsesPattern"] == ["1[.]a[,]2[.]b[,]3[.]a"]
    assert [c["id"] for c in forms["source"]] == ["1", "2", "3"] and [t["id"] for t in forms["target"]] == list("abc")
    assert answered["forms"]["result"]["success"] is True
    steps = answered["steps"]
    assert steps["object"]["definition"]["interactionType"] == "sequencing"
    assert [c["id"] for c in steps["object"]["definition"]["choices"]] == list("abcd")
    assert steps["result"]["success"] is False and steps["result"]["response"] != "a[,]b[,]c[,]d"
    half = answered["half"]
    assert half["object"]["definition"]["correctResponsesPattern"] == ["7.49[:]7.51"]
    assert (half["result"]["response"], half["result"]["success"]) == ("7.5", True)
    gap = answered["gaps-2"]
    assert gap["object"]["definition"]["interactionType"] == "fill-in"
    assert gap["result"]["response"] == "THE TAX ADMINISTRATION" and gap["result"]["success"] is True
    idea = answered["idea"]
    assert idea["object"]["definition"]["interactionType"] == "long-fill-in" and idea["result"]["response"] == LONG
    assert "success" not in idea["result"]
    ready = answered["ready"]["object"]["definition"]
    assert ready["interactionType"] == "likert" and [c["id"] for c in ready["scale"]][:1] == ["likert_1"]


@pytest.mark.browser
def test_right_and_wrong_are_told_by_signs_and_words_not_colour_alone(kinds_packages, page, server):
    """Issue 12 point 3: after checking, each choice says ✓/✗ with "your answer" / "correct answer",
    each matching item, step and gap says ✓ or ✗ (a wrong item also what it matches)."""
    url = server.mount_zip("kinds-marks", kinds_packages[("scorm2004", "en")])
    run = ScormRun(page, server, "2004", url)
    frame = run.launch()
    _answer_all(run, correct=False)
    marks = frame.evaluate("""() => Object.fromEntries([...document.querySelectorAll('form.smab-q')].map(f =>
        [f.dataset.q.split('.')[1], [...f.querySelectorAll('.smab-mark')].map(m => m.textContent)]))""")
    assert marks["owner"] == ["✓ Correct answer", "✗ Your answer"]
    assert len(marks["forms"]) == 3 and all(m.startswith("✗ Correct answer: ") for m in marks["forms"])
    assert len(marks["steps"]) == 4 and "✗" in marks["steps"]
    assert marks["gaps"] == ["✗", "✗"] and marks["idea"] == [] and marks["ready"] == []
    result = frame.locator('form[data-q="kinds.vat"] .smab-result').inner_text()
    assert result.startswith("✗ Not quite.") and "250" in result
    row = frame.locator('form[data-q="kinds.owner"] label.smab-choice').first.bounding_box()
    radio = frame.locator('form[data-q="kinds.owner"] input').first.bounding_box()
    assert row["height"] >= 44 and radio["width"] >= 20  # touch targets (WCAG 2.5.8) and a visible radio
    frame.locator(".smab-retry").click()  # a retry takes the signs away
    assert frame.evaluate("document.querySelectorAll('.smab-mark').length") == 0


@pytest.mark.browser
def test_matching_and_sequencing_read_right_to_left_in_arabic(kinds_packages, page, server):
    """In Arabic each matching item stands at the right with its list to its left, the steps'
    buttons on the left; screenshots in test-artifacts/ (quiz-matching-ar.png, quiz-sequencing-ar.png)."""
    url = server.mount_zip("kinds-ar", kinds_packages[("scorm2004", "ar")])
    frame = ScormRun(page, server, "2004", url).launch()
    assert frame.evaluate("document.documentElement.dir") == "rtl"
    artifacts = COURSE.parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    for key, part in (("forms", ".smab-pair"), ("steps", ".smab-steps li")):
        form = frame.locator(f'form[data-q="kinds.{key}"]')
        row = form.locator(part).first
        label, control = (row.locator("label"), row.locator("select")) if key == "forms" else (
            row.locator(":scope > span"), row.locator("button").first)  # fmt: skip
        # the words start at the right; the control comes after them, to their left
        assert label.bounding_box()["x"] > control.bounding_box()["x"]
        assert form.evaluate("f => getComputedStyle(f).direction") == "rtl"
        target = artifacts / f"quiz-{'matching' if key == 'forms' else 'sequencing'}-ar.png"
        form.screenshot(path=str(target))
        assert target.stat().st_size > 3_000
    assert page.js_errors == []
