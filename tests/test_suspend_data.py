"""SCORM 1.2 allows 4,096 characters of suspend_data: a course with 200
answered questions must fit, and come back whole on relaunch."""

from __future__ import annotations

import pytest

from smab_pack.pipeline import build
from tests.support.scorm import ScormRun

pytestmark = pytest.mark.browser

PAGES, PER_PAGE, FILL_INS = 10, 20, 20
LONG = "Ærlig talt, dette er et langt svar med æøå og mellomrom som må kodes i suspend_data " * 2


def _big_course(root):
    (root / "modules" / "01-all").mkdir(parents=True)
    (root / "course.yaml").write_text(
        "id: big-course\nversion: 1.0.0\ntitle: Big\nlanguages: [en]\nmastery_score: 50\n"
    )
    (root / "modules" / "01-all" / "module.yaml").write_text("title: All\n")
    n = 0
    for p in range(PAGES):
        lines = ["---", f"title: Page {p}", "---", "", "Questions.", "", "::: quiz"]
        for _ in range(PER_PAGE):
            n += 1
            if n <= FILL_INS:
                lines += ["", f"## Type the long answer {n} {{#q{n} type=fill-in}}", "", f"- [x] {LONG.strip()}"]
            else:
                lines += ["", f"## Question {n} {{#q{n} type=multiple}}", ""]
                lines += [f"- [{'x' if c in (0, 2) else ' '}] option {c}" for c in range(5)]
        lines += ["", ":::", ""]
        (root / "modules" / "01-all" / f"{p:02d}-page{p}.en.md").write_text("\n".join(lines))
    return n


def test_200_answers_fit_scorm12_suspend_data_and_are_restored(tmp_path, page, server):
    total = _big_course(tmp_path / "big")
    assert total == 200
    built, _ = build(tmp_path / "big", tmp_path / "dist", formats=["scorm12"])
    url = server.mount_zip("big-scorm12", built[0].path)
    run = ScormRun(page, server, "1.2", url)
    frame = run.launch()
    long_text = LONG
    # Answer through the course's own forms (as clicks would), page by page.
    for _ in range(PAGES):
        frame.evaluate(
            """(text) => {
            document.querySelectorAll('.smab-page:not([hidden]) form.smab-q').forEach(f => {
                const q = SMAB.question(f.dataset.q);
                if (q.kind === 'fill-in') f.querySelector('input').value = text;
                else f.querySelectorAll('input').forEach((i, k) => { i.checked = k % 2 === 0; });
                f.requestSubmit();
            });
        }""",
            long_text,
        )
        run.next()
    run.unload()
    data = run.get("cmi.suspend_data")
    assert 0 < len(data) <= 4096
    answered = sum(1 for c in run.commits()[-1]["cmi"]["interactions"].values() if c.get("result"))
    assert answered == 200

    stored = {
        "cmi": {
            "suspend_data": data,
            "core": {
                "entry": "resume",
                "lesson_location": run.get("cmi.core.lesson_location"),
                "lesson_status": run.get("cmi.core.lesson_status"),
            },
        }
    }
    again = ScormRun(page, server, "1.2", url)
    frame = again.launch(stored)
    again.show_every_page()
    restored = frame.evaluate("""() => Array.from(document.querySelectorAll('form.smab-q')).map(f => ({
        done: f.classList.contains('smab-done'),
        checked: Array.from(f.querySelectorAll('input:checked')).map(i => i.value).join('')}))""")
    assert len(restored) == 200 and all(r["done"] for r in restored)
    # Choice answers come back exactly (first, third and fifth option ticked).
    assert all(r["checked"] == "ace" for r in restored[FILL_INS:])
    assert frame.evaluate("Object.keys(SMAB.state.ans).length") == 200
    # The long fill-in texts did not fit beside 180 choice answers: their results were kept
    # (all right), so the score survives the relaunch.
    score = frame.evaluate("SMAB.status().score.scaled")
    assert score == pytest.approx(FILL_INS / 200)


def _mixed_course(root) -> None:
    """200 interactions of every kind: per page 3 matching (4 pairs), 3 sequencing (6 steps),
    3 numeric, 2 cloze of 2 gaps, 2 free texts, 2 likert items and 3 single choices, in a quiz that
    shuffles its questions and options; and a pool of 4 questions drawing 2 (20 answers more)."""
    (root / "modules" / "01-all").mkdir(parents=True)
    (root / "course.yaml").write_text("id: mixed\nversion: 1.0.0\ntitle: Mixed\nlanguages: [en]\nmastery_score: 50\n")
    (root / "modules" / "01-all" / "module.yaml").write_text("title: All\n")
    for p in range(PAGES):
        lines = ["---", f"title: Page {p}", "---", "", "::: quiz {#all attempts=5 shuffle=both}", ""]
        for n in range(3):
            lines += (
                [f"## Match {n} {{#m{n} type=matching}}", ""] + [f"- item {i} → target {i}" for i in range(4)] + [""]
            )
            lines += [f"## Order {n} {{#s{n} type=sequencing}}", ""] + [f"1. step {i}" for i in range(6)] + [""]
            lines += [f"## Number {n} {{#n{n} type=numeric}}", "", "- [x] 1234.5 ± 0.5", ""]
            lines += [f"## Pick {n} {{#c{n}}}", "", "- [x] yes", "- [ ] no", ""]
        for n in range(2):
            lines += [f"## Gaps {n} {{#g{n} type=cloze}}", "", "The [[first]] and the [[second|2nd]].", ""]
            lines += [f"## Write {n} {{#t{n} type=text max_length=255}}", ""]
            lines += [f"## Agree {n} {{#l{n} type=likert}}", ""]
        lines += [":::", "", "::: quiz {#pool draw=2 attempts=9}", ""]
        for n in range(4):
            lines += [f"## Pooled {n} {{#p{n}}}", "", "- [x] yes", "- [ ] no", ""]
        lines += [":::", ""]
        (root / "modules" / "01-all" / f"{p:02d}-page{p}.en.md").write_text("\n".join(lines))


def test_200_answers_of_every_kind_fit_scorm12_suspend_data_and_are_restored(tmp_path, page, server):
    _mixed_course(tmp_path / "mixed")
    built, _ = build(tmp_path / "mixed", tmp_path / "dist", formats=["scorm12"])
    url = server.mount_zip("mixed-scorm12", built[0].path)
    run = ScormRun(page, server, "1.2", url)
    frame = run.launch()
    assert frame.evaluate("SMAB.data.questions.length") == 200 + PAGES * 4
    for _ in range(PAGES):  # every answer through the course's own forms, right (sequencing reversed)
        # each pool answered wrong and retried twice: at its third attempt (a counter in the state), drawn anew
        for _ in range(2):
            frame.evaluate("""() => {
                const quiz = document.querySelector('.smab-page:not([hidden]) .smab-quiz[data-key$=".pool"]');
                quiz.querySelectorAll('form.smab-q:not([hidden])').forEach(f => {
                    f.querySelector('input[value="b"]').checked = true; f.requestSubmit(); });
                quiz.querySelector('.smab-retry').click(); }""")
        frame.evaluate(
            """(text) => document.querySelectorAll('.smab-page:not([hidden]) form.smab-q:not([hidden])').forEach(f => {
                const keys = (f.dataset.keys || f.dataset.q).split(' '), q = SMAB.question(keys[0]);
                const field = s => f.querySelector(s);
                if (f.dataset.keys) {
                    f.querySelectorAll('input').forEach((i, n) => { i.value = SMAB.question(keys[n]).accepted[0]; });
                } else if (q.kind === 'matching') {
                    q.pairs.forEach(p => { field(`select[data-item="${p[0]}"]`).value = p[1]; });
                } else if (q.kind === 'sequencing') {
                    const ol = field('ol');
                    [...ol.children].forEach(li => ol.prepend(li));
                } else if (q.kind === 'numeric') field('input').value = '1 234,7';
                else if (q.kind === 'long-fill-in') field('textarea').value = text;
                else (field('input[value="a"]') || field('input')).checked = true; // options may be shuffled
                f.requestSubmit();
            })""",
            LONG[:255],
        )
        run.next()
    before = frame.evaluate("SMAB.state.ans")
    drawn = frame.evaluate("[...document.querySelectorAll('form.smab-q:not([hidden])')].map(f => f.dataset.q)")
    run.unload()
    data = run.get("cmi.suspend_data")
    print(f"suspend_data for 220 answers of every kind, pools and attempts: {len(data)} characters")
    assert 0 < len(data) <= 4096
    assert data.split(";")[10].startswith("*") and data.count("@") == PAGES  # the seed, each pool's attempt
    # every answer recorded, the pools' first two attempts too
    assert sum(1 for c in run.commits()[-1]["cmi"]["interactions"].values() if c.get("result")) == 220 + PAGES * 4
    core = {k: run.get(f"cmi.core.{k}") for k in ("lesson_location", "lesson_status")}
    stored = {"cmi": {"suspend_data": data, "core": {"entry": "resume", **core}}}
    again = ScormRun(page, server, "1.2", url)
    frame = again.launch(stored)
    assert frame.evaluate("Object.keys(SMAB.state.ans).length") == 220
    again.show_every_page()
    assert frame.evaluate("[...document.querySelectorAll('form.smab-q:not([hidden])')].map(f => f.dataset.q)") == drawn
    assert frame.evaluate("SMAB.data.groups.filter(g => g.key.endsWith('.pool')).map(g => SMAB.attempt(g))") == [3] * 10
    assert frame.evaluate(
        "[...document.querySelectorAll('form.smab-q:not([hidden])')].every(f => f.classList.contains('smab-done'))"
    )
    answers = frame.evaluate("SMAB.state.ans")
    # every short answer comes back whole (the free texts gave way to their results, not the rest);
    # the score too (free texts and likert never count)
    kept = {k: a["r"] for k, a in answers.items() if a["r"] is not None}
    assert kept == {k: a["r"] for k, a in before.items() if ".t" not in k}
    assert answers["page0.m0"]["r"] == [[str(i + 1), "abcd"[i]] for i in range(4)]
    assert answers["page0.n0"]["r"] == "1234.7"
    # 14 points a page and the pool's 2 drawn, 3 of them sequencing (answered wrong)
    assert frame.evaluate("SMAB.status().score.scaled") == pytest.approx(1 - 30 / 160)
