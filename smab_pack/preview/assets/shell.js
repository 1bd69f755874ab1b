/* smab-pack preview: the page around the course. Loads the build on screen into the frame, reloads it
   on the page the author was on when a new build is ready (Server-Sent Events), shows problems.
   Only ever served by `smab-pack preview`: no package holds it. */
(function (w, d) {
  "use strict";
  var cfg = JSON.parse(d.getElementById("pv-config").textContent);
  var frame = d.getElementById("pv-course"), lang = cfg.lang, shown = null, open = null, state = null;
  function $(id) { return d.getElementById(id); }
  function add(parent, tag, cls, text) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    parent.appendChild(e);
    return e;
  }
  // Where the author is: the course's visible page and how far down it, read from the frame (same origin).
  function where() {
    try {
      var doc = frame.contentDocument, p = doc && doc.querySelector("[data-smab-ui=page]:not([hidden])");
      return p ? { page: p.id, y: frame.contentWindow.pageYOffset } : null;
    } catch (_e) { return null; }
  }
  // The run-time scrolls to the top once it has started: scroll back after that.
  function restore(y, tries) {
    var doc = frame.contentDocument;
    if (doc && doc.documentElement.getAttribute("data-smab") === "ready") { frame.contentWindow.scrollTo(0, y); return; }
    if (tries > 0) w.setTimeout(function () { restore(y, tries - 1); }, 20);
  }
  function load(build, at) {
    var url = "/course/" + encodeURIComponent(lang) + "/index.html?preview=" + build + (at && at.page ? "#" + at.page : "");
    frame.onload = function () {
      if (frame.contentWindow.location.href === "about:blank") return; // the inspector between two launches
      if (at && at.y) restore(at.y, 100);
      helpIn(600);
      w.smabPreview.loaded = build;
    };
    // No history entry per build. With an LMS to play, the inspector opens it as a launch.
    var ins = w.smabInspector;
    if (ins && ins.open) Promise.resolve(ins.ready).then(function () { ins.open(url); });
    else frame.contentWindow.location.replace(url);
  }
  function status(s) {
    var el = $("pv-status"), text;
    if (s.failed) text = s.failed;
    else if (s.errors && s.shown) text = "The course has errors: showing the last good build (" + s.shown_at + ")";
    else if (s.errors) text = "The course has errors: nothing to show until they are fixed";
    else text = "Build " + s.build + " · " + Math.round(s.seconds * 1000) + " ms";
    el.textContent = text;
    el.className = "pv-status" + (s.errors || s.failed ? " pv-bad" : "");
    var count = s.diagnostics.length + (s.more || 0), button = $("pv-problems");
    button.hidden = !count;
    button.textContent = (s.errors ? s.errors + " error(s)" : "") + (s.errors && s.warnings ? ", " : "") + (s.warnings ? s.warnings + " warning(s)" : "");
    button.className = "pv-problems" + (s.errors ? " pv-has-errors" : "");
  }
  function overlay(s) {
    var list = $("pv-list");
    list.textContent = "";
    s.diagnostics.forEach(function (g) {
      var li = add(list, "li", "pv-" + g.severity);
      li.setAttribute("data-code", g.code);
      add(li, "div", "pv-where", g.location);
      var msg = add(li, "div", "pv-message");
      add(msg, "span", "pv-code", g.severity + "[" + g.code + "]");
      add(msg, "span", null, g.message);
      if (g.source != null) {
        var caret = g.column ? "\n" + new Array(g.column).join(" ") + "^" : "";
        add(li, "pre", "pv-source", g.source + caret);
      }
      if (g.hint) add(li, "p", "pv-hint", "hint: " + g.hint);
    });
    if (s.more) add(list, "li", "pv-more", "… and " + s.more + " more: the terminal has them all");
    $("pv-overlay-title").textContent = s.failed ? "The course cannot be loaded" :
      (s.errors ? s.errors + " error(s)" : "") + (s.errors && s.warnings ? " and " : "") + (s.warnings ? s.warnings + " warning(s)" : "");
    var stale = $("pv-stale");
    stale.hidden = !s.errors;
    stale.textContent = s.shown ? "The preview keeps showing the last good build (" + s.shown_at + ") until these errors are fixed." :
      "Nothing is shown until these errors are fixed.";
    // Errors open the overlay on every build; warnings only wait behind the button.
    var show = open === null ? !!(s.errors || s.failed) : open && !!s.diagnostics.length;
    $("pv-overlay").hidden = !show;
    $("pv-problems").setAttribute("aria-expanded", String(show));
  }
  function update(s) {
    var was = state;
    state = s;
    if (!was || was.errors !== s.errors || s.errors) open = null; // a new problem asks again
    status(s);
    overlay(s);
    if (s.shown != null && s.shown !== shown) {
      var at = shown === null && !w.location.hash ? null : where();
      if (shown === null && w.location.hash) at = { page: w.location.hash.slice(1), y: 0 };
      shown = s.shown;
      load(shown, at);
    }
    w.smabPreview.state = s;
  }
  w.smabPreview = { state: null, loaded: null, reload: function (fresh) { if (shown != null) load(shown, fresh ? null : where()); } };
  var select = $("pv-lang");
  cfg.languages.forEach(function (tag) { var o = add(select, "option", null, tag); o.value = tag; });
  select.value = lang;
  select.addEventListener("change", function () { lang = select.value; if (shown != null) load(shown, where()); });
  // The help language the author picked here, with its parallel text, in the course's own picker
  // (once the run-time has started in the frame); the same language as the course's shows none.
  var help = $("pv-help");
  cfg.languages.forEach(function (tag) { var o = add(help, "option", null, tag); o.value = tag; });
  function helpIn(tries) {
    var doc = frame.contentDocument, win = frame.contentWindow, pick = doc && doc.querySelector("[data-smab-ui=help]");
    if (!doc || doc.documentElement.getAttribute("data-smab") !== "ready") {
      if (tries > 0) w.setTimeout(function () { helpIn(tries - 1); }, 50);
      return;
    }
    if (!pick || !win.SMAB) return;
    var h = pick.querySelector("option[value='" + help.value + "']") ? help.value : "";
    win.SMAB.state.par = h ? 1 : 0;
    pick.value = h;
    pick.dispatchEvent(new win.Event("change"));
  }
  help.addEventListener("change", function () { helpIn(0); });
  $("pv-problems").addEventListener("click", function () { open = $("pv-overlay").hidden; overlay(state); });
  $("pv-hide").addEventListener("click", function () { open = false; overlay(state); });
  var events = new w.EventSource("/__preview/events");
  events.onmessage = function (e) { update(JSON.parse(e.data)); };
  events.onerror = function () {
    if (events.readyState !== 1) { $("pv-status").textContent = "The preview server is not answering (stopped?): it reconnects when it is back"; }
  };
})(window, document);
