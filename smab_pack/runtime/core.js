/* smab-pack learner run-time: navigation, progress, scoring and saved state.
   Talks to the platform only through an adapter (adapter.js, from the format). It knows no
   question type: each block type registers how it grades and records its interactions
   (SMAB.registerBlock), and the adapters map typed records (docs/plugins.md). */
(function (w, d) {
  "use strict";
  // Own elements by data-smab-ui, which content cannot carry (docs/security.md)
  function ui(n, r) { return (r || d).querySelector("[data-smab-ui=" + n + "]"); }
  function root() { return d.querySelector("body > [data-smab-ui=root]"); }
  var data = JSON.parse(d.querySelector("body > script[data-smab-ui=data]").textContent);
  var framed = (function () { try { return w.self !== w.top; } catch (_) { return true; } })();
  // ?module=ID narrows the course to one module (a cmi5 AU per module).
  var scope = (/[?&]module=([a-z][a-z0-9-]*)/.exec(w.location.search) || [])[1];
  // Aids (the glossary) belong to every module's AU: a learner reaches them from any AU, and no AU
  // is made of aids alone, which the LMS would count as a unit to satisfy.
  var inScope = {}, aidModule = {};
  if (scope) {
    data.pages = data.pages.filter(function (p) { if (p.aid) aidModule[p.module] = 1; return p.module === scope || p.aid; });
    data.pages.forEach(function (p) { inScope[p.id] = 1; });
    data.questions = data.questions.filter(function (q) { return inScope[q.page]; });
    data.media = data.media.filter(function (v) { return inScope[v.page]; });
    data.groups = (data.groups || []).filter(function (g) { return inScope[g.page]; });
    data.course.stateKey += ":" + scope;
    data.course.cid += "." + scope; // one saved state per module
  }
  var pages = data.pages, qs = data.questions, media = data.media, byKey = {}, at = {}, t0 = Date.now();
  qs.forEach(function (q, i) { q.i = i; byKey[q.key] = q; });
  pages.forEach(function (p, i) { at[p.id] = i; });
  var blocks = {}; // block type name -> what it registered (SMAB.registerBlock)
  // flags: adapter-owned marks kept with the state (e.g. which statements were sent)
  // media: media done (watched to their threshold), by key
  // help: the language the learner reads aids in (the glossary), never what is graded; par: 1 when
  // its parallel text is shown (the parallel plugin)
  // att: the attempt a quiz (a group) is at, when past its first; seed: the learner's, for draws and shuffles
  var st = { page: 0, seen: pages.map(function () { return 0; }), ans: {}, flags: "", lang: "", help: "", media: {},
    mastery: data.course.mastery, best: null, hold: false, att: {}, seed: "" };
  var on = { mount: [], content: [], change: [], finish: [], page: [], help: [] }, shown = {}, lms = null, done = false, el = {}, editions = {}, failed = "";
  var arrived = false; // started: page changes now clear the notice
  var frags = {}, pending = {}, marked = false; // fragments arrived (lang/id -> body), requests under way (-> callbacks)
  var warned = {}, ready = false, held = null; // held: the result the LMS already holds (shown in review)
  var view = ""; // "results" while the results view is shown instead of a page
  var RES = "smab-results";

  function $(s, r) { return (r || d).querySelector(s); }
  function $$(s, r) { return Array.prototype.slice.call((r || d).querySelectorAll(s)); }
  function str(k, a) {
    var s = data.strings[k] || k;
    if (Array.isArray(s)) { // plural forms: the language's rule (i18n.js) picks one by a.count
      var rule = (w.SMAB_PLURALS || {})[data.course.lang], i = rule && a && a.count != null ? rule(a.count) : 0;
      s = s[i] || s[s.length - 1];
    }
    for (var n in a || {}) s = s.split("{" + n + "}").join(a[n]);
    return s;
  }
  function emit(ev, x) { on[ev].forEach(function (f) { f(x); }); }
  // Scroll this document, below the sticky header, never its ancestors (the LMS page around a
  // frame), as scrollIntoView() and a plain focus() do.
  function reveal(t, always) {
    var top = ui("head").getBoundingClientRect().bottom, b = t.getBoundingClientRect();
    if (always || b.top < top || b.bottom > w.innerHeight) w.scrollTo(0, Math.max(0, b.top + w.pageYOffset - top - 8));
  }
  function focusOn(t) { if (t) { t.focus({ preventScroll: true }); reveal(t); } }
  function fit() { d.documentElement.style.setProperty("--smab-head", ui("head").offsetHeight + "px"); }

  /* ---- attempts (data.groups: a quiz's rules; the saved state keeps each one's attempt) ---- */
  var pools = data.groups || [], gOf = {};
  pools.forEach(function (g) { gOf[g.page + "#" + g.group] = g; });
  function attempt(g) { return st.att[g.key] || 1; }
  // Whether a question is asked in this attempt: the block that draws from a pool says (quiz-pool.js).
  function asked(q) { var g = gOf[q.page + "#" + q.group], b = g && blocks[g.block]; return !b || !b.asks || b.asks(g, q.key); }

  /* ---- grading and status: the block that asks a question grades it ---- */
  // Nothing to get wrong (no pattern): the answer itself is the result.
  function grade(q, r) { var b = blocks[q.block]; return !q.pattern.length || !!(b && b.grade && b.grade(q, r)); }
  // The typed record of an answer, for the adapter (docs/plugins.md): the interaction as the data
  // has it, what the answer earned, and what the block's record() says (at least the response in
  // its kind's shape).
  function record(q, r, ok, now) {
    var b = blocks[q.block], own = b && b.record ? b.record(q, r) : {}, rec = {}, k;
    for (k in q) rec[k] = q[k];
    rec.id = q.key; rec.weight = q.graded ? q.points : 0; rec.response = r; rec.result = q.pattern.length ? ok : null;
    var g = gOf[q.page + "#" + q.group];
    if (g) rec.attempt = attempt(g); // the quiz's attempt: xAPI's result extension
    rec.latency = now - (shown[q.key] || t0); rec.time = new Date(now);
    for (k in own) rec[k] = own[k];
    return rec;
  }
  function score() {
    var tot = 0, got = 0, all = true, any = false;
    qs.forEach(function (q) {
      if (!q.graded || !asked(q)) return;
      var a = st.ans[q.key];
      any = true; tot += q.points;
      if (!a) all = false; else if (a.ok) got += q.points;
    });
    return { graded: any, all: all, total: tot, earned: got, scaled: tot ? got / tot : 0 };
  }
  // Graded questions by the block that asks them (a quiz), in course order: the results view's lines.
  function groups() {
    var g = [], by = {};
    qs.forEach(function (q) {
      if (!q.graded || !asked(q)) return;
      var k = q.page + "#" + q.group, x = by[k], a = st.ans[q.key];
      if (!x) g.push(x = by[k] = { page: q.page, keys: [], total: 0, earned: 0, all: true });
      x.keys.push(q.key); x.total += q.points;
      if (!a) x.all = false; else if (a.ok) x.earned += q.points;
    });
    return g;
  }
  function verdict(x) { return !x.all ? "unanswered" : x.earned + 1e-9 >= st.mastery * x.total ? "passed" : "failed"; }
  function groupText(x) { return str("points", { earned: x.earned, total: x.total, count: x.total }) + " · " + str(verdict(x)); }
  // A page with required media counts as seen once each is done (a video watched to its threshold).
  function pageDone(i) {
    return media.every(function (v) { return v.page !== pages[i].id || !v.required || st.media[v.key]; });
  }
  function status() {
    // Aids (the glossary page) are there to be read when needed, not to complete the course.
    var sc = score(), n = 0, need = 0;
    pages.forEach(function (p, i) { if (!p.aid) { need++; n += st.seen[i]; } });
    var complete = n === need;
    return {
      completed: complete, progress: need ? n / need : 1, seen: n, score: sc, // a module of aids alone (a cmi5 AU) is done
      success: sc.graded && sc.all ? (sc.scaled + 1e-9 >= st.mastery ? "passed" : "failed") : "unknown",
      finished: complete && (!sc.graded || sc.all)
    };
  }

  /* ---- saved state: the codec is state.js (SMABState), loaded before this file ---- */
  var model = { cid: data.course.cid, shape: data.course.shape, key: data.course.stateKey, pages: pages, qs: qs, media: media,
    blocks: blocks, groups: pools };
  // A score below this is never reported (null: no limit): set when the saved state did not come back whole.
  var floor = null;
  function encode(limit) { return SMABState.encode(model, st, limit); }
  function decode(s) {
    var got = SMABState.decode(model, s), r = got.st, k;
    st.page = r.page; st.seen = r.seen; st.flags = r.flags; st.lang = r.lang; st.help = r.help; st.par = r.par; st.best = r.best; st.hold = r.hold;
    for (k in r.media) st.media[k] = 1;
    st.att = r.att; st.seed = r.seed;
    for (k in r.ans) st.ans[k] = { r: r.ans[k].r, ok: r.ans[k].r === null ? r.ans[k].ok : grade(byKey[k], r.ans[k].r) };
    return got;
  }
  // What the platform is told. After a restore that was not whole or not from this version, answers
  // may be missing or regraded: from then on a score below the one reported before (or the LMS's) is
  // held back (st.hold keeps it so in later sessions), so restoring never lowers the record; the
  // learner still sees their own score.
  function report() {
    var s = status(), sc = s.score, v = Math.round(sc.scaled * 10000);
    if (!sc.graded || !sc.all) return s;
    if (floor !== null && v < floor) { sc.all = false; s.success = "unknown"; s.finished = false; }
    else { st.best = v; if (floor !== null) floor = v; }
    return s;
  }

  /* ---- the platform: an LMS adapter, or this browser's storage ---- */
  var local = {
    name: "standalone", limit: 1e6,
    key: "smab:" + data.course.id + ":" + data.course.lang,
    start: function () {
      var s = null;
      try { s = w.localStorage.getItem(this.key); } catch (_) { /* storage blocked */ }
      return { state: s, status: {} };
    },
    save: function (s) { try { w.localStorage.setItem(this.key, s); } catch (_) { /* full or blocked */ } },
    interaction: function () {}, update: function () {}, commit: function () {}, finish: function () {}
  };
  function sync(commit) {
    if (!lms || done) return;
    lms.update(report()); // first: an adapter may record flags that the state must keep
    lms.save(encode(lms.limit), pages[st.page].id);
    if (commit) lms.commit();
  }
  function finish(exit) {
    if (!lms || done) return;
    sync(false);
    var s = report();
    s.exit = exit === true; // the learner pressed Exit (not a closed window)
    if (lms.closing) lms.closing(); // what blocks send now leaves with the adapter's last batch
    emit("finish", s); // blocks report last (e.g. a video's terminated) before the adapter closes
    lms.finish(s, Date.now() - t0);
    done = true;
    // The learner pressed the format's Finish: the session is over, say so.
    if (s.exit && lms.closed) { el.exit.hidden = true; notice(str(lms.closed), true); }
  }

  /* ---- navigation ---- */
  // One history entry per page (Back and Forward move between pages), except in a frame, where
  // entries would be the LMS page's (tests/test_lms_frame.py) and a fragment would scroll it.
  // how: "push" (the learner moved), "pop" (Back/Forward: history is already there), else replace.
  function remember(id, how) {
    if (framed || how === "pop") return;
    try {
      if (w.location.hash.slice(1) !== id) w.history[how === "push" ? "pushState" : "replaceState"](null, "", "#" + id);
    } catch (_) { /* sandboxed */ }
  }
  function closeToc() {
    if (!d.body.classList.contains("smab-toc-open")) return;
    d.body.classList.remove("smab-toc-open");
    el.menu.setAttribute("aria-expanded", "false");
  }
  // The table of contents says which pages are seen (icon and words) and keeps the current one in view.
  function marks() {
    el.toc.forEach(function (a) {
      var cur = !view && a.getAttribute("data-page") === pages[st.page].id, seen = !!st.seen[at[a.getAttribute("data-page")]];
      if (cur) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
      a.classList.toggle("smab-seen", seen);
      a.lastChild.textContent = " (" + str(seen ? "seen" : "unseen") + ")";
    });
  }
  function tocToCurrent() {
    var toc = ui("toc", root()), a = $("a[aria-current]", toc);
    if (a && (a.offsetTop < toc.scrollTop || a.offsetTop + a.offsetHeight > toc.scrollTop + toc.clientHeight)) {
      toc.scrollTop = a.offsetTop - toc.clientHeight / 3;
    }
  }
  /* ---- pages arrive as fragments (docs/architecture.md): pages/<lang>/<id>.js calls SMAB.page ---- */
  // A <script src> loads on file:// as over HTTP and in any frame. cb(ok) once the script ran or failed.
  function load(src, key, cb) {
    if (key in frags) { cb(true); return; }
    if (pending[key]) { pending[key].push(cb); return; }
    pending[key] = [cb];
    var s = d.createElement("script");
    s.src = src;
    s.onload = s.onerror = function () {
      var cbs = pending[key];
      delete pending[key];
      s.parentNode.removeChild(s);
      cbs.forEach(function (f) { f(key in frags); });
    };
    d.head.appendChild(s);
  }
  function full(sec) { return sec.hasAttribute("data-smab-full"); }
  // Page i's body in the page, fetched if need be; cb(ok) when it is there or could not come.
  function fill(i, cb) {
    var sec = el.pages[i], lang = data.course.lang, key = lang + "/" + pages[i].id;
    if (full(sec)) { if (cb) cb(true); return; }
    load("pages/" + key + ".js", key, function (ok) {
      var wait = ui("wait", sec);
      if (ok && !full(sec)) {
        if (wait) sec.removeChild(wait);
        sec.insertAdjacentHTML("beforeend", frags[key]);
        sec.setAttribute("data-smab-full", "");
        if (root().contains(sec)) emit("content", sec); // blocks bind what arrived (not in a language left since)
      }
      if (cb) cb(ok);
    });
  }
  // While a page's body is on its way: a line saying so; if it cannot come, why, and a button to try again.
  function waiting(i, failed) {
    var sec = el.pages[i], box = ui("wait", sec) || sec.appendChild(d.createElement("div")), b;
    box.className = "smab-wait"; box.setAttribute("data-smab-ui", "wait"); box.setAttribute("role", "status");
    box.textContent = str(failed ? "page_failed" : "page_loading") + " ";
    if (!failed) return;
    b = box.appendChild(d.createElement("button")); b.className = "smab-btn"; b.textContent = str("retry");
    b.onclick = function () { waiting(i); fill(i, function (ok) { arrive(i, null, true, ok); }); };
  }
  // Fetch when the browser has nothing else to do: the next page, and the aids (the glossary) pages link to.
  function prefetch(i) {
    (w.requestIdleCallback || function (f) { w.setTimeout(f, 300); })(function () {
      if (i + 1 < pages.length) fill(i + 1);
      pages.forEach(function (p, j) { if (p.aid) fill(j); });
    });
  }
  function go(i, focus, anchor, how) {
    i = Math.min(Math.max(i, 0), pages.length - 1);
    st.page = i; view = "";
    el.res.hidden = true; d.body.classList.remove("smab-on-results");
    if (pageDone(i)) st.seen[i] = 1;
    el.pages.forEach(function (s, j) { s.hidden = j !== i; });
    marks();
    el.prev.disabled = i === 0;
    // The last page leads on to the results view.
    el.next.disabled = el.next.hidden = i === pages.length - 1;
    el.tores.hidden = !el.next.hidden;
    remember(pages[i].id, arrived ? how || "push" : "replace");
    if (arrived) notice("");
    if (focus) $("h1", el.pages[i]).focus({ preventScroll: true });
    w.scrollTo(0, 0);
    if (lms && lms.page) lms.page(pages[i], i);
    closeToc();
    tocToCurrent();
    sync(true);
    // Never wait for the body: the heading is there, the body follows (or says why it cannot).
    if (full(el.pages[i])) arrive(i, anchor, focus, true);
    else { waiting(i); show(); fill(i, function (ok) { arrive(i, anchor, focus, ok); }); }
  }
  // Page i's body is in (ok) or could not come: what goes with showing it.
  function arrive(i, anchor, focus, ok) {
    if (view || st.page !== i) return; // the learner moved on meanwhile
    if (!ok) { waiting(i, true); return; }
    var now = Date.now(), target = anchor && d.getElementById(anchor);
    $$(".smab-q, .smab-sq", el.pages[i]).forEach(function (f) { var k = f.getAttribute("data-q"); if (!shown[k]) shown[k] = now; });
    if (target && !el.pages[i].contains(target)) target = null;
    if (target) { // the heading linked to
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      if (focus) target.focus({ preventScroll: true });
      reveal(target, true);
    }
    emit("page", el.pages[i]);
    show();
    if (ready && !marked) { // the page opened on is usable (scripts/benchmark_network.py reads the mark)
      marked = true;
      if (w.performance && w.performance.mark) w.performance.mark("smab-interactive");
      d.documentElement.setAttribute("data-smab", "ready");
    }
    prefetch(i);
  }
  // The end of the course: what the platform is told (report()), quiz by quiz, what is left, the way out.
  function results(focus, how) {
    view = "results";
    el.pages.forEach(function (s) { s.hidden = true; });
    el.res.hidden = false; d.body.classList.add("smab-on-results");
    el.prev.disabled = false; el.next.hidden = el.tores.hidden = true;
    marks();
    remember(RES, how || "push");
    if (arrived) notice("");
    if (focus) $("h1", el.res).focus({ preventScroll: true });
    w.scrollTo(0, 0);
    closeToc();
    show();
  }
  // Previous from the results view is the page the learner was on; Next from the last page, the results.
  function step(n) {
    if (view) { if (n < 0) go(st.page, true); } else if (st.page + n >= pages.length) results(true); else go(st.page + n, true);
  }
  function item(list, href, text, more) {
    var li = d.createElement("li"), a = d.createElement("a");
    a.href = "#" + href; a.textContent = text; li.appendChild(a);
    if (more) li.appendChild(d.createTextNode(" · " + more));
    list.appendChild(li);
  }
  function fillResults() {
    var s = report(), sc = s.score, sum = ui("res-sum", el.res), g = groups(), k;
    sum.textContent = "";
    var parts = sc.graded ? [str("score", { score: Math.round(sc.scaled * 100) }), str("pass_mark", { score: Math.round(st.mastery * 100) })] : [];
    parts.forEach(function (t) { sum.appendChild(d.createTextNode(t + " · ")); });
    var v = d.createElement("strong");
    v.className = "smab-verdict";
    v.textContent = str(!sc.graded ? (s.completed ? "complete" : "unanswered") : s.success === "unknown" ? "unanswered" : s.success);
    sum.appendChild(v);
    var box = ui("res-quizzes", el.res), list = $("ul", box);
    list.textContent = "";
    g.forEach(function (x) { item(list, x.page, pages[at[x.page]].title, groupText(x)); });
    box.hidden = !g.length;
    box = ui("res-unseen", el.res); list = $("ul", box); list.textContent = "";
    for (k = 0; k < pages.length; k++) if (!st.seen[k]) item(list, pages[k].id, pages[k].title);
    box.hidden = !list.firstChild;
    // The way out the platform expects: SCORM's Finish (then the window may close), cmi5's Exit to returnURL.
    box = ui("res-exit", el.res);
    var b = $("button", box), how = done || !lms ? "" : lms.exitable;
    $("p", box).textContent = done && lms.closed ? str(lms.closed) : how === true ? "" : str(how ? "results_finish" : "results_close", { button: el.exit.textContent });
    b.hidden = !how;
    b.textContent = el.exit.textContent;
  }
  // After the last question of a quiz, its result below it (removed again when the quiz is retried).
  function quizResults() {
    var r = root();
    groups().forEach(function (x) {
      // the quiz's last question as shown (a shuffle may have moved it; a cloze names its gaps in data-keys)
      var last = x.keys.map(function (k) { return $("[data-q='" + k + "'], [data-keys~='" + k + "']", r); }).filter(Boolean)
        .sort(function (a, b) { return a.compareDocumentPosition(b) & 4 ? -1 : 1; }).pop(), p = last && last.nextElementSibling;
      if (!last) return;
      if (!p || p.className !== "smab-qres") {
        if (!x.all) return;
        p = d.createElement("p"); p.className = "smab-qres"; p.setAttribute("role", "status");
        last.parentNode.insertBefore(p, last.nextSibling);
      }
      p.hidden = !x.all;
      p.textContent = x.all ? str("results") + ": " + groupText(x) : "";
    });
  }
  function show() {
    var s = status(), sc = s.score;
    el.bar.style.inlineSize = Math.round(s.progress * 100) + "%";
    el.meter.setAttribute("aria-valuenow", Math.round(s.progress * 100));
    var t = str("page_of", { n: st.page + 1, total: pages.length });
    // Points while quizzes are open; the score once every graded question is answered.
    if (sc.graded && sc.all) t += " · " + str("score", { score: Math.round(sc.scaled * 100) }) + " · " + str(s.success);
    else if (held && held.success) t += " · " + (isNaN(held.scaled) ? "" : str("score", { score: Math.round(held.scaled * 100) }) + " · ") + str(held.success);
    else if (sc.graded && Object.keys(st.ans).length) t += " · " + str("points", { earned: sc.earned, total: sc.total, count: sc.total });
    el.status.textContent = t;
    quizResults();
    if (view) fillResults();
    fit();
  }
  function route(href, focus, how) {
    // #page or #page--heading (page ids never hold "--")
    if (href === "#" + RES) { results(focus, how); return true; }
    var m = /^#([a-z][a-z0-9]*(?:-[a-z0-9]+)*)(--.*)?$/.exec(href || "");
    if (!m) return false;
    if (!(m[1] in at)) return false;
    go(at[m[1]], focus, m[2] ? m[1] + m[2] : null, how);
    return true;
  }
  // In the sticky header until the learner moves to another page ("" hides it);
  // add: a further line below what the notice already says.
  function notice(text, add) {
    var n = ui("notice");
    if (add && text && !n.hidden && n.textContent) {
      var p = d.createElement("p");
      p.textContent = text;
      n.appendChild(p);
    } else n.textContent = text;
    n.hidden = !text;
    fit();
  }
  // A platform problem the learner must know of, told once (e.g. progress not being saved).
  function warn(key) {
    if (warned[key]) return;
    warned[key] = 1;
    if (ready) notice(str(key), true);
  }

  function start() {
    // Keep the first language's untouched markup: a switch mounts it afresh (the others arrive as pages/<lang>.js).
    if (data.langs) editions[data.course.lang] = root().innerHTML;
    // An adapter may answer at once (SCORM) or later (xAPI reads state over HTTP).
    var a = SMAB.adapter, pending, failure = null;
    try { pending = a ? a.start() : null; } catch (_) { pending = null; }
    Promise.resolve(pending).catch(function (e) { failure = e; return null; }).then(function (info) { begin(a, info, failure); });
  }
  function begin(a, info, failure) {
    if (info) lms = a;
    else { lms = local; info = local.start(); if (a) failed = str(failure && failure.notice || "standalone"); }
    if (info.mastery != null && !isNaN(info.mastery)) st.mastery = info.mastery;
    if (info.readOnly) warn("lms_review");
    held = info.held || null;
    var saved = decode(info.state);
    if (!saved.same || st.hold) { // not whole, or another version: never report below what was reported, nor the LMS's score
      var prev = held && held.scaled != null && !isNaN(held.scaled) ? Math.round(held.scaled * 10000) : -1;
      floor = Math.max(st.best === null ? -1 : st.best, prev);
      if (floor < 0) floor = null; else { st.best = floor; st.hold = true; }
    }
    d.addEventListener("click", function (e) {
      var t = e.target.closest && e.target.closest("a[href^='#']");
      if (!t) return;
      if (route(t.getAttribute("href"), true)) { e.preventDefault(); return; }
      // Other in-page links (skip link): no fragment navigation, no history entry in the LMS page.
      var id = t.getAttribute("href").slice(1), to = id && d.getElementById(id);
      if (to && !to.closest("[hidden]")) { e.preventDefault(); focusOn(to); }
    });
    var tabbed = false;
    d.addEventListener("keydown", function (e) {
      // The first Tab reaches the skip link, even where a fragment (#page) moved Tab's starting point.
      if (e.key === "Tab" && !tabbed) {
        tabbed = true;
        if (!e.shiftKey && d.activeElement === d.body) { e.preventDefault(); ui("skip", root()).focus({ preventScroll: true }); }
      }
      if (e.key === "Escape" && d.body.classList.contains("smab-toc-open")) { closeToc(); el.menu.focus(); return; }
      if (e.altKey && (e.key === "ArrowRight" || e.key === "ArrowLeft")) {
        var fwd = (e.key === "ArrowRight") !== (d.documentElement.dir === "rtl");
        step(fwd ? 1 : -1);
        e.preventDefault();
      }
    });
    d.addEventListener("visibilitychange", function () { if (d.visibilityState === "hidden") sync(true); });
    w.addEventListener("pagehide", function () { finish(false); });
    w.addEventListener("beforeunload", function () { finish(false); });
    w.addEventListener("resize", fit);
    // Back, Forward, or a fragment typed in the address bar: the page it names.
    function back() { if (!framed && w.location.hash.slice(1) !== (view ? RES : pages[st.page].id)) route(w.location.hash, true, "pop"); }
    w.addEventListener("popstate", back);
    w.addEventListener("hashchange", back);
    if ("scrollRestoration" in w.history) w.history.scrollRestoration = "manual"; // a page opens at its top
    var want = data.langs && pickLang([st.lang, info.lang].concat(w.navigator.languages || []));
    if (want && want !== data.course.lang) setLang(want, null, open);
    else { mount(null); open(); }
    function open() {
      // The platform's trouble first, then what became of the saved state.
      if (failed) notice(failed);
      if (saved.lost) notice(str(saved.kept ? "state_partial" : "state_reset"), true);
      else if (saved.found && st.page > 0 && !failed) notice(str("resumed"));
      ready = true;
      Object.keys(warned).forEach(function (k) { notice(str(k), true); });
      if (!route(w.location.hash, false, "replace")) go(st.page, false);
      arrived = true;
    }
  }
  // Bind the language edition now in the page; run again after every switch
  // (focus: null at start, else whether to move focus to the switcher).
  function mount(focus) {
    var r = root(), toc = ui("toc", r);
    el.pages = $$("[data-smab-ui=page]", r).filter(function (s) { return !scope || inScope[s.id]; });
    if (scope) {
      $$("[data-module]", toc).concat($$("[data-smab-ui=page]", r)).forEach(function (m) {
        var mod = m.getAttribute("data-module");
        m.hidden = mod !== scope && !aidModule[mod];
      });
    }
    el.toc = $$("a[data-page]", toc);
    el.prev = ui("prev", r); el.next = ui("next", r); el.menu = ui("menu", r); el.exit = ui("exit", r);
    el.meter = ui("bar", r); el.bar = $("span", el.meter); el.status = ui("status", r);
    el.res = ui("results", r); el.tores = ui("tores", r);
    el.toc.forEach(function (a) { var t = d.createElement("span"); t.className = "smab-vh"; a.appendChild(t); });
    $("button", ui("res-exit", r)).addEventListener("click", function () { finish(true); fillResults(); });
    el.exit.hidden = !lms.exitable || done;
    if (lms.exitable === "finish") el.exit.textContent = str("finish");
    el.prev.addEventListener("click", function () { step(-1); });
    el.next.addEventListener("click", function () { step(1); });
    el.exit.addEventListener("click", function () { finish(true); });
    // On a phone, Contents is a drawer over the page, at the current page, with Close.
    el.menu.addEventListener("click", function () {
      var open = d.body.classList.toggle("smab-toc-open"), cur = $("a[aria-current]", toc) || el.toc[0];
      el.menu.setAttribute("aria-expanded", String(open));
      if (open) { tocToCurrent(); cur.focus({ preventScroll: true }); }
    });
    ui("close", r).addEventListener("click", function () { closeToc(); el.menu.focus(); });
    var help = ui("help", r);
    if (help) {
      help.value = helpLang();
      help.onchange = function () { st.help = help.value; sync(true); emit("help", st.help); };
    }
    pref("text-size", r, function (v) { d.documentElement.style.fontSize = v === "100" ? "" : v + "%"; fit(); });
    pref("cc-size", r, function (v) { d.documentElement.style.setProperty("--smab-cc", v / 100); });
    var select = ui("langs", r);
    if (select) {
      select.value = data.course.lang;
      select.addEventListener("change", function () { setLang(select.value, true); });
    }
    emit("mount", st);
    el.pages.forEach(function (sec) { if (full(sec)) emit("content", sec); });
    if (focus === null) return;
    if (view) results(false, "replace"); else go(st.page, false, null, "replace");
    if (focus && select) focusOn(select);
  }
  // The help language picked, when this edition carries it (not the course language itself).
  function helpLang() { var h = ui("help", root()); return h && $("option[value='" + st.help + "']", h) ? st.help : ""; }
  // Text and caption size: this device's choice (localStorage), not the course's saved state.
  function pref(name, r, apply) {
    var sel = ui(name, r), v = null;
    try { v = w.localStorage.getItem("smab:" + name); } catch (_) { /* storage blocked */ }
    if (v && $("option[value='" + v + "']", sel || r)) apply(v);
    if (!sel) return;
    if (v) sel.value = v;
    sel.addEventListener("change", function () {
      apply(sel.value);
      try { w.localStorage.setItem("smab:" + name, sel.value); } catch (_) { /* storage blocked */ }
    });
  }
  function pickLang(wanted) {
    for (var i = 0; i < wanted.length; i++) {
      var tag = String(wanted[i] || "").split(",")[0].trim();
      if (data.langs[tag]) return tag;
      if (data.langs[tag.split("-")[0]]) return tag.split("-")[0];
    }
    return null;
  }
  // Same course, same attempt, another language: only texts change, never ids or state.
  // then: what to do once it is shown (at start), or once it could not come (it stays as it was).
  // The page shown comes with it, so that the switch shows the page whole (or, if it cannot come, why).
  function setLang(tag, focus, then, pageIn) {
    var L = data.langs && data.langs[tag], cur = !view && pages[st.page] ? tag + "/" + pages[st.page].id : "";
    if (!L) return;
    if (editions[tag] && cur && !pageIn) {
      load("pages/" + cur + ".js", cur, function () { setLang(tag, focus, then, true); });
      return;
    }
    if (!editions[tag]) {
      load("pages/" + tag + ".js", tag, function (ok) {
        if (ok) { setLang(tag, focus, then); return; }
        var select = ui("langs", root());
        if (select) select.value = data.course.lang;
        if (then) { mount(null); then(); }
        notice(str("page_failed"), true);
      });
      return;
    }
    var r = root();
    r.innerHTML = editions[tag];
    r.setAttribute("data-lang", tag);
    d.documentElement.lang = tag;
    d.documentElement.dir = L.dir;
    d.title = L.title;
    data.strings = L.strings; data.course.lang = tag; data.course.title = L.title;
    pages.forEach(function (p, i) { p.title = L.pages[i] || p.title; });
    qs.forEach(function (q) { var t = L.questions[q.key], f; for (f in t) q[f] = t[f]; }); // its words, never its ids
    st.lang = tag;
    mount(focus);
    if (then) then();
  }

  w.SMAB = {
    data: data, state: st, str: str, grade: grade, status: status,
    adapter: null, // set by adapter.js
    on: function (ev, f) { on[ev].push(f); },
    question: function (k) { return byKey[k]; },
    helpLang: helpLang, // "" when none is picked (SMAB.on("help", f) on a change)
    // A block type says how it grades and records its interactions (docs/plugins.md):
    // { grade(q, r) -> bool, record(q, r) -> { response, ... }, encode(q, r) -> string, decode(q, s) -> r }
    registerBlock: function (name, impl) { blocks[name] = impl; },
    // What a fragment hands over (pages/<lang>/<id>.js, pages/<lang>.js): text, never code.
    page: function (id, lang, html) { frags[lang + "/" + id] = String(html); },
    // For blocks: a page's body in a language of this package (e.g. the help language's), cb(html or null).
    fragment: function (id, lang, cb) { var k = lang + "/" + id; load("pages/" + k + ".js", k, function (ok) { cb(ok ? frags[k] : null); }); },
    edition: function (lang, texts, html) {
      if (!data.langs || !data.langs[lang] || editions[lang]) return;
      data.langs[lang] = texts; editions[lang] = String(html); frags[lang] = true;
    },
    answer: function (k, r) {
      var q = byKey[k], ok = grade(q, r), now = Date.now();
      st.ans[k] = { r: r, ok: ok };
      if (lms) lms.interaction(record(q, r, ok, now));
      show(); sync(true); emit("change", k);
      return ok;
    },
    // A statement only an xAPI adapter sends (e.g. the Video Profile's); SCORM adapters have none.
    statement: function (verb, object, extras) {
      if (lms && lms.statement && !done) lms.statement(verb, object, extras || {});
    },
    // A block's media (data.media) is done: its page may now count as seen.
    mediaDone: function (key) {
      if (st.media[key]) return;
      st.media[key] = 1;
      media.forEach(function (v) { if (v.key === key && pageDone(at[v.page])) st.seen[at[v.page]] = 1; });
      marks();
      show(); sync(true); emit("change", key);
    },
    group: function (k) { return pools.filter(function (g) { return g.key === k; })[0]; },
    attempt: attempt,
    asked: function (k) { return asked(byKey[k]); }, // whether a question is asked in its quiz's attempt (a pool's draw)
    // A new attempt of a group: its answers go, its attempt number grows (a pool draws again).
    retry: function (g) { st.att[g.key] = attempt(g) + 1; SMAB.reset([].concat.apply([], g.items)); },
    reset: function (keys) {
      keys.forEach(function (k) { delete st.ans[k]; shown[k] = Date.now(); });
      show(); sync(true); emit("change", null);
    },
    sync: function () { sync(true); }, // an adapter's flags changed (e.g. the LRS confirmed a statement): save them
    finish: finish,
    focus: focusOn, // for blocks: focus without scrolling the LMS page
    warn: warn
  };
  // Scripts are deferred: adapter.js has run by the time DOMContentLoaded fires.
  d.addEventListener("DOMContentLoaded", start);
})(window, document);
