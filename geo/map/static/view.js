// The map's views: buttons that frame the whole zone or the story's focus, the view kept
// in the page's URL (view=LAT,LON,ZOOM), and a map that follows its frame's size.
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

    // --- the view in the parent page's URL ---
    // Runs only inside the Streamlit page (a same-origin iframe); standalone, or if the
    // parent is out of reach, it does nothing.
    var host = null;
    try {
        if (window.parent && window.parent !== window && window.parent.history &&
                window.parent.location.origin === window.location.origin) {
            host = window.parent;
        }
    } catch (error) {
        host = null;
    }
    if (!host) {
        return;
    }
    var param = options.param;
    // Streamlit's frontend rewrites the page URL with only the query parameters Python
    // knows each time Python changes st.query_params (it calls history.pushState or
    // replaceState with a URL it builds itself). The map's own parameter would be dropped
    // on every such change, so the parent's two history methods are wrapped, once per
    // page (a flag on the parent window), to add the map's last view back to any URL
    // that lacks it. The view itself lives on the parent window, so a map that is
    // re-mounted keeps writing to the same place.
    if (!host.__dzViewHistoryWrapped) {
        host.__dzViewHistoryWrapped = true;
        ["pushState", "replaceState"].forEach(function (method) {
            var original = host.history[method];
            host.history[method] = function (state, title, url) {
                var view = host.__dzView;
                if (view && url !== undefined && url !== null) {
                    try {
                        var target = new host.URL(String(url), host.location.href);
                        if (!target.searchParams.has(param)) {
                            target.searchParams.set(param, view);
                            url = target.pathname + target.search + target.hash;
                        }
                    } catch (error) {
                        // An unparseable URL goes through as it came.
                    }
                }
                return original.call(this, state, title, url);
            };
        });
    }

    function current() {
        var centre = map.getCenter();
        return centre.lat.toFixed(4) + "," + centre.lng.toFixed(4) + "," + Math.round(map.getZoom());
    }

    // The opening view was set (without animation) before this script ran, so the first
    // moveend heard here is the reader's or the page's; a moveend that leaves the view as
    // it was (a resize, say) writes nothing.
    var last = current();
    map.on("moveend", function () {
        var view = current();
        if (view === last) {
            return;
        }
        last = view;
        try {
            host.__dzView = view;
            var url = new host.URL(host.location.href);
            url.searchParams.set(param, view);
            host.history.replaceState(host.history.state, "",
                url.pathname + url.search + url.hash);
        } catch (error) {
            // The page's URL is a convenience: a failure here must not break the map.
        }
    });
}
