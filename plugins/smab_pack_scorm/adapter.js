/* SCORM adapter: connects the smab run-time to an LMS's SCORM API.
   The format plugin fills in the version ("1.2" or "2004") when packaging. */
(function (w) {
  "use strict";
  var V = "__SCORM_VERSION__", is12 = V === "1.2", A = null, prior = {}, cur = {};
  var RANK = { "": 0, "not attempted": 0, unknown: 0, browsed: 1, incomplete: 1, completed: 2, failed: 3, passed: 4 };

  // The standard discovery walk: up the parents (at most 500), then the opener's.
  function walk(win, name) {
    for (var n = 0; win && n <= 500; n++) {
      try { if (win[name]) return win[name]; } catch (e) { return null; }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  function find(name) {
    var a = walk(w, name);
    try { if (!a && w.opener) a = walk(w.opener, name); } catch (e) { /* cross-origin opener */ }
    try { if (!a && w.top.opener) a = walk(w.top.opener, name); } catch (e) { /* cross-origin opener */ }
    return a;
  }
  function get(k) { return String(is12 ? A.LMSGetValue(k) : A.GetValue(k)); }
  function set(k, v) { return String(is12 ? A.LMSSetValue(k, String(v)) : A.SetValue(k, String(v))) === "true"; }
  function pad(n, l) { n = String(n); while (n.length < (l || 2)) n = "0" + n; return n; }
  function span12(ms) { // CMITimespan HHHH:MM:SS.SS
    var cs = Math.round(ms / 10), s = Math.floor(cs / 100);
    return pad(Math.min(Math.floor(s / 3600), 9999), 4) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60) + "." + pad(cs % 100);
  }
  function iso(ms) { // ISO 8601 duration, centiseconds
    var cs = Math.round(ms / 10), s = Math.floor(cs / 100);
    return "PT" + Math.floor(s / 3600) + "H" + (Math.floor(s / 60) % 60) + "M" + (s % 60) + "." + pad(cs % 100) + "S";
  }
  function responses(q, r) { // SCORM response formats, per version
    if (q.type === "fill-in") return r === null ? "" : String(r).slice(0, 250);
    // Open survey answers: 1.2 has only fill-in (255 characters); 2004's long-fill-in takes 4,000 with a language.
    if (q.type === "likert" && is12) return r && r[0] ? r[0].replace("likert_", "") : ""; // 1.2: a single digit
    if (q.type === "long-fill-in") return r === null ? "" : is12 ? String(r).slice(0, 250) : "{lang=" + SMAB.data.course.lang + "}" + String(r).slice(0, 3980);
    if (q.type === "true-false") {
      var t = r !== null && r[0] === q.choices[0];
      return is12 ? (t ? "t" : "f") : String(t);
    }
    return (r || []).join(is12 ? "," : "[,]");
  }
  function patterns(q) {
    if (q.type === "fill-in") return q.correct.slice(0, 5).map(function (c) { return is12 ? c : "{case_matters=false}" + c; });
    return [responses(q, q.correct)];
  }

  SMAB.adapter = {
    name: "scorm" + V, limit: is12 ? 4096 : 64000,
    start: function () {
      A = find(is12 ? "API" : "API_1484_11");
      if (!A || String(is12 ? A.LMSInitialize("") : A.Initialize("")) !== "true") return null;
      var info = { state: get("cmi.suspend_data"), lang: get(is12 ? "cmi.student_preference.language" : "cmi.learner_preference.language") }, m;
      if (is12) {
        prior.status = cur.status = get("cmi.core.lesson_status");
        prior.raw = parseFloat(get("cmi.core.score.raw"));
        m = parseFloat(get("cmi.student_data.mastery_score"));
        if (!isNaN(m)) info.mastery = m / 100;
        if (RANK[cur.status] === 0) { set("cmi.core.lesson_status", "incomplete"); cur.status = "incomplete"; }
      } else {
        cur.completion = get("cmi.completion_status");
        prior.success = cur.success = get("cmi.success_status");
        prior.scaled = parseFloat(get("cmi.score.scaled"));
        cur.progress = parseFloat(get("cmi.progress_measure")) || 0;
        m = parseFloat(get("cmi.scaled_passing_score"));
        if (!isNaN(m)) info.mastery = m;
        if (cur.completion !== "completed") { set("cmi.completion_status", "incomplete"); cur.completion = "incomplete"; }
      }
      return info;
    },
    interaction: function (q, rec) {
      var n = parseInt(get("cmi.interactions._count"), 10) || 0, p = "cmi.interactions." + n + ".";
      set(p + "id", q.key);
      set(p + "type", q.type === "long-fill-in" && is12 ? "fill-in" : /^(fill-in|true-false|likert|long-fill-in)$/.test(q.type) ? q.type : "choice");
      if (!is12) set(p + "description", q.text);
      set(p + "weighting", q.graded ? q.points : 0); // practice questions do not count
      if (!q.survey) patterns(q).forEach(function (pt, i) { set(p + "correct_responses." + i + ".pattern", pt); });
      set(p + (is12 ? "student_response" : "learner_response"), responses(q, rec.response));
      // A survey answer is neither right nor wrong.
      set(p + "result", q.survey ? "neutral" : rec.ok ? "correct" : is12 ? "wrong" : "incorrect");
      set(p + "latency", is12 ? span12(rec.latency) : iso(rec.latency));
      if (is12) set(p + "time", pad(rec.time.getHours()) + ":" + pad(rec.time.getMinutes()) + ":" + pad(rec.time.getSeconds()));
      else set(p + "timestamp", rec.time.toISOString());
    },
    update: function (s) {
      // Never downgrade: a learner who passed stays passed, completed stays completed.
      var raw = Math.round(s.score.scaled * 10000) / 100, keep = prior.status === "passed" || prior.success === "passed";
      if (is12) {
        // 1.2 has one status: pass/fail is reported once every page has been seen too.
        var target = !s.completed ? "incomplete" : s.success !== "unknown" ? s.success : "completed";
        if (RANK[target] > RANK[cur.status]) { set("cmi.core.lesson_status", target); cur.status = target; }
        if (s.score.graded && s.score.all && !(keep && raw < prior.raw)) {
          set("cmi.core.score.min", 0); set("cmi.core.score.max", 100); set("cmi.core.score.raw", raw);
        }
        return;
      }
      if (s.completed && cur.completion !== "completed") { set("cmi.completion_status", "completed"); cur.completion = "completed"; }
      if (s.progress > cur.progress) { set("cmi.progress_measure", Math.round(s.progress * 1000) / 1000); cur.progress = s.progress; }
      if (s.success !== "unknown" && cur.success !== "passed" && s.success !== cur.success) {
        set("cmi.success_status", s.success); cur.success = s.success;
      }
      if (s.score.graded && s.score.all && !(keep && raw / 100 < prior.scaled)) {
        set("cmi.score.min", 0); set("cmi.score.max", 100); set("cmi.score.raw", raw);
        set("cmi.score.scaled", Math.round(s.score.scaled * 10000) / 10000);
      }
    },
    save: function (state, bookmark) {
      set("cmi.suspend_data", state);
      set(is12 ? "cmi.core.lesson_location" : "cmi.location", bookmark);
    },
    commit: function () { if (is12) A.LMSCommit(""); else A.Commit(""); },
    finish: function (s, ms) {
      if (is12) {
        set("cmi.core.session_time", span12(ms));
        set("cmi.core.exit", s.finished ? "" : "suspend");
        A.LMSCommit(""); A.LMSFinish("");
      } else {
        set("cmi.session_time", iso(ms));
        set("cmi.exit", s.finished ? "normal" : "suspend");
        A.Commit(""); A.Terminate("");
      }
    }
  };
})(window);
