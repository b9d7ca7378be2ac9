// Escape clears the selection, wherever the focus is: in the page, or inside the map's
// frame (same origin; its keys never reach this document otherwise). It presses the panel's
// own "Clear selection" button, so the page does exactly what a click would do.
(function () {
  var top = window.parent && window.parent.document ? window.parent : window;
  try { if (top.__dzEscapeBound) return; } catch (e) { return; }
  top.__dzEscapeBound = true;
  var doc = top.document;

  function onKey(event) {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var clear = doc.querySelector(".st-key-clear-place button, .st-key-clear-passage button");
    if (clear) clear.click();
  }

  // The panel's announcement (a Streamlit container that persists across reruns) becomes a
  // polite live region: screen readers say what was selected, wherever the focus is.
  function markLiveRegion() {
    var region = doc.querySelector(".st-key-dz-announce");
    if (region && !region.hasAttribute("aria-live")) {
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
    }
  }

  function watchFrames() {
    markLiveRegion();
    doc.querySelectorAll("iframe").forEach(function (frame) {
      try {
        var inner = frame.contentDocument;
        if (inner && !inner.__dzEscapeBound) {
          inner.__dzEscapeBound = true;
          inner.addEventListener("keydown", onKey);
        }
      } catch (e) { /* another origin: not ours */ }
    });
  }

  doc.addEventListener("keydown", onKey);
  watchFrames();
  new top.MutationObserver(watchFrames).observe(doc.body, { childList: true, subtree: true });
  top.setInterval(watchFrames, 2000);  // a frame's document is replaced when it loads
})();
