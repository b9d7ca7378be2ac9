"""Where force symbols go when claims share a position: a ring around it, in pixels.
The folium map (``geo.map.forces``) and the printed brief (``geo.brief.marks``) both place
their symbols with it, so it imports neither folium nor matplotlib.

Each symbol is a 24x24 click target (WCAG 2.2 SC 2.5.8). Symbols sharing a position,
or sitting on a place (whose own 24 px target keeps the centre), go on the smallest ring
that keeps every target apart, in actor order, clockwise from the top. Computed once in
Python, so the layout is deterministic.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import geopandas as gpd

# Hit areas are at least 24x24 CSS px (WCAG 2.2 SC 2.5.8).
TARGET_PX = 24
# Centre-to-centre distances (Chebyshev, px): symbols' 24 px boxes keep a gap of 2 px
# between them, and 4 px from a place's 24 px hit circle (whose invisible stroke adds 1 px).
SYMBOL_SPACING_PX = TARGET_PX + 2
PLACE_CLEARANCE_PX = TARGET_PX + 4
# Positions closer than this (decimal places of a degree, ~10 m) count as the same.
_SAME_POSITION = 4


def symbol_offsets(
    forces: gpd.GeoDataFrame, places: gpd.GeoDataFrame, actor_order: Sequence[str]
) -> dict[str, tuple[int, int]]:
    """Pixel offset of each force point's symbol from its true position.

    A point alone, away from any place, is drawn on its position. Points sharing a
    position, or sitting on a place, go on a ring around it in actor order, clockwise
    from the top.
    """
    if forces.empty:
        return {}
    points = forces[forces.geometry.geom_type == "Point"]
    rank = {a: i for i, a in enumerate(actor_order)}
    groups: dict[tuple[float, float], list[tuple[int, str]]] = defaultdict(list)
    for _, row in points.iterrows():
        key = (round(row.geometry.x, _SAME_POSITION), round(row.geometry.y, _SAME_POSITION))
        groups[key].append((rank.get(row["actor"], len(rank)), str(row["id"])))
    on_place = {
        (round(p.x, _SAME_POSITION), round(p.y, _SAME_POSITION))
        for p in places.geometry
        if p is not None and p.geom_type == "Point"
    }
    out: dict[str, tuple[int, int]] = {}
    for key, members in groups.items():
        members.sort()
        if len(members) == 1 and key not in on_place:
            out[members[0][1]] = (0, 0)
            continue
        for (_, fid), offset in zip(members, ring_offsets(len(members)), strict=True):
            out[fid] = offset
    return out


def ring_offsets(n: int) -> list[tuple[int, int]]:
    """``n`` integer offsets on the smallest ring (from the top, clockwise) that keeps
    every pair ``SYMBOL_SPACING_PX`` apart and all ``PLACE_CLEARANCE_PX`` from the centre
    (both measured as the larger of |dx|, |dy|, since targets are squares)."""
    radius = PLACE_CLEARANCE_PX
    while True:
        ring = [
            (
                round(radius * math.sin(2 * math.pi * k / n)),
                round(-radius * math.cos(2 * math.pi * k / n)),
            )
            for k in range(n)
        ]
        if _spaced(ring):
            return ring
        radius += 1


def _spaced(ring: list[tuple[int, int]]) -> bool:
    def apart(a: tuple[int, int], b: tuple[int, int]) -> int:
        return max(abs(a[0] - b[0]), abs(a[1] - b[1]))

    return all(apart(p, (0, 0)) >= PLACE_CLEARANCE_PX for p in ring) and all(
        apart(p, q) >= SYMBOL_SPACING_PX for i, p in enumerate(ring) for q in ring[i + 1 :]
    )
