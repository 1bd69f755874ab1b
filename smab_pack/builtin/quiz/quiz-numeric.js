/* Quiz numeric questions: a number typed in the language's own way. A response is the number
   written with a point ("7.5"), which is also how the saved state keeps it. */
(function () {
  "use strict";
  var DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g; // Arabic-Indic and Persian digits
  SMAB.registerBlock("quiz-numeric", {
    grade: function (q, r) {
      var n = parseFloat(r), lo = q.range.min, hi = q.range.max;
      return (lo === null || n >= lo - 1e-9) && (hi === null || n <= hi + 1e-9);
    },
    record: function (q, r) { return { response: r }; },
    encode: function (q, r) { return r; },
    decode: function (q, s) { return /^-?\d+(\.\d+)?$/.test(s) ? s : null; }
  });
  // The number the learner wrote, as "7.5", or null: the language's digits and separators are read
  // (7,5 in nb, de, es, pl, el; ٧٫٥ in ar), and "1,000" stays a thousand where "," groups digits.
  function read(s, lang) {
    var group = (1000000).toLocaleString(lang).replace(/\d/g, "").replace(DIGITS, "").charAt(0);
    s = String(s).replace(DIGITS, function (c) { return String(c.charCodeAt(0) & 15); })
      .replace(/[\s'\u066c]/g, "").replace(/\u066b/g, ".").replace(/\u2212/g, "-");
    var at = Math.max(s.lastIndexOf("."), s.lastIndexOf(",")), c = s.charAt(at), other = c === "." ? "," : ".", whole = s, frac = "";
    if (at >= 0) {
      if (s.split(c).length === 2 && !(c === group && s.length - at === 4 && s.indexOf(other) < 0)) {
        whole = s.slice(0, at).split(other).join(""); frac = s.slice(at + 1);
      } else if (s.indexOf(other) < 0) whole = s.split(c).join(""); // only grouping: 1.000.000
      else return null;
    }
    if (!/^-?\d*$/.test(whole) || !/^\d*$/.test(frac) || !(whole + frac).replace("-", "") ||
        (whole + frac).replace(/\D/g, "").replace(/^0+/, "").length > 10 || frac.length > 7) return null;
    return String(parseFloat(whole.replace(/^(-?)$/, "$10") + "." + (frac || "0")));
  }
  (SMAB.quizKinds = SMAB.quizKinds || {}).numeric = {
    read: function (s) { return read(s, SMAB.data.course.lang); },
    right: function (q) { return q.range.min === q.range.max ? q.range.min : q.range.min + "–" + q.range.max; }
  };
})();
