/* The glossary: each marked term (<span data-term>) becomes a button that opens a popover (floating
   over the text, anchored to the term) with
   the term's entry of the glossary page: the definition in the course language, and the term and
   definition in the learner's help language (SMAB.helpLang()). Enter or a tap opens it, Escape
   closes it and gives focus back; the glossary page filters its entries as the learner types.
   Compact on purpose: it ships in every course with a glossary. */
(function (d) {
  "use strict";
  var P = null, O = null, X = "aria-expanded";
  function $$(s, r) { return Array.prototype.slice.call((r || d).querySelectorAll(s)); }
  function add(to, tag, text) { var e = d.createElement(tag); e.textContent = text; return to.appendChild(e); }
  function entry(id) { return /^[a-z][a-z0-9-]*$/.test(id || "") ? d.querySelector(".smab-gl-entry[data-term=" + id + "]") : null; }
  function close(back) {
    if (!P) return;
    var b = O;
    b.setAttribute(X, "false"); b.removeAttribute("aria-controls");
    P.parentNode.removeChild(P); P = O = null;
    if (back) SMAB.focus(b);
  }
  function open(b) {
    var e = entry(b.getAttribute("data-term")), h = SMAB.helpLang(), x, t;
    close();
    if (!e) return;
    t = $$("dt", e)[0].textContent;
    P = d.createElement("span");
    P.id = P.className = "smab-gl-pop"; P.tabIndex = -1;
    P.setAttribute("role", "dialog"); P.setAttribute("aria-label", t);
    add(P, "b", t); add(P, "span", $$(".smab-gl-def", e)[0].textContent);
    x = h && e.querySelector(".smab-gl-help[data-help=" + h + "]");
    if (x) {
      h = add(P, "span", ""); h.lang = x.lang; h.dir = x.dir; h.className = "smab-gl-h";
      add(h, "b", $$("dfn", x)[0].textContent); add(h, "span", $$("p", x)[1].textContent);
    }
    add(P, "a", SMAB.str("glossary")).href = "#" + e.id;
    b.parentNode.insertBefore(P, b.nextSibling);
    b.setAttribute(X, "true"); b.setAttribute("aria-controls", P.id);
    O = b;
    place();
    SMAB.focus(P);
  }
  // Over the text, not in it: under the term, its start edge at the term's (the right one in RTL),
  // moved in to stay on the screen. Measured from where it lands at 0,0 of its containing block.
  function place() {
    if (!P) return;
    P.style.left = P.style.top = "0px";
    var z = P.getBoundingClientRect(), b = O.getBoundingClientRect(), W = d.documentElement.clientWidth,
      x = getComputedStyle(O).direction === "rtl" ? b.right - z.width : b.left;
    x = Math.max(8, Math.min(x, W - z.width - 8));
    P.style.left = x - z.left + "px"; P.style.top = b.bottom + 4 - z.top + "px";
  }
  function helps() { var h = SMAB.helpLang(); $$(".smab-gl-help").forEach(function (x) { x.hidden = x.getAttribute("data-help") !== h; }); }
  SMAB.on("mount", function () { P = O = null; });
  // A page's body is in. The glossary page may arrive after pages that mark its terms: then theirs too.
  SMAB.on("content", function (page) {
    $$("[data-smab-ui=page] span[data-term]", page.querySelector(".smab-gloss") ? d : page).forEach(function (s) {
      if (!entry(s.getAttribute("data-term"))) return; // a mark the glossary does not hold: plain text
      var b = d.createElement("button");
      b.type = "button"; b.className = "smab-term"; b.textContent = s.textContent;
      b.setAttribute("data-term", s.getAttribute("data-term")); b.setAttribute(X, "false");
      s.parentNode.replaceChild(b, s);
    });
    $$(".smab-gl-q", page).forEach(function (q) {
      q.addEventListener("input", function () {
        var v = q.value.toLocaleLowerCase().trim(), g = q.closest(".smab-gloss"), n = 0;
        $$(".smab-gl-entry", g).forEach(function (e) { e.hidden = v && e.textContent.toLocaleLowerCase().indexOf(v) < 0; n += !e.hidden; });
        $$(".smab-gl-none span", g)[0].hidden = n > 0;
      });
    });
    helps();
  });
  SMAB.on("help", function () { helps(); if (P) open(O); });
  SMAB.on("page", function () { close(); });
  d.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest("button.smab-term");
    if (b) { if (b === O) close(1); else open(b); } else if (P && !P.contains(ev.target)) close();
  });
  d.addEventListener("keydown", function (ev) { if (P && ev.key === "Escape") { ev.preventDefault(); close(1); } });
  window.addEventListener("resize", place);
})(document);
