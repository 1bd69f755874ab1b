/* smab-pack preview: the LMS side of SCORM 1.2 and 2004, as strict as the standards' data models.
   SMABLMS.check(version, element, value, types) judges one value (the types, SPMs and vocabularies of
   the RTE books, as tests/support/scorm_types.py states them: a test runs both on the same values);
   SMABLMS.api(version, stored, hooks) is the API object an LMS puts on its window (API / API_1484_11)
   with the standards' lifecycle, read-only/write-only elements and error codes.
   Only ever served by `smab-pack preview`: no package holds it. Also loads in node for its tests. */
(function (w) {
  "use strict";
  // ---- the data types (null: conforms; else [error kind, why]) ----
  var TYPE = "type", RANGE = "range";
  function no(kind, why) { return [kind, why]; }
  function re(r, why) { return function (v) { return r.test(v) ? null : no(TYPE, why); }; }
  function vocab() {
    var words = [].slice.call(arguments);
    return function (v) { return words.indexOf(v) >= 0 ? null : no(TYPE, "not one of " + words.join(", ")); };
  }
  function chars(spm) { return function (v) { return v.length <= spm ? null : no(RANGE, v.length + " characters, over the SPM of " + spm); }; }
  var TIME = /^(\d{4})(-(\d{2})(-(\d{2})(T(\d{2})(:(\d{2})(:(\d{2})(\.\d{1,2})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?$/;
  function time04(v) {
    var m = TIME.exec(v);
    if (!m) return no(TYPE, "not a time(second,10,2)");
    if (+m[1] < 1970 || +m[1] > 2038) return no(RANGE, "year outside 1970-2038");
    return m[13] && !m[7] ? no(TYPE, "a time zone only after a time") : null;
  }
  function span04(v) {
    return /^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/.test(v) && v !== "P" && v !== "PT" && !/T$/.test(v)
      ? null : no(TYPE, "not a timeinterval(second,10,2)");
  }
  function real(lo, hi) {
    return function (v) {
      var m = /^-?(\d+)(?:\.(\d+))?$/.exec(v);
      if (!m) return no(TYPE, "not a real(10,7)");
      var whole = m[1].replace(/^0+/, ""), frac = (m[2] || "").replace(/0+$/, "");
      if (frac.length > 7 || whole.length + frac.length > 10) return no(TYPE, "more precision than real(10,7)");
      return (lo != null && +v < lo) || (hi != null && +v > hi) ? no(RANGE, "outside [" + lo + ", " + hi + "]") : null;
    };
  }
  var LANG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/, URI = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
  function localized(spm) {
    return function (v) {
      var m = /^\{lang=([^}]*)\}/.exec(v);
      if (m) { if (!LANG.test(m[1])) return no(TYPE, "bad language tag in {lang=}"); v = v.slice(m[0].length); }
      return v.charAt(0) === "{" ? no(TYPE, "text starting with { is read as a delimiter") : chars(spm)(v);
    };
  }
  function ident(spm) { return function (v) { return v && URI.test(v) ? chars(spm)(v) : no(TYPE, "not an identifier (a URI without spaces)"); }; }
  function delims(v, names) { // leading {case_matters=…}/{order_matters=…} of a pattern: [rest, problem]
    var m;
    while ((m = /^\{(\w+)=([^}]*)\}/.exec(v)) && names.indexOf(m[1]) >= 0) {
      if (m[2] !== "true" && m[2] !== "false") return [v, no(TYPE, "{" + m[1] + "=} takes true or false")];
      v = v.slice(m[0].length);
    }
    return [v, null];
  }
  function list(v, each, most, unique) {
    var parts = v ? v.split("[,]") : [], seen = {}, i, p;
    if (parts.length > most) return no(RANGE, parts.length + " items, over the SPM of " + most);
    for (i = 0; i < parts.length; i++) {
      if (unique && seen["#" + parts[i]]) return no(TYPE, "items repeat");
      seen["#" + parts[i]] = 1;
      if ((p = each(parts[i]))) return p;
    }
    return null;
  }
  function pair(v) { var sides = v.split("[.]"); return sides.length !== 2 ? no(TYPE, "not a source[.]target record") : ident(250)(sides[0]) || ident(250)(sides[1]); }
  var NUM = "-?\\d+(\\.\\d+)?", RANGE04 = new RegExp("^(" + NUM + "(\\[:\\]" + NUM + ")?|\\[:\\]" + NUM + "|" + NUM + "\\[:\\])$");
  function response04(kind, v, pattern) {
    var d;
    if (kind === "true-false") return vocab("true", "false")(v);
    if (kind === "choice") return list(v, ident(250), 36, true);
    if (kind === "likert") return ident(250)(v);
    if (kind === "fill-in" || kind === "long-fill-in") {
      if (pattern) { d = delims(v, kind === "fill-in" ? ["case_matters", "order_matters"] : ["case_matters"]); if (d[1]) return d[1]; v = d[0]; }
      return kind === "fill-in" ? list(v, localized(250), 10, false) : localized(4000)(v);
    }
    if (kind === "numeric") return RANGE04.test(v) ? null : no(TYPE, "not a numeric range");
    if (kind === "sequencing") return list(v, ident(250), 36, false); // order matters, an id may recur
    if (kind === "matching") return list(v, pair, 36, false); // a bag of source[.]target records
    return /^(performance|other)$/.test(kind) ? null : no(TYPE, "unknown interaction type " + kind);
  }
  var SPAN12 = re(/^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/, "not a CMITimespan HHHH:MM:SS.SS");
  function dec12(lo, hi) {
    return function (v) {
      if (!/^-?\d+(\.\d+)?$/.test(v)) return no(TYPE, "not a CMIDecimal");
      return (lo != null && +v < lo) || (hi != null && +v > hi) ? no(RANGE, "outside [" + lo + ", " + hi + "]") : null;
    };
  }
  var ID12 = re(/^[\x21-\x7e]{1,255}$/, "not a CMIIdentifier (1-255 printable characters, no white space)");
  function response12(kind, v) {
    if (kind === "true-false") return vocab("0", "1", "t", "f")(v);
    if (kind === "choice" || kind === "sequencing") {
      var inner = /^\{.*\}$/.test(v) ? v.slice(1, -1) : v;
      return /^[0-9a-z](,[0-9a-z])*$/.test(inner) ? null : no(TYPE, "not a list of single characters 0-9/a-z");
    }
    if (kind === "likert") return /^[0-9a-z]?$/.test(v) ? null : no(TYPE, "not a single character 0-9/a-z (or blank)");
    if (kind === "numeric") return dec12()(v);
    if (kind === "matching") { // source.target pairs of single characters 0-9/a-z
      var pairs = /^\{.*\}$/.test(v) ? v.slice(1, -1) : v;
      return /^[0-9a-z]\.[0-9a-z](,[0-9a-z]\.[0-9a-z])*$/.test(pairs) ? null : no(TYPE, "not source.target pairs");
    }
    return /^(fill-in|performance)$/.test(kind) ? chars(255)(v) : no(TYPE, "unknown interaction type " + kind);
  }
  function result04(v) { return vocab("correct", "incorrect", "unanticipated", "neutral")(v) && real()(v) ? no(TYPE, "not a 2004 result") : null; }
  function result12(v) { return /^(correct|wrong|unanticipated|neutral|-?\d+(\.\d+)?)$/.test(v) ? null : no(TYPE, "not a 1.2 result"); }

  // ---- the data models: element (n for an index) -> [access r/w/rw, type check] ----
  var RO = ["r"];
  var M12 = {
    "cmi.core.student_id": RO, "cmi.core.student_name": RO, "cmi.core.credit": RO, "cmi.core.entry": RO,
    "cmi.core.total_time": RO, "cmi.core.lesson_mode": RO, "cmi.launch_data": RO, "cmi.comments_from_lms": RO,
    "cmi.student_data.mastery_score": RO, "cmi.student_data.max_time_allowed": RO, "cmi.student_data.time_limit_action": RO,
    "cmi.core.lesson_location": ["rw", chars(255)],
    "cmi.core.lesson_status": ["rw", vocab("passed", "completed", "failed", "incomplete", "browsed")],
    "cmi.core.exit": ["w", vocab("time-out", "suspend", "logout", "")],
    "cmi.core.session_time": ["w", SPAN12],
    "cmi.core.score.raw": ["rw", dec12(0, 100)], "cmi.core.score.min": ["rw", dec12(0, 100)], "cmi.core.score.max": ["rw", dec12(0, 100)],
    "cmi.suspend_data": ["rw", chars(4096)], "cmi.comments": ["rw", chars(4096)],
    "cmi.student_preference.audio": ["rw", dec12(-1, 100)], "cmi.student_preference.language": ["rw", chars(255)],
    "cmi.student_preference.speed": ["rw", dec12(-100, 100)], "cmi.student_preference.text": ["rw", vocab("-1", "0", "1")],
    "cmi.objectives.n.id": ["rw", ID12], "cmi.objectives.n.status": ["rw", vocab("passed", "completed", "failed", "incomplete", "browsed", "not attempted")],
    "cmi.objectives.n.score.raw": ["rw", dec12()], "cmi.objectives.n.score.min": ["rw", dec12()], "cmi.objectives.n.score.max": ["rw", dec12()],
    "cmi.interactions.n.id": ["w", ID12], "cmi.interactions.n.objectives.n.id": ["w", ID12],
    "cmi.interactions.n.time": ["w", re(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/, "not a CMITime HH:MM:SS(.SS)")],
    "cmi.interactions.n.type": ["w", vocab("true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric")],
    "cmi.interactions.n.correct_responses.n.pattern": ["w", "response"], "cmi.interactions.n.student_response": ["w", "response"],
    "cmi.interactions.n.weighting": ["w", dec12()], "cmi.interactions.n.result": ["w", result12], "cmi.interactions.n.latency": ["w", SPAN12]
  };
  var KIND04 = vocab("true-false", "choice", "fill-in", "long-fill-in", "likert", "matching", "performance", "sequencing", "numeric", "other");
  var M04 = {
    "cmi._version": RO, "cmi.completion_threshold": RO, "cmi.credit": RO, "cmi.entry": RO, "cmi.launch_data": RO,
    "cmi.learner_id": RO, "cmi.learner_name": RO, "cmi.max_time_allowed": RO, "cmi.mode": RO, "cmi.scaled_passing_score": RO,
    "cmi.time_limit_action": RO, "cmi.total_time": RO,
    "cmi.completion_status": ["rw", vocab("completed", "incomplete", "not attempted", "unknown")],
    "cmi.success_status": ["rw", vocab("passed", "failed", "unknown")],
    "cmi.exit": ["w", vocab("time-out", "suspend", "logout", "normal", "")],
    "cmi.location": ["rw", chars(1000)], "cmi.suspend_data": ["rw", chars(64000)],
    "cmi.progress_measure": ["rw", real(0, 1)], "cmi.score.scaled": ["rw", real(-1, 1)],
    "cmi.score.raw": ["rw", real()], "cmi.score.min": ["rw", real()], "cmi.score.max": ["rw", real()],
    "cmi.session_time": ["w", span04],
    "cmi.learner_preference.audio_level": ["rw", real(0)], "cmi.learner_preference.delivery_speed": ["rw", real(0)],
    "cmi.learner_preference.language": ["rw", function (v) { return v === "" || LANG.test(v) ? null : no(TYPE, "not a language tag"); }],
    "cmi.learner_preference.audio_captioning": ["rw", vocab("-1", "0", "1")],
    "adl.nav.request": ["rw", re(/^(continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_|\{target=[^}]+\}(choice|jump))$/, "not a navigation request")],
    "cmi.objectives.n.id": ["rw", ident(4000)], "cmi.objectives.n.success_status": ["rw", vocab("passed", "failed", "unknown")],
    "cmi.objectives.n.completion_status": ["rw", vocab("completed", "incomplete", "not attempted", "unknown")],
    "cmi.objectives.n.score.scaled": ["rw", real(-1, 1)], "cmi.objectives.n.progress_measure": ["rw", real(0, 1)],
    "cmi.interactions.n.id": ["rw", ident(4000)], "cmi.interactions.n.type": ["rw", KIND04],
    "cmi.interactions.n.objectives.n.id": ["rw", ident(4000)], "cmi.interactions.n.timestamp": ["rw", time04],
    "cmi.interactions.n.correct_responses.n.pattern": ["rw", "response"], "cmi.interactions.n.learner_response": ["rw", "response"],
    "cmi.interactions.n.weighting": ["rw", real()], "cmi.interactions.n.result": ["rw", result04],
    "cmi.interactions.n.latency": ["rw", span04], "cmi.interactions.n.description": ["rw", localized(250)]
  };
  var KIDS = {
    "1.2": {
      "cmi.core": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
      "cmi.core.score": "raw,min,max", "cmi.objectives": "id,score,status", "cmi.student_data": "mastery_score,max_time_allowed,time_limit_action",
      "cmi.student_preference": "audio,language,speed,text",
      "cmi.interactions": "id,objectives,time,type,correct_responses,weighting,student_response,result,latency"
    },
    "2004": {
      "cmi.score": "scaled,raw,min,max", "cmi.objectives": "id,score,success_status,completion_status,progress_measure,description",
      "cmi.learner_preference": "audio_level,language,delivery_speed,audio_captioning",
      "cmi.interactions": "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description"
    }
  };
  var ARRAYS = /^(cmi\.objectives|cmi\.interactions|cmi\.interactions\.\d+\.objectives|cmi\.interactions\.\d+\.correct_responses)$/;
  function shape(el) { return el.replace(/\.\d+(?=\.)/g, ".n"); }

  // The problem with a SCO setting element to value, as [error kind, why], or null when it conforms.
  // types: interaction index -> its type (for the response formats).
  function check(version, el, v, types) {
    var def = (version === "1.2" ? M12 : M04)[shape(el)], m;
    if (!def || !def[1]) return no("element", "not an element a SCO may set");
    if (def[1] !== "response") return def[1](v);
    m = /^cmi\.interactions\.(\d+)\./.exec(el);
    var kind = types && types[m[1]];
    if (kind == null) return no("dependency", "a response set before the interaction's type");
    return version === "1.2" ? response12(kind, v) : response04(kind, v, /pattern$/.test(el));
  }

  // ---- the API: lifecycle, access, error codes ----
  var TEXT12 = { 0: "No error", 101: "General exception", 201: "Invalid argument error", 202: "Element cannot have children",
    203: "Element not an array - cannot have count", 301: "Not initialized", 401: "Not implemented error",
    402: "Invalid set value, element is a keyword", 403: "Element is read only", 404: "Element is write only", 405: "Incorrect data type" };
  var TEXT04 = { 0: "No Error", 101: "General Exception", 102: "General Initialization Failure", 103: "Already Initialized",
    104: "Content Instance Terminated", 111: "General Termination Failure", 112: "Termination Before Initialization",
    113: "Termination After Termination", 122: "Retrieve Data Before Initialization", 123: "Retrieve Data After Termination",
    132: "Store Data Before Initialization", 133: "Store Data After Termination", 142: "Commit Before Initialization",
    143: "Commit After Termination", 201: "General Argument Error", 301: "General Get Failure", 351: "General Set Failure",
    391: "General Commit Failure", 401: "Undefined Data Model Element", 402: "Unimplemented Data Model Element",
    403: "Data Model Element Value Not Initialized", 404: "Data Model Element Is Read Only", 405: "Data Model Element Is Write Only",
    406: "Data Model Element Type Mismatch", 407: "Data Model Element Value Out Of Range", 408: "Data Model Dependency Not Established" };
  // the code of each kind of failure, by version: [1.2, 2004]
  var CODE = {
    twice: [101, 103], ended: [101, 104], unknown: [201, 401], readonly: [403, 404], writeonly: [404, 405],
    keyword: [402, 404], nokids: [202, 301], nocount: [203, 301], type: [405, 406], range: [405, 407], dependency: [201, 408],
    element: [201, 401], index: [201, 351], noindex: [201, 301], unset: [0, 403], commit: [101, 391], finish: [101, 111], arg: [201, 201]
  };

  // stored: element -> value the LMS hands the SCO (counts are derived); hooks.call(record) sees every
  // call; hooks.commit(values) keeps them and answers false when the LMS is made to fail.
  function api(version, stored, hooks) {
    var is12 = version === "1.2", M = is12 ? M12 : M04, kids = KIDS[version], v = {}, k;
    var phase = 0, last = 0, why = "", types = {}; // phase: 0 not initialized, 1 running, 2 ended
    for (k in stored) v[k] = String(stored[k]);
    hooks = hooks || {};
    function fail(kind, text) { last = CODE[kind][is12 ? 0 : 1]; why = text; return last; }
    function count(prefix) {
      var n = 0, re = new RegExp("^" + prefix.replace(/\./g, "\\.") + "\\.(\\d+)\\.");
      for (var e in v) { var m = re.exec(e); if (m && +m[1] + 1 > n) n = +m[1] + 1; }
      return n;
    }
    for (k in v) { var t = /^cmi\.interactions\.(\d+)\.type$/.exec(k); if (t) types[t[1]] = v[k]; }
    function life(what) { // 0 while the session runs, else the error code for calling what now
      if (phase === 1) return 0;
      why = what + (phase ? " after the session ended" : " before the session started");
      last = is12 ? 301 : { get: 122, set: 132, commit: 142 }[what] + (phase ? 1 : 0);
      return last;
    }
    // _children and _count: read-only keywords of the elements that have children, or are arrays.
    function keyword(el, base, key, set) {
      var has = key === "_children" ? kids[base] : ARRAYS.test(base);
      if (has) return set ? fail("keyword", el + " is a keyword") : 0;
      var known = M[shape(base)] || kids[base] || ARRAYS.test(base);
      return fail(!known ? "unknown" : key === "_children" ? "nokids" : "nocount", base + (key === "_children" ? " has no children" : " is not an array"));
    }
    // Each index of an array exists once the ones before it do: n may be the next one (to set), no further.
    function indices(el, set) {
      var parts = el.split("."), prefix = "", i, n;
      for (i = 0; i < parts.length; i++) {
        if (/^\d+$/.test(parts[i])) {
          n = count(prefix);
          if (+parts[i] > n || (!set && +parts[i] === n)) return fail(set ? "index" : "noindex", prefix + "." + parts[i] + " does not exist (" + n + " so far)");
          // 2004: a new interaction or objective starts with its id (RTE 4.2.9.1)
          if (!is12 && +parts[i] === n && prefix.split(".").length === 2 && parts[i + 1] !== "id") return fail("dependency", prefix + "." + parts[i] + ".id must be set first");
        }
        prefix += (i ? "." : "") + parts[i];
      }
      return 0;
    }
    // What is wrong with element el for reading (set false) or writing (set true): 0 or a code.
    function reach(el, set) {
      var base = el.replace(/\.(_children|_count)$/, ""), key = el.slice(base.length + 1), d;
      if (el === "") return fail(is12 ? "arg" : set ? "index" : "nokids", "no element named");
      if (key) return keyword(el, base, key, set);
      if (!is12 && el === "cmi._version") return set ? fail("readonly", "cmi._version is read only") : 0;
      if (!(d = M[shape(el)])) return fail("unknown", el + " is not in the SCORM " + version + " data model");
      if (set && d[0] === "r") return fail("readonly", el + " is read only");
      if (!set && d[0] === "w") return fail("writeonly", el + " is write only");
      return indices(el, set);
    }
    function get(el) {
      el = String(el);
      last = 0; why = "";
      if (life("get")) return "";
      if (reach(el, false)) return "";
      var base = el.replace(/\.(_children|_count)$/, "");
      if (/\._children$/.test(el)) return kids[base];
      if (/\._count$/.test(el)) return String(count(base));
      if (!is12 && el === "cmi._version") return "1.0";
      if (!(el in v)) { fail("unset", el + " has not been set"); return ""; }
      return v[el];
    }
    function set(el, value) {
      el = String(el); value = String(value);
      last = 0; why = "";
      if (life("set") || reach(el, true)) return "false";
      var p = check(version, el, value, types);
      if (p) { fail(p[0], el + " = " + JSON.stringify(value.slice(0, 80)) + ": " + p[1]); return "false"; }
      var m = /^cmi\.interactions\.(\d+)\.type$/.exec(el);
      if (m) types[m[1]] = value;
      v[el] = value;
      return "true";
    }
    function keep(kind) {
      if (hooks.commit && hooks.commit(snapshot()) === false) { fail(kind, "the LMS could not store the data (made to fail)"); return false; }
      return true;
    }
    function snapshot() { var o = {}; for (var e in v) o[e] = v[e]; return o; }
    function begin(a) {
      last = 0; why = "";
      if (a !== "" && a != null) fail("arg", "the argument must be \"\"");
      else if (phase) fail(phase === 1 ? "twice" : "ended", phase === 1 ? "already initialized" : "the session has ended");
      else phase = 1;
      return phase === 1 && !last ? "true" : "false";
    }
    function end(a) {
      last = 0; why = "";
      if (a !== "" && a != null) { fail("arg", "the argument must be \"\""); return "false"; }
      if (phase !== 1) {
        last = is12 ? 301 : phase ? 113 : 112;
        why = phase ? "the session has already ended" : "the session has not started";
        return "false";
      }
      if (!keep("finish")) return "false";
      phase = 2;
      if (hooks.ended) hooks.ended(snapshot());
      return "true";
    }
    function commit(a) {
      last = 0; why = "";
      if (a !== "" && a != null) { fail("arg", "the argument must be \"\""); return "false"; }
      if (life("commit")) return "false";
      return keep("commit") ? "true" : "false";
    }
    var texts = is12 ? TEXT12 : TEXT04, o = {};
    var fns = {
      Initialize: begin, Terminate: end, GetValue: get, SetValue: set, Commit: commit,
      GetLastError: function () { return String(last); },
      GetErrorString: function (c) { return texts[c] || ""; },
      GetDiagnostic: function (c) { return c === "" || c == null || String(c) === String(last) ? why || texts[last] || "" : texts[c] || ""; }
    };
    // Every call is seen (hooks.call): the inspector shows them, the tests read them.
    Object.keys(fns).forEach(function (name) {
      var fn = fns[name], own = (is12 ? "LMS" : "") + (is12 && name === "Terminate" ? "Finish" : name);
      o[own] = function (a, b) {
        var r = fn(a, b), quiet = /Error|Diagnostic/.test(name);
        if (hooks.call && !quiet) hooks.call({ fn: own, el: a, value: b, result: String(r), error: String(last), why: why });
        return r;
      };
    });
    o.values = snapshot;
    return o;
  }

  var out = { check: check, api: api, text: { "1.2": TEXT12, "2004": TEXT04 } };
  w.SMABLMS = out; // in node, this is module.exports
})(this);
