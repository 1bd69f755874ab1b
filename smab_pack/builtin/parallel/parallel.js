/* Parallel text: with a help language picked and the toggle on (SMAB.state.par, saved with the
   learner's state), each translated unit of the page shown gets its help-language version under
   it: the page's <template data-help=LANG> holds them by unit id (data-seg), cut as XLIFF export
   cuts the page, and each lands inside the element marked with the same id, with the help
   language's lang and dir; one with the very words of its original (a name, a figure) is left out.
   Nothing graded changes: segments are text beside the inputs. */
(function (d) {
  "use strict";
  var S = "smab-par";
  function $$(s, r) { return Array.prototype.slice.call((r || d).querySelectorAll(s)); }
  // A multilingual package's editions as markup: the first one's as the page came (before a switch
  // replaces it), the others' from their templates; each parsed once, when first needed. Where
  // pages arrive as fragments (SMAB.fragment), the help language's body of the page is fetched.
  var R = d.querySelector("[data-smab-ui=root]"), first = {}, from = {};
  if (R && d.querySelector("template[data-lang]")) first[R.getAttribute("data-lang")] = R.innerHTML;
  function edition(h) { var t = d.querySelector("template[data-lang='" + h + "']"); return t ? t.innerHTML : first[h] || ""; }
  function body(h, p, cb) {
    var k = h + "/" + p.id, e;
    if (from[k]) return cb(from[k]);
    function got(html) { e = d.createElement("template"); e.innerHTML = html || ""; cb(from[k] = e.content); }
    if (SMAB.fragment) return SMAB.fragment(p.id, h, got);
    if (!from[h]) { from[h] = d.createElement("template"); from[h].innerHTML = edition(h); }
    cb(from[k] = from[h].content.querySelector("[data-smab-ui=page][id='" + p.id + "']") || from[h].content);
  }
  // The segments a template names (data-ref) from that language's edition of the page, each as a
  // span holding a copy of its element's own content (not a sub-list, not another unit).
  function refs(t, page) {
    var out = d.createElement("template");
    t.getAttribute("data-ref").split(" ").forEach(function (id) {
      var o = page.querySelector("[data-seg='" + id + "']"), s;
      if (!o) return;
      s = out.content.appendChild(d.createElement("span"));
      s.setAttribute("data-seg", id);
      Array.prototype.forEach.call(o.childNodes, function (n) {
        if (!(n.nodeType === 1 && n.matches("ul, ol, [data-seg]"))) s.appendChild(d.importNode(n, true));
      });
    });
    return out;
  }
  function place(p, t, segs) {
    if (p.hidden || !SMAB.state.par || SMAB.helpLang() !== t.getAttribute("data-help")) return; // changed meanwhile
    $$("span[data-seg]", segs.content).forEach(function (s) {
      var o = p.querySelector("[data-seg='" + s.getAttribute("data-seg") + "']"), c;
      if (!o || o.querySelector(":scope > ." + S) || o.textContent.trim() === s.textContent.trim()) return; // the same words (a name, a figure) once
      c = d.importNode(s, true);
      c.removeAttribute("data-seg"); c.className = S;
      c.setAttribute("lang", t.getAttribute("lang")); c.setAttribute("dir", t.getAttribute("dir"));
      o.insertBefore(c, o.querySelector(":scope > ul, :scope > ol")); // a list item's own words, before its sub-list
    });
  }
  function name(h) { var o = d.querySelector("[data-smab-ui=help] option[value='" + h + "']"); return o ? o.textContent : h; }
  function show() {
    var h = SMAB.helpLang(), on = SMAB.state.par;
    $$("." + S).forEach(function (x) { x.parentNode.removeChild(x); });
    $$("[data-smab-ui=page]").forEach(function (p) {
      var t = h && p.querySelector("template[data-help='" + h + "']"), bar = p.querySelector(".smab-par-bar"), b;
      if (!bar) return;
      bar.hidden = !t;
      b = bar.firstChild;
      b.textContent = SMAB.str("parallel_show", { language: name(h) });
      b.setAttribute("aria-pressed", String(!!(t && on)));
      if (!t || !on || p.hidden) return;
      if (!t.hasAttribute("data-ref")) place(p, t, t);
      else body(h, p, function (page) { place(p, t, refs(t, page)); });
    });
  }
  SMAB.on("mount", show);
  SMAB.on("page", show);
  SMAB.on("help", show);
  try { SMAB.on("content", show); } catch (_) { /* a run-time whose pages are all in index.html */ }
  d.addEventListener("click", function (ev) {
    if (!(ev.target.closest && ev.target.closest("button.smab-par-on"))) return;
    SMAB.state.par = SMAB.state.par ? 0 : 1;
    SMAB.sync();
    show();
  });
})(document);
