// The force-presence layers, switched in the browser: a panel inside the map (a Leaflet
// control) with one switch per actor and the map's key, written by Python
// (templates/layer_panel.html, names escaped there). A toggle adds or removes the actor's
// feature group: no rerun of the page's script, no re-mount, zoom and pan kept.
//
// The state is the URL (static/url.js says why): `layers=a,b,c` (the actors' order; empty
// when none) read when the map starts, else the story's default; written on each toggle.
//
// Gives window.dzLayers = map.dzLayers = {ids, active(), set(id, on)}.
function (map, options, groups) {
    var ids = options.actors;
    var on = {};
    var url = map.dzUrl;

    // --- the starting state: the URL's layers (unknown ids ignored), else the default ---
    var asked = url ? url.read(options.param) : null;
    var start = options.initial;
    if (asked !== null) {
        var names = asked.slice(0, 200).split(",").map(function (v) { return v.trim(); });
        start = ids.filter(function (id) { return names.indexOf(id) >= 0; });
        var unknown = names.filter(function (v) { return v && ids.indexOf(v) < 0; });
        if (unknown.length || asked.length > 200) {
            url.rejected[options.param] = unknown.join(",") || asked;
        }
    }
    ids.forEach(function (id) { on[id] = start.indexOf(id) >= 0; });

    // --- the panel ---
    var panel = null;
    var Panel = L.Control.extend({
        options: {position: "topright"},
        onAdd: function () {
            var box = L.DomUtil.create("div", "dz-layer-panel");
            box.setAttribute("role", "region");
            box.setAttribute("aria-label", "Map layers and key");
            box.innerHTML = options.html;
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            return box;
        }
    });
    var control = new Panel();
    control.addTo(map);
    panel = control.getContainer();
    var status = panel.querySelector(".dz-layer-status");
    var fold = panel.querySelector(".dz-layer-fold");
    var body = panel.querySelector(".dz-layer-body");

    function switchOf(id) {
        return panel.querySelector('.dz-layer-switch[data-actor="' + id + '"]');
    }

    // Two folds, each a button with aria-expanded over the part it shows: the whole panel
    // (narrow maps, phones, start folded into it) and the key (starts folded).
    function folder(button, part, open) {
        function show(value) {
            button.setAttribute("aria-expanded", value ? "true" : "false");
            part.hidden = !value;
            if (part === body) {
                L.DomUtil[value ? "removeClass" : "addClass"](panel, "dz-folded");
            }
        }
        show(open);
        L.DomEvent.on(button, "click", function () {
            show(button.getAttribute("aria-expanded") !== "true");
        });
    }
    folder(fold, body, map.getSize().x >= options.narrowPx);
    folder(panel.querySelector(".dz-key-fold"), panel.querySelector(".dz-key-body"), false);

    function active() {
        return ids.filter(function (id) { return on[id]; });
    }

    // Draw (or hide) a group. Its shapes sit in the actor's own pane (geo/map/forces.py),
    // so the actors' stacking order holds without moving anything else.
    function draw(id) {
        var group = groups[id];
        if (on[id] && !map.hasLayer(group)) {
            map.addLayer(group);
        } else if (!on[id] && map.hasLayer(group)) {
            map.removeLayer(group);
        }
        var button = switchOf(id);
        if (button) {
            button.setAttribute("aria-checked", on[id] ? "true" : "false");
        }
    }

    // The URL and the live region are written a little after the toggle, once the toggled
    // layer is painted: a history write costs a few ms of the main thread (the parent
    // page's too), enough to miss the frame when done inline (next frame 11 ms with it,
    // 4.5 ms without, measured). Several quick toggles make one write.
    var WRITE_DELAY_MS = 120;
    var message = null;
    var later = false;
    function afterPaint() {
        later = false;
        if (url) {
            url.write(options.param, active().join(","));
        }
        if (status && message !== null) {
            status.textContent = message;
        }
    }

    function set(id, value) {
        if (!Object.prototype.hasOwnProperty.call(groups, id)) {
            return false;
        }
        on[id] = Boolean(value);
        draw(id);
        var button = switchOf(id);
        if (button) {
            message = button.querySelector(".dz-layer-name").textContent + " layer " +
                (on[id] ? "on" : "off");
        }
        if (!later) {
            later = true;
            window.setTimeout(afterPaint, WRITE_DELAY_MS);
        }
        return true;
    }

    ids.forEach(function (id) {
        var button = switchOf(id);
        if (button) {
            button.setAttribute("aria-checked", on[id] ? "true" : "false");
            // A <button>: Enter and Space click it, as a mouse does.
            L.DomEvent.on(button, "click", function () { set(id, !on[id]); });
        }
    });

    // Every group is on the map when its script runs (build_map adds them all): those off
    // at start go now.
    ids.forEach(draw);

    var api = {
        ids: ids.slice(),
        active: active,
        set: set
    };
    map.dzLayers = api;
    window.dzLayers = api;
}
