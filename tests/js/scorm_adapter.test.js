// The SCORM adapter (smab_pack/builtin/scorm/adapter.js) on its own, in node, against a recording
// fake of the LMS's API: the values it writes are checked against the data-model types of
// SCORM 1.2 (CMITimespan, CMITime, CMIFeedback) and SCORM 2004 (timeinterval, time, the
// response formats), the way the browser journeys check scorm-again's copy of them.
// Run: node --test tests/js/  (tests/test_state_codec.py runs every file here under pytest).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const SOURCE = fs.readFileSync(
  path.join(__dirname, "..", "..", "smab_pack", "builtin", "scorm", "adapter.js"),
  "utf8",
);

// The adapter as the SCORM format packages it (the placeholders filled in), in a window
// whose LMS API records every SetValue and answers "true".
function adapter(version, { held = {}, early = false } = {}) {
  const set = new Map();
  const calls = [];
  const ok = (name) => (...args) => {
    calls.push([name, ...args]);
    return "true";
  };
  const api =
    version === "1.2"
      ? {
          LMSInitialize: ok("LMSInitialize"),
          LMSGetValue: (k) => (k in held ? held[k] : ""),
          LMSSetValue: (k, v) => (calls.push(["LMSSetValue", k, v]), set.set(k, v), "true"),
          LMSCommit: ok("LMSCommit"),
          LMSFinish: ok("LMSFinish"),
          LMSGetLastError: () => "0",
        }
      : {
          Initialize: ok("Initialize"),
          GetValue: (k) => (k in held ? held[k] : ""),
          SetValue: (k, v) => (calls.push(["SetValue", k, v]), set.set(k, v), "true"),
          Commit: ok("Commit"),
          Terminate: ok("Terminate"),
          GetLastError: () => "0",
        };
  const window = { console: { warn() {} } };
  window[version === "1.2" ? "API" : "API_1484_11"] = api;
  window.parent = window;
  const SMAB = { data: { course: { lang: "nb" }, questions: [{}, {}] }, warn() {} };
  const code = SOURCE.replace(/__SCORM_VERSION__/g, version).replace(/__SCORM_SCORE_EARLY__/g, String(early));
  vm.runInNewContext(code, { window, SMAB, String, Math, parseInt, parseFloat, isNaN, Array, Date });
  return { a: SMAB.adapter, set, calls };
}

// SCORM 1.2 CMITimespan: HHHH:MM:SS.SS (hours 2-4 digits, optional 1-2 decimals)
const CMI_TIMESPAN = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;
// SCORM 2004 timeinterval (second,10,2): ISO 8601 duration, at most two decimals of seconds
const TIMEINTERVAL = /^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?)?$/;

function record(kind, response, pattern, extra = {}) {
  return {
    id: "m1-p1-q1",
    kind,
    text: "Which register?",
    weight: 1,
    pattern,
    response,
    result: true,
    latency: 65432,
    time: new Date(Date.UTC(2026, 11, 1, 9, 5, 7, 123)),
    choices: ["a", "b", "c"],
    ...extra,
  };
}

test("SCORM 1.2 session time is a CMITimespan, rounded to hundredths, hours capped at 9999", () => {
  for (const [ms, want] of [
    [0, "0000:00:00.00"],
    [1234, "0000:00:01.23"],
    [3723456, "0001:02:03.46"],
    [59995, "0000:01:00.00"],
    [10000 * 3600 * 1000, "9999:00:00.00"],
  ]) {
    const { a, set } = adapter("1.2");
    a.start();
    a.finish({ exit: false, finished: false }, ms);
    const got = set.get("cmi.core.session_time");
    assert.equal(got, want, `${ms} ms`);
    assert.match(got, CMI_TIMESPAN);
    assert.equal(set.get("cmi.core.exit"), "suspend");
  }
});

test("SCORM 2004 session time is a timeinterval(second,10,2) with only the parts needed", () => {
  for (const [ms, want] of [
    [0, "PT0.00S"],
    [1234, "PT1.23S"],
    [61000, "PT1M1.00S"],
    [3723456, "PT1H2M3.46S"],
    [3600000, "PT1H0M0.00S"],
  ]) {
    const { a, set } = adapter("2004");
    a.start();
    a.finish({ exit: true, finished: true }, ms);
    const got = set.get("cmi.session_time");
    assert.equal(got, want, `${ms} ms`);
    assert.match(got, TIMEINTERVAL);
    assert.equal(set.get("cmi.exit"), "normal");
  }
});

test("finishing sends one Terminate and no Commit before it", () => {
  const { a, calls } = adapter("2004");
  a.start();
  a.finish({ exit: false, finished: false }, 1000);
  const names = calls.map((c) => c[0]).filter((n) => n !== "SetValue");
  assert.deepEqual(names, ["Initialize", "Terminate"]);
});

test("SCORM 2004 interactions: each kind's response and pattern in the 2004 formats", () => {
  const cases = [
    [record("choice", ["a", "c"], [["a", "c"]]), "a[,]c", "a[,]c"],
    [record("true-false", true, [true]), "true", "true"],
    [
      record(
        "matching",
        [
          ["1", "a"],
          ["2", "b"],
        ],
        [
          [
            ["1", "a"],
            ["2", "b"],
          ],
        ],
      ),
      "1[.]a[,]2[.]b",
      "1[.]a[,]2[.]b",
    ],
    [record("sequencing", ["c", "a", "b"], [["c", "a", "b"]]), "c[,]a[,]b", "c[,]a[,]b"],
    // typed text never splits into a list, and a leading "{" is not read as a delimiter
    [record("fill-in", "{x}one[,]two", ["one"]), " {x}one, two", "{case_matters=false}one"],
  ];
  for (const [rec, response, pattern] of cases) {
    const { a, set } = adapter("2004");
    a.start();
    a.interaction(rec);
    const p = "cmi.interactions.0.";
    assert.equal(set.get(p + "id"), rec.id);
    assert.equal(set.get(p + "type"), rec.kind);
    assert.equal(set.get(p + "learner_response"), response, rec.kind);
    assert.equal(set.get(p + "correct_responses.0.pattern"), pattern, rec.kind);
    assert.equal(set.get(p + "result"), "correct");
    assert.match(set.get(p + "latency"), TIMEINTERVAL);
    assert.equal(set.get(p + "latency"), "PT1M5.43S");
    // time(second,10,2): at most two decimals of seconds
    assert.equal(set.get(p + "timestamp"), "2026-12-01T09:05:07.12Z");
    assert.match(set.get(p + "description"), /^\{lang=nb\}/);
  }
});

test("SCORM 1.2 interactions: its own vocabulary and formats", () => {
  const cases = [
    [record("choice", ["a", "c"], [["a", "c"]]), "choice", "a,c"],
    [record("true-false", false, [true]), "true-false", "f"],
    [record("long-fill-in", "x".repeat(300), []), "fill-in", "x".repeat(255)], // CMIFeedback: 255
    [record("likert", "b", []), "likert", "b"],
    [record("likert", "agree", [], { choices: ["disagree", "neutral", "agree"] }), "likert", "3"],
  ];
  for (const [rec, type, response] of cases) {
    const { a, set } = adapter("1.2");
    a.start();
    a.interaction({ ...rec, result: null });
    const p = "cmi.interactions.0.";
    assert.equal(set.get(p + "type"), type, rec.kind);
    assert.equal(set.get(p + "student_response"), response, rec.kind);
    assert.ok(response.length <= 255);
    assert.equal(set.get(p + "result"), "neutral");
    assert.equal(set.get(p + "latency"), "0000:01:05.43");
    assert.match(set.get(p + "latency"), CMI_TIMESPAN);
    // CMITime: HH:MM:SS in the learner's local time
    assert.match(set.get(p + "time"), /^\d{2}:\d{2}:\d{2}$/);
    assert.equal(set.get(p + "description"), undefined); // 1.2 has no description
  }
});

test("a review session writes nothing", () => {
  const { a, calls } = adapter("2004", { held: { "cmi.mode": "review" } });
  const info = a.start();
  assert.equal(info.readOnly, true);
  a.interaction(record("choice", ["a"], [["a"]]));
  a.update({ score: { scaled: 1, graded: true, all: true }, completed: true, success: "passed", progress: 1 });
  a.save("state", "page");
  a.commit();
  assert.deepEqual(
    calls.filter((c) => c[0] === "SetValue" || c[0] === "Commit"),
    [],
  );
});
