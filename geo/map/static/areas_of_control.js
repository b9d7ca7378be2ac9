// The band around each area of control's edge: the edge's own outline drawn again under it,
// unclickable, with a stroke as wide as the area's uncertainty either side (`km`), in
// pixels for the zoom shown (Web Mercator's scale at the area's latitude). The band takes
// the edge's properties (id, days), so static/time.js shows and hides the two together.
function (map, group, edges, options) {
    var bands = L.featureGroup();
    var items = [];
    edges.eachLayer(function (edge) {
        var props = edge.feature && edge.feature.properties;
        if (!props || !(props.km > 0)) {
            return;
        }
        var band = L.polygon(edge.getLatLngs(), {
            pane: options.pane,
            interactive: false,
            fill: false,
            color: options.colour,
            opacity: options.opacity,
            lineJoin: "round",
            lineCap: "round"
        });
        band.feature = {type: "Feature", properties: {id: props.id, from: props.from,
            to: props.to}};
        items.push({band: band, km: props.km, lat: edge.getBounds().getCenter().lat});
        bands.addLayer(band);
    });
    if (!items.length) {
        return;
    }
    function widen(map) {
        var zoom = map.getZoom();
        items.forEach(function (item) {
            var metresPerPixel = 40075016.686 * Math.cos(item.lat * Math.PI / 180) /
                Math.pow(2, zoom + 8);
            item.band.setStyle({weight: 2 * item.km * 1000 / metresPerPixel});
        });
    }
    // Under the edges: the bands are drawn, then the edges' paths moved above them (not
    // removed and added again, which would make new elements without their tooltips).
    group.addLayer(bands);
    edges.bringToFront();
    widen(map);
    map.on("zoomend", function () { widen(map); });
}
