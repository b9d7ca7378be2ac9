"""The map's key: the static legend rows (shared by the in-map panel, ``geo.map.panel``,
and ``legend_html`` for a page that shows the key beside the map), and area swatches as
CSS built from validated colours. Markup in ``templates/``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geo.map.features import PALETTE
from geo.map.templates import render

_SWATCH = "display:inline-block;width:28px;height:14px;flex:none;box-sizing:border-box;"
LEGEND_ROWS = (
    (
        "background:#f7eccf;border:2px solid #3d3d3d",
        "The article's four provinces (Nineveh, Kirkuk, Salaheddin, Diyala)",
    ),
    ("background:#fbfbfb;border:1px solid #9a9a9a", "Other governorates (context)"),
    (
        f"height:0;border-top:3px solid {PALETTE['blue']}",
        "Kurdistan Region: its governorates' edge (approximate)",
    ),
    (
        f"border:2px dashed {PALETTE['vermillion']};background:repeating-linear-gradient(-45deg,"
        f"{PALETTE['vermillion']}99 0 3px,transparent 3px 7px)",
        "Disputed zone: schematic band, up to 40 km wide",
    ),
    (
        f"height:8px;border-top:3px dashed {PALETTE['purple']};background:{PALETTE['purple']}26",
        "Qarachok ridge: approximate crest, ±5 km band",
    ),
    (
        "width:9px;height:9px;border-radius:50%;background:#4a4a4a;margin:0 9px",
        "Town or city: GeoNames point (precise)",
    ),
    (
        "width:18px;height:18px;border-radius:50%;border:1px dashed #000;margin:0 5px;"
        "background:radial-gradient(circle,#000 0 4px,#0000000f 5px)",
        "Estimated position, with its uncertainty circle",
    ),
)

# CSS shapes for the legend: the same silhouettes as the map's SVG symbols.
_CLIP = {
    "triangle": "clip-path:polygon(50% 0,100% 100%,0 100%)",
    "square": "",
    "diamond": "clip-path:polygon(50% 0,100% 50%,50% 100%,0 50%)",
    "circle": "border-radius:50%",
    "star": "clip-path:polygon(50% 0,61% 35%,98% 35%,68% 57%,79% 91%,50% 70%,21% 91%,"
    "32% 57%,2% 35%,39% 35%)",
    "cross": "clip-path:polygon(20% 0,50% 30%,80% 0,100% 20%,70% 50%,100% 80%,80% 100%,"
    "50% 70%,20% 100%,0 80%,30% 50%,0 20%)",
}


def legend_html() -> str:
    """A static legend (no data strings in it): swatch and label per map layer."""
    return render("legend.html", rows=LEGEND_ROWS, swatch_base=_SWATCH)


def force_legend_html(actors: Sequence[Any], active: Sequence[str]) -> str:
    """Legend rows for the active actor layers only (validated colours, escaped names).

    Deprecated: the in-map layer panel shows every actor's symbol and swatch. Kept only
    until ``ui/map_panel.py`` stops calling it; then it goes.
    """
    rows = [
        {
            "id": actor.id,
            "name": actor.name,
            "outline": actor.style.outline,
            "colour": actor.style.colour,
            "clip": _CLIP[actor.style.marker],
            "area": area_css(actor.style),
        }
        for actor in actors
        if actor.id in active
    ]
    return render("force_legend.html", rows=rows, swatch_base=_SWATCH)


def area_css(style: Any) -> str:
    """An actor's area swatch as inline CSS: its pattern, fill and edge style."""
    c = style.colour
    fills = {
        "stripes-45": f"repeating-linear-gradient(-45deg,{c} 0 2px,transparent 2px 6px)",
        "stripes-135": f"repeating-linear-gradient(45deg,{c} 0 2px,transparent 2px 6px)",
        "dots": f"radial-gradient({c} 1.5px,transparent 2px) 0 0/6px 6px",
        "crosshatch": f"repeating-linear-gradient(45deg,{c} 0 1px,transparent 1px 6px),"
        f"repeating-linear-gradient(-45deg,{c} 0 1px,transparent 1px 6px)",
        "solid": f"{c}55",
        "outline": "transparent",
    }
    border = {"solid": "solid", "dashed": "dashed", "dotted": "dotted"}[style.line]
    return f"background:{fills[style.pattern]};border:2px {border} {style.outline}"
