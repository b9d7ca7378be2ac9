// Bring the side panel (a place, or a passage) into view after the reader chose something
// on the map or in the search, unless its top is already in view. On phones the map sits
// fixed above the text, so "in view" starts below the map. Honours reduced motion.
(function () {
  var panel = document.querySelector(".st-key-place-panel, .st-key-passage-panel, .st-key-event-panel");
  if (!panel) return;
  var top = 0;
  var map = document.querySelector(".st-key-map-col");
  if (map) {
    var m = map.getBoundingClientRect();
    if (m.top <= 1 && m.width >= window.innerWidth - 2) top = m.bottom;
  }
  var r = panel.getBoundingClientRect();
  if (r.top >= top && r.top <= top + (window.innerHeight - top) * 0.5) return;
  var calm = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  panel.scrollIntoView({ behavior: calm ? "auto" : "smooth", block: "start" });
})();
