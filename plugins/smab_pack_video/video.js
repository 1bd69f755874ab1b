/* Video block: accessible controls, captions in the course language, chapters,
   transcript; tells SMAB what the learner watched (played segments, progress). */
(function (w, d) {
  "use strict";
  function $(s, r) { return r.querySelector(s); }
  function $$(s, r) { return Array.prototype.slice.call(r.querySelectorAll(s)); }
  function clock(t) {
    t = Math.floor(t || 0);
    var s = t % 60, m = Math.floor(t / 60) % 60, h = Math.floor(t / 3600);
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }
  // Played segments [[from, to], …] merged: how much of the video was really seen.
  function merged(segs) {
    var out = [];
    segs.slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (s) {
      var last = out[out.length - 1];
      if (last && s[0] <= last[1] + 0.01) last[1] = Math.max(last[1], s[1]); else out.push([s[0], s[1]]);
    });
    return out;
  }
  function r3(x) { return Math.round(x * 1000) / 1000; }

  function bind(fig) {
    var key = fig.getAttribute("data-video"), v = $("video", fig), bar = $(".smab-vc", fig);
    var play = $(".smab-vc-play", fig), seek = $(".smab-vc-seek", fig), time = $(".smab-vc-time", fig);
    var cc = $(".smab-vc-cc", fig), speed = $(".smab-vc-speed select", fig), mute = $(".smab-vc-mute", fig);
    var status = $(".smab-video-status", fig), threshold = parseFloat(fig.getAttribute("data-threshold")) || 0.95;
    var segs = [], cur = null, last = 0, started = false, doneNow = false, seekFrom = null;
    var track = null;
    $$("track", v).forEach(function (t) { if (t.kind === "captions" && t.default) track = t.track; });
    if (!track && v.textTracks.length && v.textTracks[0].kind === "captions") track = v.textTracks[0];

    v.controls = false; bar.hidden = false;
    v.setAttribute("tabindex", "0");

    function progress() {
      var total = 0, len = v.duration || 0;
      merged(segs.concat(cur ? [cur] : [])).forEach(function (s) { total += s[1] - s[0]; });
      return len ? Math.min(1, total / len) : 0;
    }
    function info(extra) {
      var o = { key: key, title: fig.getAttribute("data-title"), time: r3(v.currentTime || 0), length: r3(v.duration || 0),
        progress: r3(progress()), threshold: threshold, speed: v.playbackRate, volume: v.muted ? 0 : Math.round(v.volume * 100),
        cc: !!(track && track.mode === "showing"), ccLang: track ? track.language : "",
        segments: merged(segs.concat(cur ? [cur] : [])).map(function (s) { return r3(s[0]) + "[.]" + r3(s[1]); }).join("[,]") };
      for (var k in extra || {}) o[k] = extra[k];
      return o;
    }
    function close() { if (cur) { segs.push(cur); cur = null; } }
    function watched() {
      return SMAB.state.watched && SMAB.state.watched[key];
    }
    function showStatus() {
      if (watched()) status.textContent = SMAB.str("video_watched");
    }
    function check() {
      if (doneNow || watched() || progress() + 1e-6 < threshold) return;
      doneNow = true;
      close();
      SMAB.media("completed", info());
      SMAB.watched(key);
      showStatus();
    }
    function label() {
      var playing = !v.paused && !v.ended;
      play.setAttribute("aria-label", play.getAttribute(playing ? "data-pause" : "data-play"));
      $(".smab-vc-icon", play).textContent = playing ? "❚❚" : "▶";
    }
    function tick() {
      var t = v.currentTime;
      // Seeks close the segment (see seeking); a gap here is only ticks apart, wider when played faster.
      // An open segment also takes the last tick of a pause or the end.
      if (!v.seeking && cur && t >= cur[1] && t - cur[1] < 1 + v.playbackRate) cur[1] = t;
      else if (!v.paused && !v.seeking) { close(); cur = [t, t]; }
      last = t;
      if (v.duration) {
        seek.value = Math.round(t / v.duration * 1000);
        seek.setAttribute("aria-valuetext", SMAB.str("video_time", { current: clock(t), total: clock(v.duration) }));
        time.textContent = clock(t) + " / " + clock(v.duration);
      }
      check();
    }
    v.addEventListener("loadedmetadata", tick);
    v.addEventListener("timeupdate", tick);
    v.addEventListener("play", function () {
      if (!started) { started = true; SMAB.media("initialized", info()); }
      cur = [Math.min(last, v.currentTime), v.currentTime]; // from where it stood, not the first frame seen
      SMAB.media("played", info());
      label();
    });
    v.addEventListener("pause", function () {
      tick(); close();
      if (!v.ended) SMAB.media("paused", info());
      label();
    });
    v.addEventListener("ended", function () { tick(); close(); check(); label(); });
    v.addEventListener("seeking", function () { if (seekFrom === null) seekFrom = last; close(); });
    v.addEventListener("seeked", function () {
      if (seekFrom !== null && started) SMAB.media("seeked", info({ from: r3(seekFrom), to: r3(v.currentTime) }));
      seekFrom = null; last = v.currentTime;
      if (!v.paused) cur = [v.currentTime, v.currentTime];
      tick();
    });
    function toggle() { if (v.paused || v.ended) v.play().catch(function () {}); else v.pause(); }
    play.addEventListener("click", toggle);
    v.addEventListener("click", toggle);
    v.addEventListener("keydown", function (e) {
      var k = e.key;
      if (k === " " || k === "k") toggle();
      else if (k === "ArrowRight" || k === "ArrowLeft") {
        var fwd = (k === "ArrowRight") !== (d.documentElement.dir === "rtl");
        v.currentTime = Math.max(0, Math.min(v.duration || 0, v.currentTime + (fwd ? 5 : -5)));
      } else if (k === "c" && cc) cc.click();
      else return;
      e.preventDefault();
    });
    seek.addEventListener("input", function () { if (v.duration) v.currentTime = seek.value / 1000 * v.duration; });
    if (cc) {
      if (track) track.mode = "showing";
      cc.addEventListener("click", function () {
        if (!track) return;
        var on = track.mode !== "showing";
        track.mode = on ? "showing" : "hidden";
        cc.setAttribute("aria-pressed", String(on));
        if (started) SMAB.media("interacted", info());
      });
    }
    speed.addEventListener("change", function () { v.playbackRate = parseFloat(speed.value) || 1; });
    mute.addEventListener("click", function () {
      v.muted = !v.muted;
      mute.setAttribute("aria-pressed", String(v.muted));
      mute.textContent = SMAB.str(v.muted ? "video_unmute" : "video_mute");
    });
    $(".smab-vc-full", fig).addEventListener("click", function () {
      var box = $(".smab-player", fig);
      if (d.fullscreenElement) d.exitFullscreen(); else if (box.requestFullscreen) box.requestFullscreen().catch(function () {});
    });
    $$("[data-t]", fig).forEach(function (b) {
      b.addEventListener("click", function () {
        v.currentTime = parseFloat(b.getAttribute("data-t")) || 0;
        v.play().catch(function () {});
        v.focus();
      });
    });
    SMAB.on("finish", function () { if (started) { tick(); close(); SMAB.media("terminated", info()); } });
    showStatus();
    label();
  }
  // On start and after each language switch: the edition's markup is new each time.
  SMAB.on("mount", function () { $$(".smab-video", d).forEach(bind); });
})(window, document);
