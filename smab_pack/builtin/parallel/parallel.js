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
      $$("span[data-seg]", t.content).forEach(function (s) {
        var o = p.querySelector("[data-seg='" + s.getAttribute("data-seg") + "']"), c;
        if (!o || o.textContent.trim() === s.textContent.trim()) return; // the same words (a name, a figure) once
        c = d.importNode(s, true);
        c.removeAttribute("data-seg"); c.className = S;
        c.setAttribute("lang", t.getAttribute("lang")); c.setAttribute("dir", t.getAttribute("dir"));
        o.insertBefore(c, o.querySelector(":scope > ul, :scope > ol")); // a list item's own words, before its sub-list
      });
    });
  }
  SMAB.on("mount", show);
  SMAB.on("page", show);
  SMAB.on("help", show);
  d.addEventListener("click", function (ev) {
    if (!(ev.target.closest && ev.target.closest("button.smab-par-on"))) return;
    SMAB.state.par = SMAB.state.par ? 0 : 1;
    SMAB.sync();
    show();
  });
})(document);
