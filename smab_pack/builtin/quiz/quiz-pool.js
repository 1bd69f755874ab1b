/* Quiz pools and shuffling (draw=N, shuffle=questions|options|both): shipped only to courses whose
   quizzes ask for them. An attempt's draw and order follow from the learner's seed (made once, kept in
   the saved state), the quiz and the attempt number: a relaunch shows the same questions in the same
   order, another learner or a new attempt draws again. Questions not drawn are hidden and not scored. */
(function (d) {
  "use strict";
  var memo = {};
  function seed() { var st = SMAB.state; return st.seed || (st.seed = Math.floor(Math.random() * 60466176).toString(36)); }
  function rand(s) { // FNV-1a of s, then xorshift32: the same numbers for the same s in every browser
    for (var h = 2166136261, i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    h = h || 1;
    return function () { h ^= h << 13; h ^= h >>> 17; h ^= h << 5; return (h >>> 0) / 4294967296; };
  }
  function shuffle(a, s) {
    var r = rand(seed() + "/" + s), i, j, t;
    for (a = a.slice(), i = a.length - 1; i > 0; i--) { j = Math.floor(r() * (i + 1)); t = a[i]; a[i] = a[j]; a[j] = t; }
    return a;
  }
  function mix(g, what) { return g.shuffle.indexOf(what) >= 0; }
  // The questions (indexes into g.items) this attempt shows, in the order shown, and their keys.
  function drawn(g) {
    var at = g.key + "/" + SMAB.attempt(g), x = memo[seed() + at], all = g.items.map(function (_, i) { return i; });
    if (x) return x;
    x = shuffle(all, at).slice(0, g.draw || all.length);
    if (!mix(g, "questions")) x.sort(function (a, b) { return a - b; });
    x.keys = {};
    x.forEach(function (i) { g.items[i].forEach(function (k) { x.keys[k] = 1; }); });
    return (memo[seed() + at] = x);
  }
  SMAB.registerBlock("quiz-pool", { asks: function (g, k) { return !!drawn(g).keys[k]; } });
  // The quiz's forms as this attempt asks them: drawn ones shown in their order, the others hidden;
  // the options of single and multiple choices shuffled too when asked.
  SMAB.quizPool = function (quiz, g, forms, keys) {
    var by = {}, shown = [], end = quiz.querySelector(".smab-qres") || quiz.querySelector(".smab-quiz-actions");
    forms.forEach(function (f) { by[keys(f)[0]] = f; f.hidden = true; });
    drawn(g).forEach(function (i) {
      var f = by[g.items[i][0]], box = f && f.querySelector(".smab-choices");
      if (!f) return;
      f.hidden = false; shown.push(f);
      if (mix(g, "questions")) quiz.insertBefore(f, end); // the run-time's result stays last
      if (!box || !mix(g, "options") || !/^(single|multiple)$/.test(f.getAttribute("data-type"))) return;
      shuffle($$("input", box).map(function (c) { return c.value; }).sort(), g.key + "/" + SMAB.attempt(g) + "/" + keys(f)[0]).forEach(function (id) {
        var fb = box.querySelector(".smab-fb[data-for='" + id + "']");
        box.appendChild(box.querySelector("input[value='" + id + "']").parentNode);
        if (fb) box.appendChild(fb);
      });
    });
    return shown;
  };
  function $$(s, r) { return Array.prototype.slice.call((r || d).querySelectorAll(s)); }
})(document);
