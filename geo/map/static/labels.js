// Labels never print over each other: after every zoom, move and resize, a label whose
// box meets the box of a shown label of higher priority (data-priority, set in Python)
// is hidden with visibility: hidden (kept in the page, so it comes back when there is
// room). Ties go to the label added first. Each pass bumps data-dz-label-pass on the
// map's container, so tests can wait for it.
function (map, options) {
    var container = map.getContainer();
    var pending = false;
    var passes = 0;

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
