// The map as it was on a day. Each dated feature (force features, areas of control)
// carries `from` and `to`: its first and last valid day, "YYYY-MM-DD", computed in Python
// from valid_from / valid_to at their precision (geo/map/features.py day_spans; absent:
// open-ended). A feature shows on a day when from <= day <= to, compared as strings.
// Hidden features are taken out of their GeoJSON layer (and put back), so the actor's
// layer switch still decides on top: a feature shows only if both say so.
//
// Gives window.dzTime = map.dzTime = {set(day or null) -> bool, get() -> day or null};
// fires "dz-time" on window ({detail: {day}}) after each change. A badge (a Leaflet
// control, a polite live region) names the day; hidden when no day is set.
function (map, options, groups) {
    var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"];
    var DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
    var day = null;

    function isDay(value) {
        var m = typeof value === "string" ? DAY.exec(value) : null;
        if (!m) {
            return false;
        }
        var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
        return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 &&
            d.getUTCDate() === +m[3];
    }

    function words(value) {
        var m = DAY.exec(value);
        return String(+m[3]) + " " + MONTHS[+m[2] - 1] + " " + m[1];
    }

    function covers(from, to) {
        return day === null || ((!from || from <= day) && (!to || to >= day));
    }

    // Every dated feature and the layer that holds it, while all are still in place.
    var entries = [];
    function collect(parent) {
        parent.eachLayer(function (child) {
            var props = child.feature && child.feature.properties;
            if (props) {
                if (props.from || props.to) {
                    entries.push({parent: parent, layer: child, from: props.from || "",
                        to: props.to || ""});
                }
            } else if (child.eachLayer) {
                collect(child);
            }
        });
    }
    groups.forEach(collect);

    // --- the badge ---
    var Badge = L.Control.extend({
        options: {position: "bottomleft"},
        onAdd: function () {
            var box = L.DomUtil.create("div", "dz-time-control");
            box.innerHTML = options.html;
            L.DomEvent.disableClickPropagation(box);
            return box;
        }
    });
    var badge = new Badge();
    badge.addTo(map);
    var box = badge.getContainer();
    var text = box.querySelector(".dz-time-text");

    // --- the layer panel's counts: "2 of 3" on a day ---
    function counts() {
        var panel = map.getContainer().querySelector(".dz-layer-panel");
        if (!panel) {
            return;
        }
        Object.keys(options.spans).forEach(function (id) {
            var button = panel.querySelector('.dz-layer-switch[data-actor="' + id + '"]');
            var count = button && button.querySelector(".dz-layer-count");
            var name = button && button.querySelector(".dz-layer-name");
            if (!count || !name) {
                return;
            }
            var all = options.spans[id];
            var shown = all.filter(function (s) { return covers(s[0], s[1]); }).length;
            var plural = all.length === 1 ? "" : "s";
            if (day === null) {
                count.textContent = String(all.length);
                button.setAttribute("aria-label", name.textContent + ", " + all.length +
                    " feature" + plural);
            } else {
                count.textContent = shown + " of " + all.length;
                button.setAttribute("aria-label", name.textContent + ", " + shown + " of " +
                    all.length + " feature" + plural + " shown on " + words(day));
            }
        });
    }

    function apply() {
        {
            entries.forEach(function (e) {
                var show = covers(e.from, e.to);
                var has = e.parent.hasLayer(e.layer);
                if (show && !has) {
                    e.parent.addLayer(e.layer);
                    // Leaflet draws a new element for a layer added again, and the
                    // tooltip's focus listeners (set once, when it was bound) are on the
                    // old one: the keyboard would no longer open the tooltip.
                    if (e.parent._tooltip && e.parent._addFocusListenersOnLayer) {
                        e.parent._addFocusListenersOnLayer(e.layer);
                    }
                } else if (!show && has) {
                    e.parent.removeLayer(e.layer);
                }
            });
        }
        box.hidden = day === null;
        text.textContent = day === null ? "" : "As of " + words(day);
        counts();
    }

    function set(value) {
        if (value === undefined || value === "") {
            value = null;
        }
        if (value !== null && !isDay(value)) {
            return false;
        }
        var changed = value !== day;
        day = value;
        apply();
        if (changed) {
            var event;
            try {
                event = new CustomEvent("dz-time", {detail: {day: day}});
            } catch (error) {
                event = document.createEvent("CustomEvent");
                event.initCustomEvent("dz-time", false, false, {day: day});
            }
            window.dispatchEvent(event);
        }
        return true;
    }

    function get() {
        return day;
    }

    day = isDay(options.day) ? options.day : null;
    apply();
    var api = {set: set, get: get};
    map.dzTime = api;
    window.dzTime = api;
}
