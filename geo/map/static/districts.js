// The disputed districts (UNAMI 2009): a reference layer, off at first, with its own switch
// in the map's layer panel (a second list under the actors'; markup from
// templates/district_switch.html, escaped in Python). Not in the URL; not dated.
//
// Gives map.dzDistricts = {shown() -> bool, set(on)}.
function (map, options, group) {
    var on = false;
    var panel = map.getContainer().querySelector(".dz-layer-panel");
    var holder;
    if (panel) {
        holder = L.DomUtil.create("div", "dz-district-switches");
        var body = panel.querySelector(".dz-layer-body");
        body.insertBefore(holder, body.querySelector(".dz-key"));
    } else {
        var Box = L.Control.extend({
            options: {position: "topright"},
            onAdd: function () {
                var box = L.DomUtil.create("div", "dz-district-control");
                box.setAttribute("role", "region");
                box.setAttribute("aria-label", options.name);
                L.DomEvent.disableClickPropagation(box);
                return box;
            }
        });
        holder = new Box().addTo(map).getContainer();
    }
    holder.innerHTML = options.html;
    var button = holder.querySelector(".dz-layer-switch");
    var status = panel ? panel.querySelector(".dz-layer-status") : null;

    // A label ("Sinjar district") beside each square: the template from Python, the text
    // (escaped in Python) read back as plain text by an inert parser, set as text.
    var parser = new DOMParser();
    var labels = [];
    group.eachLayer(function (layer) {
        if (!layer.eachLayer) {
            return;
        }
        layer.eachLayer(function (square) {
            var props = square.feature && square.feature.properties;
            if (!props || typeof props.name !== "string" || !square.getLatLng) {
                return;
            }
            var holder = document.createElement("div");
            holder.innerHTML = options.label;
            var label = holder.firstElementChild;
            label.textContent = parser.parseFromString(props.name, "text/html")
                .documentElement.textContent;
            labels.push(L.marker(square.getLatLng(), {
                icon: L.divIcon({html: label, className: "dz-label-icon", iconSize: [0, 0],
                    iconAnchor: options.labelAnchor}),
                interactive: false,
                keyboard: false,
                pane: options.labelPane
            }));
        });
    });
    labels.forEach(function (label) { group.addLayer(label); });

    function draw() {
        {
            if (on && !map.hasLayer(group)) {
                map.addLayer(group);
            } else if (!on && map.hasLayer(group)) {
                map.removeLayer(group);
            }
            // Lay the labels out again (static/labels.js listens): the new ones may collide.
            map.fire("resize");
        }
        button.setAttribute("aria-checked", on ? "true" : "false");
    }

    function set(value) {
        on = Boolean(value);
        draw();
        if (status) {
            status.textContent = options.name + " layer " + (on ? "on" : "off");
        }
    }

    L.DomEvent.on(button, "click", function () { set(!on); });
    draw();
    map.dzDistricts = {shown: function () { return on; }, set: set};
}
