// Tooltips stay inside the map. Leaflet flips a sticky tooltip left or right only; near
// the top or bottom edge (or in a narrow map) it runs out of the frame. After Leaflet
// places a tooltip, it is moved back inside by the amount it overflows.
// On a touch screen a tap opens a feature's tooltip and nothing closes it (no pointer
// leaves), and the selection the tap makes reopens it when it arrives: it would sit over
// the selection. While the reader's last input was a touch, a tooltip closes by itself
// after options.touchMs (the panel under the map has the same words); a mouse, pen or key
// press ends that.
function (map, options) {
    var margin = options.margin;
    var touching = false;
    var container = map.getContainer();
    container.addEventListener("pointerdown", function (event) {
        touching = event.pointerType === "touch";
    }, {capture: true, passive: true});
    container.addEventListener("keydown", function () {
        touching = false;
    }, {capture: true, passive: true});

    function closeLater(tooltip) {
        window.clearTimeout(tooltip._dzTouchTimer);
        if (!touching) {
            return;
        }
        tooltip._dzTouchTimer = window.setTimeout(function () {
            // Not _source.closeTooltip(): a tooltip bound to a group is opened for one of
            // its layers, which has no tooltip of its own to close.
            if (touching && tooltip._map) {
                map.closeTooltip(tooltip);
            }
        }, options.touchMs);
    }

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
        closeLater(tooltip);
    });
}
