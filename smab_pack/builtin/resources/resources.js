/* Resource bank: search and filters over the cards already in the page.
   Without JavaScript every card shows and the filters stay hidden. */
(function () {
  "use strict";
  function $$(s, r) { return Array.prototype.slice.call(r.querySelectorAll(s)); }
  // Case and accents do not matter: "skatt" finds "Skatteetaten", "grecia" finds "Grecia".
  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function bind(bank) {
    if (bank.smabBound) return;
    bank.smabBound = true;
    var tools = bank.querySelector(".smab-res-tools"), q = bank.querySelector(".smab-res-q");
    var selects = $$(".smab-res-select", bank), cards = $$(".smab-res-card", bank);
    var count = bank.querySelector(".smab-res-count"), none = bank.querySelector(".smab-res-none");
    var text = cards.map(function (c) { return fold(c.textContent); });
    function apply() {
      var words = fold(q.value).split(" ").filter(Boolean), shown = 0;
      cards.forEach(function (card, i) {
        var ok = words.every(function (w) { return text[i].indexOf(w) >= 0; }) && selects.every(function (s) {
          var want = s.value, have = (card.getAttribute("data-" + s.getAttribute("data-key")) || "").split(" ");
          return !want || have.indexOf(want) >= 0;
        });
        card.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = SMAB.str("resources_count", { count: shown });
      none.hidden = shown > 0;
    }
    q.addEventListener("input", apply);
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    bank.querySelector(".smab-res-reset").addEventListener("click", function () {
      q.value = "";
      selects.forEach(function (s) { s.value = ""; });
      apply();
      SMAB.focus(q);
    });
    tools.hidden = false;
    apply();
  }
  // A page's body is in (at start, when its fragment arrives, after a language switch).
  SMAB.on("content", function (page) { $$(".smab-resources", page).forEach(bind); });
})();
