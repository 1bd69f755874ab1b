/* Quiz matching questions: a select list per item (keyboard and touch alike, no dragging). A response
   is the [item, target] pairs; the saved state writes them as "1a2c" (ids are one character each). */
(function () {
  "use strict";
  function $$(s, r) { return Array.prototype.slice.call(r.querySelectorAll(s)); }
  function key(r) { return r.map(function (p) { return p.join("."); }).sort().join(); }
  function word(q, id, target) { return (target ? q.targetLabels : q.labels)[(target ? q.targets : q.choices).indexOf(id)]; }
  SMAB.registerBlock("quiz-matching", {
    grade: function (q, r) { return key(r) === key(q.pairs); },
    record: function (q, r) { return { response: r }; },
    encode: function (q, r) { return r.map(function (p) { return p.join(""); }).join(""); },
    decode: function (q, s) {
      var r = [];
      for (var i = 0; i + 1 < s.length; i += 2) r.push([s.charAt(i), s.charAt(i + 1)]);
      return r.length && r.length * 2 === s.length &&
        r.every(function (p) { return q.choices.indexOf(p[0]) >= 0 && q.targets.indexOf(p[1]) >= 0; }) ? r : null;
    }
  });
  (SMAB.quizKinds = SMAB.quizKinds || {}).matching = {
    response: function (f) { // [] until every item has its target
      var r = $$("select", f).map(function (s) { return [s.getAttribute("data-item"), s.value]; });
      return r.every(function (p) { return p[1]; }) ? r : [];
    },
    restore: function (f, q, r) { r.forEach(function (p) { f.querySelector("select[data-item='" + p[0] + "']").value = p[1]; }); },
    marks: function (f, q, mark, show) { // each item: ✓, or ✗ with what it matches (when answers show)
      $$("select", f).forEach(function (s) {
        var item = s.getAttribute("data-item"), want = q.pairs.filter(function (p) { return p[0] === item; })[0][1];
        mark(s, s.value === want, s.value === want || !show ? "" : SMAB.str("right_answer") + ": " + word(q, want, 1), 1);
      });
    },
    right: function (q) { return q.pairs.map(function (p) { return word(q, p[0]) + " → " + word(q, p[1], 1); }).join("; "); }
  };
})();
