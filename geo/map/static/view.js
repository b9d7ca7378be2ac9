// The map's views: buttons that frame the whole zone or the story's focus, the opening
// view, the view kept in the URL (view=LAT,LON,ZOOM; see url.js), and a map that follows
// its frame's size. Runs after the layer panel (layers.js), which it measures.
//
// Gives map.dzView = {frame(bounds, {maxZoom, animate}), visible() -> LatLngBounds}: the
// reader (geo/reader) frames a choice as the view buttons do, clear of the layer panel.
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

    // --- framing clear of the panel and the view buttons ---
    // On a wide map the layer panel starts unfolded over the top right, and the story's
    // focus sat partly under it. A framed view keeps the zoom that fits its bounds and
    // moves away from the panel by up to half the panel's width, never so far that the
    // bounds come nearer the map's left edge than MARGIN_PX. Folded (phones, narrow
    // frames) the panel is a button and views are centred as Leaflet's fitBounds centres
    // them, unless a named point of the view (a place, a symbol) would sit under the view
    // buttons over the top left: then the view moves right just enough to clear them,
    // within the same slack. (At 360 px the federal forces' symbol at Makhmur sat half
    // under "Story focus": axe's target-size.)
    var MARGIN_PX = 16; // kept between the framed bounds and the map's edges
    var TARGET_HALF_PX = 12; // half a point's 24 px target
    function leftmostPoint(bounds, zoom, centre, band) {
        // The smallest x, in the framed view's container pixels, of a named point inside
        // the bounds whose target meets the band of rows [top, bottom]; Infinity if none.
        var left = Infinity;
        var size = map.getSize();
        map.eachLayer(function (layer) {
            var p = layer.feature && layer.feature.properties;
            if (!p || typeof p.label !== "string" || !layer.getLatLng ||
                    !bounds.contains(layer.getLatLng())) {
                return;
            }
            // A symbol drawn beside its position (spread on a ring) by its icon's anchor.
            var icon = layer.options.icon && layer.options.icon.options;
            var moved = icon && icon.iconSize && icon.iconAnchor ?
                L.point(icon.iconSize).divideBy(2).subtract(L.point(icon.iconAnchor)) :
                L.point(0, 0);
            var at = map.project(layer.getLatLng(), zoom).subtract(centre)
                .add(size.divideBy(2)).add(moved);
            if (at.y + TARGET_HALF_PX > band[0] && at.y - TARGET_HALF_PX < band[1]) {
                left = Math.min(left, at.x);
            }
        });
        return left;
    }
    function shift(bounds, zoom, sw, ne) {
        var panel = container.querySelector(".dz-layer-panel");
        var slack = Math.max(0, (map.getSize().x - (ne.x - sw.x)) / 2 - MARGIN_PX);
        if (panel && !L.DomUtil.hasClass(panel, "dz-folded")) {
            return Math.min(panel.offsetWidth / 2, slack);
        }
        var buttons = container.querySelector(".dz-view-buttons");
        if (!buttons) {
            return 0;
        }
        var box = buttons.getBoundingClientRect();
        var origin = container.getBoundingClientRect();
        var band = [box.top - origin.top, box.bottom - origin.top];
        var clear = box.right - origin.left + TARGET_HALF_PX;
        var needed = clear - leftmostPoint(bounds, zoom, sw.add(ne).divideBy(2), band);
        return -Math.min(Math.max(0, needed), slack);
    }
    function frameView(bounds, animate, maxZoom) {
        // As fitBounds: the zoom that fits, the centre in projected (pixel) space.
        bounds = L.latLngBounds(bounds);
        var zoom = Math.min(map.getBoundsZoom(bounds), maxZoom === undefined ? Infinity : maxZoom);
        var sw = map.project(bounds.getSouthWest(), zoom);
        var ne = map.project(bounds.getNorthEast(), zoom);
        var centre = sw.add(ne).divideBy(2).add([shift(bounds, zoom, sw, ne), 0]);
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

    // The part of the map the layer panel does not cover (all of it when folded).
    function visible() {
        var size = map.getSize();
        var panel = container.querySelector(".dz-layer-panel");
        var right = size.x;
        if (panel && !L.DomUtil.hasClass(panel, "dz-folded")) {
            right = Math.max(size.x / 2, size.x - panel.offsetWidth);
        }
        return L.latLngBounds(map.containerPointToLatLng([0, size.y]),
            map.containerPointToLatLng([right, 0]));
    }
    map.dzView = {
        frame: function (bounds, how) {
            how = how || {};
            frameView(bounds, how.animate !== false && !reducedMotion(), how.maxZoom);
        },
        visible: visible
    };

    // --- the opening view, then the view in the URL (static/url.js: the page's query, or
    // standalone the hash); a view outside the map's region is refused and recorded. ---
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

    var raw = url.read(param);
    if (raw !== null) {
        var parts = raw.slice(0, 200).split(",");
        var asked = parts.map(function (p) { return /^-?\d+(\.\d+)?$/.test(p.trim()) ? Number(p) : NaN; });
        var region = options.region;
        if (parts.length === 3 && asked.every(isFinite) &&
                asked[0] >= region.lat[0] && asked[0] <= region.lat[1] &&
                asked[1] >= region.lon[0] && asked[1] <= region.lon[1] &&
                asked[2] === Math.round(asked[2]) &&
                asked[2] >= map.getMinZoom() && asked[2] <= map.getMaxZoom()) {
            map.setView([asked[0], asked[1]], asked[2], {animate: false});
        } else {
            url.rejected[param] = raw;
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
