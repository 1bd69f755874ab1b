/* SCORM adapter: connects the smab run-time to an LMS's SCORM API.
   The format plugin fills in the version ("1.2" or "2004") and the score setting when packaging.
   Every API call goes through call(): it may throw, answer "false" or find the API gone; the
   course carries on, the learner is told once, and what failed is sent again on the next page. */
(function (w) {
  "use strict";
  var V = "__SCORM_VERSION__", is12 = V === "1.2", early = "__SCORM_SCORE_EARLY__" === "true";
  var A = null, prior = {}, cur = {}, count = 0, readOnly = false;
  var RANK = { "": 0, "not attempted": 0, unknown: 0, browsed: 1, incomplete: 1, completed: 2, failed: 3, passed: 4 };
  var FN = is12
    ? { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", end: "LMSFinish", err: "LMSGetLastError" }
    : { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", end: "Terminate", err: "GetLastError" };

  // The standard discovery walk: up the parents (at most 500), then the opener's.
  function walk(win, name) {
    for (var n = 0; win && n <= 500; n++) {
      try { if (win[name]) return win[name]; } catch (_) { return null; }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  function find(name) {
    var a = walk(w, name);
    try { if (!a && w.opener) a = walk(w.opener, name); } catch (_) { /* cross-origin opener */ }
    try { if (!a && w.top.opener) a = walk(w.top.opener, name); } catch (_) { /* cross-origin opener */ }
    return a;
  }
  // Something the LMS did not take: logged each time, the learner told once (SMAB.warn).
  function trouble(what) {
    try { w.console.warn("smab-pack: the LMS did not take " + what); } catch (_) { /* no console */ }
    if (SMAB.warn) SMAB.warn("lms_not_saving");
  }
  function call(fn, a, b) { // the API's answer as a string, or null when it threw or is gone
    try { return String(b === undefined ? A[FN[fn]](a) : A[FN[fn]](a, b)); } catch (_) { return null; }
  }
  function code() { var c = call("err", undefined); return c === null ? "(no answer)" : c; }
  function get(k) { var v = call("get", k); if (v === null) trouble(FN.get + " " + k + " (it threw)"); return v || ""; }
  // Read-only (review/browse) sessions write nothing; a refusal is logged with the LMS's error code.
  function set(k, v) {
    if (readOnly) return false;
    var r = call("set", k, String(v));
    if (r === "true") return true;
    trouble(FN.set + " " + k + "=" + String(v).slice(0, 40) + (r === null ? " (it threw)" : " (error " + code() + ")"));
    return false;
  }
  function pad(n, l) { n = String(n); while (n.length < (l || 2)) n = "0" + n; return n; }
  function span12(ms) { // CMITimespan HHHH:MM:SS.SS
    var cs = Math.round(ms / 10), s = Math.floor(cs / 100);
    return pad(Math.min(Math.floor(s / 3600), 9999), 4) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60) + "." + pad(cs % 100);
  }
  function iso(ms) { // timeinterval(second,10,2), only the parts needed: PT1H2M3.45S, PT3.45S
    var cs = Math.round(ms / 10), s = Math.floor(cs / 100), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    return "PT" + (h ? h + "H" : "") + (h || m ? m + "M" : "") + (s % 60) + "." + pad(cs % 100) + "S";
  }
  // time(second,10,2): at most two decimals of seconds (toISOString writes three).
  function stamp(t) { return t.toISOString().replace(/(\.\d\d)\dZ$/, "$1Z"); }
  // localized_string_type (SPM 250) with its language. Descriptions share 3,000 characters
  // (at most 120 each, none under 24): an LMS may post the whole model in one request.
  function describe(text) {
    var t = String(text).replace(/\s+/g, " ").trim(), max = Math.min(120, Math.floor(3000 / SMAB.data.questions.length)), cut;
    if (max < 24) return "";
    if (t.length > max) {
      t = t.slice(0, max - 1);
      cut = t.lastIndexOf(" ");
      t = t.slice(0, cut > max / 2 ? cut : t.length) + "\u2026";
    }
    return "{lang=" + SMAB.data.course.lang + "}" + t;
  }
  // Typed text in a 2004 fill-in: "[,]" would split it into a list, and a leading "{" is read
  // as a delimiter (Moodle and scorm-again refuse one they do not know), so it stays one string.
  function lit(t, n) {
    t = String(t);
    // Cut after the replacements: they lengthen the text, and the limit is the LMS's.
    return (is12 ? t : t.replace(/\[,\]/g, ", ").replace(/^\{/, " {")).slice(0, n);
  }
  // A value of a typed record (a response, or one correct pattern) in this version's format, by the
  // interaction's kind (docs/plugins.md gives each kind's shape). 1.2 knows fewer kinds: long-fill-in
  // is its fill-in (255 characters) and other its performance.
  function value(rec, v, pattern) {
    var k = rec.kind;
    if (v == null) return "";
    if (k === "true-false") return is12 ? (v ? "t" : "f") : String(v);
    if (k === "matching") v = v.map(function (p) { return p.join(is12 ? "." : "[.]"); });
    else if (is12 && (k === "likert" || Array.isArray(v))) v = [].concat(v).map(function (c) { return char12(rec, c); });
    if (Array.isArray(v)) return v.join(is12 ? "," : "[,]"); // choice, sequencing, matching; 1.2's likert
    // 1.2's student_response and pattern are CMIFeedback (255 characters); 2004's fill-in strings 250
    if (k === "fill-in") return pattern && !is12 ? "{case_matters=" + !!rec.caseMatters + "}" + lit(v, 250) : lit(v, pattern || is12 ? 255 : 250);
    // 2004's long-fill-in takes 4,000 characters with a language
    if (k === "long-fill-in") return is12 ? String(v).slice(0, 255) : "{lang=" + SMAB.data.course.lang + "}" + String(v).slice(0, 3980);
    // 1.2's numeric pattern is one CMIDecimal: a range has none there (the result still says right or wrong)
    if (k === "numeric" && pattern) return is12 ? (v.min === v.max ? String(v.min) : null) : [v.min, v.max].join("[:]");
    return String(v).slice(0, is12 ? 255 : 4000);
  }
  // 1.2's choice, sequencing and likert responses are single characters 0-9/a-z: the choice ids when
  // each is one (the quiz's a, b, c), else each choice's place on the list (1, 2, … z).
  function char12(rec, id) {
    var i = rec.choices.indexOf(id);
    return rec.choices.every(function (c) { return /^[0-9a-z]$/.test(c); }) ? id : i < 0 ? "" : (i + 1).toString(36);
  }
  var TYPE12 = { "long-fill-in": "fill-in", other: "performance" };

  SMAB.adapter = {
    // 2004 allows 64,000 characters, but the whole model must stay small (see describe):
    // past 8,000 the state keeps text answers as results only (the interactions keep the text).
    name: "scorm" + V, limit: is12 ? 4096 : 8000,
    exitable: "finish", // a Finish button: the learner ends the session (and, when done, the attempt)
    start: function () {
      A = find(is12 ? "API" : "API_1484_11");
      if (!A || call("init", "") !== "true") return null;
      var info = { state: get("cmi.suspend_data"), lang: get(is12 ? "cmi.student_preference.language" : "cmi.learner_preference.language") }, m;
      // review/browse: show the course and what the LMS holds, change nothing (README: decisions).
      readOnly = /^(review|browse)$/.test(get(is12 ? "cmi.core.lesson_mode" : "cmi.mode"));
      count = parseInt(get("cmi.interactions._count"), 10) || 0;
      if (is12) {
        prior.status = cur.status = get("cmi.core.lesson_status");
        prior.raw = parseFloat(get("cmi.core.score.raw"));
        m = parseFloat(get("cmi.student_data.mastery_score"));
        if (!isNaN(m)) info.mastery = m / 100;
        if (RANK[cur.status] === 0 && set("cmi.core.lesson_status", "incomplete")) cur.status = "incomplete";
        info.held = { success: /^(passed|failed)$/.test(prior.status) ? prior.status : "", scaled: prior.raw / 100 };
      } else {
        cur.completion = get("cmi.completion_status");
        prior.success = cur.success = get("cmi.success_status");
        prior.scaled = parseFloat(get("cmi.score.scaled"));
        cur.progress = parseFloat(get("cmi.progress_measure")) || 0;
        m = parseFloat(get("cmi.scaled_passing_score"));
        if (!isNaN(m)) info.mastery = m;
        if (cur.completion !== "completed" && set("cmi.completion_status", "incomplete")) cur.completion = "incomplete";
        info.held = { success: /^(passed|failed)$/.test(prior.success) ? prior.success : "", scaled: prior.scaled };
      }
      if (readOnly) { info.readOnly = true; SMAB.adapter.exitable = false; }
      return info;
    },
    // rec: a typed record (SMAB.answer; docs/plugins.md), whatever block asked the question.
    interaction: function (rec) {
      if (readOnly) return;
      var n = Math.max(parseInt(call("get", "cmi.interactions._count"), 10) || 0, count), p = "cmi.interactions." + n + ".";
      if (!set(p + "id", rec.id)) return; // refused: the rest of this record would be refused too
      count = n + 1;
      set(p + "type", is12 && TYPE12[rec.kind] || rec.kind);
      var about = is12 ? "" : describe(rec.text);
      if (about) set(p + "description", about);
      set(p + "weighting", rec.weight); // practice questions do not count
      // At most five correct responses (a fill-in's accepted texts): what every kind allows.
      rec.pattern.slice(0, 5).forEach(function (pt, i) {
        var v = value(rec, pt, true);
        if (v !== null) set(p + "correct_responses." + i + ".pattern", v);
      });
      set(p + (is12 ? "student_response" : "learner_response"), value(rec, rec.response, false));
      // An answer with nothing to get right (a survey's) is neither right nor wrong.
      set(p + "result", rec.result === null ? "neutral" : rec.result ? "correct" : is12 ? "wrong" : "incorrect");
      set(p + "latency", is12 ? span12(rec.latency) : iso(rec.latency));
      if (is12) set(p + "time", pad(rec.time.getHours()) + ":" + pad(rec.time.getMinutes()) + ":" + pad(rec.time.getSeconds()));
      else set(p + "timestamp", stamp(rec.time));
    },
    update: function (s) {
      if (readOnly) return;
      // Never downgrade: a learner who passed stays passed, completed stays completed.
      var raw = Math.round(s.score.scaled * 10000) / 100, keep = prior.status === "passed" || prior.success === "passed";
      // The score (and 2004's success) waits for every page to be seen: an LMS that derives
      // status from the score (Moodle's "mastery score overrides status") would pass an unread course.
      var scored = s.score.graded && s.score.all && (early || s.completed);
      if (is12) {
        // 1.2 has one status: pass/fail is reported once every page has been seen too.
        var target = !s.completed ? "incomplete" : s.success !== "unknown" ? s.success : "completed";
        if (RANK[target] > RANK[cur.status] && set("cmi.core.lesson_status", target)) cur.status = target;
        if (scored && !(keep && raw < prior.raw) && raw !== cur.raw) {
          set("cmi.core.score.min", 0); set("cmi.core.score.max", 100);
          if (set("cmi.core.score.raw", raw)) cur.raw = raw;
        }
        return;
      }
      if (s.completed && cur.completion !== "completed" && set("cmi.completion_status", "completed")) cur.completion = "completed";
      var pm = Math.round(s.progress * 1000) / 1000;
      if (pm > cur.progress && set("cmi.progress_measure", pm)) cur.progress = pm;
      if ((early || s.completed) && s.success !== "unknown" && cur.success !== "passed" && s.success !== cur.success &&
          set("cmi.success_status", s.success)) cur.success = s.success;
      if (scored && !(keep && raw / 100 < prior.scaled) && raw !== cur.raw) {
        set("cmi.score.min", 0); set("cmi.score.max", 100); set("cmi.score.raw", raw);
        if (set("cmi.score.scaled", Math.round(s.score.scaled * 10000) / 10000)) cur.raw = raw;
      }
    },
    save: function (state, bookmark) {
      // Unchanged values are not sent again: every SetValue costs a round trip in some LMSs.
      if (state !== cur.state && set("cmi.suspend_data", state)) cur.state = state;
      if (bookmark !== cur.bookmark && set(is12 ? "cmi.core.lesson_location" : "cmi.location", bookmark)) cur.bookmark = bookmark;
    },
    commit: function () {
      if (readOnly) return;
      var r = call("commit", "");
      // Nothing is lost yet: the values stay set and the next page change commits again.
      if (r !== "true") trouble(FN.commit + (r === null ? " (it threw)" : " (error " + code() + ")"));
    },
    finish: function (s, ms) {
      // One exit, one request: Terminate/LMSFinish commits by itself, so no Commit before it
      // (Moodle posts the whole model for each; two in one unload exceed the 64 KiB keep-alive budget).
      // exit: "suspend" unless the learner pressed Finish on a finished course (README: decisions).
      var ended = s.exit && s.finished;
      if (is12) { set("cmi.core.session_time", span12(ms)); set("cmi.core.exit", ended ? "" : "suspend"); }
      else { set("cmi.session_time", iso(ms)); set("cmi.exit", ended ? "normal" : "suspend"); }
      var r = call("end", "");
      if (r !== "true") trouble(FN.end + (r === null ? " (it threw)" : " (error " + code() + ")"));
    },
    closed: "finished" // what the learner reads after Finish
  };
})(window);
