// Names and keyboard access for the map's features (WCAG 2.2 AA).
// A feature whose GeoJSON properties carry a `label` (escaped HTML text, made in Python)
// becomes a keyboard button named by it: force symbols (Leaflet already gives DivIcon
// markers role="button" and a tab stop) and place, province, zone and ridge shapes.
// Leaflet 1.9 itself shows a layer's tooltip while it has focus. Enter or Space on a
// focused feature fires the same click as a mouse (Leaflet only fires `keypress` on the
// layer), so a keyboard "click" reaches streamlit-folium (last_active_drawing).
function (map, options) {
    var parser = new DOMParser();
    function plain(escaped) {
        // An inert document: nothing in it runs or loads. Gives back the text the
        // entities stand for, which setAttribute then stores as text.
        return parser.parseFromString(escaped, "text/html").documentElement.textContent;
    }

    // A standalone map page (folium's) has no language; streamlit-folium's frame has one.
    if (!document.documentElement.lang) {
        document.documentElement.lang = options.lang;
    }
    var container = map.getContainer();
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", plain(options.mapLabel));
    // Controls first in the tab order: Leaflet puts its control corners after the panes,
    // so the keyboard would pass every feature (60 and more) before the zoom, the view
    // buttons and the layer panel. Stacking is by z-index, so nothing moves on screen.
    if (map._controlContainer && map._mapPane) {
        container.insertBefore(map._controlContainer, map._mapPane);
    }

    // Fire a pointer event on the layer as Leaflet would, propagated to its group (where
    // folium binds tooltips and streamlit-folium listens for clicks).
    function fire(layer, type, event) {
        var at = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
        layer.fire(type, {
            latlng: at,
            layerPoint: map.latLngToLayerPoint(at),
            containerPoint: map.latLngToContainerPoint(at),
            originalEvent: event
        }, true);
    }

    function dress(layer) {
        var props = layer.feature && layer.feature.properties;
        if (!props || typeof props.label !== "string" || !layer.getElement) {
            return;
        }
        var element = layer.getElement();
        if (!element || element.dataset.dzNamed) {
            return;
        }
        element.dataset.dzNamed = "1";
        element.setAttribute("aria-label", plain(props.label));
        element.setAttribute("role", "button");
        element.setAttribute("tabindex", "0");
        L.DomEvent.on(element, "keydown", function (event) {
            if (event.key === "Enter" || event.key === " " || event.key === "Spacebar") {
                L.DomEvent.preventDefault(event);
                L.DomEvent.stopPropagation(event);
                fire(layer, "click", event);
            }
        });
    }

    function dressAll(layer) {
        if (layer.eachLayer) {
            layer.eachLayer(dressAll);
        }
        dress(layer);
    }

    map.on("layeradd", function (event) {
        dress(event.layer);
    });
    map.eachLayer(dressAll);
}
