/* Quiz block: grade each question on "Check", show feedback, report to SMAB.
   Its interactions are choice (one answer or several), true-false and fill-in; a response is the
   list of choice ids checked, or the text typed (for fill-in). */
(function (d) {
  "use strict";
  function $$(s, r) { return Array.prototype.slice.call(r.querySelectorAll(s)); }
  function typed(q) { return q.kind === "fill-in"; }
  function norm(s) { return String(s).normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim(); }
  SMAB.registerBlock("quiz", {
    // Fill-in: any accepted text, ignoring case and spacing; choices: exactly the correct set.
    grade: function (q, r) {
      if (typed(q)) return q.accepted.some(function (c) { return norm(c) === norm(r); });
      return r.slice().sort().join() === q.correct.slice().sort().join();
    },
    // The response in its kind's shape: true-false says whether "true" (the first answer) was picked.
    record: function (q, r) { return { response: q.kind === "true-false" ? r[0] === q.choices[0] : r }; }
  });
  function response(f, q) {
    if (typed(q)) return f.elements.r.value;
    return $$("input[name=r]:checked", f).map(function (i) { return i.value; });
  }
  function settle(f, q, a) {
    var ok = a.ok, res = f.querySelector(".smab-result");
    $$("input", f).forEach(function (i) {
      if (a.r !== null) {
        if (typed(q)) i.value = a.r;
        else i.checked = a.r.indexOf(i.value) >= 0;
      }
      i.disabled = true;
      if (!typed(q) && q.correct.indexOf(i.value) >= 0) i.parentNode.classList.add("smab-right");
    });
    $$(".smab-fb", f).forEach(function (fb) { fb.hidden = !a.r || a.r.indexOf(fb.getAttribute("data-for")) < 0; });
    var qfb = f.querySelector(".smab-qfb");
    if (qfb) qfb.hidden = false;
    var text = SMAB.str(ok ? "correct" : "incorrect");
    if (!ok && typed(q)) text += " " + SMAB.str("correct_answer", { answer: q.accepted[0] });
    res.textContent = text;
    res.className = "smab-result " + (ok ? "smab-ok" : "smab-no");
    f.querySelector(".smab-check").hidden = true;
    f.classList.add("smab-done");
  }
  function clear(f) {
    $$("input", f).forEach(function (i) {
      i.disabled = false; i.checked = false;
      if (i.type === "text") i.value = "";
      i.parentNode.classList.remove("smab-right");
    });
    $$(".smab-fb, .smab-qfb", f).forEach(function (x) { x.hidden = true; });
    var res = f.querySelector(".smab-result");
    res.textContent = ""; res.className = "smab-result";
    f.querySelector(".smab-check").hidden = false;
    f.classList.remove("smab-done");
  }
  function refresh(quiz) {
    var forms = $$(".smab-q", quiz), st = SMAB.state;
    var all = forms.every(function (f) { return st.ans[f.getAttribute("data-q")]; });
    var wrong = forms.some(function (f) { var a = st.ans[f.getAttribute("data-q")]; return a && !a.ok; });
    quiz.querySelector(".smab-quiz-actions").hidden = !(all && wrong);
  }
  SMAB.on("mount", function (st) { // on start and after each language switch
    $$(".smab-quiz", d).forEach(function (quiz) {
      $$(".smab-q", quiz).forEach(function (f) {
        var k = f.getAttribute("data-q"), q = SMAB.question(k);
        if (st.ans[k]) settle(f, q, st.ans[k]);
        f.addEventListener("submit", function (e) {
          e.preventDefault();
          if (st.ans[k]) return;
          var r = response(f, q), res = f.querySelector(".smab-result");
          if (typed(q) ? !r.trim() : !r.length) {
            res.textContent = SMAB.str("choose_first");
            res.className = "smab-result smab-no";
            return;
          }
          SMAB.answer(k, r);
          settle(f, q, st.ans[k]);
          refresh(quiz);
          // The Check button is gone: move focus to the feedback, which a screen reader then reads.
          res.setAttribute("tabindex", "-1");
          SMAB.focus(res); // never scrolls the LMS page around a frame
        });
      });
      quiz.querySelector(".smab-retry").addEventListener("click", function () {
        var forms = $$(".smab-q", quiz);
        SMAB.reset(forms.map(function (f) { return f.getAttribute("data-q"); }));
        forms.forEach(clear);
        refresh(quiz);
        var first = quiz.querySelector("input");
        SMAB.focus(first);
      });
      refresh(quiz);
    });
  });
})(document);
