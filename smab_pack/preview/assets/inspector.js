/* smab-pack preview: the LMS inspector beside the course. For -f scorm12/scorm2004 this window plays
   the LMS (SMABLMS.api on window.API / API_1484_11, where the package's adapter looks for it); for
   -f xapi/cmi5 the preview server is the LRS and the cmi5 LMS (/__lms/…) and this page shows what it
   received. Shows status, score, location, the saved state decoded and its size, every interaction
   and statement; relaunch, new attempt, make the LMS fail, phone frame.
   Only ever served by `smab-pack preview`: no package holds it. */
(function (w, d) {
  "use strict";
  var cfg = JSON.parse(d.getElementById("pv-config").textContent), fmt = cfg.format;
  var V = { scorm12: "1.2", scorm2004: "2004" }[fmt], is12 = V === "1.2", xapi = fmt === "xapi" || fmt === "cmi5";
  var frame = d.getElementById("pv-course"), box = d.getElementById("pv-inspector");
  var api = null, kept = null, calls = [], failing = false, mastery = null, session = 0, log = [], timer = null, registration = "";
  function $(id) { return d.getElementById(id); }
  function add(parent, tag, text, cls) {
    var e = d.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    parent.appendChild(e);
    return e;
  }
  function field(name, value) { var e = box.querySelector("[data-pv=" + name + "]"); if (e) e.textContent = value; }

  // What the LMS hands the SCO at launch: the attempt's stored values (a relaunch), or a new attempt's.
  function launchData(stored) {
    var s = {}, k, p = is12 ? "cmi.core." : "cmi.";
    s[is12 ? "cmi.core.student_id" : "cmi.learner_id"] = "preview-learner";
    s[is12 ? "cmi.core.student_name" : "cmi.learner_name"] = "Preview, Author";
    s[p + "credit"] = "credit";
    s[is12 ? "cmi.core.lesson_mode" : "cmi.mode"] = "normal";
    s[p + "total_time"] = is12 ? "0000:00:00" : "PT0S";
    if (mastery !== null) s[is12 ? "cmi.student_data.mastery_score" : "cmi.scaled_passing_score"] = is12 ? String(mastery) : String(mastery / 100);
    if (is12) s["cmi.core.lesson_status"] = "not attempted";
    else { s["cmi.completion_status"] = "unknown"; s["cmi.success_status"] = "unknown"; }
    s[p + "entry"] = "ab-initio";
    if (!stored) return s;
    // Kept across sessions of one attempt: all but the write-only exit and session time.
    for (k in stored) if (!/(exit|session_time)$/.test(k)) s[k] = stored[k];
    s[p + "entry"] = stored[p + "exit"] === "suspend" ? "resume" : "";
    return s;
  }
  function begin(stored) {
    calls = [];
    session++;
    var mine = session;
    api = w.SMABLMS.api(V, launchData(stored), {
      call: function (c) { if (mine === session) { calls.push(c); later(); } },
      commit: function (values) { if (failing) return false; kept = values; later(); return true; }
    });
    if (is12) w.API = api; else w.API_1484_11 = api;
    later();
  }
  // Open url in the frame as a new launch: the page before it unloads first (its adapter finishes
  // its session with the API it found), then the LMS starts the next session.
  // xAPI/cmi5: the server makes the launch (cmi5: a session, its fetch URL, LMS.LaunchData, launched)
  // and gives the query the LMS puts on the AU's URL.
  function launchUrl(url, fresh) {
    return w.fetch("/__lms/launch", { method: "POST", body: fresh ? "new" : "again" }).then(function (r) { return r.json(); }).then(function (j) {
      var at = url.indexOf("#"), hash = at < 0 ? "" : url.slice(at);
      session++;
      return (at < 0 ? url : url.slice(0, at)) + "&" + j.query + hash;
    });
  }
  var nextStored = "keep";
  function open(url) {
    var fresh = nextStored === null, to = function () {
      frame.removeEventListener("load", to);
      nextStored = "keep";
      if (xapi) { launchUrl(url, fresh).then(function (u) { frame.contentWindow.location.replace(u); }); return; }
      begin(fresh ? null : kept);
      frame.contentWindow.location.replace(url);
    };
    frame.addEventListener("load", to);
    frame.contentWindow.location.replace("about:blank");
  }
  function relaunch(fresh) {
    if (fresh) { kept = null; nextStored = null; }
    w.smabPreview.reload(fresh); // a new attempt starts where the course starts
  }

  // ---- what is shown ----
  function later() { if (!timer) timer = w.setTimeout(show, 30); }
  function values() { return api ? api.values() : {}; }
  function interactions(v) {
    var out = [], n, p, r = is12 ? "student_response" : "learner_response";
    for (n = 0; ("cmi.interactions." + n + ".id") in v; n++) {
      p = "cmi.interactions." + n + ".";
      out.push({ id: v[p + "id"], type: v[p + "type"] || "", result: v[p + "result"] || "", response: v[p + r] || "",
        weighting: v[p + "weighting"] || "", pattern: v[p + "correct_responses.0.pattern"] || "" });
    }
    return out;
  }
  // The saved state decoded with the run-time's own codec (state.js, loaded in this page too) and the
  // course's model, read from the frame while the course runs (kept once it has closed).
  var model = null, source = null;
  function decoded(s) {
    try {
      var data = frame.contentWindow.SMAB.data;
      if (data !== source) {
        model = JSON.parse(JSON.stringify({ cid: data.course.cid, shape: data.course.shape, key: data.course.stateKey,
          pages: data.pages, qs: data.questions, media: data.media }));
        source = data;
      }
    } catch (_e) { /* the course is closed or not loaded yet: the last model read */ }
    if (!s) return "";
    if (!model) return "(not decoded: the course is not loaded)";
    try {
      // A block's own codec (registerBlock's encode/decode) lives in the frame: here its answers are kept
      // as written, to be counted (the kinds state.js writes itself are decoded in full).
      model.blocks = {};
      model.qs.forEach(function (q) {
        if (!/^(choice|true-false|likert|fill-in|long-fill-in)$/.test(q.kind)) model.blocks[q.block] = { encode: String, decode: function (_q, v) { return v; } };
      });
      var got = w.SMABState.decode(model, s), st = got.st, pages = model.pages, seen = 0, answers = Object.keys(st.ans).length;
      st.seen.forEach(function (b) { seen += b ? 1 : 0; });
      return "page " + (pages[st.page] || {}).id + " · seen " + seen + "/" + pages.length + " · answers " + answers +
        (st.best != null ? " · best " + st.best / 100 + "%" : "") + (st.lang ? " · " + st.lang : "") + (got.lost ? " · some lost" : "");
    } catch (_e) { return "(not decoded)"; }
  }
  function table(rows, heads, keys) {
    var t = $("pv-i-rows");
    t.textContent = "";
    var tr = add(t, "tr");
    heads.forEach(function (h) { add(tr, "th", h); });
    rows.forEach(function (row) {
      var r = add(t, "tr");
      keys.forEach(function (k) { add(r, "td", row[k]); });
    });
  }
  function show() {
    timer = null;
    if (xapi) return showStatements();
    var v = values(), s = v["cmi.suspend_data"] || "", limit = is12 ? 4096 : 64000, list = interactions(v);
    field("status", is12 ? v["cmi.core.lesson_status"] || "" : (v["cmi.completion_status"] || "") + " / " + (v["cmi.success_status"] || ""));
    var sc = is12 ? "cmi.core.score." : "cmi.score.";
    field("score", v[sc + "raw"] != null ? v[sc + "raw"] + (v[sc + "max"] ? " of " + v[sc + "max"] : "") +
      (!is12 && v[sc + "scaled"] != null ? " (scaled " + v[sc + "scaled"] + ")" : "") : "");
    field("location", v[is12 ? "cmi.core.lesson_location" : "cmi.location"] || "");
    field("size", s.length + " / " + limit);
    box.querySelector("[data-pv=size]").className = s.length > limit * 0.9 ? "pv-near" : "";
    field("suspend", decoded(s));
    field("raw", s);
    field("count", String(list.length));
    field("stored", kept ? "stored at the last commit: " + (kept[is12 ? "cmi.core.lesson_status" : "cmi.completion_status"] || "") : "nothing stored yet");
    table(list, ["id", "type", "result", "response"], ["id", "type", "result", "response"]);
    var bad = calls.filter(function (c) { return c.result === "false"; });
    field("calls", calls.length + " calls" + (bad.length ? ", " + bad.length + " refused" : ""));
    var ul = $("pv-i-refused");
    ul.textContent = "";
    bad.slice(-20).forEach(function (c) { add(ul, "li", c.fn + "(" + (c.el || "") + ") → error " + c.error + ": " + c.why); });
  }
  // xAPI/cmi5: what the LRS stored for this registration, newest last.
  function showStatements() {
    var ok = log.filter(function (e) { return e.statement && e.status < 300; }), done = {}, score = "";
    ok.forEach(function (e) {
      if (/^(completed|passed|failed|satisfied)$/.test(e.verb)) done[e.verb] = 1;
      var sc = e.statement.result && e.statement.result.score;
      if (/^(passed|failed)$/.test(e.verb) && sc) score = (sc.raw != null ? sc.raw + " of " + sc.max + " " : "") + "(scaled " + sc.scaled + ")";
    });
    field("status", ["completed", "passed", "failed", "satisfied"].filter(function (v) { return done[v]; }).join(", ") || (ok.length ? "in progress" : ""));
    field("score", score);
    field("count", String(ok.filter(function (e) { return e.verb === "answered"; }).length));
    var refused = log.filter(function (e) { return e.status >= 400; });
    field("calls", ok.length + " statements stored" + (refused.length ? ", " + refused.length + " requests refused" : ""));
    var ul = $("pv-i-refused");
    ul.textContent = "";
    refused.slice(-20).forEach(function (e) { add(ul, "li", e.method + " " + e.resource + (e.verb ? " (" + e.verb + ")" : "") + " → " + e.status + ": " + e.why); });
    table(ok.map(function (e) {
      return { verb: e.verb + (e.lms ? " (LMS)" : ""), object: e.object.replace(/^.*\/(?=[^/]+\/[^/]+$)/, "…/"), outcome: e.outcome };
    }), ["verb", "object", "result"], ["verb", "object", "outcome"]);
  }
  var seen = -1;
  function poll() { // long-polled: the server answers when something new arrived (or after 10 s)
    w.fetch("/__lms/log?after=" + seen).then(function (r) { return r.json(); }).then(function (got) {
      seen = got.version; log = got.log; registration = got.registration;
      var s = got.state;
      field("size", s ? s.state.length + " / 64000" : "");
      field("suspend", s ? decoded(s.state) : "");
      field("raw", s ? s.state : "");
      field("location", s ? (/page ([^ ]+)/.exec(decoded(s.state)) || [])[1] || "" : "");
      later();
      poll();
    }, function () { w.setTimeout(poll, 2000); /* the server stopped or restarts */ });
  }
  // ---- buttons ----
  function press(id, fn) { $(id).addEventListener("click", fn); }
  function toggle(id, on) { $(id).setAttribute("aria-pressed", String(on)); }
  press("pv-relaunch", function () { relaunch(false); });
  press("pv-new", function () { relaunch(true); });
  press("pv-fail", function () {
    failing = !failing;
    toggle("pv-fail", failing);
    if (xapi) w.fetch("/__lms/fail", { method: "POST", body: failing ? "on" : "off" });
    later();
  });
  press("pv-phone", function () {
    var on = !d.body.classList.contains("pv-phone");
    d.body.classList.toggle("pv-phone", on);
    toggle("pv-phone", on);
  });
  $("pv-i-format").textContent = { scorm12: "SCORM 1.2", scorm2004: "SCORM 2004", xapi: "xAPI", cmi5: "cmi5" }[fmt] || fmt;

  if (!V && !xapi) { box.hidden = true; return; } // -f web: no LMS to play
  // The LMS reads the mastery score from the package's manifest, as it does on import.
  var ready = V ? w.fetch("/course/" + encodeURIComponent(cfg.lang) + "/imsmanifest.xml").then(function (r) { return r.text(); }).then(function (x) {
    var m = /<(?:adlcp:masteryscore|imsss:minNormalizedMeasure)>([^<]+)</.exec(x);
    if (m) mastery = is12 ? +m[1] : Math.round(+m[1] * 10000) / 100;
  }, function () { /* no manifest: no mastery score */ }) : null;
  if (xapi) poll();
  w.smabInspector = {
    ready: ready,
    session: function () { return session; },
    flush: function () { if (timer) { w.clearTimeout(timer); show(); } }, // the render waiting, now (tests)
    open: open,
    lms: function () {
      return { values: values(), stored: kept, calls: calls.slice(), interactions: interactions(values()), log: log, registration: registration };
    }
  };
})(window, document);
