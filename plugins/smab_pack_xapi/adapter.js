/* xAPI adapter for TinCan and cmi5 launches: statements go through a durable
   queue (localStorage), in order, each id made once, retried with backoff. */
(function (w) {
  "use strict";
  var C = __XAPI_CONFIG__, cmi5 = C.mode === "cmi5", D = SMAB.data, VER = "1.0.3";
  var ADL = "http://adlnet.gov/expapi/verbs/", CAT = "https://w3id.org/xapi/cmi5/context/categories/";
  // The partner country, for reports across countries: a launch parameter, else the build's (--country).
  var COUNTRY = "https://w3id.org/xapi/smab-pack/extensions/country", country = D.course.country || "";
  var L = { endpoint: "", auth: "", actor: null, reg: "", act: "", mode: "Normal", template: {}, ret: "" };
  var queue = [], qkey = "", busy = 0, delay = 0, timer = null, t0 = Date.now(), sent = {}, stateTimer = null, answered = 0, pendingFail = null, closing = false;

  function uuid() {
    var b = new Uint8Array(16), h = [];
    w.crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    for (var i = 0; i < 16; i++) h.push((b[i] + 256).toString(16).slice(1));
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") + "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }
  function dur(ms) { return "PT" + Math.round(ms / 10) / 100 + "S"; }
  function lang(s) { var o = {}; o[D.course.lang] = s; return o; }
  function copy(o) { return JSON.parse(JSON.stringify(o)); }
  function store(k, v) { try { if (v === undefined) return w.localStorage.getItem(k); w.localStorage.setItem(k, v); } catch (e) { /* blocked */ } return null; }
  function headers(json) {
    var h = { "X-Experience-API-Version": VER, Authorization: L.auth };
    if (json) h["Content-Type"] = "application/json";
    return h;
  }
  function query(o) {
    return Object.keys(o).map(function (k) { return k + "=" + encodeURIComponent(o[k]); }).join("&");
  }
  function stateUrl(id) {
    var q = { stateId: id, activityId: L.act, agent: JSON.stringify(L.actor) };
    if (L.reg) q.registration = L.reg;
    return L.endpoint + "activities/state?" + query(q);
  }
  function getJSON(url) {
    return fetch(url, { headers: headers(false) }).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
  }

  /* ---- the queue ---- */
  function persist() { store(qkey, JSON.stringify(queue)); }
  function pump() {
    if (busy || !queue.length || timer) return;
    var s = queue[0];
    busy = 1;
    // Not keep-alive: the browser caps keep-alive bodies in flight at 64 KB; only the final flush needs it.
    fetch(L.endpoint + "statements", { method: "POST", headers: headers(true), body: JSON.stringify(s) })
      .then(function (r) { return r.text().then(function () { return r.status; }); }, function () { return 0; })
      .then(function (status) {
        busy = 0;
        // 2xx: stored; 409: the LRS already has this id; 400: it never will (dropped, logged).
        if ((status >= 200 && status < 300) || status === 409 || status === 400) {
          if (status === 400 && w.console) w.console.warn("smab: LRS rejected statement", s.id);
          if (queue[0] === s) queue.shift();
          persist(); delay = 0; pump();
        } else {
          delay = Math.min(delay ? delay * 2 : 1000, 30000);
          timer = w.setTimeout(function () { timer = null; pump(); }, delay);
        }
      });
  }
  function send(verb, object, extra, cat) {
    var ctx = cmi5 ? copy(L.template) : { contextActivities: { grouping: [{ id: C.course }] } };
    ctx.registration = L.reg || undefined;
    ctx.language = D.course.lang;
    var ca = ctx.contextActivities = ctx.contextActivities || {};
    if (cat) ca.category = (ca.category || []).concat(cat.map(function (c) { return typeof c === "string" ? { id: CAT + c } : c; }));
    if (object.id !== L.act) ca.parent = [{ id: L.act }];
    if (country) (ctx.extensions = ctx.extensions || {})[COUNTRY] = country;
    if (extra.ctx) {
      ctx.extensions = ctx.extensions || {};
      for (var k in extra.ctx) ctx.extensions[k] = extra.ctx[k];
    }
    var s = { id: extra.id || uuid(), timestamp: new Date().toISOString(), actor: L.actor,
      verb: { id: verb.indexOf(":") > 0 ? verb : ADL + verb, display: { "en-US": verb.split("/").pop() } },
      object: object, context: ctx };
    if (extra.result) s.result = extra.result;
    queue.push(s); persist();
    if (!closing) pump();
  }
  // Survey answers: recorded with no success or score (likert with its scale, long-fill-in).
  function survey(q, rec) {
    var def = { type: "http://adlnet.gov/expapi/activities/cmi.interaction", name: lang(q.text), interactionType: q.type };
    if (q.type === "likert") def.scale = q.choices.map(function (c) { return { id: c, description: lang(SMAB.str(c)) }; });
    send("answered", { objectType: "Activity", id: C.course + "/question/" + q.key, definition: def }, {
      result: { response: q.type === "likert" ? rec.response.join("[,]") : String(rec.response), duration: dur(rec.latency) } });
  }
  // xAPI Video Profile (https://w3id.org/xapi/video): one session id per video and page load.
  var VIDEO = "https://w3id.org/xapi/video", VX = VIDEO + "/extensions/", sessions = {};
  function video(verb, x) {
    // The session id is the id of the session's initialized statement (Video Profile).
    var sid = sessions[x.key] = sessions[x.key] || uuid(), ctx = {}, res = {}, R = {};
    ctx[VX + "session-id"] = sid;
    if (verb !== "played" && verb !== "seeked") ctx[VX + "length"] = x.length;
    if (verb === "initialized" || verb === "completed" || verb === "paused" || verb === "terminated") ctx[VX + "completion-threshold"] = x.threshold;
    if (verb === "initialized") {
      // cc-subtitle-enabled is the profile's name; cc-enabled the one Ralph's models read.
      ctx[VX + "cc-subtitle-enabled"] = ctx[VX + "cc-enabled"] = x.cc; ctx[VX + "speed"] = x.speed + "x";
      ctx[VX + "user-agent"] = w.navigator.userAgent;
    }
    // The captions' language: at the start only when they show; on a caption toggle, the track toggled.
    if (x.ccLang && ((verb === "initialized" && x.cc) || verb === "interacted")) ctx[VX + "cc-subtitle-lang"] = x.ccLang;
    if (verb === "seeked") { res[VX + "time-from"] = x.from; res[VX + "time-to"] = x.to; }
    else res[VX + "time"] = x.time;
    if (verb === "paused" || verb === "completed" || verb === "terminated") {
      res[VX + "progress"] = x.progress;
      res[VX + "played-segments"] = x.segments;
    }
    if (verb === "interacted") res[VX + "cc-subtitle-enabled"] = res[VX + "cc-enabled"] = x.cc;
    if (verb !== "initialized") R.extensions = res;
    if (verb === "completed") { R.completion = true; R.duration = dur(x.watchedMs); } // time spent watching
    var ids = { played: VIDEO + "/verbs/played", paused: VIDEO + "/verbs/paused", seeked: VIDEO + "/verbs/seeked" };
    send(ids[verb] || verb, { objectType: "Activity", id: C.course + "/video/" + x.key,
      definition: { type: VIDEO + "/activity-type/video", name: lang(x.title) } },
      { result: verb === "initialized" ? undefined : R, ctx: ctx, id: verb === "initialized" ? sid : undefined },
      [{ id: VIDEO, definition: { type: "http://adlnet.gov/expapi/activities/profile" } }]);
  }
  function course() {
    return { objectType: "Activity", id: L.act, definition: { type: "http://adlnet.gov/expapi/activities/" + (cmi5 ? "lesson" : "course"), name: lang(D.course.title) } };
  }
  function verdict(s, ms) {
    var sc = s.score, mastery = {};
    mastery["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] = SMAB.state.mastery;
    sent[s.success] = 1;
    if (s.success === "passed") { flag("p"); pendingFail = null; }
    send(s.success, course(), { ctx: cmi5 ? mastery : null, result: { success: s.success === "passed", duration: dur(ms),
      score: { scaled: Math.round(sc.scaled * 10000) / 10000, raw: sc.earned, min: 0, max: sc.total } } },
      cmi5 ? ["cmi5", "moveon"] : null);
  }
  function flags(f) { return SMAB.state.flags.indexOf(f) >= 0; }
  function flag(f) { if (!flags(f)) SMAB.state.flags += f; }
  function allowed() { return !cmi5 || L.mode === "Normal"; }

  /* ---- launch ---- */
  function params() {
    var p = {}, s = w.location.search.slice(1).split("&");
    s.forEach(function (kv) { var i = kv.indexOf("="); if (i > 0) p[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1).replace(/\+/g, " ")); });
    return p;
  }
  function actor(a) { // TinCan 0.9 sent arrays: take the first of each
    var o = JSON.parse(a);
    ["mbox", "name", "account", "mbox_sha1sum", "openid"].forEach(function (k) { if (Array.isArray(o[k])) o[k] = o[k][0]; });
    if (o.account && o.account.accountServiceHomePage === undefined && o.account.homePage === undefined) delete o.account;
    o.objectType = "Agent";
    return o;
  }
  function fail(key) { var e = new Error(key); e.notice = key; throw e; }

  SMAB.adapter = {
    name: C.mode, limit: 64000,
    start: function () {
      var p = params();
      if (!p.endpoint || !p.actor) return null;
      L.endpoint = p.endpoint.replace(/\/?$/, "/");
      L.actor = cmi5 ? JSON.parse(p.actor) : actor(p.actor);
      L.reg = p.registration || "";
      L.act = p.activityId || p.activity_id || C.course;
      if (/^([A-Z]{2}|EU)$/.test(p.country || "")) country = p.country;
      qkey = "smab:xapi:" + L.endpoint + ":" + JSON.stringify(L.actor) + ":" + L.reg;
      try { queue = JSON.parse(store(qkey) || "[]"); } catch (e) { queue = []; }
      var ready;
      if (cmi5) {
        ready = fetch(p.fetch, { method: "POST" }).then(function (r) { return r.json(); }, function () { fail("lms_unreachable"); })
          .then(function (j) {
            // error-code 1: this launch was used already (e.g. a reload); 2, 3: refused.
            if (!j || !j["auth-token"]) fail(j && String(j["error-code"]) === "1" ? "lms_session_used" : "lms_refused");
            L.auth = "Basic " + j["auth-token"];
            return getJSON(stateUrl("LMS.LaunchData"));
          }).then(function (ld) {
            if (!ld || !ld.contextTemplate) fail("lms_refused");
            L.template = ld.contextTemplate; L.mode = ld.launchMode || "Normal"; L.ret = ld.returnURL || "";
            L.mastery = ld.masteryScore;
            SMAB.adapter.exitable = !!L.ret;
            // The AU reads the learner's preferences before its first statement (11).
            return getJSON(L.endpoint + "agents/profile?" + query({ agent: JSON.stringify(L.actor), profileId: "cmi5LearnerPreferences" }));
          }).then(function (prefs) {
            L.prefs = prefs || {};
          });
      } else {
        L.auth = p.auth || "";
        ready = Promise.resolve();
      }
      return ready.then(function () { return getJSON(stateUrl(C.stateId)); }).then(function (doc) {
        var saved = doc && doc.state || store("smab:state:" + qkey);
        var info = { state: saved, mastery: L.mastery, review: L.mode !== "Normal",
          lang: L.prefs && L.prefs.languagePreference || p["Accept-Language"] || "" };
        send("initialized", course(), {}, cmi5 ? ["cmi5"] : null);
        if (saved && !cmi5) send("resumed", course(), {});
        pump();
        return info;
      });
    },
    media: function (verb, x) { if (allowed()) video(verb, x); },
    closing: function () { closing = true; }, // the course is closing: queue, the last batch sends
    page: function (pg) {
      if (!allowed()) return;
      send("experienced", { objectType: "Activity", id: C.course + "/page/" + pg.id,
        definition: { type: "http://adlnet.gov/expapi/activities/lesson", name: lang(pg.title) } }, {});
    },
    interaction: function (q, rec) {
      if (!allowed()) return;
      if (q.survey) return survey(q, rec);
      var tf = q.type === "true-false", fill = q.type === "fill-in";
      function resp(r) { return fill ? String(r) : tf ? String(r[0] === q.choices[0]) : r.join("[,]"); }
      var def = { type: "http://adlnet.gov/expapi/activities/cmi.interaction", name: lang(q.text),
        interactionType: fill || tf ? q.type : "choice",
        correctResponsesPattern: fill ? q.correct.map(function (c) { return "{case_matters=false}" + c; }) : [resp(q.correct)] };
      if (!fill && !tf) def.choices = q.choices.map(function (c, i) { return { id: c, description: lang(q.labels[i]) }; });
      var pts = q.graded ? q.points : 0;
      answered = 1;
      send("answered", { objectType: "Activity", id: C.course + "/question/" + q.key, definition: def }, {
        result: { response: resp(rec.response), success: rec.ok, duration: dur(rec.latency),
          score: { raw: rec.ok ? pts : 0, min: 0, max: pts, scaled: rec.ok ? 1 : 0 } } });
    },
    update: function (s) {
      if (!allowed()) return;
      var ms = Date.now() - t0;
      if (s.completed && !flags("c")) {
        flag("c");
        send("completed", course(), { result: { completion: true, duration: dur(ms) } }, cmi5 ? ["cmi5", "moveon"] : null);
      }
      // Judged only on answers given in this session (a resumed verdict was already sent);
      // once passed, never failed; passed once a registration. cmi5 allows one of passed or
      // failed a session, so there a failure waits for the session's end: a retry may still pass.
      if (answered && s.success !== "unknown" && !flags("p") && !sent[s.success] && !sent.passed) {
        if (s.success === "failed" && cmi5) { pendingFail = s; return; }
        verdict(s, ms);
      }
    },
    save: function (state) {
      store("smab:state:" + qkey, state);
      if (stateTimer) return;
      // Coalesce state writes: the queue of statements is what must never be lost.
      stateTimer = w.setTimeout(function () { stateTimer = null; SMAB.adapter.putState(false); }, 500);
    },
    putState: function (keepalive) {
      var body = JSON.stringify({ state: store("smab:state:" + qkey) });
      return fetch(stateUrl(C.stateId), { method: "PUT", headers: headers(true), body: body, keepalive: keepalive })
        .catch(function () { /* the State API is optional; localStorage keeps it */ });
    },
    commit: function () { pump(); },
    finish: function (s, ms) {
      closing = true; // the last statements leave together, in one keep-alive request
      if (pendingFail && s.success === "failed" && !sent.passed) verdict(s, ms);
      if (!s.finished && allowed() && !cmi5) send("suspended", course(), { result: { duration: dur(ms) } });
      send("terminated", course(), { result: { duration: dur(ms) } }, cmi5 ? ["cmi5"] : null);
      this.putState(true);
      // The page is going away: statements not yet in flight leave in one keep-alive request,
      // at most 60 KB (the browser's limit); what does not fit waits in storage for next time.
      var rest = [], size = 0, i, n;
      for (i = busy; i < queue.length; i++) {
        n = JSON.stringify(queue[i]).length;
        if (size + n > 60000) break;
        rest.push(queue[i]); size += n;
      }
      if (rest.length && !timer) {
        var ids = rest.map(function (st) { return st.id; });
        fetch(L.endpoint + "statements", { method: "POST", headers: headers(true), body: JSON.stringify(rest), keepalive: true })
          .then(function (r) {
            if (r.ok) { queue = queue.filter(function (st) { return ids.indexOf(st.id) < 0; }); persist(); }
          }, function () {});
      }
      if (L.ret && s.exit) w.setTimeout(function () { w.location.href = L.ret; }, 100);
    }
  };
})(window);
