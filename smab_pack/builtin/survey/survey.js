/* Survey block: send each answer once; it is recorded, never graded. Its interactions are
   likert (a response is [the scale point's id]) and long-fill-in (the text written); they have no
   correct response, so the run-time records them as neutral without asking for a grade. */
(function (d) {
  "use strict";
  function $$(s, r) { return Array.prototype.slice.call(r.querySelectorAll(s)); }
  SMAB.registerBlock("survey", {
    record: function (q, r) {
      if (q.kind !== "likert") return {}; // the text written, as it is
      // The scale's words are the language's (its catalogue), not the course's.
      return { response: r[0], labels: q.choices.map(function (c) { return SMAB.str(c); }) };
    }
  });
  function settle(f, a) {
    $$("input, textarea", f).forEach(function (i) {
      if (a.r !== null) {
        if (i.tagName === "TEXTAREA") i.value = a.r;
        else i.checked = a.r.indexOf(i.value) >= 0;
      }
      i.disabled = true;
    });
    var res = f.querySelector(".smab-result");
    res.textContent = SMAB.str("survey_thanks");
    res.className = "smab-result smab-ok";
    f.querySelector(".smab-send").hidden = true;
    f.classList.add("smab-done");
  }
  SMAB.on("mount", function (st) {
    $$(".smab-sq", d).forEach(function (f) {
      var k = f.getAttribute("data-q");
      if (st.ans[k]) settle(f, st.ans[k]);
      f.addEventListener("submit", function (e) {
        e.preventDefault();
        if (st.ans[k]) return;
        var text = f.querySelector("textarea"), r, res;
        if (text) r = text.value.replace(/\s+/g, " ").trim();
        else r = $$("input[name=r]:checked", f).map(function (i) { return i.value; });
        if (!r.length) {
          res = f.querySelector(".smab-result");
          res.textContent = SMAB.str("survey_choose_first");
          res.className = "smab-result smab-no";
          return;
        }
        SMAB.answer(k, r);
        settle(f, st.ans[k]);
        // The button that had focus is gone: keyboard and screen-reader users land on the thanks.
        res = f.querySelector(".smab-result"); // settle() may have redrawn the form
        res.setAttribute("tabindex", "-1");
        SMAB.focus(res);
      });
    });
  });
})(document);
