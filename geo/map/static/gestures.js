// Phones: a one-finger swipe over the map scrolls the page (two fingers move the map),
// so the map is no scroll trap. Only on touch devices: with a mouse, the wheel zooms as
// usual. Leaflet.GestureHandling adds the handler; it is switched on here.
function (map, options) {
    var coarse = window.matchMedia && window.matchMedia("(hover: none) and (pointer: coarse)");
    var touch = L.Browser.mobile || (L.Browser.touch && coarse && coarse.matches);
    if (touch && map.gestureHandling) {
        map.gestureHandling.enable();
    }
}
