// Inside streamlit-folium's frame, a click on a feature reaches Python at once.
// streamlit-folium (0.27) notes a layer click in window.__GLOBAL_DATA__ and sends the
// component's value 250 ms after the last event, a debounce meant for pans and zooms: a
// reader's click on a place waited a quarter second before its passages were asked for.
// Here, right after a click's own handlers have run, the value is sent as streamlit-folium
// would send it (the same fields, in the same order, filtered by returned_objects) and
// noted as the last value sent, so its debounced send finds nothing new and sends nothing.
// tests/test_map_streamlit.py checks that a click sends one value, at once: a release
// that changes the value's shape would send a second one and fail there.
// Standalone and published pages have no __GLOBAL_DATA__; nothing happens there.
function (map) {
    if (!map.dzAfterBind) {
        return;
    }
    var pending = false;

    function value(data) {
        var full = {
            last_clicked: data.lat_lng_clicked,
            last_object_clicked: data.last_object_clicked,
            last_object_clicked_count: data.last_object_clicked_count,
            last_object_clicked_tooltip: data.last_object_clicked_tooltip,
            last_object_clicked_popup: data.last_object_clicked_popup,
            all_drawings: data.all_drawings,
            last_active_drawing: data.last_active_drawing,
            last_geocoder_result: data.last_geocoder_result,
            bounds: map.getBounds(),
            zoom: map.getZoom(),
            last_circle_radius: data.last_circle_radius,
            last_circle_polygon: data.last_circle_polygon,
            center: map.getCenter(),
            selected_layers: Object.values(data.selected_layers || {}),
            selected_tags: data.selected_tags
        };
        if (!data.returned_objects) {
            return full;
        }
        var out = {};
        Object.keys(full).forEach(function (key) {
            if (data.returned_objects.indexOf(key) !== -1) {
                out[key] = full[key];
            }
        });
        return out;
    }

    function send() {
        pending = false;
        var data = window.__GLOBAL_DATA__;
        // Wrapped longitudes are left to streamlit-folium's own (debounced) send.
        if (!data || data.wrap_longitude || window.parent === window) {
            return;
        }
        var next = value(data);
        if (JSON.stringify(next) === JSON.stringify(data.previous_data)) {
            return;
        }
        data.previous_data = next;
        window.parent.postMessage({
            isStreamlitMessage: true,
            type: "streamlit:setComponentValue",
            value: next,
            dataType: "json"
        }, "*");
    }

    // A click fires on the feature, then its groups: one send, after all of them.
    function clicked() {
        if (!pending) {
            pending = true;
            window.setTimeout(send, 0);
        }
    }

    function listen(layer) {
        if (layer && typeof layer.on === "function") {
            layer.off("click", clicked);
            layer.on("click", clicked);
        }
    }

    map.dzAfterBind(function () {
        if (!window.__GLOBAL_DATA__) {
            return; // not inside streamlit-folium
        }
        map.eachLayer(listen);
        map.on("layeradd", function (event) {
            listen(event.layer);
        });
    });
}
