/* Give chart widgets time to start on a busy laptop.

   anywidget (which Altair's JupyterChart uses) gives a widget 2 seconds to initialise, with
   `AbortSignal.timeout(2000)`, then logs "[anywidget] Failed to initialize model." and the chart
   may stay empty. Loading the offline Vega bundle takes longer than that when both cores are
   busy (a video call, slides, the server warming the next lesson). This page-level shim
   lengthens exactly that 2-second limit to 30 seconds; every other timeout is left as it is.
*/
(function () {
  "use strict";
  if (!window.AbortSignal || typeof window.AbortSignal.timeout !== "function") { return; }
  var timeout = window.AbortSignal.timeout.bind(window.AbortSignal);
  window.AbortSignal.timeout = function (ms) { return timeout(ms === 2000 ? 30000 : ms); };
})();
