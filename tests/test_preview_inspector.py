"""The LMS inspector of `smab-pack preview` (issue 11, point 3) against the real run-times: the same
learner journey is run under scorm-again (tests/harness/scorm.html) and inside the preview, and what
the inspector shows at the end (status, score, location, every interaction, suspend_data) must equal
what scorm-again recorded. One journey per format: SCORM 1.2 the passing one, SCORM 2004 the resume
one (stop half way, relaunch, pass); each value the course set is also checked against the standard's
types (tests/support/scorm_types.py) and no call may have been refused."""

from __future__ import annotations

import json
import shutil
import uuid
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from tests.conftest import SHIPPED, shipped_config
from tests.support.preview import PreviewRun, running_preview
from tests.support.scorm import ScormRun
from tests.support.xapi import CourseTab, is_video, new_actor, tincan_url, verbs, wait_for
from tests.test_scorm_runtime import _stored_by_lms

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
VERSIONS = {"scorm12": "1.2", "scorm2004": "2004"}


def _journey(run: ScormRun, kind: str, relaunch) -> None:
    """The learner's journey: 'pass' reads every page answering right and presses Finish; 'resume'
    stops on the page after the first graded quiz, comes back (relaunch) and does the same."""
    run.launch()
    if kind == "resume":
        pages = run.frame.evaluate("SMAB.data.pages.map(p => p.id)")
        first = next(q["page"] for q in run.frame.evaluate("SMAB.data.questions") if q["graded"])
        assert run.walk(correct=True, stop_at=pages[pages.index(first) + 1]) > 0
        run = relaunch(run)
    run.walk(correct=True)
    run.finish()


def _rows(cmi: dict) -> list[list[str]]:
    data = cmi["interactions"]
    return [
        [i["id"], i["type"], i["result"], i.get("student_response", i.get("learner_response"))]
        for i in (data[k] for k in sorted(data, key=int))
    ]


def _scorm_again_view(run: ScormRun, earlier: list[list[str]]) -> dict:
    """What scorm-again holds after the journey, in the inspector's terms (with the interactions
    of the earlier sessions of the attempt, which an LMS keeps)."""
    cmi = run.cmi()
    rows = earlier + _rows(cmi)
    if run.version == "1.2":
        core = cmi["core"]
        status, location = core["lesson_status"], core["lesson_location"]
        score = f"{core['score']['raw']} of {core['score']['max']}"
    else:
        status, location = f"{cmi['completion_status']} / {cmi['success_status']}", cmi["location"]
        s = cmi["score"]
        score = f"{s['raw']} of {s['max']} (scaled {s['scaled']})"
    return {"status": status, "score": score, "location": location, "suspend_data": cmi["suspend_data"], "rows": rows}


def _inspector_view(page) -> dict:
    """What the inspector panel shows (its text, not the script's variables)."""
    page.evaluate("smabInspector.flush()")  # what is shown after the last call (renders wait 30 ms)
    panel = page.locator("#pv-inspector")
    text = {name: panel.locator(f"[data-pv={name}]").text_content() for name in ("status", "score", "location", "raw")}
    rows = page.evaluate(
        "Array.from(document.querySelectorAll('#pv-i-rows tr')).slice(1)"
        ".map(r => Array.from(r.cells, c => c.textContent))"
    )
    return {
        "status": text["status"],
        "score": text["score"],
        "location": text["location"],
        "suspend_data": text["raw"],
        "rows": rows,
    }


@pytest.mark.parametrize(("fmt", "kind"), [("scorm12", "pass"), ("scorm2004", "resume")])
def test_the_inspector_shows_what_scorm_again_records(fmt, kind, page, server, shipped_packages, tmp_path):
    version, mastery = VERSIONS[fmt], shipped_config().mastery_score
    # One learner's seed in both sessions below (Math.random makes it): the final test draws the same questions
    page.add_init_script("Math.random = () => 0.42")
    # Under scorm-again, as tests/test_scorm_runtime.py runs it; the relaunch hands back what an LMS stores.
    url = server.mount_zip(f"{fmt}-en", shipped_packages[(fmt, "en")])
    runs, earlier = [ScormRun(page, server, version, url)], []

    def again(run: ScormRun) -> ScormRun:
        run.unload()
        earlier.extend(_rows(run.cmi()))
        runs.append(ScormRun(page, server, version, url))
        runs[-1].launch(_stored_by_lms(run, mastery))
        return runs[-1]

    _journey(runs[0], kind, again)
    expected = _scorm_again_view(runs[-1], earlier)
    assert expected["rows"] and expected["suspend_data"]
    assert page.js_errors == []

    course = tmp_path / "course"
    shutil.copytree(SHIPPED, course)
    with running_preview(course, "-f", fmt) as preview_url:
        run = PreviewRun(page, preview_url, version)

        def relaunch(run: PreviewRun) -> PreviewRun:
            run.assert_conforming()
            run.relaunch()
            return run

        _journey(run, kind, relaunch)
        shown = _inspector_view(page)
        assert run.lms()["stored"]["cmi.suspend_data"] == shown["suspend_data"]  # committed, not only set
        size = page.locator("[data-pv=size]").text_content()
        assert size == f"{len(shown['suspend_data'])} / {4096 if version == '1.2' else 64000}"
        questions = run.frame.evaluate("SMAB.data.questions.filter(q => SMAB.asked(q.key)).length")
        assert f"answers {questions} · best 100%" in page.locator("[data-pv=suspend]").text_content()
        _the_other_buttons(page, run, version)
    assert shown == expected
    assert len(shown["rows"]) == questions
    assert page.js_errors == []


def _the_other_buttons(page, run: PreviewRun, version: str) -> None:
    """New attempt starts from nothing; with the LMS made to fail, Commit answers false with the
    standard's code, nothing is stored and the learner is told; the phone frame is 390 × 844."""
    page.click("#pv-new")
    frame = run._started()
    page.evaluate("smabInspector.flush()")
    assert page.locator("[data-pv=count]").text_content() == "0"
    assert run.lms()["values"]["cmi.core.entry" if version == "1.2" else "cmi.entry"] == "ab-initio"
    stored = run.lms()["stored"]
    page.click("#pv-fail")
    assert page.get_attribute("#pv-fail", "aria-pressed") == "true"
    run.answer_visible(correct=True)
    run.next()
    page.wait_for_function("smabInspector.lms().calls.some(c => /Commit$/.test(c.fn) && c.result === 'false')")
    failed = [c for c in run.calls() if c["fn"].endswith("Commit") and c["result"] == "false"]
    assert {c["error"] for c in failed} == {"101" if version == "1.2" else "391"}
    assert run.lms()["stored"] == stored  # nothing reached the LMS's store
    assert "not being saved" in frame.locator(".smab-notice").inner_text()
    page.evaluate("smabInspector.flush()")
    assert "refused" in page.locator("[data-pv=calls]").text_content()
    page.click("#pv-fail")
    page.click("#pv-phone")
    box = page.locator("#pv-course").bounding_box()
    assert (box["width"], box["height"]) == (390, 844)


def _essence(statement: dict) -> str:
    """A statement as the journey makes it, without what differs per run (ids, times, durations,
    the learner and the registration)."""
    definition = statement["object"].get("definition", {})
    result = {k: v for k, v in statement.get("result", {}).items() if k != "duration"}
    return json.dumps(
        {
            "verb": statement["verb"]["id"],
            "object": statement["object"]["id"],
            "kind": definition.get("interactionType"),
            "pattern": definition.get("correctResponsesPattern"),
            "result": result,
        },
        sort_keys=True,
    )


def test_the_inspector_logs_what_ralph_stores(page, server, lms, ralph, shipped_packages, tmp_path):
    """xAPI: the passing journey reported to Ralph, then inside the preview: the inspector's statement
    log holds the same statements (verbs, objects, results), and shows the passing status and score."""
    package = server.mount_zip("xapi-en", shipped_packages[("xapi", "en")])
    page.add_init_script("Math.random = () => 0.42")  # one learner's seed in both sessions: the same draw
    actor, registration = new_actor(), str(uuid.uuid4())
    tab = CourseTab(page, tincan_url(package, f"{server.url}/xapi/", ralph.token, actor, registration))
    tab.open()
    tab.walk(correct=True)
    tab.close()
    stored = wait_for(ralph, actor, lambda found: verbs(found)[-1:] == ["terminated"])
    expected = [s for s in stored if not is_video(s)]
    assert page.js_errors == []

    course = tmp_path / "course"
    shutil.copytree(SHIPPED, course)
    with running_preview(course, "-f", "xapi") as preview_url:
        page.goto(preview_url)
        run = PreviewRun(page, preview_url, "xapi")
        run.wait_ready()
        run.walk(correct=True)
        # The learner closes the course: the frame goes away, its last statements leave with keep-alive.
        page.evaluate("document.getElementById('pv-course').contentWindow.location.replace('about:blank')")
        page.wait_for_function("smabInspector.lms().log.some(e => e.verb === 'terminated' && e.status === 200)")
        log = page.evaluate("smabInspector.lms().log")
        shown = [e["statement"] for e in log if e.get("statement") and e.get("status") == 200]
        refused = [e for e in log if e.get("status", 0) >= 400]
        page.evaluate("smabInspector.flush()")
        status = page.locator("[data-pv=status]").text_content()
        score = page.locator("[data-pv=score]").text_content()
        rows = page.locator("#pv-i-rows tr").count() - 1
    assert refused == []
    mine = [s for s in shown if not is_video(s)]
    assert sorted(map(_essence, mine)) == sorted(map(_essence, expected))
    assert verbs(mine)[0] == "initialized" and verbs(mine)[-1] == "terminated"
    assert rows == len(shown)
    assert status == "completed, passed"
    passed = next(s for s in expected if s["verb"]["id"].endswith("/passed"))["result"]["score"]
    assert score == f"{passed['raw']} of {passed['max']} (scaled {passed['scaled']})"
    assert page.js_errors == []


def test_the_cmi5_launch_in_the_preview(page, tmp_path):
    """cmi5: the preview launches the AU as a cmi5 LMS does (fetch URL, LMS.LaunchData, launched), the
    statements carry the session's id; the LRS made to fail loses nothing; the passing journey meets
    every session rule and ends satisfied; Finish goes to the returnURL."""
    course = tmp_path / "course"
    shutil.copytree(SHIPPED, course)
    with running_preview(course, "-f", "cmi5") as preview_url:
        page.goto(preview_url)
        run = PreviewRun(page, preview_url, "cmi5")
        run.wait_ready()
        page.wait_for_function("smabInspector.lms().log.some(e => e.verb === 'experienced' && e.status === 200)")
        launch = dict(parse_qsl(urlsplit(run.frame.url).query))
        assert {"endpoint", "fetch", "actor", "registration", "activityId"} <= set(launch)
        log = run.lms()["log"]
        assert [e.get("verb") or e["resource"] for e in log][:3] == ["launched", "fetch", "activities/state"]
        session = log[0]["statement"]["context"]["extensions"][SESSION]
        stored = [e["statement"] for e in log if e.get("statement") and e["status"] == 200]
        assert all(s["context"]["extensions"][SESSION] == session for s in stored)
        # The fetch URL answers once (cmi5 8.2.3): a second POST gets error-code 1.
        again = page.evaluate("u => fetch(u, {method: 'POST'}).then(r => r.json())", launch["fetch"])
        assert again["error-code"] == "1"

        page.click("#pv-fail")
        run.next()
        missed = run.current_page()  # its experienced statement meets the failing LRS
        page.wait_for_function("smabInspector.lms().log.some(e => e.status === 503)")
        expect(page.locator("#pv-i-refused")).to_contain_text("503")
        page.click("#pv-fail")
        run.next()  # the next page's statement takes the waiting one along
        page.wait_for_function(
            "p => smabInspector.lms().log.some(e => e.status === 200 && e.object && e.object.endsWith('/page/' + p))",
            arg=missed,
            timeout=30_000,
        )

        run.walk(correct=True)  # to the end: every statement of the passing journey meets the session rules
        run.frame.locator(".smab-exit").click()
        page.wait_for_function("smabInspector.lms().log.some(e => /returnURL/.test(e.what || ''))", timeout=30_000)
        log = run.lms()["log"]
        assert [e for e in log if e.get("status", 0) >= 400 and e["status"] != 503] == []
        mine = [
            e["statement"] for e in log if e.get("statement") and e["status"] == 200 and not is_video(e["statement"])
        ]
        assert verbs(mine).count("initialized") == 1 and verbs(mine)[-1] == "terminated"
        page.evaluate("smabInspector.flush()")
        assert page.locator("[data-pv=status]").text_content() == "completed, passed, satisfied"
    assert page.js_errors == []
