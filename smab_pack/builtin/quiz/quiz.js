/* Quiz block: grade each question on "Check", show feedback, report to SMAB.
   Its interactions: choice (one answer or several), true-false, fill-in (one per cloze gap), likert
   and long-fill-in (recorded, never scored). Matching, sequencing and numeric questions have code of
   their own (quiz-*.js, shipped only to courses that ask them): it grades them, keeps them short in
   the saved state and tells this file how to read, restore and explain an answer (SMAB.quizKinds). */
(function (d) {
  "use strict";
  function $$(s, r) { return Array.prototype.slice.call(r.querySelectorAll(s)); }
  function typed(q) { return q.kind === "fill-in" || q.kind === "long-fill-in" || q.kind === "numeric"; }
  // Typed text as it is compared: no case, no accents or other marks (NFD), no spacing; ø, æ, ß… as o, ae, ss.
  // eslint-disable-next-line no-misleading-character-class -- combining marks alone, stripped after NFD
  var MARKS = /[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var FOLD = { "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "þ": "th" };
  function norm(s) {
    return String(s).normalize("NFD").replace(MARKS, "").toLowerCase().replace(/[øæœßłđðıþ]/g, function (c) { return FOLD[c]; }).replace(/\s+/g, "");
  }
  function near(a, b, n) { // at most n letters added, left out or changed (Levenshtein)
    if (Math.abs(a.length - b.length) > n) return false;
    for (var prev = [], cur, i = 0, j; i <= a.length; i++, prev = cur) {
      for (cur = [i], j = 1; j <= b.length; j++) cur[j] = i ? Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a.charAt(i - 1) !== b.charAt(j - 1))) : j;
    }
    return prev[b.length] <= n;
  }
  SMAB.registerBlock("quiz", {
    // Fill-in: any accepted text, ignoring case, accents and spacing (and q.tolerance slips); choices: exactly the correct set.
    grade: function (q, r) {
      if (typed(q)) return q.accepted.some(function (c) { return near(norm(c), norm(r), q.tolerance || 0); });
      return r.slice().sort().join() === q.correct.slice().sort().join();
    },
    // The response in its kind's shape: true-false says whether "true" (the first answer) was picked;
    // a likert item's scale words are the language's (its catalogue).
    record: function (q, r) {
      if (q.kind === "likert") return { response: r[0], labels: q.choices.map(function (c) { return SMAB.str(c); }) };
      return { response: q.kind === "true-false" ? r[0] === q.choices[0] : r };
    }
  });
  var kinds = SMAB.quizKinds = SMAB.quizKinds || {}; // kind -> { response, restore, right, mount, read }
  function keys(f) { return (f.getAttribute("data-keys") || f.getAttribute("data-q")).split(" "); }
  function response(f, q) {
    if (kinds[q.kind] && kinds[q.kind].response) return kinds[q.kind].response(f, q);
    if (typed(q)) return f.elements.r.value.trim();
    return $$("input[name=r]:checked", f).map(function (i) { return i.value; });
  }
  function restore(f, q, r) {
    if (kinds[q.kind] && kinds[q.kind].restore) kinds[q.kind].restore(f, q, r);
    else if (typed(q)) f.elements.r.value = r;
    else $$("input[name=r]", f).forEach(function (i) { i.checked = r.indexOf(i.value) >= 0; });
  }
  // Whether the quiz's right answers may be shown now (its show_answers: course.yaml quizzes: or its own).
  function open(g) { return !g || g.show === "always" || g.show !== "never" && g.attempts > 0 && SMAB.attempt(g) >= g.attempts; }
  function settle(f, q, as, show) { // as: the answers of the form's interactions (a cloze has one per gap)
    var ok = as.every(function (a) { return a.ok; }), res = f.querySelector(".smab-result"), text;
    if (f.getAttribute("data-keys")) {
      $$("input", f).forEach(function (i, n) { if (as[n].r !== null) i.value = as[n].r; });
    } else if (as[0].r !== null) restore(f, q, as[0].r);
    $$("input, select, textarea, button.smab-move", f).forEach(function (i, n) {
      i.disabled = true;
      if (!q.pattern.length) return;
      if (i.name === "g") mark(i, as[n].ok, "", 1);
      if (i.name !== "r" || typed(q)) return;
      // Right and wrong told apart by a sign and words, not by colour alone (WCAG 1.4.1). While the
      // answers are held back, only the learner's own choices are marked, with the question's result.
      var right = show ? q.correct.indexOf(i.value) >= 0 : i.checked && ok;
      if (right || i.checked) {
        i.parentNode.classList.add(right ? "smab-right" : "smab-wrong");
        mark(i.parentNode, right, [i.checked && SMAB.str("your_answer"), right && show && SMAB.str("right_answer")].filter(Boolean).join(" · "));
      }
    });
    if (kinds[q.kind] && kinds[q.kind].marks && q.pattern.length) kinds[q.kind].marks(f, q, mark, show);
    $$(".smab-fb", f).forEach(function (fb) { fb.hidden = !as[0].r || as[0].r.indexOf(fb.getAttribute("data-for")) < 0; });
    var qfb = f.querySelector(".smab-qfb"); // the question's explanation tells the answer: held back with it, unless right
    if (qfb) qfb.hidden = !show && !ok;
    if (!q.pattern.length) text = SMAB.str(q.kind === "likert" ? "survey_thanks" : "for_teacher");
    else {
      text = SMAB.str(ok ? "correct" : "incorrect");
      if (!ok && show && (typed(q) || kinds[q.kind])) {
        text += " " + SMAB.str("correct_answer", { answer: keys(f).map(function (k) {
          var g = SMAB.question(k);
          return kinds[g.kind] ? kinds[g.kind].right(g) : g.accepted[0];
        }).join(" · ") });
      }
    }
    res.textContent = (q.pattern.length ? (ok ? "✓ " : "✗ ") : "") + text;
    res.className = "smab-result " + (ok ? "smab-ok" : "smab-no");
    f.querySelector(".smab-check").hidden = true;
    f.classList.add("smab-done");
  }
  // ✓ or ✗ and what it means, after el (or at the end inside it)
  function mark(el, ok, words, after) {
    var m = d.createElement("span");
    m.className = "smab-mark " + (ok ? "smab-ok" : "smab-no");
    m.textContent = (ok ? "✓" : "✗") + (words ? " " + words : "");
    if (after) el.parentNode.insertBefore(m, el.nextSibling); else el.appendChild(m);
  }
  function clear(f) {
    $$(".smab-mark", f).forEach(function (m) { m.parentNode.removeChild(m); });
    $$("input, select, textarea, button.smab-move", f).forEach(function (i) {
      i.disabled = false; i.checked = false;
      if (i.type === "text" || i.tagName !== "INPUT" && i.tagName !== "BUTTON") i.value = "";
      i.parentNode.classList.remove("smab-right", "smab-wrong");
    });
    $$(".smab-fb, .smab-qfb", f).forEach(function (x) { x.hidden = true; });
    var res = f.querySelector(".smab-result");
    res.textContent = ""; res.className = "smab-result";
    f.querySelector(".smab-check").hidden = false;
    f.classList.remove("smab-done");
  }
  function answered(f) { return keys(f).every(function (k) { return SMAB.state.ans[k]; }); }
  // The attempt's questions, in its order, when the quiz draws or shuffles (quiz-pool.js). -> the forms shown.
  function arrange(quiz, g) { var forms = $$(".smab-q", quiz); return g && SMAB.quizPool ? SMAB.quizPool(quiz, g, forms, keys) : forms; }
  function refresh(quiz, g, forms) {
    var st = SMAB.state, all = forms.every(answered), n = g ? SMAB.attempt(g) : 1, left = !g || !g.attempts || n < g.attempts;
    var wrong = forms.some(function (f) { return keys(f).some(function (k) { return st.ans[k] && !st.ans[k].ok; }); });
    var actions = quiz.querySelector(".smab-quiz-actions"), info = quiz.querySelector(".smab-attempt");
    actions.hidden = !(all && wrong);
    actions.querySelector(".smab-retry").hidden = !left;
    actions.querySelector(".smab-no-retry").hidden = left;
    // "Attempt 1 of 2" where attempts are counted
    info.hidden = !(g && g.attempts > 1);
    if (g) info.textContent = SMAB.str("attempt_of", { n: n, total: g.attempts });
  }
  function refuse(f, what) {
    var res = f.querySelector(".smab-result");
    res.textContent = SMAB.str(what);
    res.className = "smab-result smab-no";
  }
  SMAB.on("content", function (page) { // a page's body is in (at start, when it arrives, after a language switch)
    var st = SMAB.state;
    $$(".smab-quiz", page).forEach(function (quiz) {
      var g = SMAB.group(quiz.getAttribute("data-key")), forms = arrange(quiz, g);
      $$(".smab-q", quiz).forEach(function (f) {
        var ks = keys(f), q = SMAB.question(ks[0]), own;
        if (!q) return; // another AU's page (cmi5 au_per: module): not asked here
        own = kinds[q.kind];
        function mine() { return ks.map(function (k) { return st.ans[k]; }); }
        if (answered(f)) settle(f, q, mine(), open(g));
        if (own && own.mount) own.mount(f, q);
        f.addEventListener("submit", function (e) {
          e.preventDefault();
          if (answered(f)) return;
          var rs = f.getAttribute("data-keys") ? $$("input", f).map(function (i) { return i.value.trim(); }) : [response(f, q)];
          if (rs.some(function (r) { return !r.length; })) return refuse(f, "choose_first");
          if (own && own.read && (rs[0] = own.read(rs[0])) === null) return refuse(f, "enter_number");
          ks.forEach(function (k, n) { SMAB.answer(k, rs[n]); });
          settle(f, q, mine(), open(g));
          refresh(quiz, g, forms);
          // The Check button is gone: move focus to the feedback, which a screen reader then reads.
          var res = f.querySelector(".smab-result");
          res.setAttribute("tabindex", "-1");
          SMAB.focus(res); // never scrolls the LMS page around a frame
        });
      });
      quiz.querySelector(".smab-retry").addEventListener("click", function () {
        var all = $$(".smab-q", quiz);
        if (g && g.attempts && SMAB.attempt(g) >= g.attempts) return; // none left
        if (g) SMAB.retry(g); else SMAB.reset([].concat.apply([], all.map(keys)));
        all.forEach(clear);
        forms = arrange(quiz, g);
        refresh(quiz, g, forms);
        SMAB.focus(forms[0] && forms[0].querySelector("input, select, textarea, button.smab-move"));
      });
      refresh(quiz, g, forms);
    });
  });
})(document);
