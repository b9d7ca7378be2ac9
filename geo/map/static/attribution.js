// The credit line's prefix: plainly "Leaflet" (a link), without the flag Leaflet 1.9 puts
// before it by default. A news map carries no symbol unrelated to its story. The data's
// own credits (Natural Earth, GeoNames, OpenStreetMap's when its tiles are on) follow it.
function (map, options) {
    if (map.attributionControl) {
        map.attributionControl.setPrefix(options.prefix);
    }
}
