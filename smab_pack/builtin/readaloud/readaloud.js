/* Read-aloud with the device's own voices (speechSynthesis, local ones only: no network). The
   page's segments (the elements marked data-seg, and the help language's under them when
   parallel text shows them) are read in order, each in its language; the one being read is
   highlighted. A button by each paragraph reads it alone. No voice for a language: the control
   says so (and reads what it can). Stops on a page change, a language or help-language switch. */
(function (w, d) {
  "use strict";
  var S = w.speechSynthesis, U = w.SpeechSynthesisUtterance, NOW = "smab-ra-now", run = 0;
  function $$(s, r) { return Array.prototype.slice.call((r || d).querySelectorAll(s)); }
  function page() { return d.querySelector("[data-smab-ui=page]:not([hidden])"); }
  function bar() { var p = page(); return p && p.querySelector(".smab-ra"); }
  // a local voice for a language tag (nb also reads "no-NO"), or null
  function voice(tag) {
    var want = [tag.toLowerCase()].concat(tag === "nb" ? ["no"] : []);
    return (S.getVoices() || []).filter(function (v) {
      var l = String(v.lang || "").toLowerCase().replace("_", "-");
      return v.localService !== false && want.some(function (t) { return l === t || l.indexOf(t + "-") === 0; });
    })[0] || null;
  }
  // an element's own words: not the help segment under it, a paragraph button, nor a sub-list
  function own(e) {
    var c = e.cloneNode(true);
    $$(".smab-par, .smab-ra-p, ul, ol, [data-seg]", c).forEach(function (x) { x.parentNode.removeChild(x); });
    return c.textContent.replace(/\s+/g, " ").trim();
  }
  function shown(e) { for (; e && e.nodeType === 1; e = e.parentElement) if (e.hidden) return false; return true; }
  function langOf(e) { var l = e.closest("[lang]"); return (l && l.getAttribute("lang")) || d.documentElement.lang; }
  // what a reading of these elements says, in order: [{el, text, lang}]
  function parts(els) {
    var out = [];
    els.forEach(function (e) {
      var t = own(e), h = e.querySelector(":scope > .smab-par");
      if (t) out.push({ el: e, text: t, lang: langOf(e) });
      if (h && h.textContent.trim()) out.push({ el: h, text: h.textContent.replace(/\s+/g, " ").trim(), lang: h.getAttribute("lang") });
    });
    return out;
  }
  function names(tag) {
    var o = d.querySelector("[data-smab-ui=help] option[value='" + tag + "']"), b = bar();
    return o ? o.textContent : tag === d.documentElement.lang && b ? b.getAttribute("data-name") : tag;
  }
  function say(msg) { var b = bar(); if (b) b.querySelector(".smab-ra-msg").textContent = msg; }
  function stop() {
    run++;
    if (S) S.cancel();
    $$("." + NOW).forEach(function (e) { e.classList.remove(NOW); });
    $$(".smab-ra-go").forEach(function (b) { b.setAttribute("aria-pressed", "false"); b.textContent = SMAB.str("read_aloud"); });
  }
  function read(els, go) {
    stop();
    var mine = run, list = parts(els), rate = +(bar() || d).querySelector(".smab-ra-rate").value || 1, missing = [];
    list = list.filter(function (x) {
      x.voice = voice(x.lang);
      if (!x.voice && missing.indexOf(x.lang) < 0) missing.push(x.lang);
      return x.voice;
    });
    say(missing.map(function (l) { return SMAB.str("read_no_voice", { language: names(l) }); }).join(" "));
    if (!list.length) return;
    if (go) { go.setAttribute("aria-pressed", "true"); go.textContent = SMAB.str("read_stop"); }
    list.forEach(function (x, i) {
      var u = new U(x.text);
      u.lang = x.lang; u.voice = x.voice; u.rate = rate;
      u.onstart = function () { if (mine === run) x.el.classList.add(NOW); };
      u.onend = u.onerror = function () {
        x.el.classList.remove(NOW);
        if (mine === run && i === list.length - 1) stop();
      };
      S.speak(u);
    });
  }
  // the control as this device can use it: hidden without speech, disabled without a voice
  function ready() {
    var b = bar(), l = d.documentElement.lang;
    if (!b) return;
    b.hidden = !S || !U;
    if (b.hidden) return;
    b.querySelector(".smab-ra-go").disabled = !voice(l);
    say(voice(l) ? "" : SMAB.str("read_no_voice", { language: names(l) }));
  }
  // a button at the start of each paragraph and list item (not in a question's form)
  function buttons(r) {
    if (!S || !U || !r) return;
    $$("p[data-seg], li[data-seg]", r).forEach(function (e) {
      if (!e.closest("[data-smab-ui=page]") || e.closest("form") || e.querySelector(":scope > .smab-ra-p")) return;
      var b = d.createElement("button");
      b.type = "button"; b.className = "smab-ra-p"; b.setAttribute("aria-label", SMAB.str("read_aloud"));
      e.insertBefore(b, e.firstChild);
    });
  }
  function mount() {
    stop();
    if (!S || !U) return;
    buttons(d);
    var r = w.localStorage && (function () { try { return w.localStorage.getItem("smab:read-rate"); } catch (_) { return null; } })();
    $$(".smab-ra-rate").forEach(function (s) { if (r) s.value = r; });
    ready();
  }
  SMAB.on("mount", mount);
  SMAB.on("page", function () { stop(); ready(); });
  SMAB.on("help", stop);
  try { SMAB.on("content", function (sec) { buttons(sec); ready(); }); } catch (_) { /* all pages in index.html */ }
  if (S && S.addEventListener) S.addEventListener("voiceschanged", ready);
  d.addEventListener("change", function (ev) {
    if (!ev.target.classList.contains("smab-ra-rate")) return;
    try { w.localStorage.setItem("smab:read-rate", ev.target.value); } catch (_) { /* storage blocked */ }
    $$(".smab-ra-rate").forEach(function (s) { s.value = ev.target.value; });
  });
  d.addEventListener("click", function (ev) {
    var t = ev.target, b = t.closest && t.closest(".smab-ra-go, .smab-ra-p, .smab-par-on");
    if (!b) return;
    if (b.classList.contains("smab-par-on") || b.getAttribute("aria-pressed") === "true") { stop(); return; }
    if (b.classList.contains("smab-ra-p")) { read([b.parentNode]); return; }
    read($$("[data-seg]", page()).filter(function (e) { return shown(e) && !e.closest(".smab-ra"); }), b);
  });
})(window, document);
