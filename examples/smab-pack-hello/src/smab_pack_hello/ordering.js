/* The ordering question in the learner's browser: move steps, check, and let smab-pack record it.
   Registered with the run-time, which knows nothing of ordering: the interaction (kind "sequencing",
   choices, the correct order as its pattern) comes from the Python side of this plugin. */
(function () {
  "use strict";
  function each(nodes, fn) { Array.prototype.forEach.call(nodes, fn); }
  function order(list) {
    return Array.prototype.map.call(list.children, function (li) { return li.getAttribute("data-step"); });
  }

  SMAB.registerBlock("ordering", {
    grade: function (q, response) { return response.join() === q.correct.join(); },
    record: function (q, response) { return { response: response }; },
    // Saved state: one character per step ("cab"), shorter than the run-time's JSON default.
    encode: function (q, response) { return response.join(""); },
    decode: function (q, saved) {
      var steps = saved.split(""), known = q.choices.slice().sort().join();
      return steps.slice().sort().join() === known ? steps : null; // not this question's steps: lost
    }
  });

  function settle(form, q, answer) {
    var list = form.querySelector("ol"), result = form.querySelector(".hello-result");
    if (answer.r) answer.r.forEach(function (id) { list.appendChild(list.querySelector("[data-step='" + id + "']")); });
    each(form.querySelectorAll("button"), function (button) { button.disabled = true; });
    result.textContent = SMAB.str(answer.ok ? "correct" : "incorrect");
    if (!answer.ok) {
      var right = q.correct.map(function (id) { return q.labels[q.choices.indexOf(id)]; });
      result.textContent += " " + SMAB.str("correct_answer", { answer: right.join(" → ") });
    }
    form.classList.add("hello-done");
  }

  SMAB.on("content", function (page) { // a page's body is in: at start, as pages arrive, after a language switch
    var state = SMAB.state;
    each(page.querySelectorAll("form.hello-ordering"), function (form) {
      var key = form.getAttribute("data-q"), q = SMAB.question(key), list = form.querySelector("ol");
      if (state.ans[key]) settle(form, q, state.ans[key]);
      form.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-move]");
        if (!button || button.disabled) return;
        var item = button.closest("li"), up = button.getAttribute("data-move") === "-1";
        var other = up ? item.previousElementSibling : item.nextElementSibling;
        if (!other) return;
        list.insertBefore(up ? item : other, up ? other : item);
        button.focus(); // the step moved; focus stays on the button that moved it
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (state.ans[key]) return;
        SMAB.answer(key, order(list));
        settle(form, q, state.ans[key]);
      });
    });
  });
})();
