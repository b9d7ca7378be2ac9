"""Lighter shapes for the browser: simplified in UTM 38N, rounded, topology kept.

The published page has a byte budget (geo.publish: 450 KB in all); the map's polygons are
most of it. Simplifying at a few hundred metres changes nothing visible at the zooms the
story is read at (about 1 km a pixel at zoom 7, 125 m at zoom 10) and halves the bytes.
The data files keep their full shapes; measurements and selection outlines use them.
"""

from __future__ import annotations

import geopandas as gpd
import shapely

from geo.geometry import WGS84, to_utm

# Governorates share edges: a coverage simplification moves each shared edge once, so
# neighbours keep meeting with no gap or overlap. 1.5 km: Natural Earth's boundaries are
# drawn for 1:10 million, where a line is already about a kilometre wide; it is under two
# pixels at the opening zoom (about 1 km a pixel at zoom 7).
PROVINCE_TOLERANCE_M = 1500.0
PROVINCE_DECIMALS = 3  # 100 m: a tenth of the line width at that scale
# The Kurdistan Region's edge is known to within about 20 km: simplified by a tenth of that,
# as every shape known to within kilometres is (SIMPLIFY_SHARE, geo/map/features.py).
REGION_TOLERANCE_M = 2000.0
REGION_DECIMALS = 3


def browser_shapes(frame: gpd.GeoDataFrame, tolerance_m: float, decimals: int) -> gpd.GeoSeries:
    """Each shape simplified on its own (topology kept) and rounded to ``decimals``."""
    simple = to_utm(frame.geometry).simplify(tolerance_m, preserve_topology=True).to_crs(WGS84)
    return simple.set_precision(10.0**-decimals)


def coverage_shapes(
    frame: gpd.GeoDataFrame,
    tolerance_m: float = PROVINCE_TOLERANCE_M,
    decimals: int = PROVINCE_DECIMALS,
) -> gpd.GeoSeries:
    """A coverage (polygons that tile, like governorates) simplified as one, shared edges
    alike (``shapely.coverage_simplify``), then rounded; the input as it is if it is not a
    valid coverage (overlaps would make the simplification fail or tear)."""
    if frame.empty:
        return frame.geometry
    utm = to_utm(frame.geometry)
    if not bool(shapely.coverage_is_valid(utm.values)):
        return frame.geometry
    simple = gpd.GeoSeries(
        shapely.coverage_simplify(utm.values, tolerance_m), index=frame.index, crs=utm.crs
    )
    return simple.to_crs(WGS84).set_precision(10.0**-decimals)
