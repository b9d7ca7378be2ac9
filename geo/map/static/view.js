// The map's views: buttons that frame the whole zone or the story's focus, the view kept
// in the URL (view=LAT,LON,ZOOM; see url.js), and a map that follows its frame's size.
function (map, options) {
    var container = map.getContainer();
    var parser = new DOMParser();
    function plain(escaped) {
        return parser.parseFromString(escaped, "text/html").documentElement.textContent;
    }
    function reducedMotion() {
        return Boolean(window.matchMedia &&
            window.matchMedia("(prefers-reduced-motion: reduce)").matches);
    }

    // Reduced motion: zooms jump instead of scaling (Leaflet 1.9 reads this flag on each
    // zoom; the option itself is only read when the map is made).
    if (reducedMotion()) {
        map._zoomAnimated = false;
    }

    // --- buttons: real <button>s in a Leaflet control, named, keyboard-operable ---
    if (options.views.length) {
        var Views = L.Control.extend({
            options: {position: "topleft"},
            onAdd: function () {
                var box = L.DomUtil.create("div", "leaflet-bar dz-view-buttons");
                box.setAttribute("role", "group");
                box.setAttribute("aria-label", "Map views");
                options.views.forEach(function (view) {
                    var button = L.DomUtil.create("button", "dz-view-button", box);
                    button.type = "button";
                    button.textContent = plain(view.text);
                    button.setAttribute("aria-label", plain(view.name));
                    button.setAttribute("data-dz-view", view.id);
                    L.DomEvent.on(button, "click", function (event) {
                        L.DomEvent.stop(event);
                        map.fitBounds(view.bounds, {animate: !reducedMotion()});
                    });
                });
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            }
        });
        new Views().addTo(map);
    }

    // --- the map fills its frame, and Leaflet hears when the frame changes size ---
    if (window.ResizeObserver) {
        var frame = null;
        new ResizeObserver(function () {
            window.cancelAnimationFrame(frame);
            frame = window.requestAnimationFrame(function () {
                map.invalidateSize({pan: false});
            });
        }).observe(container);
    }

    // --- the view in the URL (static/url.js: the page's query, or standalone the hash) ---
    var url = map.dzUrl;
    if (!url) {
        return;
    }
    var param = options.param;

    function current() {
        var centre = map.getCenter();
        return centre.lat.toFixed(4) + "," + centre.lng.toFixed(4) + "," + Math.round(map.getZoom());
    }

    // Standalone, the hash's view opens the map (a published page's link). Inside the
    // Streamlit page, Python reads ?view= when a session starts and sets it itself.
    if (url.mode === "hash") {
        var asked = (url.read(param) || "").split(",").map(Number);
        if (asked.length === 3 && asked.every(isFinite) && Math.abs(asked[0]) <= 90 &&
                Math.abs(asked[1]) <= 180 && asked[2] === Math.round(asked[2]) &&
                asked[2] >= map.getMinZoom() && asked[2] <= map.getMaxZoom()) {
            map.setView([asked[0], asked[1]], asked[2], {animate: false});
        }
    }

    // The opening view was set (without animation) before this point, so the first
    // moveend heard here is the reader's or the page's; a moveend that leaves the view as
    // it was (a resize, say) writes nothing.
    var last = current();
    map.on("moveend", function () {
        var view = current();
        if (view === last) {
            return;
        }
        last = view;
        url.write(param, view);
    });
}
