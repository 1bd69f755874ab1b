// The saved-state codec (smab_pack/runtime/state.js) on its own, in node: round trips, the
// platform's limits, other versions of the course, and every kind of damaged or foreign input.
// Run: node --test tests/js/  (tests/test_state_codec.py runs it under pytest).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const path = require("node:path");

const { SMABState } = require(path.join(__dirname, "..", "..", "smab_pack", "runtime", "state.js"));

// Fingerprints as render/site.py makes them: 24 bits of SHA-256, base64url.
function fp(...parts) { return crypto.createHash("sha256").update(JSON.stringify(parts)).digest().subarray(0, 3).toString("base64url"); }
const TEXTY = new Set(["fill-in", "long-fill-in"]);

// A course model the way core.js hands it to the codec; questions: [page, id, type, nChoices], where
// type is what an answer is (Interaction.answer_shape): single and multiple are choice interactions.
function course({ id = "course-a", pages, questions, videos = [], shape = "v1", blocks = {} }) {
  const qs = questions.map(([page, qid, type, n, block = "quiz"]) => {
    const key = `${page}.${qid}`, choices = Array.from({ length: n }, (_, i) => "abcdefghijklmnopqrstuvwxyz"[i]);
    const kind = type === "single" || type === "multiple" ? "choice" : type;
    return { key, page, block, kind, multiple: type === "multiple", type, choices,
      fp: fp("question", key, type, TEXTY.has(type) ? [] : choices) };
  });
  return {
    cid: fp("course", id), shape, key: "k-" + shape,
    pages: pages.map((p) => ({ id: p, fp: fp("page", p) })),
    qs, media: videos.map((k) => ({ key: k, fp: fp("video", k) })), blocks,
  };
}
const PAGES = ["intro", "tax", "vat", "quiz", "end"];
const QUESTIONS = [
  ["tax", "q1", "single", 3], ["tax", "q2", "multiple", 5], ["tax", "q3", "true-false", 2],
  ["vat", "q1", "fill-in", 2], ["vat", "q2", "single", 4], ["quiz", "s1", "likert", 5],
  ["quiz", "s2", "long-fill-in", 0], ["quiz", "q3", "multiple", 4],
];
const base = () => course({ pages: PAGES, questions: QUESTIONS, videos: ["intro.film"] });
function state(m, ans = {}) {
  return { page: 3, seen: m.pages.map((_, i) => (i < 4 ? 1 : 0)), ans, flags: "cp", lang: "nb", help: "",
    media: { "intro.film": 1 }, best: 6667, hold: false, att: {}, seed: "" };
}
const ANSWERS = {
  "tax.q1": { r: ["b"], ok: true }, "tax.q2": { r: ["a", "c", "e"], ok: false }, "tax.q3": { r: ["a"], ok: true },
  "vat.q1": { r: "Merverdiavgift; 25 %, ~ja~, 'æøå' 日本 ✓", ok: true }, "vat.q2": { r: null, ok: false },
  "quiz.s1": { r: ["d"], ok: true }, "quiz.s2": { r: "More videos,\nplease; 100%", ok: true },
};

// What every decode must give, whatever it was fed: a state the run-time can use as it is.
function assertUsable(m, out) {
  const st = out.st;
  assert.equal(typeof out.lost, "boolean");
  assert.ok(Number.isInteger(st.page) && st.page >= 0 && st.page < m.pages.length, `page ${st.page}`);
  assert.equal(st.seen.length, m.pages.length);
  assert.ok(st.seen.every((b) => b === 0 || b === 1));
  assert.equal(typeof st.flags, "string"); assert.equal(typeof st.lang, "string");
  assert.ok(!/;/.test(st.flags + st.lang));
  assert.ok(st.best === null || (Number.isInteger(st.best) && st.best >= 0 && st.best <= 10000));
  assert.equal(typeof st.hold, "boolean");
  const media = new Set(m.media.map((v) => v.key));
  Object.keys(st.media).forEach((k) => assert.ok(media.has(k), `media done ${k}`));
  Object.entries(st.ans).forEach(([k, a]) => {
    const q = m.qs.find((x) => x.key === k);
    assert.ok(q, `answer for unknown question ${k}`);
    if (a.r === null) { assert.equal(typeof a.ok, "boolean"); return; }
    if (TEXTY.has(q.type)) assert.equal(typeof a.r, "string");
    else if (!["single", "multiple", "true-false", "likert"].includes(q.type)) assert.notEqual(a.r, undefined);
    else {
      assert.ok(Array.isArray(a.r) && a.r.length > 0 && a.r.every((c) => q.choices.includes(c)), `${k}: ${a.r}`);
      if (q.type !== "multiple") assert.equal(a.r.length, 1);
    }
  });
}
function decodeSafe(m, s) {
  const out = SMABState.decode(m, s); // must not throw
  assertUsable(m, out);
  return out;
}
// Seeded PRNG: the same inputs every run.
function rng(seed) { return () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32); }

test("a state comes back whole from the same version", () => {
  const m = base(), st = state(m, ANSWERS);
  const s = SMABState.encode(m, st, 4096);
  assert.match(s, /^2;/);
  assert.equal(parseInt(s.split(";")[1], 36), s.length, "the length field");
  assert.equal(s.split(";").length, 11);
  const out = decodeSafe(m, s);
  assert.deepEqual(out, { found: true, lost: false, kept: out.kept, same: true, st: { ...st, ans: out.st.ans } });
  assert.deepEqual(out.st.ans, Object.fromEntries(Object.entries(ANSWERS).map(([k, a]) => [k, a.r === null ? a : { r: a.r }])));
  assert.equal(out.kept, 1 + 4 + 1 + Object.keys(ANSWERS).length);
});

test("an empty state is no state, and nothing is lost", () => {
  const m = base();
  for (const s of [undefined, null, "", "null", "undefined"]) {
    const out = decodeSafe(m, s);
    assert.equal(out.found, false); assert.equal(out.lost, false); assert.equal(out.kept, 0);
  }
});

test("200 answered questions fit SCORM 1.2's 4,096 characters; long texts give way to their results", () => {
  const pages = Array.from({ length: 10 }, (_, i) => `page-${i}`);
  const questions = [];
  for (let n = 1; n <= 200; n++) questions.push([pages[(n - 1) % 10], `q${n}`, n <= 20 ? "fill-in" : "multiple", 5]);
  const m = course({ pages, questions });
  const ans = {};
  const long = "Ærlig talt, dette er et langt svar med æøå og mellomrom som må kodes i suspend_data ".repeat(2);
  m.qs.forEach((q) => { ans[q.key] = q.type === "fill-in" ? { r: long, ok: true } : { r: ["a", "c", "e"], ok: false }; });
  const st = { page: 9, seen: pages.map(() => 1), ans, flags: "", lang: "", media: {}, best: 1000, hold: true };
  const s = SMABState.encode(m, st, 4096);
  assert.ok(s.length <= 4096, `${s.length} characters`);
  const out = decodeSafe(m, s);
  assert.equal(out.lost, false);
  assert.equal(out.st.best, 1000); assert.equal(out.st.hold, true); // a score held back stays held
  assert.equal(Object.keys(out.st.ans).length, 200);
  m.qs.forEach((q) => assert.deepEqual(out.st.ans[q.key], q.type === "fill-in" ? { r: null, ok: true } : { r: ["a", "c", "e"] }));
  // With room (SCORM 2004's 64,000) the texts themselves are kept.
  const roomy = decodeSafe(m, SMABState.encode(m, st, 64000));
  assert.equal(roomy.st.ans["page-0.q1"].r, long);
});

test("more than the limit holds: the state still fits, says answers were left out, and keeps the rest", () => {
  const pages = ["p"], questions = Array.from({ length: 1200 }, (_, i) => ["p", `q${i}`, "multiple", 20]);
  const m = course({ pages, questions });
  const ans = {};
  m.qs.forEach((q) => { ans[q.key] = { r: q.choices.slice(0, 19), ok: false }; });
  const s = SMABState.encode(m, { page: 0, seen: [1], ans, flags: "", lang: "", media: {}, best: null }, 4096);
  assert.ok(s.length <= 4096 && s.length > 4000, `${s.length}`);
  assert.match(s, /,\+$/);
  const out = decodeSafe(m, s);
  assert.equal(out.lost, true); assert.equal(out.same, false);
  const kept = Object.keys(out.st.ans);
  assert.ok(kept.length > 300 && kept.length < 1200);
  kept.forEach((k) => assert.deepEqual(out.st.ans[k].r, ans[k].r));
});

test("cut at the platform's limit, anywhere: what is left before the cut is kept, nothing is made up", () => {
  const m = base(), st = state(m, ANSWERS), s = SMABState.encode(m, st, 64000);
  for (let n = 1; n < s.length; n++) {
    const out = decodeSafe(m, s.slice(0, n));
    assert.equal(out.lost, true, `cut at ${n}`);
    assert.equal(out.same, false);
    for (const [k, a] of Object.entries(out.st.ans)) assert.deepEqual(a.r, ANSWERS[k].r, `cut at ${n}: ${k}`);
    out.st.seen.forEach((b, i) => assert.ok(!b || st.seen[i]));
    if (out.st.flags) assert.equal(out.st.flags, "cp");
  }
  // An LMS that stores only 4,096 of a longer state (a SCORM 1.2 LMS given a 2004-sized one).
  const pages = ["p"], questions = Array.from({ length: 900 }, (_, i) => ["p", `q${i}`, "single", 26]);
  const big = course({ pages, questions }), ans = {};
  big.qs.forEach((q, i) => { ans[q.key] = { r: [q.choices[i % 26]], ok: true }; });
  const long = SMABState.encode(big, { page: 0, seen: [1], ans, flags: "c", lang: "", media: {}, best: 10000 }, 64000);
  assert.ok(long.length > 4096);
  const cut = decodeSafe(big, long.slice(0, 4096));
  assert.equal(cut.lost, true);
  assert.equal(cut.st.best, 10000); assert.equal(cut.st.flags, "c"); assert.deepEqual(cut.st.seen, [1]);
  const kept = Object.keys(cut.st.ans);
  assert.ok(kept.length > 500, `${kept.length} answers kept`);
  kept.forEach((k) => assert.deepEqual(cut.st.ans[k].r, ans[k].r));
});

test("another version: pages added, removed and reordered keep what still exists", () => {
  const m = base(), st = state(m, ANSWERS), s = SMABState.encode(m, st, 4096);
  const v2 = course({ pages: ["welcome", "vat", "intro", "tax", "end"], shape: "v2", videos: ["intro.film"],
    questions: QUESTIONS.filter(([p]) => p !== "quiz") }); // "quiz" page removed, "welcome" added, order changed
  const out = decodeSafe(v2, s);
  assert.equal(out.same, false);
  assert.equal(out.lost, true); // the removed page's answers and seen mark could not be placed
  assert.deepEqual(out.st.seen, [0, 1, 1, 1, 0]); // vat, intro, tax were seen; welcome is new
  assert.equal(out.st.page, 0); // the page the learner was on is gone
  assert.deepEqual(Object.keys(out.st.ans).sort(), ["tax.q1", "tax.q2", "tax.q3", "vat.q1", "vat.q2"]);
  assert.deepEqual(out.st.ans["tax.q2"], { r: ["a", "c", "e"] });
  assert.deepEqual(out.st.media, { "intro.film": 1 });
  // Only a page added: nothing is lost, but it is another version (the run-time holds the score).
  const added = course({ pages: PAGES.concat("extra"), questions: QUESTIONS, videos: ["intro.film"], shape: "v3" });
  const more = decodeSafe(added, s);
  assert.equal(more.lost, false); assert.equal(more.same, false);
  assert.equal(Object.keys(more.st.ans).length, Object.keys(ANSWERS).length);
  assert.equal(added.pages[more.st.page].id, "quiz");
});

test("another version: a question that changed type or choices starts afresh, the others keep their answers", () => {
  const m = base(), s = SMABState.encode(m, state(m, ANSWERS), 4096);
  const changed = QUESTIONS.map((q) => q.slice());
  changed[0][2] = "fill-in"; // tax.q1: choice -> fill-in
  changed[1][3] = 6; // tax.q2: a choice added
  changed[3][2] = "single"; changed[3][3] = 3; // vat.q1: fill-in -> choice
  const v2 = course({ pages: PAGES, questions: changed, videos: ["intro.film"], shape: "v2" });
  const out = decodeSafe(v2, s);
  assert.equal(out.lost, true); assert.equal(out.same, false);
  assert.deepEqual(Object.keys(out.st.ans).sort(), ["quiz.s1", "quiz.s2", "tax.q3", "vat.q2"]);
});

test("another course's state keeps nothing, even where its page and question ids are the same", () => {
  const m = base(), other = course({ id: "course-b", pages: PAGES, questions: QUESTIONS, videos: ["intro.film"] });
  const out = decodeSafe(m, SMABState.encode(other, state(other, ANSWERS), 4096));
  assert.equal(out.found, true); assert.equal(out.lost, true); assert.equal(out.kept, 0);
  assert.deepEqual(out.st.ans, {}); assert.ok(out.st.seen.every((b) => b === 0)); assert.equal(out.st.flags, "");
});

test("foreign data (other tools, JSON, noise) keeps nothing and says so", () => {
  const m = base();
  for (const s of ['{"page":3,"answers":[1,2]}', "viewed=1,2,3|lastviewedslide=3", "H4sIAAAAAAAA/6tWKkktLlGyUlAqSy0qzszPU6oFAA",
    "1", "2", "1;", "2;", ";;;;;;;;;;", "3;abc;1;AQ", "<xml/>", "\u0000\u0001\uFFFF", "2;zzzzzzz;" + "x".repeat(10000)]) {
    const out = decodeSafe(m, s);
    assert.equal(out.found, true, s); assert.equal(out.lost, true, s); assert.equal(out.kept, 0, s);
  }
  for (const s of [42, {}, [], { toString() { throw new Error("hostile"); } }, true]) assert.equal(decodeSafe(m, s).lost, true);
});

test("damaged fields: bad escapes, bad base64, wrong counts, huge or NaN pages are dropped one by one", () => {
  const m = base(), s = SMABState.encode(m, state(m, ANSWERS), 4096), p = s.split(";");
  const tok = p[10].split(","), fill = m.qs.find((q) => q.key === "vat.q1").fp;
  const withTokens = (t) => { const q = p.slice(); q[10] = t.join(","); const r = q.slice(2).join(";"); return `2;${(r.length + 3 + (r.length + 5).toString(36).length).toString(36)};${r}`; };
  assert.equal(decodeSafe(m, withTokens(tok)).lost, false); // the rebuilt state itself is sound
  // A bad URI escape in a text answer: that answer only.
  const esc = decodeSafe(m, withTokens(tok.map((t) => (t.startsWith(fill) ? fill + "~%E0%A4%A" : t))));
  assert.equal(esc.lost, true);
  assert.equal(esc.st.ans["vat.q1"], undefined);
  assert.equal(Object.keys(esc.st.ans).length, Object.keys(ANSWERS).length - 1);
  // A mask naming choices the question does not have, two picks for a single choice, junk.
  const single = m.qs.find((q) => q.key === "tax.q1").fp;
  for (const body of ["z", "3", "0", "01", "-1", "1.5", "NaN", "Infinity", "~text", ""]) {
    const out = decodeSafe(m, withTokens(tok.map((t) => (t.startsWith(single) ? single + body : t))));
    assert.equal(out.st.ans["tax.q1"], undefined, body); assert.equal(out.lost, true);
  }
  // A score above 100 %, a page that is no page, flags and a language that cannot be.
  for (const [i, v] of [[5, "zzz"], [5, "7pt"], [5, "!!1"], [5, "1!"], [4, "nope!"], [4, "AAAA"], [6, "c p"], [7, "en gb"], [7, "x".repeat(40)]]) {
    const q = p.slice(); q[i] = v;
    const r = q.slice(2).join(";"), t = `2;${(r.length + 3 + (r.length + 5).toString(36).length).toString(36)};${r}`;
    const out = decodeSafe(m, t);
    assert.equal(out.lost, true, `${i}=${v}`);
    assert.equal(Object.keys(out.st.ans).length, Object.keys(ANSWERS).length, `${i}=${v}: the answers stay`);
  }
  // Too many fields, too few, a length that does not match.
  assert.equal(decodeSafe(m, s + ";extra").lost, true);
  assert.equal(decodeSafe(m, p.slice(0, 9).join(";")).lost, true);
  assert.equal(decodeSafe(m, s.replace(/^2;[0-9a-z]+;/, "2;1;")).lost, true);
  // Version 1, damaged: huge and NaN page numbers, invalid base64 bits, a bad escape.
  const k = m.key;
  for (const v1 of [`1;${k};99999999999;AQ`, `1;${k};NaN;AQ`, `1;${k};-1;AQ`, `1;${k};2;!!!`, `1;${k};2;A`,
    `1;${k};2;AQ;~%E0%A4%A`, `1;${k};2;AQ;;;;;;;`, `1;${k};1e3;AQ`]) {
    const out = decodeSafe(m, v1);
    assert.equal(out.lost, true, v1); assert.equal(out.same, false);
  }
});

test("version-1 states (older packages) are still read", () => {
  const m = base();
  // page 2; pages 0-2 seen (bits 0b111 = "Bw"); tax.q1 = b (2), tax.q2 = a,c,e (21 = "l"), tax.q3 result only,
  // vat.q1 a text; flags, language, the video watched.
  const s = `1;${m.key};2;Bw;2,l,!1,~Merverdiavgift%3B%2025%20%25;cp;nb;AQ`;
  const out = decodeSafe(m, s);
  assert.equal(out.lost, false); assert.equal(out.same, false); // version 1 never counts as this very version
  assert.equal(out.st.page, 2); assert.deepEqual(out.st.seen, [1, 1, 1, 0, 0]);
  assert.deepEqual(out.st.ans, { "tax.q1": { r: ["b"] }, "tax.q2": { r: ["a", "c", "e"] }, "tax.q3": { r: null, ok: true },
    "vat.q1": { r: "Merverdiavgift; 25 %" } });
  assert.equal(out.st.flags, "cp"); assert.equal(out.st.lang, "nb"); assert.deepEqual(out.st.media, { "intro.film": 1 });
  // Trailing fields left out, as the version-1 writer did.
  assert.equal(decodeSafe(m, `1;${m.key};0;AQ`).lost, false);
  // Another version (stateKey): place and pages kept, answers not (they were positional).
  const other = decodeSafe(m, `1;oldkey;2;Bw;2,l,!1;cp`);
  assert.equal(other.lost, true); assert.equal(other.st.page, 2); assert.deepEqual(Object.keys(other.st.ans), []);
  assert.equal(other.kept, 3);
  // Same stateKey, but a question changed type (version 1's key did not see types): that answer is dropped.
  const typed = decodeSafe(m, `1;${m.key};2;Bw;2,l,!1,5`); // "5" is no answer for the fill-in vat.q1
  assert.equal(typed.lost, true); assert.equal(typed.st.ans["vat.q1"], undefined); assert.equal(Object.keys(typed.st.ans).length, 3);
});

test("fuzz: random strings and mutations of real states never throw and never give an unusable state", () => {
  const m = base(), s = SMABState.encode(m, state(m, ANSWERS), 4096), rand = rng(18);
  const alphabet = "2;1,~!%+-_AbCz09" + String.fromCharCode(0, 0xd800, 0x2028, 0xfeff) + "é日;;,,%%";
  const pick = () => alphabet[Math.floor(rand() * alphabet.length)];
  for (let n = 0; n < 3000; n++) {
    let x = s.split("");
    const edits = 1 + Math.floor(rand() * 4);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rand() * x.length), kind = rand();
      if (kind < 0.4) x[at] = pick(); else if (kind < 0.7) x.splice(at, 1); else x.splice(at, 0, pick());
    }
    const out = decodeSafe(m, x.join(""));
    // A mutation may still decode; whatever it keeps is an answer the learner could have given.
    if (!out.lost) assert.ok(out.kept > 0);
  }
  for (let n = 0; n < 2000; n++) {
    const len = Math.floor(rand() * 300);
    let x = rand() < 0.5 ? (rand() < 0.5 ? "2;" : "1;") : "";
    for (let i = 0; i < len; i++) x += rand() < 0.7 ? pick() : String.fromCharCode(Math.floor(rand() * 0xffff));
    decodeSafe(m, x);
  }
});

test("encode survives what a learner can type and what the run-time can hold", () => {
  const m = base();
  const odd = { "vat.q1": { r: "\ud800 lone surrogate", ok: false }, "tax.q1": { r: [], ok: false }, "quiz.s2": { r: "", ok: true } };
  const s = SMABState.encode(m, { page: 99, seen: [], ans: odd, flags: "", lang: "", media: {}, best: null }, 4096);
  const out = decodeSafe(m, s);
  assert.deepEqual(out.st.ans["vat.q1"], { r: null, ok: false }); // kept as its result
  assert.deepEqual(out.st.ans["tax.q1"], { r: null, ok: false });
  assert.deepEqual(out.st.ans["quiz.s2"], { r: "" });
  assert.equal(out.st.page, 0);
});

// Question types beyond the built-ins: a kind the codec has no mask for is kept as JSON; a block
// that registered encode/decode writes its own string. Both go after "~", like typed text.
test("a matching or numeric answer is kept as JSON; a block's own codec is used when it has one", () => {
  const m = course({ pages: ["p"], questions: [["p", "m1", "matching", 3, "hello"], ["p", "n1", "numeric", 0, "hello"]] });
  const ans = { "p.m1": { r: [["1", "a"], ["2", "c"]], ok: true }, "p.n1": { r: 25.5, ok: false } };
  const st = { page: 0, seen: [1], ans, flags: "", lang: "", media: {}, best: null, hold: false };
  const out = decodeSafe(m, SMABState.encode(m, st, 4096));
  assert.equal(out.same, true);
  assert.deepEqual(out.st.ans, { "p.m1": { r: [["1", "a"], ["2", "c"]] }, "p.n1": { r: 25.5 } });
  // Too long for the platform: a long answer (this JSON) gives way to its result, as a text does;
  // a short one (the number) stays whole.
  const full = SMABState.encode(m, st, 4096);
  const short = decodeSafe(m, SMABState.encode(m, st, full.length - 1));
  assert.deepEqual(short.st.ans, { "p.m1": { r: null, ok: true }, "p.n1": { r: 25.5 } });

  const calls = [];
  const blocks = { hello: {
    encode: (q, r) => { calls.push(q.key); return r.map((p) => p.join("")).join("-"); },
    decode: (q, s) => s.split("-").map((p) => [p[0], p[1]]),
  } };
  const own = course({ pages: ["p"], questions: [["p", "m1", "matching", 3, "hello"]], blocks });
  const s = SMABState.encode(own, { ...st, ans: { "p.m1": ans["p.m1"] } }, 4096);
  assert.match(s, /~1a-2c$/);
  assert.deepEqual(decodeSafe(own, s).st.ans, { "p.m1": { r: [["1", "a"], ["2", "c"]] } });
  assert.deepEqual(calls, ["p.m1"]);
  // What the block cannot read (it throws, or gives nothing) is lost, never a crash.
  blocks.hello.decode = () => { throw new Error("not mine"); };
  const lost = decodeSafe(own, s);
  assert.equal(lost.lost, true); assert.deepEqual(lost.st.ans, {});
});

test("the help language is kept with the course language, and states from before it still resume", () => {
  const m = base();
  for (const [lang, help] of [["nb", "ar"], ["", "uk"], ["nb", ""], ["pt-BR", "fa"]]) {
    const st = { ...state(m), lang, help };
    const s = SMABState.encode(m, st, 4096);
    const out = decodeSafe(m, s);
    assert.equal(out.lost, false, s); assert.equal(out.same, true);
    assert.equal(out.st.lang, lang); assert.equal(out.st.help, help);
  }
  // A state written before help languages (a plain language field) resumes whole, with no help language.
  const old = SMABState.encode(m, { ...state(m), lang: "nb" }, 4096);
  assert.match(old, /;nb;/);
  const back = decodeSafe(m, old);
  assert.equal(back.lost, false); assert.equal(back.st.lang, "nb"); assert.equal(back.st.help, "");
  // A field that cannot be languages is lost, never read as one.
  const bad = decodeSafe(m, old.replace(";nb;", ";nb/ar/uk;"));
  assert.equal(bad.lost, true); assert.equal(bad.st.help, "");
});

test("the learner's seed and the quizzes' attempts come back, and outlast a cut", () => {
  const m = base();
  m.groups = ["tax.check", "quiz.final"].map((key) => ({ key, fp: fp("group", key) }));
  const st = { ...state(m, ANSWERS), att: { "quiz.final": 3 }, seed: "k3x9a" };
  const s = SMABState.encode(m, st, 4096);
  assert.ok(s.split(";")[10].startsWith(`*k3x9a,@${m.groups[1].fp}3,`), s);
  const out = decodeSafe(m, s);
  assert.deepEqual([out.st.att, out.st.seed, out.lost, out.same], [{ "quiz.final": 3 }, "k3x9a", false, true]);
  // another version without that quiz: its count is dropped, the rest kept
  const other = decodeSafe({ ...m, groups: [m.groups[0]] }, s);
  assert.deepEqual([other.st.att, other.st.seed, other.lost], [{}, "k3x9a", true]);
  // at a tight limit the last answers give way, the seed and the attempts stay
  const cut = decodeSafe(m, SMABState.encode(m, st, 100));
  assert.deepEqual([cut.st.att, cut.st.seed, cut.lost], [{ "quiz.final": 3 }, "k3x9a", true]);
  // damaged tokens are dropped alone
  const bad = decodeSafe(m, s.replace("*k3x9a", "*K!").replace(`@${m.groups[1].fp}3`, `@${m.groups[1].fp}`));
  assert.deepEqual([bad.st.att, bad.st.seed, bad.lost], [{}, "", true]);
});

test("a state written before attempts comes back whole: every quiz at its first attempt, no seed yet", () => {
  const m = base(), st = state(m, ANSWERS);
  const old = SMABState.encode(m, st, 4096); // what a package without quizzes' rules wrote
  m.groups = [{ key: "tax.check", fp: fp("group", "tax.check") }];
  const out = decodeSafe(m, old);
  assert.deepEqual([out.st.att, out.st.seed, out.lost, out.same], [{}, "", false, true]);
  assert.equal(Object.keys(out.st.ans).length, Object.keys(ANSWERS).length);
});

test("parallel text on is kept after the help language ('+'), and only with one", () => {
  const m = base();
  const on = SMABState.encode(m, { ...state(m), lang: "nb", help: "ar", par: 1 }, 4096);
  assert.match(on, /;nb\/ar\+;/);
  const back = decodeSafe(m, on);
  assert.equal(back.lost, false); assert.equal(back.same, true);
  assert.equal(back.st.help, "ar"); assert.equal(back.st.par, 1);
  const off = decodeSafe(m, SMABState.encode(m, { ...state(m), lang: "nb", help: "ar", par: 0 }, 4096));
  assert.equal(off.st.help, "ar"); assert.equal(off.st.par, undefined);
  // no help language: nothing to show in parallel, nothing written
  assert.match(SMABState.encode(m, { ...state(m), lang: "nb", help: "", par: 1 }, 4096), /;nb;/);
  // "+" alone, or twice, is no language field
  for (const field of [";nb/+;", ";nb/ar++;", ";+;"]) {
    const bad = decodeSafe(m, on.replace(";nb/ar+;", field));
    assert.equal(bad.lost, true, field); assert.equal(bad.st.par, undefined, field);
  }
});
