// The map's text labels (options.labels: {at: [lat, lon], text, classes, priority, anchor},
// from geo/map/labels.py, the text escaped as HTML for folium), each a DivIcon in
// options.pane, its text decoded and set as text.
// Labels never print over each other: after every zoom, move and resize, a label whose
// box meets the box of a shown label of higher priority (data-priority) is hidden with
// visibility: hidden (kept in the page, so it comes back when there is room). Ties go to
// the label added first (the district labels, districts.js, come later). Each pass bumps
// data-dz-label-pass on the map's container, so tests can wait for it.
function (map, options) {
    var container = map.getContainer();
    var pending = false;
    var passes = 0;

    var parser = new DOMParser();
    (options.labels || []).forEach(function (item) {
        var label = document.createElement("div");
        label.className = item.classes;
        label.setAttribute("data-priority", String(item.priority));
        label.textContent = parser.parseFromString(item.text, "text/html").documentElement
            .textContent;
        L.marker(item.at, {
            icon: L.divIcon({html: label, className: "dz-label-icon", iconSize: [0, 0],
                iconAnchor: item.anchor}),
            interactive: false,
            keyboard: false,
            pane: options.pane
        }).addTo(map);
    });

    function overlaps(a, b) {
        return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    }

    function layout() {
        pending = false;
        var pane = map.getPane(options.pane);
        if (!pane) {
            return;
        }
        var labels = Array.prototype.slice.call(pane.querySelectorAll(".dz-label"));
        labels.forEach(function (label) {
            label.style.visibility = "";
        });
        var boxes = labels.map(function (label, index) {
            return {
                label: label,
                index: index,
                priority: Number(label.getAttribute("data-priority")) || 0,
                box: label.getBoundingClientRect()
            };
        });
        boxes.sort(function (a, b) {
            return b.priority - a.priority || a.index - b.index;
        });
        var shown = [];
        boxes.forEach(function (item) {
            var empty = item.box.width === 0 && item.box.height === 0;
            var clash = shown.some(function (other) {
                return overlaps(item.box, other.box);
            });
            if (clash) {
                item.label.style.visibility = "hidden";
            } else if (!empty) {
                shown.push(item);
            }
        });
        passes += 1;
        container.setAttribute("data-dz-label-pass", String(passes));
    }

    function schedule() {
        if (!pending) {
            pending = true;
            window.requestAnimationFrame(layout);
        }
    }

    map.on("zoomend moveend resize viewreset", schedule);
    map.whenReady(schedule);
    schedule();
}
