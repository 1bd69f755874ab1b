/* Quiz pools and shuffling (draw=N, shuffle=questions|options|both): shipped only to courses whose
   quizzes ask for them. An attempt's draw and order follow from the learner's seed (made once, kept in
   the saved state), the quiz and the attempt number: a relaunch shows the same questions in the same
   order, another learner or a new attempt draws again. Questions not drawn are hidden and not scored. */
(function () {
  "use strict";
  var memo = {};
  function seed() { var st = SMAB.state; return st.seed || (st.seed = Math.floor(Math.random() * 60466176).toString(36)); }
  // A copy of a in an order fixed by the seed and s: FNV-1a of both, then xorshift32 (the same in every browser).
  function shuffle(a, s) {
    for (var h = 2166136261, i = 0, j, t, x = seed() + "/" + s; i < x.length; i++) h = Math.imul(h ^ x.charCodeAt(i), 16777619);
    for (a = a.slice(), h = h || 1, i = a.length - 1; i > 0; i--) {
      h ^= h << 13; h ^= h >>> 17; h ^= h << 5;
      j = (h >>> 0) % (i + 1); t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a;
  }
  // The questions (indexes into g.items) this attempt shows, in the order shown; .keys: their interactions.
  function drawn(g) {
    var at = seed() + g.key + "/" + SMAB.attempt(g), x = memo[at];
    if (x) return x;
    x = shuffle(g.items.map(function (_, i) { return i; }), at).slice(0, g.draw || g.items.length);
    if (g.shuffle.indexOf("questions") < 0) x.sort(function (a, b) { return a - b; });
    x.keys = {};
    x.forEach(function (i) { g.items[i].forEach(function (k) { x.keys[k] = 1; }); });
    return (memo[at] = x);
  }
  SMAB.registerBlock("quiz-pool", { asks: function (g, k) { return !!drawn(g).keys[k]; } });
  // The quiz's forms as this attempt asks them: drawn ones shown in their order, the others hidden;
  // the answers of single and multiple choices shuffled too when asked.
  SMAB.quizPool = function (quiz, g, forms, keys) {
    var by = {}, shown = [], end = quiz.querySelector(".smab-qres") || quiz.querySelector(".smab-quiz-actions");
    forms.forEach(function (f) { by[keys(f)[0]] = f; f.hidden = true; });
    drawn(g).forEach(function (i) {
      var f = by[g.items[i][0]], box = f && f.querySelector(".smab-choices");
      if (!f) return;
      f.hidden = false; shown.push(f);
      if (g.shuffle.indexOf("questions") >= 0) quiz.insertBefore(f, end); // the run-time's result stays last
      if (box && g.shuffle.indexOf("options") >= 0 && /^(single|multiple)$/.test(f.getAttribute("data-type"))) {
        shuffle([].map.call(box.querySelectorAll("input"), function (c) { return c.value; }).sort(), g.key + SMAB.attempt(g) + keys(f)[0]).forEach(function (id) {
          var fb = box.querySelector(".smab-fb[data-for='" + id + "']");
          box.appendChild(box.querySelector("input[value='" + id + "']").parentNode);
          if (fb) box.appendChild(fb);
        });
      }
    });
    return shown;
  };
})();
