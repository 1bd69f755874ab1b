"""Learner journeys of the cmi5 and xAPI packages in Chromium, against the
strict test LMS (tests/support/lms.py) with Ralph behind it: relaunches,
crashes, fresh browsers, refused statements, a full storage, two tabs.

Each journey ends satisfied or not exactly as the learner's answers say, with
every cmi5-defined statement once per session; the statements counted per
journey (created, delivered, refused, set aside) are written to the file named
by SMAB_JOURNEY_FIGURES, when set."""

from __future__ import annotations

import json
import os
import time
import uuid

import pytest

from tests.conftest import shipped_config
from tests.support.statement_rules import ADL, SESSION_ID, session_of
from tests.support.xapi import CourseTab, is_video, new_actor, tincan_url

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COURSE_IRI = "urn:smab-pack:" + shipped_config().id
AU_ID = COURSE_IRI + "/au"
MASTERY = shipped_config().mastery_score / 100
SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"
ABANDONED = "https://w3id.org/xapi/adl/verbs/abandoned"
DEFINED = ("initialized", "completed", "passed", "failed", "terminated")
# A page the run-time can read the origin's storage from (every package is served from one origin).
BLANK = "/__storage__"


class Journey:
    """One registration's launches, in one or more browser contexts."""

    def __init__(self, browser, server, lms, ralph, packages, kind: str) -> None:
        self.browser, self.server, self.lms, self.ralph, self.kind = browser, server, lms, ralph, kind
        self.package = server.mount_zip(f"{kind}-en", packages[(kind, "en")])
        self.actor, self.registration = new_actor(), str(uuid.uuid4())
        self.since = lms.mark()
        self.contexts: list = []
        self.sessions: list[str] = []
        self.errors: list[str] = []
        self.reported = False

    def context(self, init_script: str | None = None):
        context = self.browser.new_context(viewport={"width": 1200, "height": 900})
        if init_script:
            context.add_init_script(init_script)
        self.contexts.append(context)
        return context

    def tab(self, context) -> CourseTab:
        page = context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        if self.kind == "cmi5":
            launch = self.lms.cmi5_launch(
                self.server.url, self.package, AU_ID, actor=self.actor, registration=self.registration, mastery=MASTERY
            )
            self.sessions.append(launch["session"])
            url = launch["url"]
        else:
            url = tincan_url(self.package, f"{self.server.url}/xapi/", self.ralph.token, self.actor, self.registration)
        return CourseTab(page, url)

    def stored(self) -> list[dict]:
        return self.ralph.statements(registration=self.registration)

    def wait(self, until, timeout: float = 30) -> list[dict]:
        """Poll the LRS for this registration's statements until ``until(statements)`` holds."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.stored()
            if until(found):
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; the LRS has {[s['verb']['id'].rsplit('/', 1)[-1] for s in found]}")
            time.sleep(0.3)

    def session_verbs(self, stored: list[dict], session: str) -> list[str]:
        return [
            s["verb"]["id"].rsplit("/", 1)[-1]
            for s in stored
            if session_of(s) == session
            and not is_video(s)
            and s["actor"] == self.actor
            and s["verb"]["id"] not in (ADL + "launched", SATISFIED, ABANDONED)
        ]

    def figures(self, name: str) -> dict:
        """Statements created, delivered, refused and set aside in this journey."""
        self.reported = True
        sent = [
            s for s in self.lms.sent[self.since[0] :] if s.get("context", {}).get("registration") == self.registration
        ]
        sent_ids = {s["id"] for s in sent}
        waiting, aside = set(), set()
        for context in self.contexts:
            page = context.new_page()
            page.goto(self.server.url + BLANK)
            found = page.evaluate("""() => { const out = {waiting: [], aside: []};
                for (const k of Object.keys(localStorage)) {
                  if (!k.startsWith('smab:xapi:')) continue;
                  let v; try { v = JSON.parse(localStorage.getItem(k)); } catch (e) { continue; }
                  const items = Array.isArray(v) ? v : (v && (v.items || v.aside)) || [];
                  const into = k.startsWith('smab:xapi:aside:') ? out.aside : out.waiting;
                  for (const s of items) if (s && (s.id || (s.s && s.s.id))) into.push(s.id || s.s.id);
                } return out; }""")
            waiting |= set(found["waiting"])
            aside |= set(found["aside"])
            page.close()
        for page in [p for c in self.contexts for p in c.pages]:
            try:  # an open tab's memory (storage may have been full)
                memory = page.evaluate(
                    "() => window.SMAB && SMAB.adapter && SMAB.adapter.aside ? SMAB.adapter.aside().map(a => a.id) : []"
                )
                aside |= set(memory)
            except Exception:
                pass
        delivered = {i for i in sent_ids if i in self.lms.stored}
        refused = {r.id for r in self.lms.received[self.since[1] :] if r.status not in (200, 204)} & sent_ids
        created = sent_ids | waiting | aside
        result = {
            "journey": name,
            "created": len(created),
            "delivered": len(delivered),
            "refused": len(refused - delivered),
            "set_aside": len(aside),
            "never_sent": len(created - sent_ids),
            "posts": sum(1 for r in self.lms.received[self.since[1] :] if r.id in sent_ids),
        }
        target = os.environ.get("SMAB_JOURNEY_FIGURES")
        if target:
            with open(target, "a", encoding="utf-8") as out:
                out.write(json.dumps(result) + "\n")
        return result

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def journey(request, playwright_browser, server, lms, ralph, shipped_packages):
    made: list[Journey] = []

    def start(kind: str = "cmi5") -> Journey:
        made.append(Journey(playwright_browser, server, lms, ralph, shipped_packages, kind))
        return made[-1]

    yield start
    for j in made:
        if not j.reported:  # a journey that failed early is counted too
            j.figures(request.node.name + " (unfinished)")
        j.close()


def _ended(journey: Journey, session: str):
    return lambda stored: "terminated" in journey.session_verbs(stored, session)


CRASHING = """(() => { const add = window.addEventListener;  // this page's unload handlers never run
    window.addEventListener = function (type, ...rest) {
      if (type !== 'pagehide' && type !== 'beforeunload') return add.call(this, type, ...rest); }; })();"""


def _crash(tab: CourseTab) -> None:
    """The page goes away without its pagehide/beforeunload handlers (a crash, a killed tab)."""
    tab.page.close(run_before_unload=False)


def _assert_cmi5_outcome(journey: Journey, stored: list[dict], *, passed: bool, crashed: tuple[int, ...] = ()) -> None:
    """Every cmi5-defined statement once per session; the registration's verdict as the answers say."""
    for i, session in enumerate(journey.sessions):
        names = journey.session_verbs(stored, session)
        for verb in DEFINED:
            assert names.count(verb) <= 1, (i, verb, names)
        assert names[:1] == ["initialized"], (i, names)
        if i in crashed:
            assert "terminated" not in names
            assert any(s["verb"]["id"] == ABANDONED and session_of(s) == session for s in stored), i
        else:
            assert names[-1] == "terminated", (i, names)
    every = [n for session in journey.sessions for n in journey.session_verbs(stored, session)]
    assert every.count("completed") == 1
    assert every.count("passed") == (1 if passed else 0)
    assert ("failed" in every) is (not passed)
    assert sum(s["verb"]["id"] == SATISFIED for s in stored) == (1 if passed else 0)
    assert journey.errors == []


def test_cmi5_pass(journey):
    j = journey()
    tab = j.tab(j.context())
    tab.open()
    tab.walk(correct=True)
    tab.close()
    stored = j.wait(_ended(j, j.sessions[0]))
    figures = j.figures("cmi5 pass")
    _assert_cmi5_outcome(j, stored, passed=True)
    assert figures["refused"] == 0 and figures["created"] == figures["delivered"]


def test_cmi5_fail(journey):
    j = journey()
    tab = j.tab(j.context())
    tab.open()
    tab.walk(correct=False)
    tab.close()
    stored = j.wait(_ended(j, j.sessions[0]))
    figures = j.figures("cmi5 fail")
    _assert_cmi5_outcome(j, stored, passed=False)
    assert figures["refused"] == 0 and figures["created"] == figures["delivered"]


def test_cmi5_browse(journey, lms):
    j = journey()
    context = j.context()
    page = context.new_page()
    launch = lms.cmi5_launch(
        j.server.url,
        j.package,
        AU_ID,
        actor=j.actor,
        registration=j.registration,
        mastery=MASTERY,
        launch_mode="Browse",
    )
    j.sessions.append(launch["session"])
    tab = CourseTab(page, launch["url"])
    tab.open()
    tab.walk(correct=True)
    tab.close()
    stored = j.wait(_ended(j, j.sessions[0]))
    figures = j.figures("cmi5 browse")
    assert j.session_verbs(stored, j.sessions[0]) == ["initialized", "terminated"]
    assert not any(s["verb"]["id"] == SATISFIED for s in stored)
    assert figures["created"] == figures["delivered"] == 2


def test_cmi5_close_and_relaunch_twice_in_the_same_browser(journey, lms):
    """The reply to each closing batch comes after the page is gone (issue 17: relaunches recorded nothing)."""
    j = journey()
    context = j.context()
    lms.delay_terminated = 3.0
    first = j.tab(context)
    first.open()
    pages = first.page.evaluate("SMAB.data.pages.map(p => p.id)")
    first.walk(correct=True, stop_at=pages[len(pages) // 2])
    first.close()
    j.wait(_ended(j, j.sessions[0]))
    second = j.tab(context)  # the same browser, at once: the first reply has not come yet
    second.open()
    second.walk(correct=True)
    second.close()
    j.wait(_ended(j, j.sessions[1]))
    third = j.tab(context)
    third.open()
    third.close()
    stored = j.wait(_ended(j, j.sessions[2]))
    figures = j.figures("cmi5 close and relaunch twice")
    _assert_cmi5_outcome(j, stored, passed=True)
    assert j.session_verbs(stored, j.sessions[2])[0 :: len(j.session_verbs(stored, j.sessions[2])) - 1] == [
        "initialized",
        "terminated",
    ]
    assert figures["refused"] == 0


def test_cmi5_crash_and_relaunch(journey):
    j = journey()
    context = j.context()
    first = j.tab(context)
    first.page.add_init_script(CRASHING)
    first.open()
    pages = first.page.evaluate("SMAB.data.pages.map(p => p.id)")
    first.walk(correct=True, stop_at=pages[len(pages) // 2])
    _crash(first)
    second = j.tab(context)  # the LMS abandons the first session (9.3.6.0-1)
    second.open()
    assert second.current_page() == pages[len(pages) // 2]  # the state was kept
    second.walk(correct=True)
    second.close()
    stored = j.wait(_ended(j, j.sessions[1]))
    figures = j.figures("cmi5 crash and relaunch")
    _assert_cmi5_outcome(j, stored, passed=True, crashed=(0,))
    assert figures["refused"] == 0


def test_cmi5_relaunch_from_a_fresh_browser_after_a_pass(journey):
    j = journey()
    first = j.tab(j.context())
    first.open()
    first.walk(correct=True)
    first.close()
    j.wait(_ended(j, j.sessions[0]))
    second = j.tab(j.context())  # another browser: no local storage, the state comes from the LMS
    second.open()
    second.close()
    stored = j.wait(_ended(j, j.sessions[1]))
    figures = j.figures("cmi5 fresh browser after a pass")
    _assert_cmi5_outcome(j, stored, passed=True)
    assert j.session_verbs(stored, j.sessions[1]) == ["initialized", "experienced", "terminated"]
    assert figures["refused"] == 0


def test_cmi5_passed_that_never_arrived_is_sent_by_the_next_session(journey, lms):
    """The LRS fails every `passed` of the first session (503): the AU must not
    believe it passed; a later session, from a fresh browser, sends it."""
    j = journey()
    lms.fail_verbs = {"passed": 503}
    first = j.tab(j.context())
    first.open()
    first.walk(correct=True)
    assert "passed" in first.page.locator(".smab-status").inner_text().lower()  # the learner did pass
    first.close()
    deadline = time.monotonic() + 10  # the closing batch (with passed in it) is refused too
    while not any(r.verb == "terminated" and r.session == j.sessions[0] for r in lms.received[j.since[1] :]):
        assert time.monotonic() < deadline, "the first session's closing batch never came"
        time.sleep(0.1)
    lms.fail_verbs = {}
    second = j.tab(j.context())  # this launch abandons the first session, which never terminated
    second.open()
    second.close()
    stored = j.wait(_ended(j, j.sessions[1]))
    figures = j.figures("cmi5 passed never arrived, fresh browser")
    assert "passed" not in j.session_verbs(stored, j.sessions[0])
    assert j.session_verbs(stored, j.sessions[1]).count("passed") == 1
    assert sum(s["verb"]["id"] == SATISFIED for s in stored) == 1, [
        (s["verb"]["id"].rsplit("/", 1)[-1], j.sessions.index(session_of(s)) if session_of(s) in j.sessions else None)
        for s in stored
        if not is_video(s)
    ]
    assert j.errors == []
    assert figures["delivered"] > 0


def test_a_refused_statement_is_set_aside_and_blocks_nothing(journey, lms):
    """A statement the LRS refuses for good (here every `experienced`, 400) is
    kept aside and reported; everything behind it is delivered, in order."""
    j = journey("xapi")
    lms.fail_verbs = {"experienced": 400}
    context = j.context()
    tab = j.tab(context)
    messages: list[str] = []
    tab.page.on("console", lambda m: messages.append(m.text))
    tab.open()
    pages = tab.page.evaluate("SMAB.data.pages.map(p => p.id)")
    tab.walk(correct=True)
    # What the property is about happens while the session runs: let the queue drain before the
    # tab closes (a refused statement in the last request of a closing page would take the
    # statements sent with it along, and a fast walk on a busy machine leaves one there).
    tab.page.wait_for_function(DRAINED, timeout=60_000)
    aside = tab.page.evaluate("SMAB.adapter.aside ? SMAB.adapter.aside().map(a => [a.verb, a.status]) : []")
    tab.close()
    stored = j.wait(lambda s: [x["verb"]["id"].rsplit("/", 1)[-1] for x in s if not is_video(x)][-1:] == ["terminated"])
    figures = j.figures("xapi every experienced refused")
    names = [s["verb"]["id"].rsplit("/", 1)[-1] for s in stored if not is_video(s)]
    assert "experienced" not in names
    assert names.count("passed") == 1 and names.count("completed") == 1 and names[-1] == "terminated"
    assert len(aside) >= len(pages) - 1 and all(a == ["experienced", 400] for a in aside)
    assert any("set aside" in m for m in messages)
    assert figures["set_aside"] >= len(pages) - 1


#: the adapter's queue is empty (what it sent, the LRS answered)
DRAINED = "!SMAB.adapter.pending || SMAB.adapter.pending() === 0"


def _tincan_counts(stored: list[dict]) -> dict[str, int]:
    names = [s["verb"]["id"].rsplit("/", 1)[-1] for s in stored if not is_video(s)]
    return {n: names.count(n) for n in set(names)}


def test_xapi_with_storage_full(journey):
    """localStorage.setItem throws (quota exhausted): nothing is lost, nothing sent twice, order kept."""
    j = journey("xapi")
    context = j.context("""Storage.prototype.setItem = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };""")
    tab = j.tab(context)
    tab.open()
    pages = tab.page.evaluate("SMAB.data.pages.map(p => p.id)")
    questions = tab.page.evaluate("SMAB.data.questions.filter(q => SMAB.asked(q.key)).length")
    tab.walk(correct=True)
    tab.close()
    stored = j.wait(lambda s: _tincan_counts(s).get("terminated") == 1)
    figures = j.figures("xapi storage full")
    counts = _tincan_counts(stored)
    assert counts["experienced"] == len(pages) and counts["answered"] == questions
    assert counts["initialized"] == counts["completed"] == counts["passed"] == 1
    assert len({s["id"] for s in stored}) == len(stored)
    stamps = [s["timestamp"] for s in stored]
    assert stamps == sorted(stamps)
    assert figures["created"] == figures["delivered"] and figures["refused"] == 0
    assert j.errors == []


def test_xapi_two_tabs_of_one_registration(journey, lms):
    """Two tabs of the same launch: every statement exactly once, each tab's in its order."""
    j = journey("xapi")
    lms.delay_terminated = 2.0  # the first tab's closing reply comes late, while the other goes on
    context = j.context()
    a, b = j.tab(context), j.tab(context)
    a.open()
    pages = a.page.evaluate("SMAB.data.pages.map(p => p.id)")
    a.walk(correct=True, stop_at=pages[3])
    b.open()
    b.walk(correct=True, stop_at=pages[5])
    a.walk(correct=True, stop_at=pages[6])
    a.close()
    b.walk(correct=True)
    b.close()
    stored = j.wait(lambda s: _tincan_counts(s).get("terminated") == 2)
    figures = j.figures("xapi two tabs")
    sent_ids = [s["id"] for s in lms.sent[j.since[0] :] if s.get("context", {}).get("registration") == j.registration]
    assert set(sent_ids) == {s["id"] for s in stored if s["actor"] == j.actor}  # nothing lost
    twice = sorted(
        {(s["verb"]["id"].rsplit("/", 1)[-1], s["id"]) for s in lms.sent[j.since[0] :] if sent_ids.count(s["id"]) > 1}
    )
    assert len(sent_ids) == len(set(sent_ids)), f"sent twice: {twice}"
    # Order: within each tab's own statements (one initialized each), stored order is creation order.
    counts = _tincan_counts(stored)
    assert counts["initialized"] == 2 and counts["completed"] == 1 and counts["passed"] == 1
    stamps = [s["timestamp"] for s in stored]
    assert stamps == sorted(stamps)
    assert figures["created"] == figures["delivered"]
    assert j.errors == []


def test_a_refused_batch_is_retried_one_by_one(journey, lms, ralph):
    """Statements queued while the LRS is down leave together once it is back; when the
    batch is refused (one bad statement in it), each is sent alone: only that one is lost."""
    j = journey("xapi")
    tab = j.tab(j.context())
    tab.open()
    pages = tab.page.evaluate("SMAB.data.pages.map(p => p.id)")
    j.wait(lambda s: _tincan_counts(s).get("initialized") == 1)
    lms.fail_verbs = {"answered": 503}  # down for answers: they wait, and what follows them
    tab.walk(correct=True, stop_at=pages[6])  # past the first quiz
    pending = tab.page.evaluate("SMAB.adapter.pending ? SMAB.adapter.pending() : 2")
    assert pending >= 2
    lms.fail_verbs = {"answered": 400}  # back, but refusing answers for good
    tab.page.wait_for_function(DRAINED, timeout=60_000)
    tab.walk(correct=True)
    tab.page.wait_for_function(DRAINED, timeout=60_000)  # as above: before the tab closes
    tab.close()
    stored = j.wait(lambda s: _tincan_counts(s).get("terminated") == 1)
    figures = j.figures("xapi refused batch retried singly")
    counts = _tincan_counts(stored)
    assert "answered" not in counts
    assert counts["experienced"] == len(pages) and counts["terminated"] == 1
    assert figures["set_aside"] >= 1
    refused = {r.status for r in lms.received[j.since[1] :] if r.verb == "experienced" and r.status != 200}
    assert refused <= {503, 400}  # an experienced was refused only inside a batch, never alone


def test_session_id_of_a_launch_is_on_every_statement(journey):
    """cmi5 10.2.1.0-6: the contextTemplate (with its session id) is the context of every statement."""
    j = journey()
    tab = j.tab(j.context())
    tab.open()
    tab.walk(correct=True, stop_at="register-in-one-minute")
    tab.watch_visible()
    tab.close()
    stored = j.wait(_ended(j, j.sessions[0]))
    figures = j.figures("cmi5 with a video")
    assert figures["created"] == figures["delivered"] and figures["refused"] == 0
    au = [s for s in stored if s["actor"] == j.actor]
    assert {s["context"]["extensions"][SESSION_ID] for s in au} == {j.sessions[0]}
    assert any(is_video(s) for s in au)
