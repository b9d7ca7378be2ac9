// One synthetic event as a small canvas circle (FastMarkerCluster's callback).
(function () {
    var renderer = L.canvas({padding: 0.5});
    return function (row) {
        return L.circleMarker([row[0], row[1]], {renderer: renderer, radius: 3,
            color: "#333333", weight: 1, fillColor: "#999999", fillOpacity: 0.9});
    };
})()
