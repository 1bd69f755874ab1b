"""Drive a built SCORM package in Chromium with scorm-again as the LMS, the way
a learner would: real clicks on the course's own buttons and answers."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field

from playwright.sync_api import Frame, Page

from tests.support.scorm_types import refused, violations

_runs = itertools.count(1)
#: what the answerers type into a quiz's free-text question and into a survey's
QUIZ_TEXT = "An online shop for Somali spices."
SURVEY_TEXT = "More videos about tax, please."


@dataclass
class ScormRun:
    page: Page
    server: object
    version: str  # "1.2" or "2004"
    package_url: str
    run: str = field(default_factory=lambda: f"run{next(_runs)}")

    def launch(self, stored: dict | None = None, faults: dict | None = None) -> Frame:
        """Open the SCO under scorm-again; ``faults`` makes the API misbehave (see the harness)."""
        self.page.goto(f"{self.server.url}/harness/scorm.html")
        self.page.evaluate(
            "([v, u, r, s, f]) => launch(v, u, r, s, f)", [self.version, self.package_url, self.run, stored, faults]
        )
        self.page.wait_for_function("window.calls.some(c => /Initialize$/.test(c.fn))")
        frame = self.frame
        frame.wait_for_selector("html[data-smab=ready]", state="attached")
        return frame

    @property
    def frame(self) -> Frame:
        for frame in self.page.frames:
            if frame.url.endswith("/index.html") or "/index.html#" in frame.url:
                return frame
        raise AssertionError(f"course frame not loaded: {[f.url for f in self.page.frames]}")

    def cmi(self) -> dict:
        # window.LMS: the harness's scorm-again behind the recording facade (other harness pages: the API itself).
        return self.page.evaluate("JSON.parse(JSON.stringify((window.LMS || window.API || window.API_1484_11).cmi))")

    def calls(self) -> list[dict]:
        """Every API call the SCO made so far, in order (recorded by the harness)."""
        return self.page.evaluate("window.calls || []")

    def sets(self) -> dict[str, str]:
        """element → the last value the SCO set (accepted or not)."""
        setter = "LMSSetValue" if self.version == "1.2" else "SetValue"
        return {c["el"]: c["value"] for c in self.calls() if c["fn"] == setter}

    def assert_conforming(self) -> None:
        """Every value set conforms to the standard's data-model types, and the LMS
        accepted every call that no fault was injected into."""
        calls = self.calls()
        bad = violations(self.version, calls)
        assert not bad, "values that break SCORM " + self.version + ":\n" + "\n".join(bad)
        refusals = refused(calls)
        assert not refusals, "calls the LMS refused:\n" + "\n".join(refusals)

    def get(self, element: str) -> str:
        """Read a value straight from scorm-again's data model (not from our code)."""
        value = self.cmi()
        for key in element.split(".")[1:]:
            value = value[key]
        return value

    def current_page(self) -> str:
        return self.frame.evaluate("SMAB.data.pages[SMAB.state.page].id")

    def visible_questions(self) -> list[dict]:
        # a cloze question is one form over several interactions (its gaps): data-keys names them;
        # a pool's questions not drawn in this attempt are hidden forms, not asked
        return self.frame.evaluate("""() => Array.from(
            document.querySelectorAll('.smab-page:not([hidden]) form.smab-q:not([hidden])'))
            .map(f => { const keys = (f.dataset.keys || f.dataset.q).split(' ');
              return Object.assign({done: f.classList.contains('smab-done'), form: f.dataset.q, type: f.dataset.type,
                                    keys: keys, gaps: keys.map(k => SMAB.question(k))}, SMAB.question(keys[0])); })""")

    def answer(self, question: dict, correct: bool, text: str = QUIZ_TEXT) -> None:
        """Answer a question (as visible_questions describes it) right or wrong, as a learner would:
        select lists for matching, the ▲ buttons for sequencing, numbers in the language's own way."""
        form = self.frame.locator(f'form[data-q="{question.get("form", question["key"])}"]')
        kind, right, choices = question["kind"], question["correct"], question["choices"]
        if question.get("type") == "cloze":
            for n, gap in enumerate(question["gaps"]):
                form.locator("input").nth(n).fill(gap["accepted"][-1].upper() if correct else "not the answer")
        elif kind == "fill-in":
            form.locator("input[type=text]").fill(question["accepted"][0].upper() if correct else "not the answer")
        elif kind == "long-fill-in":
            form.locator("textarea").fill(text)
        elif kind == "matching":
            pairs = dict(question["pairs"])
            for item in choices:
                target = pairs[item] if correct else next(t for t in question["targets"] if t != pairs[item])
                form.locator(f'select[data-item="{item}"]').select_option(target)
        elif kind == "sequencing":
            if correct:  # as first shown the order is never right: a wrong answer is sent as it is
                self.put_in_order(question["form"], right)
        elif kind == "numeric":
            low, high = question["range"]["min"], question["range"]["max"]
            value = (low + high) / 2 if low is not None and high is not None else low if low is not None else high
            written = f"{value if correct else value + 1000:g}"
            if self.frame.evaluate("SMAB.data.course.lang").split("-")[0] in ("nb", "nn", "de", "es", "pl", "el"):
                written = written.replace(".", ",")  # the learner's own decimal comma
            form.locator("input").fill(written)
        elif kind == "likert":
            form.locator('input[value="likert_4"]').check()
        else:
            if correct:
                picks = right
            else:
                wrong = [c for c in choices if c not in right]
                picks = wrong[:1] if wrong else right[:1]
            for choice in picks:
                form.locator(f'input[value="{choice}"]').check()
        form.locator("button.smab-check").click()
        form.locator(".smab-result:not(:empty)").wait_for()

    def put_in_order(self, key: str, wanted: list[str]) -> None:
        """Click a sequencing question's ▲ buttons until its steps are in ``wanted`` order."""
        form = self.frame.locator(f'form[data-q="{key}"]')
        for place, step in enumerate(wanted):
            while form.evaluate("f => [...f.querySelectorAll('li')].map(li => li.dataset.step)").index(step) != place:
                form.locator(f'li[data-step="{step}"] button[data-move="-1"]').click()

    def answer_visible(self, correct: bool) -> int:
        """Answer the open quiz questions and survey questions of the page shown;
        watch its videos. Returns how many interactions were answered, as SMAB.data.questions
        counts them (a cloze question is one per gap)."""
        answered = 0
        for question in self.visible_questions():
            if not question["done"]:
                self.answer(question, correct)
                answered += len(question["keys"])
        self.watch_visible()
        return answered + self.answer_surveys()

    def answer_surveys(self, likert: str = "likert_4", text: str = SURVEY_TEXT) -> int:
        """Answer every open survey question of the page shown, then press each survey's one Send."""
        keys = self.frame.evaluate("""() => Array.from(document.querySelectorAll(
            '.smab-page:not([hidden]) .smab-sq:not(.smab-done)')).map(f => f.dataset.q)""")
        for key in keys:
            question = self.frame.locator(f'.smab-sq[data-q="{key}"]')
            if question.get_attribute("data-type") == "likert":
                question.locator(f'input[value="{likert}"]').check()
            else:
                question.locator("textarea").fill(text)
        forms = self.frame.locator(".smab-page:not([hidden]) form.smab-survey-form")
        for n in range(forms.count() if keys else 0):
            form = forms.nth(n)
            if form.locator(".smab-send").is_visible():
                form.locator(".smab-send").click()
                form.locator(".smab-result:not(:empty)").wait_for()
        return len(keys)

    def watch_visible(self, rate: float = 16) -> int:
        """Play each unwatched video of the page shown, muted and fast, to its end."""
        keys = self.frame.evaluate("""() => Array.from(
            document.querySelectorAll('.smab-page:not([hidden]) .smab-video'))
            .map(f => f.dataset.video).filter(k => !SMAB.state.media[k])""")
        for key in keys:
            fig = self.frame.locator(f'.smab-video[data-video="{key}"]')
            fig.locator("video").evaluate(f"v => {{ v.muted = true; v.playbackRate = {rate}; }}")
            fig.locator(".smab-vc-play").click()
            self.frame.wait_for_function("k => SMAB.state.media[k]", arg=key, timeout=30_000)
        return len(keys)

    def open_page(self, page_id: str) -> None:
        """Show a page from the table of contents and wait for its body (it may be a fragment on its way)."""
        self.frame.evaluate("id => document.querySelector(`a[data-page=${id}]`).click()", page_id)
        self.frame.wait_for_selector(f"#{page_id}[data-smab-full]:not([hidden])", state="attached")

    def show_every_page(self) -> None:
        """Show each page once, so that every page's body is in the document (they arrive when
        shown, docs/architecture.md), then come back to the page shown before."""
        here = self.current_page()
        for page_id in self.frame.evaluate("SMAB.data.pages.map(p => p.id)"):
            self.open_page(page_id)
        self.open_page(here)

    def done_forms(self, before: str) -> list[str]:
        """The questions shown answered (locked) on every page before ``before``, visiting each
        (pages arrive when shown, docs/architecture.md); then back on ``before``."""
        pages = self.frame.evaluate("SMAB.data.pages.map(p => p.id)")
        found: list[str] = []
        for page_id in pages[: pages.index(before)]:
            self.open_page(page_id)
            found += self.frame.evaluate(
                "id => Array.from(document.querySelectorAll(`#${id} form.smab-q.smab-done`)).map(f => f.dataset.q)",
                page_id,
            )
        self.open_page(before)
        return found

    def next(self) -> bool:
        button = self.frame.locator(".smab-next")
        if button.is_disabled():
            return False
        before = self.current_page()
        button.click()
        # another page, and its body in (a fragment fetched if it was not yet: docs/architecture.md)
        self.frame.wait_for_function(
            "(b) => SMAB.data.pages[SMAB.state.page].id !== b"
            " && document.querySelector('[data-smab-ui=page]:not([hidden])').hasAttribute('data-smab-full')",
            arg=before,
        )
        return True

    def walk(self, correct: bool, stop_at: str | None = None) -> int:
        """Read every page from here on, answering quizzes; stop on page ``stop_at``."""
        answered = 0
        while True:
            if stop_at and self.current_page() == stop_at:
                return answered
            answered += self.answer_visible(correct)
            if not self.next():
                return answered

    def unload(self) -> None:
        """The learner closes the course: the SCO's page goes away."""
        self.page.evaluate("unload()")
        self.page.wait_for_function("window.events.includes('finish')")
        self.assert_conforming()

    def finish(self) -> None:
        """The learner presses the course's own Finish button."""
        self.page.evaluate("window.calls.push({fn: 'finish-button'})")
        button = self.frame.locator(".smab-exit")
        assert button.is_visible(), "no visible Finish button"
        button.click()
        self.page.wait_for_function("window.events.includes('finish')")
        self.assert_conforming()

    def commits(self) -> list[dict]:
        return self.server.commits.get(self.run, [])


def dump(data: dict) -> str:
    return json.dumps(data, indent=1, sort_keys=True)[:4000]
