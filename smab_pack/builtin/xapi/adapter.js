/* xAPI adapter for TinCan and cmi5 launches. Each statement is checked against xAPI 1.0.3
   before it is queued; the queue is this launch's own (localStorage, memory when storage
   fails), delivered in order, course-ending statements on their own; what the LRS refuses for
   good is set aside, never retried; what records "sent" is written once the LRS confirmed. */
(function (w) {
  "use strict";
  var C = __XAPI_CONFIG__, cmi5 = C.mode === "cmi5", D = SMAB.data, VER = "1.0.3";
  var ADL = "http://adlnet.gov/expapi/verbs/", CAT = "https://w3id.org/xapi/cmi5/context/categories/";
  var SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
  // The partner country, for reports across countries: a launch parameter, else the build's (--country).
  var COUNTRY = "https://w3id.org/xapi/smab-pack/extensions/country", country = D.course.country || "";
  var L = { endpoint: "", auth: "", actor: null, reg: "", act: "", mode: "Normal", template: {}, ret: "", sid: "" };
  var ENDING = { initialized: 1, completed: 1, passed: 1, failed: 1, terminated: 1 };
  var queue = [], base = "", qkey = "", qprefix = "", skey = "", akey = "", cred = "", lastState = null;
  var busy = 0, inflight = 0, flushing = 0, solo = 0, delay = 0, timer = null, t0 = Date.now();
  var sent = {}, hooks = {}, checked = {}, aside = [], warned = {};
  var stateTimer = null, answered = 0, pendingFail = null, closing = false;

  function uuid() {
    var b = new Uint8Array(16), h = [];
    w.crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    for (var i = 0; i < 16; i++) h.push((b[i] + 256).toString(16).slice(1));
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") + "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }
  var tab = uuid(); // this page's queue: two tabs of one registration never share one
  function dur(ms) { return "PT" + Math.round(ms / 10) / 100 + "S"; }
  function lang(s) { var o = {}; o[D.course.lang] = s; return o; }
  function copy(o) { return JSON.parse(JSON.stringify(o)); }
  function hash(s) { // a short tag (FNV-1a), so keys and records never hold the launch's credentials
    for (var h = 2166136261, i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
    return h.toString(36);
  }
  function warn(what, detail) {
    if (w.console) w.console.warn("smab: " + what, detail === undefined ? "" : detail);
  }
  // Reads return the stored text; a write that fails (storage full or blocked) is said once,
  // and the queue goes on in memory: delivery never depends on storage.
  function store(k, v) {
    try {
      if (v === undefined) return w.localStorage.getItem(k);
      if (v === null) w.localStorage.removeItem(k); else w.localStorage.setItem(k, v);
      return true;
    } catch (e) {
      if (v !== undefined && !warned.store) { warned.store = 1; warn("browser storage is full or blocked: statements wait in memory", e.name); }
      return null;
    }
  }
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

  /* ---- xAPI 1.0.3 rules a statement must meet before it is queued ---- */
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
  var IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i, TAG = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i;
  var DUR = /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;
  function faults(s) {
    var bad = [];
    function nulls(o, path, ext) { // no null anywhere but inside extensions (2.2)
      if (o === null) { if (!ext) bad.push(path + " is null"); return; }
      if (typeof o === "number" && !isFinite(o)) bad.push(path + " is not a number");
      if (typeof o === "object") for (var k in o) nulls(o[k], path + "." + k, ext || k === "extensions");
    }
    function map(m, path) {
      if (!m || typeof m !== "object" || !Object.keys(m).length) return bad.push(path + " is not a language map");
      Object.keys(m).forEach(function (t) { if (!TAG.test(t) || typeof m[t] !== "string") bad.push(path + ": " + t); });
    }
    function iri(v, path) { if (typeof v !== "string" || !IRI.test(v)) bad.push(path + " is not an IRI"); }
    function exts(e, path) { Object.keys(e || {}).forEach(function (k) { iri(k, path + " " + k); }); }
    nulls(s, "statement", false);
    if (!UUID.test(s.id)) bad.push("id is not a UUID");
    if (!/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(s.timestamp)) bad.push("timestamp is not UTC ISO 8601");
    var a = s.actor || {};
    if (["mbox", "mbox_sha1sum", "openid", "account"].filter(function (k) { return k in a; }).length !== 1) bad.push("actor needs one identifier");
    iri(s.verb.id, "verb.id"); map(s.verb.display, "verb.display");
    iri(s.object.id, "object.id");
    var def = s.object.definition || {};
    if (def.name) map(def.name, "name");
    if (def.type) iri(def.type, "definition.type");
    ["choices", "scale", "source", "target", "steps"].forEach(function (k) { (def[k] || []).forEach(function (c, i) { map(c.description, k + "[" + i + "]"); }); });
    exts(def.extensions, "definition.extensions");
    var r = s.result || {}, sc = r.score;
    if (sc) {
      if ("scaled" in sc && !(sc.scaled >= -1 && sc.scaled <= 1)) bad.push("score.scaled is outside [-1, 1]");
      if ("min" in sc && "max" in sc && !(sc.min < sc.max)) bad.push("score.min must be less than score.max");
      if ("raw" in sc && ((sc.raw < sc.min) || (sc.raw > sc.max))) bad.push("score.raw must lie from min to max");
    }
    if ("duration" in r && !DUR.test(r.duration)) bad.push("result.duration is not ISO 8601");
    exts(r.extensions, "result.extensions");
    var c = s.context || {};
    if ("language" in c && !TAG.test(c.language)) bad.push("context.language is not a language tag");
    if ("registration" in c && !UUID.test(c.registration)) bad.push("context.registration is not a UUID");
    exts(c.extensions, "context.extensions");
    return bad;
  }

  /* ---- the queue ---- */
  function verbOf(s) { return s.verb.id.split("/").pop(); }
  function ending(s) { return ENDING[verbOf(s)] && s.object.id === L.act; } // the course's, not a video's
  function persist() {
    store(qkey, queue.length ? JSON.stringify({ sid: L.sid, cred: cred, beat: Date.now(), items: queue }) : null);
  }
  // A statement the LRS refused for good, or that broke a rule here: kept (the last 100) and reported, never retried.
  function setAside(s, status, why) {
    aside.push({ id: s.id, verb: verbOf(s), status: status, why: why, s: s });
    if (aside.length > 100) aside.shift();
    var rec;
    try { rec = JSON.parse(store(akey)) || {}; } catch (_) { rec = {}; }
    rec.count = (rec.count || 0) + 1;
    rec.aside = (rec.aside || []).concat([aside[aside.length - 1]]).slice(-100);
    store(akey, JSON.stringify(rec));
    warn("statement set aside (" + (status || why) + "): " + s.verb.id + " " + s.id, why);
  }
  function settle(batch) { // the LRS has these: out of the queue, then what waited for them
    var ids = {};
    batch.forEach(function (s) { ids[s.id] = 1; });
    queue = queue.filter(function (s) { return !ids[s.id]; });
    persist();
    batch.forEach(function (s) { var f = hooks[s.id]; delete hooks[s.id]; if (f) f(); });
  }
  function post(body, keepalive) {
    // Keep-alive while small, so a statement in flight when the page goes still arrives
    // (the browser caps keep-alive bodies in flight at 64 KB).
    return fetch(L.endpoint + "statements", { method: "POST", headers: headers(true), body: body, keepalive: keepalive })
      .then(function (r) { return r.text().then(function () { return r.status; }); }, function () { return 0; });
  }
  function next() {
    // A course-ending statement leaves alone, so its fate is never tied to another's; the others
    // up to 25 at a time, or one by one after a refused batch.
    var out = [], size = 0;
    for (var i = 0; i < queue.length && out.length < (solo ? 1 : 25); i++) {
      var s = queue[i], n = JSON.stringify(s).length;
      if (out.length && (ending(s) || size + n > 16000)) break;
      out.push(s); size += n;
      if (ending(s)) break;
    }
    return out;
  }
  function pump() {
    if (busy || flushing || !queue.length || timer) return;
    var batch = next(), body = JSON.stringify(batch.length > 1 ? batch : batch[0]);
    busy = batch.length; inflight = body.length;
    post(body, body.length < 16000).then(function (status) {
      busy = 0; inflight = 0;
      judge(batch, status);
    });
  }
  function judge(batch, status) {
    // 2xx: stored. 409 for one statement: the LRS has that id already. 429, 5xx, no answer: later,
    // in the same order. Any other 4xx is for good: a batch is retried one by one, so one bad
    // statement loses only itself; a single one is set aside.
    if ((status >= 200 && status < 300) || (status === 409 && batch.length === 1)) {
      settle(batch); delay = 0; solo = Math.max(0, solo - batch.length);
    } else if (status >= 400 && status < 500 && status !== 429) {
      if (batch.length > 1) solo = batch.length;
      else { setAside(batch[0], status, "refused by the LRS"); settle(batch); solo = Math.max(0, solo - 1); }
    } else {
      delay = Math.min(delay ? delay * 2 : 1000, 30000);
      timer = w.setTimeout(function () { timer = null; pump(); }, delay);
      return;
    }
    pump();
  }
  function flush() {
    // The page is going away: what is not in flight leaves in one keep-alive request, in order,
    // within the browser's 64 KB for keep-alive bodies in flight (what is in flight is keep-alive
    // too, and sent first). Never a statement twice: an LRS may refuse a whole batch (409) for one
    // id it has. What does not fit waits in this launch's storage.
    var rest = [], size = inflight + 2000;
    for (var i = busy; i < queue.length; i++) {
      var n = JSON.stringify(queue[i]).length;
      if (size + n > 60000) break;
      rest.push(queue[i]); size += n;
    }
    if (!rest.length) return;
    if (timer) { w.clearTimeout(timer); timer = null; }
    flushing = 1;
    post(JSON.stringify(rest), true).then(function (status) {
      flushing = 0;
      judge(rest, status); // still here (Exit with a return URL): a refused batch goes again one by one
    });
  }
  function send(verb, object, extra, cat, onStored) {
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
    s = copy(s); // undefined properties go; a null stays, and is a fault
    var bad = faults(s);
    if (bad.length) { setAside(s, 0, bad.join("; ")); return null; }
    if (onStored) hooks[s.id] = onStored;
    queue.push(s); persist();
    if (!closing) pump();
    return s;
  }
  // Queues that other launches left in this browser (same endpoint, learner and registration)
  // and no open tab holds (navigator.locks; without it, silent for 15 s). A TinCan launch with
  // the same credentials delivers them first; an ended cmi5 session's statements never leave
  // under another session (cmi5 8.1.2.0-2, 10.2.1.0-7; README): they are set aside.
  function adopt() {
    var keys = [], left = [];
    try {
      for (var i = 0; i < w.localStorage.length; i++) {
        var k = w.localStorage.key(i);
        if (k.indexOf(qprefix) === 0 && k !== qkey || k === base) keys.push(k);
      }
    } catch (_) { return Promise.resolve(); }
    function take(k) {
      var rec;
      try { rec = JSON.parse(store(k)); } catch (_) { rec = null; }
      if (Array.isArray(rec)) rec = { items: rec, cred: cred, sid: "?" }; // an older run-time's queue
      if (!rec || !rec.items) return;
      store(k, null);
      if (!cmi5 && rec.cred === cred) left = left.concat(rec.items);
      else rec.items.forEach(function (s) { setAside(s, 0, "left by an ended session"); });
    }
    var locks = w.navigator.locks;
    return Promise.all(keys.map(function (k) {
      if (locks && k !== base) return locks.request(k, { ifAvailable: true }, function (lock) { if (lock) take(k); }).catch(function () {});
      var rec;
      try { rec = JSON.parse(store(k)) || {}; } catch (_) { rec = {}; }
      if (k === base || !(Date.now() - rec.beat < 15000)) take(k);
      return null;
    })).then(function () {
      left.sort(function (a, b) { return a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0; });
      queue = left.concat(queue); persist();
    });
  }
  // A value of a typed record (a response, or one correct pattern) as xAPI writes it, by the
  // interaction's kind (the same formats as SCORM 2004; docs/plugins.md gives each kind's shape).
  function value(rec, v, pattern) {
    var k = rec.kind;
    if (v == null) return "";
    if (k === "matching") v = v.map(function (p) { return p.join("[.]"); });
    if (Array.isArray(v)) return v.join("[,]"); // choice, sequencing, matching
    if (pattern && (k === "fill-in" || k === "long-fill-in")) return "{case_matters=" + !!rec.caseMatters + "}" + v;
    if (pattern && k === "numeric") return [v.min, v.max].join("[:]");
    return String(v);
  }
  // The interaction's components (xAPI 1.0.3 4.1.4.1): which kinds list their choices, and as what.
  function components(rec, def) {
    function described(ids, labels) { return ids.map(function (c, i) { return { id: c, description: lang(labels[i] || "") }; }); }
    var choices = described(rec.choices, rec.labels);
    if (rec.kind === "choice" || rec.kind === "sequencing") def.choices = choices;
    else if (rec.kind === "likert") def.scale = choices;
    else if (rec.kind === "matching") { def.source = choices; def.target = described(rec.targets, rec.targetLabels); }
  }
  function course() {
    return { objectType: "Activity", id: L.act, definition: { type: "http://adlnet.gov/expapi/activities/" + (cmi5 ? "lesson" : "course"), name: lang(D.course.title) } };
  }
  function verdict(s, ms) {
    var sc = s.score, mastery = {}, score = { scaled: Math.round(sc.scaled * 10000) / 10000 };
    if (sc.total > 0) { score.raw = sc.earned; score.min = 0; score.max = sc.total; } // xAPI: min < max
    mastery["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] = SMAB.state.mastery;
    sent[s.success] = 1;
    if (s.success === "passed") pendingFail = null;
    send(s.success, course(), { ctx: cmi5 ? mastery : null, result: { success: s.success === "passed", duration: dur(ms), score: score } },
      cmi5 ? ["cmi5", "moveon"] : null, s.success === "passed" ? stored("p") : null);
  }
  function flags(f) { return SMAB.state.flags.indexOf(f) >= 0; }
  function flag(f) { if (!flags(f)) SMAB.state.flags += f; }
  // The flag that says a statement was sent is written once the LRS has it, and saved with the state.
  function stored(f) { return function () { flag(f); if (SMAB.sync) SMAB.sync(); }; }
  // A resumed launch asks the LRS, before its first statement, whether an earlier session's
  // completed and passed arrived (a reply may have come after the page was gone, or never):
  // what the LRS has is not sent again (cmi5 9.3.0.0-6/-7), what it lacks is.
  function ask(verb) {
    var q = { agent: JSON.stringify(L.actor), verb: ADL + verb, activity: L.act, limit: 1 };
    if (L.reg) q.registration = L.reg;
    return getJSON(L.endpoint + "statements?" + query(q)).then(function (r) {
      checked[verb] = !!(r && r.statements && r.statements.length);
    });
  }
  function known(verb, f) {
    if (checked[verb]) flag(f);
    return !!checked[verb];
  }
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
      base = "smab:xapi:" + L.endpoint + ":" + JSON.stringify(L.actor) + ":" + L.reg;
      skey = "smab:state:" + base;
      qprefix = "smab:xapi:q:" + hash(base) + ":";
      akey = "smab:xapi:aside:" + hash(base);
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
            L.sid = (ld.contextTemplate.extensions || {})[SESSION] || "";
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
      return ready.then(function () {
        cred = hash(L.auth);
        qkey = qprefix + tab;
        var locks = w.navigator.locks;
        if (locks) locks.request(qkey, function () { return new Promise(function () {}); }); // held while this page lives
        else w.setInterval(function () { if (queue.length) persist(); }, 5000); // a heartbeat instead
        try { aside = (JSON.parse(store(akey)) || {}).aside || []; } catch (_) { aside = []; }
        return adopt();
      }).then(function () { return getJSON(stateUrl(C.stateId)); }).then(function (doc) {
        // The newer of the LMS's copy and this browser's (a crash may have cut the last PUT short).
        var local = store(skey), at = +(store(skey + ":at") || 0);
        var saved = doc && doc.state && (!local || (doc.at || 0) >= at) ? doc.state : local;
        return saved ? Promise.all([ask("completed"), ask("passed")]).then(function () { return saved; }) : saved;
      }).then(function (saved) {
        var info = { state: saved, mastery: L.mastery, review: L.mode !== "Normal",
          lang: L.prefs && L.prefs.languagePreference || p["Accept-Language"] || "" };
        send("initialized", course(), {}, cmi5 ? ["cmi5"] : null);
        if (saved && !cmi5) send("resumed", course(), {});
        pump();
        return info;
      });
    },
    // A block's own statement (e.g. the Video Profile's, from video.js): an object id without a
    // scheme is the course's ("video/intro.film" → <course IRI>/video/intro.film).
    statement: function (verb, object, extras) {
      if (!allowed()) return;
      var o = copy(object);
      if (o.id.indexOf(":") < 0) o.id = C.course + "/" + o.id;
      send(verb, o, { result: extras.result, ctx: extras.extensions, id: extras.id }, extras.categories);
    },
    closing: function () { closing = true; }, // the course is closing: queue, the last batch sends
    page: function (pg) {
      if (!allowed()) return;
      send("experienced", { objectType: "Activity", id: C.course + "/page/" + pg.id,
        definition: { type: "http://adlnet.gov/expapi/activities/lesson", name: lang(pg.title) } }, {});
    },
    // rec: a typed record (SMAB.answer; docs/plugins.md), whatever block asked the question.
    interaction: function (rec) {
      if (!allowed()) return;
      var judged = rec.result !== null;
      var def = { type: "http://adlnet.gov/expapi/activities/cmi.interaction", name: lang(rec.text), interactionType: rec.kind };
      if (judged) def.correctResponsesPattern = rec.pattern.map(function (p) { return value(rec, p, true); });
      components(rec, def);
      // An answer with nothing to get right (a survey's) is recorded with no success or score.
      var result = { response: value(rec, rec.response, false) };
      if (judged) result.success = rec.result;
      result.duration = dur(rec.latency);
      // A practice question is worth no points: it is judged (success) but has no score, for
      // xAPI needs min < max and "0 of 0" would say nothing.
      if (judged && rec.weight > 0) result.score = { raw: rec.result ? rec.weight : 0, min: 0, max: rec.weight, scaled: rec.result ? 1 : 0 };
      if (judged) answered = 1;
      if (rec.attempt) result.extensions = { "https://w3id.org/xapi/smab-pack/extensions/attempt": rec.attempt }; // the quiz's attempt: 1, 2, …
      send("answered", { objectType: "Activity", id: C.course + "/question/" + rec.id, definition: def }, { result: result });
    },
    update: function (s) {
      if (!allowed()) return;
      var ms = Date.now() - t0;
      if (s.completed && !flags("c") && !sent.completed && !known("completed", "c")) {
        sent.completed = 1;
        send("completed", course(), { result: { completion: true, duration: dur(ms) } }, cmi5 ? ["cmi5", "moveon"] : null, stored("c"));
      }
      // Passed once a registration: sent unless the LRS confirmed one (flag p) or has one.
      // A failure is judged only on answers given in this session, never after a pass; cmi5
      // allows one of passed or failed a session, so there it waits for the session's end:
      // a retry may still pass.
      if (s.success === "passed" && !flags("p") && !sent.passed && !known("passed", "p")) verdict(s, ms);
      if (s.success === "failed" && answered && !flags("p") && !sent.passed && !sent.failed) {
        if (cmi5) pendingFail = s; else verdict(s, ms);
      }
    },
    save: function (state) {
      lastState = state;
      store(skey, state); store(skey + ":at", String(Date.now()));
      if (stateTimer) return;
      // Coalesce state writes: the queue of statements is what must never be lost.
      stateTimer = w.setTimeout(function () { stateTimer = null; SMAB.adapter.putState(false); }, 500);
    },
    putState: function (keepalive) {
      var body = JSON.stringify({ state: lastState || store(skey), at: Date.now() });
      return fetch(stateUrl(C.stateId), { method: "PUT", headers: headers(true), body: body, keepalive: keepalive })
        .catch(function () { /* the State API is optional; localStorage keeps it */ });
    },
    commit: function () { pump(); },
    pending: function () { return queue.length; },
    aside: function () { return aside.slice(); },
    finish: function (s, ms) {
      closing = true; // the last statements leave together, in one keep-alive request
      if (pendingFail && s.success === "failed" && !sent.passed) verdict(s, ms);
      if (!s.finished && allowed() && !cmi5) send("suspended", course(), { result: { duration: dur(ms) } });
      send("terminated", course(), { result: { duration: dur(ms) } }, cmi5 ? ["cmi5"] : null);
      this.putState(true);
      flush();
      // Exit to the LMS: once the LRS has everything (or after 3 s), as the page stays until then.
      if (L.ret && s.exit) {
        var until = Date.now() + 3000;
        (function leave() {
          if (!queue.length || Date.now() > until) w.location.href = L.ret;
          else w.setTimeout(leave, 100);
        })();
      }
    }
  };
})(window);
