/* Aligned's self-study pages: keep the reader in the self-study view, and find the glossary.

   1. On JupyterHub (or any server whose default template is the trainer's), the self-study view
      is chosen per page with ?template=aligned-study. A link from one page to another
      (the hub's lesson links, the lessons' "Hub" and "Glossary" links) would drop it and open the
      trainer's view, so every link to a notebook gets the same parameter the moment it is
      pointed at, focused or followed.
   2. The hub's plan and glossary are drawn by the page's kernel after the page has loaded, so a
      link to #my-plan or #glossary cannot scroll there by itself: once the section exists, it is
      scrolled into view.
*/
(function () {
  "use strict";
  var PARAM = "template";
  var here = new URL(window.location.href);
  var chosen = here.searchParams.get(PARAM);

  function keepTemplate(event) {
    if (!chosen || !event.target || !event.target.closest) { return; }
    var link = event.target.closest("a[href]");
    if (!link) { return; }
    var target;
    try { target = new URL(link.getAttribute("href"), window.location.href); } catch (e) { return; }
    if (target.origin !== here.origin || !/\.ipynb$/.test(target.pathname)) { return; }
    if (target.searchParams.get(PARAM) === chosen) { return; }
    target.searchParams.set(PARAM, chosen);
    link.setAttribute("href", target.toString());
  }
  ["mouseover", "focusin", "click", "auxclick"].forEach(function (name) {
    document.addEventListener(name, keepTemplate, true);
  });

  function scrollToHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) { return; }
    function find() {
      var found = document.getElementById(id);
      if (found) { found.scrollIntoView(); return true; }
      return false;
    }
    if (find()) { return; }
    var watcher = new MutationObserver(function () { if (find()) { watcher.disconnect(); } });
    watcher.observe(document.documentElement, { childList: true, subtree: true });
    window.setTimeout(function () { watcher.disconnect(); }, 60000);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scrollToHash);
  } else { scrollToHash(); }
})();
