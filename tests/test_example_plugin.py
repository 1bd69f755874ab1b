"""examples/smab-pack-hello, a third-party plugin, proves the plugin contract: installed like any
pip package, its ordering question is listed, rendered, graded and tracked in SCORM 1.2, SCORM 2004
(under scorm-again, with the strict value checker) and xAPI (in Ralph), while nothing in smab_pack/
names it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.support.scorm import ScormRun
from tests.support.xapi import CourseTab, new_actor, tincan_url, verbs, wait_for

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "smab-pack-hello"
CORRECT = {"start-steps": list("abcd"), "invoice-steps": list("abc")}


@pytest.fixture(scope="session")
def hello_site(tmp_path_factory) -> Path:
    """The example installed with pip, as a user would, into a folder of its own (not this venv,
    so no other test sees its plugin)."""
    target = tmp_path_factory.mktemp("hello-site")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps",
         "--target", str(target), str(EXAMPLE)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return target


def _smab(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-m", "smab_pack", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="session")
def hello_packages(hello_site, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("hello-dist")
    done = _smab(hello_site, "build", str(EXAMPLE / "course"), "-o", str(out), "-l", "en",
                 "-f", "scorm12", "-f", "scorm2004", "-f", "xapi", "-f", "outline", cwd=out)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return {p.stem.rsplit("-", 1)[1]: p for p in out.glob("*.zip")}


def test_nothing_in_smab_pack_names_the_plugin():
    named = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "smab_pack").rglob("*")
        if path.suffix in (".py", ".js", ".css", ".html", ".po")
        and re.search(r"smab.pack.hello|hello-|[\"']ordering[\"']|[\"']outline[\"']", path.read_text(encoding="utf-8"))
    ]
    assert named == []


@pytest.mark.slow  # installs the example with pip (about 30 s, once per session)
def test_the_plugin_is_listed_with_its_block_type_and_format(hello_site, tmp_path):
    listed = json.loads(_smab(hello_site, "plugins", "--format", "json", cwd=tmp_path).stdout)
    (hello,) = [p for p in listed["plugins"] if p["name"] == "hello"]
    assert hello["distribution"].startswith("smab-pack-hello")
    assert {"smab_block_types", "smab_formats", "smab_lint_rules"} <= set(hello["hooks"])
    text = _smab(hello_site, "plugins", cwd=tmp_path).stdout
    assert re.search(r"block types:.*\bordering\b", text) and re.search(r"formats:.*\boutline\b", text)


@pytest.mark.slow  # installs the example with pip (about 30 s, once per session)
def test_its_mistakes_are_located_errors(hello_site, tmp_path):
    course = tmp_path / "course"
    subprocess.run(["cp", "-r", str(EXAMPLE / "course"), str(course)], check=True)
    page = course / "modules" / "01-start" / "02-check.en.md"
    page.write_text(page.read_text(encoding="utf-8").replace("1. Deliver", "Deliver"), encoding="utf-8")
    done = _smab(hello_site, "validate", str(course), "--format", "json", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    found = [(d["code"], Path(d["file"]).name, d["line"]) for d in json.loads(done.stdout)["diagnostics"]]
    assert ("ordering-list", "02-check.en.md", 5) in found


@pytest.mark.slow  # installs the example with pip (about 30 s, once per session)
def test_its_own_tests_pass(hello_site, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(hello_site)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE / "tests")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and " passed" in done.stdout, done.stdout + done.stderr


@pytest.mark.slow  # installs the example with pip (about 30 s, once per session)
def test_the_outline_format_lists_the_typed_interactions(hello_packages):
    import zipfile

    outline = json.loads(zipfile.ZipFile(hello_packages["outline"]).read("outline.json"))
    interactions = [i for m in outline["modules"] for p in m["pages"] for i in p["interactions"]]
    assert [(i["id"], i["kind"], i["block"], i["points"]) for i in interactions] == [
        ("start-steps", "sequencing", "ordering", 2.0),
        ("invoice-steps", "sequencing", "ordering", 1.0),
    ]


def _put_in_order(frame, key: str, wanted: list[str]) -> None:
    """Click the question's own ▲ buttons until its steps are in ``wanted`` order (as a learner would)."""
    form = frame.locator(f'form.hello-ordering[data-q="{key}"]')
    for place, step in enumerate(wanted):
        while True:
            order = form.evaluate("f => Array.from(f.querySelectorAll('li')).map(li => li.dataset.step)")
            if order.index(step) == place:
                break
            form.locator(f'li[data-step="{step}"] button[data-move="-1"]').click()


def _answer(frame, page_id: str, question: str, correct: bool) -> None:
    key = f"{page_id}.{question}"
    if correct:
        _put_in_order(frame, key, CORRECT[question])
    frame.locator(f'form.hello-ordering[data-q="{key}"] .hello-check').click()
    frame.wait_for_function("k => SMAB.state.ans[k]", arg=key)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_scorm_records_the_ordering_question_as_sequencing(version, hello_packages, page, server):
    fmt = "scorm12" if version == "1.2" else "scorm2004"
    url = server.mount_zip(f"hello-{fmt}", hello_packages[fmt])
    run = ScormRun(page, server, version, url)
    frame = run.launch()
    _answer(frame, "steps", "start-steps", correct=True)
    assert "Correct" in frame.locator('form[data-q="steps.start-steps"] .hello-result').inner_text()
    run.next()
    _answer(frame, "check", "invoice-steps", correct=False)  # as first shown: never the right order
    shown = frame.evaluate(
        "Array.from(document.querySelectorAll('form[data-q=\"check.invoice-steps\"] li')).map(l => l.dataset.step)"
    )
    run.finish()  # the strict checker: every value conforms to the version's data model, no call refused

    data = run.cmi()["interactions"]
    first, second = (data[k] for k in sorted(data, key=int))
    sep = "," if version == "1.2" else "[,]"
    response = "student_response" if version == "1.2" else "learner_response"
    assert (first["id"], first["type"], first["result"]) == ("steps.start-steps", "sequencing", "correct")
    assert first[response] == sep.join("abcd") and first["correct_responses"]["0"]["pattern"] == sep.join("abcd")
    assert float(first["weighting"]) == 2
    assert (second["type"], second[response]) == ("sequencing", sep.join(shown))
    assert second["result"] == ("wrong" if version == "1.2" else "incorrect")
    if version == "1.2":  # 2 of 3 points against a mastery score of 50
        assert run.get("cmi.core.lesson_status") == "passed" and float(run.get("cmi.core.score.raw")) == pytest.approx(
            66.67, abs=0.01
        )
    else:
        assert run.get("cmi.success_status") == "passed" and float(run.get("cmi.score.scaled")) == pytest.approx(
            2 / 3, abs=1e-4
        )


@pytest.mark.browser
@pytest.mark.slow
def test_a_resumed_attempt_shows_the_order_the_learner_left(hello_packages, page, server):
    url = server.mount_zip("hello-scorm12", hello_packages["scorm12"])
    run = ScormRun(page, server, "1.2", url)
    frame = run.launch()
    _answer(frame, "steps", "start-steps", correct=True)
    run.next()
    run.unload()
    saved = run.get("cmi.suspend_data")
    second = ScormRun(page, server, "1.2", url)
    stored = {"cmi": {"suspend_data": saved, "core": {"lesson_location": "check", "entry": "resume",
                                                      "lesson_status": "incomplete", "student_id": "learner-1",
                                                      "student_name": "Hansen, Amina"}}}  # fmt: skip
    frame = second.launch(stored)
    form = frame.locator('form[data-q="steps.start-steps"]')
    assert form.evaluate("f => f.classList.contains('hello-done')")
    assert form.evaluate("f => Array.from(f.querySelectorAll('li')).map(l => l.dataset.step)") == list("abcd")


@pytest.mark.browser
@pytest.mark.slow
def test_xapi_sends_an_answered_sequencing_statement(hello_packages, page, server, lms, ralph):
    package = server.mount_zip("hello-xapi", hello_packages["xapi"])
    actor = new_actor("Ordering Tester")
    tab = CourseTab(page, tincan_url(package, f"{server.url}/xapi/", ralph.token, actor, str(uuid.uuid4())))
    frame = tab.open().main_frame
    _answer(frame, "steps", "start-steps", correct=True)
    tab.next()
    _answer(frame, "check", "invoice-steps", correct=False)
    tab.close()
    stored = wait_for(ralph, actor, lambda s: verbs(s).count("answered") == 2 and "terminated" in verbs(s))
    answered = {s["object"]["id"].rsplit("/", 1)[-1]: s for s in stored if verbs([s]) == ["answered"]}
    start = next(s for k, s in answered.items() if k.endswith("start-steps"))
    definition = start["object"]["definition"]
    assert definition["interactionType"] == "sequencing"
    assert definition["correctResponsesPattern"] == ["a[,]b[,]c[,]d"]
    assert [c["id"] for c in definition["choices"]] == list("abcd")
    assert start["result"]["response"] == "a[,]b[,]c[,]d" and start["result"]["success"] is True
    invoice = next(s for k, s in answered.items() if k.endswith("invoice-steps"))
    assert invoice["result"]["success"] is False
