/* Survey block: one Send per survey; answers can be changed until it is sent, then each is
   recorded once, never graded (a question left blank stays open). Its interactions are likert (a response is [the scale point's id])
   and long-fill-in (the text written); they have no correct response, so the run-time records them
   as neutral without asking for a grade. */
(function () {
  "use strict";
  function $$(s, r) { return Array.prototype.slice.call(r.querySelectorAll(s)); }
  SMAB.registerBlock("survey", {
    record: function (q, r) {
      if (q.kind !== "likert") return {}; // the text written, as it is
      // The scale's words are the language's (its catalogue), not the course's.
      return { response: r[0], labels: q.choices.map(function (c) { return SMAB.str(c); }) };
    }
  });
  function response(fs) {
    var text = fs.querySelector("textarea");
    if (text) return text.value.replace(/\s+/g, " ").trim();
    return $$("input:checked", fs).map(function (i) { return i.value; });
  }
  function settle(fs, a) {
    $$("input, textarea", fs).forEach(function (i) {
      if (a.r !== null) {
        if (i.tagName === "TEXTAREA") i.value = a.r;
        else i.checked = a.r.indexOf(i.value) >= 0;
      }
      i.disabled = true;
    });
    fs.classList.add("smab-done");
  }
  // Sent once every question is: the thanks instead of Send.
  function refresh(f, st) {
    var qs = $$(".smab-sq", f), res = f.querySelector(".smab-result");
    var sent = qs.every(function (fs) { return st.ans[fs.getAttribute("data-q")]; });
    f.querySelector(".smab-send").hidden = sent;
    if (sent) { res.textContent = SMAB.str("survey_thanks"); res.className = "smab-result smab-ok"; }
    return res;
  }
  SMAB.on("content", function (page) { // a page's body is in
    var st = SMAB.state;
    $$(".smab-survey-form", page).forEach(function (f) {
      $$(".smab-sq", f).forEach(function (fs) { var a = st.ans[fs.getAttribute("data-q")]; if (a) settle(fs, a); });
      refresh(f, st);
      f.addEventListener("submit", function (e) {
        e.preventDefault();
        var open = $$(".smab-sq", f).filter(function (fs) { return !st.ans[fs.getAttribute("data-q")]; });
        var given = open.filter(function (fs) { return response(fs).length; }), res;
        if (!given.length) {
          res = f.querySelector(".smab-result");
          res.textContent = SMAB.str("survey_choose_first");
          res.className = "smab-result smab-no";
          return;
        }
        // Sent once: recorded and no longer changeable; a question left blank stays open to answer later.
        given.forEach(function (fs) { var k = fs.getAttribute("data-q"); SMAB.answer(k, response(fs)); settle(fs, st.ans[k]); });
        res = refresh(f, st);
        res.textContent = SMAB.str("survey_thanks"); res.className = "smab-result smab-ok";
        // The button that had focus is gone: keyboard and screen-reader users land on the thanks.
        res.setAttribute("tabindex", "-1");
        SMAB.focus(res);
      });
    });
  });
})();
