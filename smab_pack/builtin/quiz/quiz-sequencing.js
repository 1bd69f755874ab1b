/* Quiz sequencing questions: steps moved with ▲/▼ buttons (keyboard and touch alike, no dragging).
   A response is the step ids in the learner's order; the saved state writes them as "cab". */
(function () {
  "use strict";
  function $$(s, r) { return Array.prototype.slice.call(r.querySelectorAll(s)); }
  SMAB.registerBlock("quiz-sequencing", {
    grade: function (q, r) { return r.join() === q.correct.join(); },
    record: function (q, r) { return { response: r }; },
    encode: function (q, r) { return r.join(""); },
    decode: function (q, s) { var r = s.split(""); return r.slice().sort().join() === q.choices.slice().sort().join() ? r : null; }
  });
  (SMAB.quizKinds = SMAB.quizKinds || {}).sequencing = {
    response: function (f) { return $$("li", f).map(function (li) { return li.getAttribute("data-step"); }); },
    restore: function (f, q, r) {
      var list = f.querySelector("ol");
      r.forEach(function (id) { list.appendChild(list.querySelector("[data-step='" + id + "']")); });
    },
    marks: function (f, q, mark) { // each step: ✓ in its place, ✗ not
      $$("li", f).forEach(function (li, n) { mark(li, li.getAttribute("data-step") === q.correct[n], ""); });
    },
    right: function (q) { return q.correct.map(function (id) { return q.labels[q.choices.indexOf(id)]; }).join(" → "); },
    mount: function (f) { // ▲ ▼ move a step; focus stays on the button that moved it
      var list = f.querySelector("ol");
      f.addEventListener("click", function (e) {
        var b = e.target.closest("button[data-move]");
        if (!b || b.disabled) return;
        var li = b.closest("li"), up = b.getAttribute("data-move") === "-1", other = up ? li.previousElementSibling : li.nextElementSibling;
        if (other) list.insertBefore(up ? li : other, up ? other : li);
        b.focus();
      });
    }
  };
})();
