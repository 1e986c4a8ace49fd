/* Aligned's accessibility touch-ups for markup that the kit's Python code cannot reach.

   Vega-Lite draws an interval selection (a "brush", used by the bakery case and the coffee
   shop charts to pick a period with the mouse) as two rect marks named <param>_brush_bg and
   <param>_brush. They hold no data, yet Vega gives their containers role="graphics-symbol"
   with no name, so a screen reader would announce an unnamed image (axe: svg-img-alt), and
   Vega-Lite offers no option to describe or hide them. The rectangle only shows what the
   mouse selected, and the activity states the selection in words, so the marks are hidden
   from assistive technology as soon as Vega draws them.
*/
(function () {
  "use strict";
  var BRUSH = 'g.role-mark[class$="_brush"], g.role-mark[class$="_brush_bg"]';

  function hide(element) {
    if (element.matches && element.matches(BRUSH)) { element.setAttribute("aria-hidden", "true"); }
    if (!element.querySelectorAll) { return; }
    var found = element.querySelectorAll(BRUSH);
    for (var i = 0; i < found.length; i += 1) {
      if (found[i].getAttribute("aria-hidden") !== "true") { found[i].setAttribute("aria-hidden", "true"); }
    }
  }

  function start() {
    hide(document.body);
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i += 1) {
        var added = records[i].addedNodes;
        for (var j = 0; j < added.length; j += 1) {
          if (added[j].nodeType === 1) { hide(added[j]); }
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
