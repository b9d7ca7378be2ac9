// map.dzAfterBind(fn): run fn once streamlit-folium has bound its click handler to the
// layers on the map (window.initComponent, run once when it mounts the map, right after
// the map's scripts; see static/layers.js), or now on a page without it (standalone,
// published). A layer taken off the map before that binding would never report clicks,
// so the scripts that hide features at start (time.js, districts.js) wait for it.
function (map, options) {
    var queue = [];
    var bound = typeof window.initComponent !== "function";
    if (!bound) {
        var init = window.initComponent;
        var wrapped = function () {
            var result = init.apply(this, arguments);
            // Put back what was there unless another wrapper already did (layers.js does).
            if (window.initComponent === wrapped) {
                window.initComponent = init;
            }
            bound = true;
            queue.splice(0).forEach(function (fn) { fn(); });
            return result;
        };
        window.initComponent = wrapped;
    }
    map.dzAfterBind = function (fn) {
        if (bound) {
            fn();
        } else {
            queue.push(fn);
        }
    };
}
