// The preview's SCORM LMS (smab_pack/preview/assets/lms.js) on its own, in node: the lifecycle, access
// and error codes of the SCORM 1.2 and 2004 RTE books. The value types are checked against the Python
// oracle (tests/support/scorm_types.py) by tests/test_preview_lms.py.
// Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const { SMABLMS } = require(path.join(__dirname, "..", "..", "smab_pack", "preview", "assets", "lms.js"));

function session(version, stored = {}, hooks = {}) {
  const api = SMABLMS.api(version, stored, hooks);
  const p = version === "1.2" ? "LMS" : "";
  const call = (fn, ...args) => [api[p + fn](...args), api[p + "GetLastError"]()];
  return { api, call };
}

test("1.2: the session's lifecycle and its error codes", () => {
  const { call } = session("1.2");
  assert.deepEqual(call("GetValue", "cmi.core.lesson_status"), ["", "301"]);
  assert.deepEqual(call("Commit", ""), ["false", "301"]);
  assert.deepEqual(call("Initialize", "x"), ["false", "201"]);
  assert.deepEqual(call("Initialize", ""), ["true", "0"]);
  assert.deepEqual(call("Initialize", ""), ["false", "101"]);
  assert.deepEqual(call("Finish", ""), ["true", "0"]);
  assert.deepEqual(call("SetValue", "cmi.suspend_data", "x"), ["false", "301"]);
  assert.deepEqual(call("Finish", ""), ["false", "301"]);
});

test("2004: the session's lifecycle and its error codes", () => {
  const { call } = session("2004");
  assert.deepEqual(call("GetValue", "cmi.location"), ["", "122"]);
  assert.deepEqual(call("SetValue", "cmi.location", "a"), ["false", "132"]);
  assert.deepEqual(call("Commit", ""), ["false", "142"]);
  assert.deepEqual(call("Terminate", ""), ["false", "112"]);
  assert.deepEqual(call("Initialize", ""), ["true", "0"]);
  assert.deepEqual(call("Initialize", ""), ["false", "103"]);
  assert.deepEqual(call("Terminate", ""), ["true", "0"]);
  assert.deepEqual(call("Terminate", ""), ["false", "113"]);
  assert.deepEqual(call("GetValue", "cmi.location"), ["", "123"]);
  assert.deepEqual(call("SetValue", "cmi.location", "a"), ["false", "133"]);
  assert.deepEqual(call("Commit", ""), ["false", "143"]);
  assert.deepEqual(call("Initialize", ""), ["false", "104"]);
});

test("1.2: read-only, write-only, keywords, children and counts", () => {
  const { call } = session("1.2", { "cmi.core.student_id": "learner-1", "cmi.core.lesson_status": "not attempted" });
  call("Initialize", "");
  assert.deepEqual(call("GetValue", "cmi.core.student_id"), ["learner-1", "0"]);
  assert.deepEqual(call("SetValue", "cmi.core.student_id", "x"), ["false", "403"]);
  assert.deepEqual(call("GetValue", "cmi.core.exit"), ["", "404"]);
  assert.deepEqual(call("GetValue", "cmi.core.session_time"), ["", "404"]);
  assert.deepEqual(call("SetValue", "cmi.core._children", "x"), ["false", "402"]);
  assert.deepEqual(call("SetValue", "cmi.interactions._count", "3"), ["false", "402"]);
  assert.deepEqual(call("GetValue", "cmi.core.score._children"), ["raw,min,max", "0"]);
  assert.deepEqual(call("GetValue", "cmi.suspend_data._children"), ["", "202"]);
  assert.deepEqual(call("GetValue", "cmi.core._count"), ["", "203"]);
  assert.deepEqual(call("GetValue", "cmi.no_such_thing"), ["", "201"]);
  assert.deepEqual(call("GetValue", "cmi.suspend_data"), ["", "0"]); // 1.2: unset reads as "" without an error
  // An LMS never accepts "not attempted" from the SCO; values are typed.
  assert.deepEqual(call("SetValue", "cmi.core.lesson_status", "not attempted"), ["false", "405"]);
  assert.deepEqual(call("SetValue", "cmi.core.score.raw", "101"), ["false", "405"]);
  assert.deepEqual(call("SetValue", "cmi.core.session_time", "PT1S"), ["false", "405"]);
  assert.deepEqual(call("SetValue", "cmi.core.score.raw", "87.5"), ["true", "0"]);
});

test("1.2: suspend_data holds 4,096 characters, lesson_location 255", () => {
  const { call } = session("1.2");
  call("Initialize", "");
  assert.deepEqual(call("SetValue", "cmi.suspend_data", "x".repeat(4096)), ["true", "0"]);
  assert.deepEqual(call("SetValue", "cmi.suspend_data", "x".repeat(4097)), ["false", "405"]);
  assert.equal(call("GetValue", "cmi.suspend_data")[0].length, 4096); // the refused value changed nothing
  assert.deepEqual(call("SetValue", "cmi.core.lesson_location", "p".repeat(256)), ["false", "405"]);
});

test("1.2: interactions are write-only and grow one index at a time", () => {
  const { call } = session("1.2");
  call("Initialize", "");
  assert.deepEqual(call("SetValue", "cmi.interactions.1.id", "q1"), ["false", "201"]);
  assert.deepEqual(call("SetValue", "cmi.interactions.0.id", "q1"), ["true", "0"]);
  assert.deepEqual(call("GetValue", "cmi.interactions._count"), ["1", "0"]);
  assert.deepEqual(call("GetValue", "cmi.interactions.0.id"), ["", "404"]);
  assert.deepEqual(call("SetValue", "cmi.interactions.0.student_response", "a"), ["false", "201"]); // no type yet
  assert.deepEqual(call("SetValue", "cmi.interactions.0.type", "choice"), ["true", "0"]);
  assert.deepEqual(call("SetValue", "cmi.interactions.0.student_response", "ab"), ["false", "405"]);
  assert.deepEqual(call("SetValue", "cmi.interactions.0.student_response", "a,b"), ["true", "0"]);
});

test("2004: types, ranges, unset values and the interactions' dependencies", () => {
  const { call } = session("2004", { "cmi.completion_status": "unknown" });
  call("Initialize", "");
  assert.deepEqual(call("GetValue", "cmi._version"), ["1.0", "0"]);
  assert.deepEqual(call("GetValue", "cmi.location"), ["", "403"]);
  assert.deepEqual(call("GetValue", "cmi.session_time"), ["", "405"]);
  assert.deepEqual(call("SetValue", "cmi.credit", "credit"), ["false", "404"]);
  assert.deepEqual(call("GetValue", "cmi.nothing"), ["", "401"]);
  assert.deepEqual(call("SetValue", "cmi.score.scaled", "1.5"), ["false", "407"]);
  assert.deepEqual(call("SetValue", "cmi.score.scaled", "high"), ["false", "406"]);
  assert.deepEqual(call("SetValue", "cmi.session_time", "00:00:01"), ["false", "406"]);
  assert.deepEqual(call("SetValue", "cmi.interactions.0.type", "choice"), ["false", "408"]); // the id comes first
  assert.deepEqual(call("SetValue", "cmi.interactions.1.id", "q2"), ["false", "351"]);
  assert.deepEqual(call("SetValue", "cmi.interactions.0.id", "q1"), ["true", "0"]);
  assert.deepEqual(call("SetValue", "cmi.interactions.0.learner_response", "a"), ["false", "408"]); // the type comes first
  call("SetValue", "cmi.interactions.0.type", "choice");
  assert.deepEqual(call("SetValue", "cmi.interactions.0.learner_response", "a[,]a"), ["false", "406"]);
  assert.deepEqual(call("SetValue", "cmi.interactions.0.learner_response", "a[,]b"), ["true", "0"]);
  assert.deepEqual(call("GetValue", "cmi.interactions.0.learner_response"), ["a[,]b", "0"]);
  assert.deepEqual(call("GetValue", "cmi.interactions.1.id"), ["", "301"]);
  assert.deepEqual(call("GetValue", "cmi.interactions._count"), ["1", "0"]);
});

test("every call is seen, and a failing LMS makes Commit and Terminate answer false", () => {
  const seen = [];
  let fail = false, kept = null;
  const { call, api } = session("2004", {}, { call: (c) => seen.push(c), commit: (v) => (fail ? false : ((kept = v), true)) });
  call("Initialize", "");
  call("SetValue", "cmi.suspend_data", "abc");
  fail = true;
  assert.deepEqual(call("Commit", ""), ["false", "391"]);
  assert.match(api.GetDiagnostic(""), /could not store/);
  assert.deepEqual(call("Terminate", ""), ["false", "111"]);
  assert.equal(kept, null);
  fail = false;
  assert.deepEqual(call("Commit", ""), ["true", "0"]);
  assert.equal(kept["cmi.suspend_data"], "abc");
  assert.deepEqual(
    seen.map((c) => [c.fn, c.result, c.error]),
    [["Initialize", "true", "0"], ["SetValue", "true", "0"], ["Commit", "false", "391"], ["Terminate", "false", "111"], ["Commit", "true", "0"]],
  );
  assert.equal(api.GetErrorString("406"), "Data Model Element Type Mismatch");
});

test("a relaunch gets back what was stored, interactions and their types included", () => {
  const { call } = session("2004", { "cmi.interactions.0.id": "q1", "cmi.interactions.0.type": "true-false", "cmi.entry": "resume" });
  call("Initialize", "");
  assert.deepEqual(call("GetValue", "cmi.entry"), ["resume", "0"]);
  assert.deepEqual(call("GetValue", "cmi.interactions._count"), ["1", "0"]);
  assert.deepEqual(call("SetValue", "cmi.interactions.0.learner_response", "true"), ["true", "0"]);
  assert.deepEqual(call("SetValue", "cmi.interactions.0.learner_response", "yes"), ["false", "406"]);
});
