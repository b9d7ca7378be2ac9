// The overview inset (Leaflet-MiniMap): all governorates, the story's emphasised, and the
// zone, drawn as vectors (no tiles); its rectangle shows the main map's view. Starts
// minimised on narrow maps. Its toggle is a named button; the inset's own map takes no
// keyboard focus (the main map and the view buttons do the same job). Its shapes are the
// main map's own (options.provinces and options.zone: their features' ids), not a copy.
function (map, options) {
    if (!L.Control.MiniMap || !options.provinces || !options.provinces.length) {
        return;
    }
    var kind = {};
    options.provinces.forEach(function (id) { kind[id] = "provinces"; });
    (options.zone || []).forEach(function (id) { kind[id] = "zone"; });
    var found = {provinces: [], zone: []};
    var seen = {};
    map.eachLayer(function (layer) {
        var id = layer.feature && layer.feature.properties && layer.feature.properties.id;
        if (id && kind[id] && !seen[id]) {
            seen[id] = true;
            found[kind[id]].push(layer.feature);
        }
    });
    var layers = L.layerGroup();
    L.geoJSON({type: "FeatureCollection", features: found.provinces}, {
        interactive: false,
        style: function (feature) {
            var story = feature.properties.role === "story";
            return {
                color: story ? "#3d3d3d" : "#9a9a9a",
                weight: story ? 1.2 : 0.5,
                fillColor: story ? "#f7eccf" : "#fbfbfb",
                fillOpacity: 1
            };
        }
    }).addTo(layers);
    if (found.zone.length) {
        L.geoJSON({type: "FeatureCollection", features: found.zone}, {
            interactive: false,
            style: {color: "#D55E00", weight: 1, fillColor: "#D55E00", fillOpacity: 0.35}
        }).addTo(layers);
    }
    var INSET_ZOOM = 4;
    var show = "Show overview map";
    var hide = "Hide overview map";
    var inset = new L.Control.MiniMap(layers, {
        position: "bottomright",
        width: 140,
        height: 140,
        collapsedWidth: 28,
        collapsedHeight: 28,
        toggleDisplay: true,
        minimized: map.getSize().x < options.narrowPx,
        zoomLevelFixed: INSET_ZOOM,
        centerFixed: options.centre,
        aimingRectOptions: {color: "#0072B2", weight: 2, fillOpacity: 0.1, interactive: false},
        shadowRectOptions: {color: "#000000", weight: 1, opacity: 0, fillOpacity: 0,
            interactive: false},
        strings: {hideText: hide, showText: show}
    }).addTo(map);

    var inner = inset._miniMap;
    if (inner) {
        inner.keyboard.disable();
        inner.getContainer().setAttribute("tabindex", "-1");
        // The inset's centre and zoom are fixed, so it never moves the main map. MiniMap
        // (3.6.1) re-centres the main map whenever its inset ends a move it did not start;
        // a window resize after the inset folded (a phone's address bar on scroll) is such
        // a move, and it threw the main map to the inset's centre, far south of the story.
        // Instead the inset goes back to its own view; the main map stays where it is.
        inner.off("moveend", inset._onMiniMapMoved, inset);
        inner.on("moveend", function () {
            if (inset._mainMapMoving) {
                inset._mainMapMoving = false; // the inset followed the main map
                return;
            }
            var centre = L.latLng(options.centre);
            if (!inner.getCenter().equals(centre) || inner.getZoom() !== INSET_ZOOM) {
                inset._mainMapMoving = true; // so the moveend this causes is ignored
                inner.setView(centre, INSET_ZOOM, {animate: false});
            }
        });
    }
    var toggle = inset._toggleDisplayButton;
    if (toggle) {
        toggle.setAttribute("role", "button");
        var name = function () {
            var minimised = inset._minimized;
            toggle.setAttribute("aria-label", minimised ? show : hide);
            toggle.setAttribute("aria-expanded", minimised ? "false" : "true");
        };
        name();
        // After MiniMap's own click handler, which folds or unfolds at once (its "toggle"
        // event waits for a CSS transition, which reduced motion switches off).
        L.DomEvent.on(toggle, "click", name);
        L.DomEvent.on(toggle, "keydown", function (event) {
            if (event.key === " " || event.key === "Spacebar") {
                L.DomEvent.preventDefault(event);
                toggle.click();
            }
        });
    }
}
