/* smab-pack saved state: the run-time's state <-> one compact string (SCORM suspend_data,
   the xAPI State API, localStorage). Pure functions, no DOM: tests/js/state.test.js runs them in node.
   Whatever the string holds (damaged, cut at an LMS's limit, another version, another course,
   another tool's data), decode() never throws: it keeps what it can place and says what it lost.
   The format (version 2, written; version 1, still read) is described in docs/saved-state.md. */
(function (w) {
  "use strict";
  var W = 4, SHORT = 40, FLAGS = /^[\w.:-]{0,64}$/, LANG = /^[A-Za-z0-9-]{0,35}$/, LANGS = /^[\w-]{0,35}(\/[\w-]{1,35}\+?)?$/;
  var SET = { choice: 1, "true-false": 1, likert: 1 }, TEXT = { "fill-in": 1, "long-fill-in": 1 };
  var AS_JSON = { encode: function (q, r) { return JSON.stringify(r); }, decode: function (q, s) { return JSON.parse(s); } };

  // How an answer is written, by the interaction's kind, unless its block registered encode/decode:
  // the choices picked as a bit mask (null), else a string URI-encoded after "~": typed text as it
  // is ("text"), the block's own encoding, or JSON.
  function codec(m, q) {
    var b = m.blocks && m.blocks[q.block];
    return b && b.encode && b.decode ? b : SET[q.kind] ? null : TEXT[q.kind] ? "text" : AS_JSON;
  }
  // fp -> the next unused index of an item with that fingerprint, in course order
  // (a rare collision within one course still pairs the first saved with the first current)
  function matcher(items) {
    var m = {};
    items.forEach(function (x, i) { (m["#" + x.fp] = m["#" + x.fp] || []).push(i); });
    return function (fp) { var l = m["#" + fp]; return l && l.length ? l.shift() : -1; };
  }
  function token(md, q, a, short) {
    var m = 0, result = "!" + (a.ok ? 1 : 0), how = codec(md, q), b;
    if (a.r == null) return result;
    // a lone surrogate cannot be URI-encoded: the result stays. Short: only long answers give way
    // (a typed text's), a matching or an order of a few characters stays.
    if (how) try { b = "~" + encodeURIComponent(how === "text" ? a.r : how.encode(q, a.r)); return short && b.length > SHORT ? result : b; } catch (_e) { return result; }
    q.choices.forEach(function (c, j) { if (a.r.indexOf(c) >= 0) m += Math.pow(2, j); });
    return m ? m.toString(36) : result;
  }
  // The answer a token's body gives the question as it is now, or null when it cannot be its answer.
  function answer(md, q, b) {
    if (b === "!1" || b === "!0") return { r: null, ok: b === "!1" };
    var how = codec(md, q), r = [];
    if (how) {
      if (b.charAt(0) !== "~") return null;
      try { r = decodeURIComponent(b.slice(1)); r = how === "text" ? r : how.decode(q, r); } catch (_e) { return null; }
      return r === undefined || r === null ? null : { r: r };
    }
    var m = /^[1-9a-z][0-9a-z]{0,9}$/.test(b) ? parseInt(b, 36) : 0;
    if (!m || m >= Math.pow(2, q.choices.length)) return null;
    q.choices.forEach(function (c, j) { if (Math.floor(m / Math.pow(2, j)) % 2) r.push(c); });
    return (q.kind !== "choice" || !q.multiple) && r.length !== 1 ? null : { r: r };
  }

  function encode(m, st, limit) {
    var seen = "", done = "", page = m.pages[st.page] || m.pages[0], t, s, i, kept = [], used = 0;
    m.pages.forEach(function (p, i) { if (st.seen[i]) seen += p.fp; });
    m.media.forEach(function (v) { if (st.media[v.key]) done += v.fp; });
    function answers(short) {
      // First the learner's seed ("*") and the quizzes past their first attempt ("@" fp, attempt):
      // they outlast a cut of the answers.
      var t = st.seed ? ["*" + st.seed] : [];
      (m.groups || []).forEach(function (g) { var n = st.att && st.att[g.key]; if (n > 1) t.push("@" + g.fp + n.toString(36)); });
      m.qs.forEach(function (q) { var a = st.ans[q.key]; if (a) t.push(q.fp + token(m, q, a, short)); });
      return t;
    }
    function join(t) {
      var rest = [m.cid, m.shape, page ? page.fp : "", st.best == null ? "" : (st.hold ? "!" : "") + st.best.toString(36),
        st.flags || "", (st.lang || "") + (st.help ? "/" + st.help + (st.par ? "+" : "") : ""), seen, done, t.join(",")].join(";"), n = rest.length + 3, d = 1;
      while ((n + d).toString(36).length > d) d++;
      return "2;" + (n + d).toString(36) + ";" + rest;
    }
    // Long texts give way to their results; then the last answers (and pages seen) are left out
    // and marked "+", rather than let the platform cut the string or refuse it.
    s = join(t = answers(false));
    if (s.length > limit) s = join(t = answers(true));
    if (s.length <= limit) return s;
    var room = limit - join(["+"]).length - 8;
    for (i = 0; i < t.length && used + t[i].length < room; i++) { kept.push(t[i]); used += t[i].length + 1; }
    kept.push("+");
    while ((s = join(kept)).length > limit && kept.length > 1) kept.splice(-2, 1);
    while (s.length > limit && seen) { seen = seen.slice(0, -W); s = join(kept); }
    return s;
  }

  // -> { found: a state was there, lost: some of it could not be placed or read,
  //      kept: how many things came back, same: whole and from this very version, st }
  function decode(m, s) {
    var out = { found: false, lost: false, kept: 0, same: false,
      st: { page: 0, seen: m.pages.map(function () { return 0; }), ans: {}, flags: "", lang: "", help: "", media: {}, best: null, hold: false, att: {}, seed: "" } };
    if (s == null || s === "" || s === "null" || s === "undefined") return out;
    out.found = out.lost = true;
    try {
      s = String(s);
      // anything else is another tool's data, JSON, noise: nothing of it is ours
      if (s.slice(0, 2) === "2;") two(m, s, out, out.st);
      else if (s.slice(0, 2) === "1;") one(m, s.split(";"), out, out.st);
    } catch (_) {
      out = decode(m, "");
      out.found = out.lost = true;
    }
    return out;
  }
  // Each item goes where its fingerprint now is; what has no place (or is damaged) is lost.
  function place(out, ok) { if (ok) out.kept++; else out.lost = true; }
  function two(m, s, out, st) {
    var p = s.split(";"), cut = !/^[0-9a-z]{1,6}$/.test(p[1]) || parseInt(p[1], 36) !== s.length;
    if (p[2] !== m.cid) return; // another course, or cut before its id
    out.lost = cut || p.length !== 11;
    // After a cut the last field present is partial: a single value is dropped, a list loses its last item.
    var last = cut ? p.length - 1 : 11, page = matcher(m.pages), med = matcher(m.media), q = matcher(m.qs), i, j;
    function value(i, re) {
      var v = i < last ? p[i] : "";
      if (re.test(v)) return v;
      out.lost = true;
      return "";
    }
    function fps(i, f) { // a run of fingerprints; a partial one (cut) is left out
      var v = (i <= last && p[i]) || "";
      if (v.length % W) out.lost = true;
      for (var k = 0; k + W <= v.length; k += W) f(v.substr(k, W));
    }
    if ((i = value(4, /^([\w-]{4})?$/))) { j = matcher(m.pages)(i); place(out, j >= 0); st.page = Math.max(j, 0); }
    if ((i = value(5, /^(!?[0-9a-z]{1,3})?$/))) {
      st.hold = i.charAt(0) === "!";
      st.best = parseInt(i.slice(+st.hold), 36);
      if (st.best > 10000) { st.best = null; st.hold = out.lost = true; }
    }
    st.flags = value(6, FLAGS);
    // the course language, and after "/" the help language (both optional), "+" when its parallel text is shown
    i = value(7, LANGS).split(/[/+]/);
    st.lang = i[0]; st.help = i[1] || "";
    if (i[2] === "") st.par = 1;
    fps(8, function (fp) { var j = page(fp); place(out, j >= 0 && (st.seen[j] = 1)); });
    fps(9, function (fp) { var j = med(fp); place(out, j >= 0 && (st.media[m.media[j].key] = 1)); });
    var toks = 10 <= last && p[10] ? p[10].split(",") : [];
    if (last === 10) toks.pop();
    var grp = matcher(m.groups || []);
    toks.forEach(function (t) {
      var c = t.charAt(0), n = /^[0-9a-z]{1,3}$/.test(t.slice(1 + W)) ? parseInt(t.slice(1 + W), 36) : 0;
      if (c === "*") return place(out, /^\*[0-9a-z]{1,6}$/.test(t) && (st.seed = t.slice(1)));
      if (c === "@") { j = grp(t.slice(1, 1 + W)); return place(out, j >= 0 && n > 1 && (st.att[m.groups[j].key] = n)); }
      var j = q(t.slice(0, W)), a = j >= 0 && answer(m, m.qs[j], t.slice(W));
      place(out, a && (st.ans[m.qs[j].key] = a));
    });
    out.same = !out.lost && p[3] === m.shape;
  }
  function unbits(s, n) {
    if (!/^[\w-]*$/.test(s) || s.length % 4 === 1) return null;
    var b = atob(s.replace(/-/g, "+").replace(/_/g, "/")), out = [];
    for (var i = 0; i < n; i++) out.push(i >> 3 < b.length && (b.charCodeAt(i >> 3) >> (i & 7)) & 1 ? 1 : 0);
    return out;
  }
  // Version 1 was positional: answers count only while its stateKey matches this version.
  function one(m, p, out, st) {
    var seen = unbits(p[3] || "", m.pages.length), v = unbits(p[7] || "", m.media.length);
    out.lost = p.length < 4 || p.length > 8 || !seen || !v || !FLAGS.test(p[5] || "") || !LANG.test(p[6] || "") ||
      !/^\d{1,6}$/.test(p[2]) || +p[2] >= m.pages.length || (p[1] !== m.key && !!(p[4] || p[7]));
    if (seen) st.seen = seen.map(function (b) { if (b) out.kept++; return b; });
    if (/^\d{1,6}$/.test(p[2]) && +p[2] < m.pages.length) st.page = +p[2];
    if (FLAGS.test(p[5] || "")) st.flags = p[5] || "";
    if (LANG.test(p[6] || "")) st.lang = p[6] || "";
    if (p[1] !== m.key) return;
    if (v) v.forEach(function (b, i) { if (b) place(out, st.media[m.media[i].key] = 1); });
    (p[4] || "").split(",").forEach(function (t, i) {
      var a = t && m.qs[i] && answer(m, m.qs[i], t);
      if (t) place(out, a && (st.ans[m.qs[i].key] = a));
    });
  }

  w.SMABState = { encode: encode, decode: decode };
})(this);
