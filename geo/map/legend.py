"""The map's key for the in-map layer panel (``geo.map.panel``): the static legend rows,
and each actor's area swatch as CSS built from validated colours."""

from __future__ import annotations

from typing import Any

from geo.palette import PALETTE

# (swatch CSS on top of the panel's .dz-swatch box, label): one row per map layer.
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
