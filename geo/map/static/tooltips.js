// Tooltips stay inside the map. Leaflet flips a sticky tooltip left or right only; near
// the top or bottom edge (or in a narrow map) it runs out of the frame. After Leaflet
// places a tooltip, it is moved back inside by the amount it overflows.
function (map, options) {
    var margin = options.margin;

    function clamp(tooltip) {
        var element = tooltip.getElement && tooltip.getElement();
        if (!element || !tooltip._map) {
            return;
        }
        var frame = map.getContainer().getBoundingClientRect();
        var box = element.getBoundingClientRect();
        var dx = 0;
        var dy = 0;
        if (box.right > frame.right - margin) {
            dx = frame.right - margin - box.right;
        }
        if (box.left + dx < frame.left + margin) {
            dx = frame.left + margin - box.left;
        }
        if (box.bottom > frame.bottom - margin) {
            dy = frame.bottom - margin - box.bottom;
        }
        if (box.top + dy < frame.top + margin) {
            dy = frame.top + margin - box.top;
        }
        if (dx || dy) {
            L.DomUtil.setPosition(element, L.DomUtil.getPosition(element).add([dx, dy]));
        }
    }

    map.on("tooltipopen", function (event) {
        var tooltip = event.tooltip;
        if (!tooltip._dzClamped) {
            tooltip._dzClamped = true;
            // Leaflet 1.9's one method that positions a tooltip (on open and on every
            // move of a sticky one).
            var place = tooltip._setPosition;
            tooltip._setPosition = function (position) {
                place.call(this, position);
                clamp(this);
            };
        }
        clamp(tooltip);
    });
}
