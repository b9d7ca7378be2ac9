// The map's views: buttons that frame the whole zone or the story's focus, the opening
// view, the view kept in the URL (view=LAT,LON,ZOOM; see url.js), and a map that follows
// its frame's size. Runs after the layer panel (layers.js), which it measures.
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

    // --- framing clear of the panel ---
    // On a wide map the layer panel starts unfolded over the top right, and the story's
    // focus sat partly under it. A framed view keeps the zoom that fits its bounds and
    // moves away from the panel by up to half the panel's width, never so far that the
    // bounds come nearer the map's left edge than MARGIN_PX. Folded (phones, narrow frames) the panel is a button
    // and views are centred as Leaflet's fitBounds centres them.
    var MARGIN_PX = 16; // kept between the framed bounds and the map's left edge
    function shift(width) {
        var panel = container.querySelector(".dz-layer-panel");
        if (!panel || L.DomUtil.hasClass(panel, "dz-folded")) {
            return 0;
        }
        var slack = (map.getSize().x - width) / 2 - MARGIN_PX;
        return Math.max(0, Math.min(panel.offsetWidth / 2, slack));
    }
    function frameView(bounds, animate) {
        // As fitBounds: the zoom that fits, the centre in projected (pixel) space.
        bounds = L.latLngBounds(bounds);
        var zoom = map.getBoundsZoom(bounds);
        var sw = map.project(bounds.getSouthWest(), zoom);
        var ne = map.project(bounds.getNorthEast(), zoom);
        var centre = sw.add(ne).divideBy(2).add([shift(ne.x - sw.x), 0]);
        map.setView(map.unproject(centre, zoom), zoom, {animate: animate});
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
                        frameView(view.bounds, !reducedMotion());
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

    // --- the opening view, then the view in the URL (static/url.js: the page's query, or
    // standalone the hash). Inside the Streamlit page a session's ?view= is set after this
    // script by streamlit-folium, over the opening view. ---
    if (options.opening) {
        frameView(options.opening, false);
    }
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
