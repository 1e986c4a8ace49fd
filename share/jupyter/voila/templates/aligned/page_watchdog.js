/* Aligned's page watchdog: a page never spins forever.

   A Voila page is only useful while its Python kernel lives. When the kernel dies, fails to
   start, or the server goes away, Voila's own page keeps its spinner or its dead widgets. This
   script watches the page's kernel connection and, when it is lost, says so in plain words and
   offers a reload (which gets a fresh kernel).

   It also publishes the page's state on <html data-aligned-page="...">, the readiness signal
   the browser tests wait for:
     loading  the server is still running the lesson's cells
     waiting  the page is drawn and connecting to its kernel
     ready    the kernel answered on its connection
     lost     the kernel or the server is gone; the message is shown
*/
(function () {
  "use strict";
  var LOST_AFTER_MS = 12000;      // no sign of life for this long: say so (within 15 s)
  var CHECK_EVERY_MS = 1000;
  var root = document.documentElement;
  var state = { name: "loading", reason: "", lastSign: Date.now(), kernelId: null, baseUrl: "/" };
  var unloading = false;
  window.alignedPage = state;

  function setState(name) {
    state.name = name;
    root.setAttribute("data-aligned-page", name);
  }
  setState("loading");

  var REASONS = {
    died: "Its Python session stopped (the computer may be short of memory, or the session was restarted).",
    closed: "Its connection to the workshop server was closed (the server may have been stopped or restarted).",
    nokernel: "Its Python session could not be started on the server.",
    silent: "The workshop server has not answered for a while."
  };

  function showMessage(reason) {
    var box = document.getElementById("aligned-page-alert");
    if (!box) {
      box = document.createElement("div");
      box.id = "aligned-page-alert";
      box.setAttribute("role", "alert");
      var title = document.createElement("p");
      title.className = "aligned-page-alert-title";
      title.textContent = "This page has stopped working.";
      var why = document.createElement("p");
      why.className = "aligned-page-alert-reason";
      var what = document.createElement("p");
      what.textContent = "Reload the page to start it again. Answers typed on this page were not " +
        "saved and will need to be entered again.";
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "Reload the page";
      button.addEventListener("click", function () { window.location.reload(); });
      box.appendChild(title);
      box.appendChild(why);
      box.appendChild(what);
      box.appendChild(button);
      (document.body || root).insertBefore(box, (document.body || root).firstChild);
    }
    box.querySelector(".aligned-page-alert-reason").textContent = REASONS[reason] || "";
    var spinner = document.getElementById("loading");
    if (spinner) { spinner.style.display = "none"; }
    var focusable = box.querySelector("button");
    if (focusable) { focusable.focus(); }
  }

  function lose(reason, retractable) {
    if (unloading || (state.name === "lost" && !state.retractable)) { return; }
    state.reason = reason;
    state.retractable = Boolean(retractable);
    setState("lost");
    if (document.body) { showMessage(reason); }
    else { document.addEventListener("DOMContentLoaded", function () { showMessage(reason); }); }
    if (window.console) { console.warn("Aligned: page lost its kernel (" + reason + ")"); }
  }
  state.lose = lose;

  function sign() { state.lastSign = Date.now(); }

  // While the page loads, a kernel that cannot start is only seen as silence; a slow machine
  // looks the same for a while. If progress comes after all, take the message back.
  function progress() {
    sign();
    if (state.name === "lost" && state.retractable) {
      state.retractable = false;
      state.reason = "";
      setState(loaded ? "waiting" : "loading");
      var box = document.getElementById("aligned-page-alert");
      if (box) { box.parentNode.removeChild(box); }
      var spinner = document.getElementById("loading");
      if (spinner && !loaded) { spinner.style.display = ""; }
    }
  }

  window.addEventListener("beforeunload", function () { unloading = true; });
  window.addEventListener("pagehide", function () { unloading = true; });

  // Voila calls update_loading_text as each cell runs: a sign of progress. (Its heartbeat is
  // not: Voila keeps sending it even after the kernel failed to start.)
  function wrapVoilaHook(name) {
    var installed = window[name];
    Object.defineProperty(window, name, {
      configurable: true,
      get: function () { return installed && function () { progress(); return installed.apply(this, arguments); }; },
      set: function (value) { installed = value; }
    });
  }
  wrapVoilaHook("update_loading_text");

  var STATUS = /"execution_state"\s*:\s*"(\w+)"/g;
  var decoder = window.TextDecoder ? new TextDecoder("utf-8") : null;

  function watchKernelSocket(socket) {
    socket.addEventListener("open", function () { progress(); if (state.name !== "lost") { setState("waiting"); } });
    socket.addEventListener("message", function (event) {
      sign();
      var text = typeof event.data === "string" ? event.data
        : (decoder && event.data instanceof ArrayBuffer ? decoder.decode(event.data) : "");
      var match;
      STATUS.lastIndex = 0;
      while ((match = STATUS.exec(text)) !== null) {
        var status = match[1];
        if (status === "restarting" || status === "dead" || status === "autorestarting" ||
            (status === "starting" && state.name === "ready")) {
          lose("died");
          return;
        }
        if ((status === "idle" || status === "busy") && state.name === "waiting") { setState("ready"); }
      }
      if (state.name === "waiting" && /kernel_info_reply/.test(text)) { setState("ready"); }
    });
    socket.addEventListener("close", function () {
      // A page that is being left closes its sockets on purpose.
      setTimeout(function () { if (!unloading) { lose("closed"); } }, 500);
    });
  }

  // Voila's frontend opens the kernel's socket with the global WebSocket, so wrapping it here,
  // before that code loads, lets the page watch its own kernel without touching Voila's code.
  var NativeWebSocket = window.WebSocket;
  if (NativeWebSocket) {
    var Watched = function (url, protocols) {
      var socket = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
      var kernel = /\/api\/kernels\/([^/?]+)\/channels/.exec(String(url));
      if (kernel) {
        state.kernelId = state.kernelId || decodeURIComponent(kernel[1]);
        watchKernelSocket(socket);
      }
      return socket;
    };
    Watched.prototype = NativeWebSocket.prototype;
    ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (key) { Watched[key] = NativeWebSocket[key]; });
    window.WebSocket = Watched;
  }

  function readConfig() {
    var script = document.getElementById("jupyter-config-data");
    if (!script || state.kernelId) { return; }
    try {
      var config = JSON.parse(script.textContent);
      state.kernelId = config.kernelId || null;
      if (state.kernelId) { progress(); }
      state.baseUrl = config.baseUrl || "/";
    } catch (error) { /* not yet complete */ }
  }

  // Ask the server whether the page's kernel still exists (404: it is gone).
  function checkKernel() {
    readConfig();
    if (!state.kernelId || !window.fetch) { return; }
    fetch(state.baseUrl + "api/kernels/" + state.kernelId, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.ok && state.retractable) { progress(); }
        if (response.status === 404) { lose(state.name === "ready" ? "died" : "nokernel"); return null; }
        if (response.ok) { sign(); return response.json(); }
        return null;
      })
      .then(function (model) {
        if (model && model.execution_state === "dead") { lose("died"); }
      })
      .catch(function () { /* the socket's close event reports a server that is gone */ });
  }

  var loaded = false;
  window.addEventListener("load", function () { loaded = true; progress(); readConfig(); if (state.name === "loading") { setState("waiting"); } });

  var ticks = 0;
  setInterval(function () {
    ticks += 1;
    if (state.name === "lost" || unloading) { return; }
    if (state.name === "ready") {
      // The socket reports most losses; asking now and then also catches a kernel that the
      // server shut down before this page connected.
      if (ticks % 5 === 0) { checkKernel(); }
      return;
    }
    var quiet = Date.now() - state.lastSign;
    if (ticks % 2 === 0) { checkKernel(); }
    if (quiet > LOST_AFTER_MS) {
      // While the server runs the cells it sends a heartbeat every 5 s (voila.json); once the page is drawn
      // the kernel's socket must open. Silence past the limit means nobody is coming.
      lose(state.kernelId ? "silent" : "nokernel", true);
    }
  }, CHECK_EVERY_MS);
})();
