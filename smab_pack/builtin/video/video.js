/* Video block: accessible controls, captions in the course language, chapters,
   transcript; tells SMAB when a video is done (its Media in data.media) and sends the xAPI
   Video Profile's statements through SMAB.statement (xAPI adapters send them, SCORM ones have none).
   What was watched is kept per video for the page load, not per element: a
   language switch mounts new markup, and the session goes on. */
(function (w, d) {
  "use strict";
  var sessions = {}; // video key → { segs, started, done, time, playMs, playedAt, player, sid }
  // xAPI Video Profile (https://w3id.org/xapi/video): one session id per video and page load.
  var VIDEO = "https://w3id.org/xapi/video", VX = VIDEO + "/extensions/";
  var VERBS = { played: VIDEO + "/verbs/played", paused: VIDEO + "/verbs/paused", seeked: VIDEO + "/verbs/seeked" };
  function dur(ms) { return "PT" + Math.round(ms / 10) / 100 + "S"; }
  function uuid() { // RFC 4122 version 4: a Video Profile session id
    var b = w.crypto.getRandomValues(new Uint8Array(16)), h = "";
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    for (var i = 0; i < 16; i++) h += (i === 4 || i === 6 || i === 8 || i === 10 ? "-" : "") + (b[i] + 256).toString(16).slice(1);
    return h;
  }
  function profile(verb, x) {
    var S = sessions[x.key], ctx = {}, res = {}, R = {}, name = {};
    // The session id is the id of the session's initialized statement (Video Profile).
    var sid = S.sid = S.sid || uuid();
    ctx[VX + "session-id"] = sid;
    if (verb !== "played" && verb !== "seeked") ctx[VX + "length"] = x.length;
    if (verb === "initialized" || verb === "completed" || verb === "paused" || verb === "terminated") ctx[VX + "completion-threshold"] = x.threshold;
    if (verb === "initialized") {
      // cc-subtitle-enabled is the profile's name; cc-enabled the one Ralph's models read.
      ctx[VX + "cc-subtitle-enabled"] = ctx[VX + "cc-enabled"] = x.cc; ctx[VX + "speed"] = x.speed + "x";
      ctx[VX + "user-agent"] = w.navigator.userAgent;
    }
    // The captions' language: at the start only when they show; on a caption toggle, the track toggled.
    if (x.ccLang && ((verb === "initialized" && x.cc) || verb === "interacted")) ctx[VX + "cc-subtitle-lang"] = x.ccLang;
    if (verb === "seeked") { res[VX + "time-from"] = x.from; res[VX + "time-to"] = x.to; }
    else res[VX + "time"] = x.time;
    if (verb === "paused" || verb === "completed" || verb === "terminated") {
      res[VX + "progress"] = x.progress;
      res[VX + "played-segments"] = x.segments;
    }
    if (verb === "interacted") res[VX + "cc-subtitle-enabled"] = res[VX + "cc-enabled"] = x.cc;
    if (verb !== "initialized") R.extensions = res;
    if (verb === "completed") { R.completion = true; R.duration = dur(x.watchedMs); } // time spent watching
    name[SMAB.data.course.lang] = x.title;
    SMAB.statement(VERBS[verb] || verb, { objectType: "Activity", id: "video/" + x.key,
      definition: { type: VIDEO + "/activity-type/video", name: name } },
      { result: verb === "initialized" ? undefined : R, extensions: ctx, id: verb === "initialized" ? sid : undefined,
        categories: [{ id: VIDEO, definition: { type: "http://adlnet.gov/expapi/activities/profile" } }] });
  }
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
    var full = $(".smab-vc-full", fig);
    var status = $(".smab-video-status", fig), threshold = parseFloat(fig.getAttribute("data-threshold")) || 0.95;
    var S = sessions[key] = sessions[key] || { segs: [], started: false, done: false, time: 0, playMs: 0, playedAt: 0 };
    var cur = null, last = S.time, seekFrom = null, seekTimer = null, track = null;
    S.player = { video: v, report: report, close: close };
    $$("track", v).forEach(function (t) { if (t.kind === "captions" && t.default) track = t.track; });
    if (!track && v.textTracks.length && v.textTracks[0].kind === "captions") track = v.textTracks[0];

    v.controls = false; bar.hidden = false;
    v.setAttribute("tabindex", "0");
    if (!d.fullscreenEnabled && !v.webkitEnterFullscreen) full.hidden = true;

    function watched() { return !!(SMAB.state.media && SMAB.state.media[key]); }
    function progress() {
      var total = 0, len = v.duration || 0;
      merged(S.segs.concat(cur ? [cur] : [])).forEach(function (s) { total += s[1] - s[0]; });
      var p = len ? Math.min(1, total / len) : 0;
      // Watched in an earlier session of this registration: at least the threshold was seen.
      return watched() ? Math.max(p, threshold) : p;
    }
    function info(extra) {
      // Chronological, as the Video Profile asks; progress uses the merged segments.
      var segs = S.segs.concat(cur ? [cur] : []);
      var o = { key: key, title: fig.getAttribute("data-title"), time: r3(v.currentTime || 0), length: r3(v.duration || 0),
        progress: r3(progress()), threshold: threshold, speed: v.playbackRate,
        cc: !!(track && track.mode === "showing"), ccLang: track ? track.language : "",
        watchedMs: S.playMs + (S.playedAt ? Date.now() - S.playedAt : 0),
        segments: segs.map(function (s) { return r3(s[0]) + "[.]" + r3(s[1]); }).join("[,]") };
      for (var k in extra || {}) o[k] = extra[k];
      return o;
    }
    function report(verb, extra) { profile(verb, info(extra)); }
    function close() { if (cur) { S.segs.push(cur); cur = null; } }
    function stopClock() { if (S.playedAt) { S.playMs += Date.now() - S.playedAt; S.playedAt = 0; } }
    function showStatus() { if (watched()) status.textContent = SMAB.str("video_watched"); }
    function check() {
      if (S.done || watched() || progress() + 1e-6 < threshold) return;
      S.done = true;
      close();
      report("completed");
      SMAB.mediaDone(key);
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
      else if (!v.paused && !v.seeking && seekFrom === null) { close(); cur = [t, t]; }
      last = S.time = t;
      if (v.duration) {
        seek.value = Math.round(t / v.duration * 1000);
        seek.setAttribute("aria-valuetext", SMAB.str("video_time", { current: clock(t), total: clock(v.duration) }));
        time.textContent = clock(t) + " / " + clock(v.duration);
      }
      check();
    }
    v.addEventListener("loadedmetadata", function () {
      if (S.time > 0 && S.time < v.duration) v.currentTime = S.time; // back where it was, after a language switch
      tick();
    });
    v.addEventListener("timeupdate", tick);
    v.addEventListener("play", function () {
      if (!S.started) { S.started = true; report("initialized"); }
      // From where it stood, unless a seek (a chapter, the slider) is under way: that jump is not watching.
      cur = v.seeking || seekFrom !== null ? null : [Math.min(last, v.currentTime), v.currentTime];
      S.playedAt = Date.now();
      report("played");
      label();
    });
    v.addEventListener("pause", function () {
      tick(); close(); stopClock();
      if (!v.ended) report("paused");
      label();
    });
    v.addEventListener("ended", function () { tick(); close(); stopClock(); check(); label(); });
    v.addEventListener("seeking", function () { if (seekFrom === null) seekFrom = last; close(); });
    v.addEventListener("seeked", function () {
      // One statement per seek gesture: dragging the slider or holding an arrow key seeks many times.
      var to = v.currentTime;
      clearTimeout(seekTimer);
      seekTimer = setTimeout(function () {
        if (seekFrom !== null && S.started) report("seeked", { from: r3(seekFrom), to: r3(to) });
        seekFrom = null;
        if (!v.paused && !cur) cur = [to, v.currentTime]; // played since the seek ended
      }, 400);
      last = S.time = v.currentTime;
      seek.value = v.duration ? Math.round(v.currentTime / v.duration * 1000) : 0;
    });
    function toggle() { if (v.paused || v.ended) v.play().catch(function () {}); else v.pause(); }
    play.addEventListener("click", toggle);
    v.addEventListener("click", toggle);
    v.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return; // Alt+arrows turn pages
      var k = e.key;
      if (k === " " || k === "k") toggle();
      else if (k === "ArrowRight" || k === "ArrowLeft") {
        var fwd = (k === "ArrowRight") !== (w.getComputedStyle(fig).direction === "rtl");
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
        if (S.started) report("interacted");
      });
    }
    speed.addEventListener("change", function () { v.playbackRate = parseFloat(speed.value) || 1; });
    mute.addEventListener("click", function () {
      v.muted = !v.muted;
      mute.textContent = SMAB.str(v.muted ? "video_unmute" : "video_mute"); // the label says what a press does
    });
    full.addEventListener("click", function () {
      var box = $(".smab-player", fig);
      if (d.fullscreenElement) d.exitFullscreen();
      else if (box.requestFullscreen) box.requestFullscreen().catch(function () {});
      else if (v.webkitEnterFullscreen) v.webkitEnterFullscreen(); // iPhone: only the video itself can go full screen
    });
    $$("[data-t]", fig).forEach(function (b) {
      b.addEventListener("click", function () {
        var t = parseFloat(b.getAttribute("data-t")) || 0;
        // Not loaded yet (preload="none"): no seek is seen, so playing starts from here, not from 0.
        if (!v.readyState) last = S.time = t;
        v.currentTime = t;
        v.play().catch(function () {});
        SMAB.focus(v);
      });
    });
    showStatus();
    label();
  }
  // A page's body is in (at start, when its fragment arrives, after a language switch).
  SMAB.on("content", function (page) { $$(".smab-video", page).forEach(bind); });
  // Poster and captions only once the video's page is shown (the renderer wrote them as data-*).
  function wake(page) {
    $$(".smab-video video[data-poster]", page).forEach(function (v) { v.poster = v.getAttribute("data-poster"); v.removeAttribute("data-poster"); });
    $$(".smab-video track[data-src]", page).forEach(function (t) { t.src = t.getAttribute("data-src"); t.removeAttribute("data-src"); });
  }
  // Another page: a video left behind stops (it would go on playing, and counting, unseen).
  SMAB.on("page", function (shown) {
    wake(shown);
    $$(".smab-video video", d).forEach(function (v) { if (!shown.contains(v) && !v.paused) v.pause(); });
  });
  // The course closes: each video that was started reports its end (paused first if it was playing).
  SMAB.on("finish", function () {
    for (var key in sessions) {
      var S = sessions[key], p = S.player;
      if (!S.started || !p || !p.video.isConnected) continue;
      if (!p.video.paused) { p.close(); p.report("paused"); }
      p.close();
      p.report("terminated");
    }
  });
})(window, document);
