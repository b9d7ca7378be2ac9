"""Tiny geometries whose answers can be worked out by hand, for tests/test_analysis.py and
tests/test_analysis_control.py: rectangles and points given in km in UTM 38N, returned in
WGS84, and a GeoDataFrame of rows."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from shapely.geometry import Point, box

# A spot in northern Iraq on UTM 38N's central meridian (45 E), in metres.
X0, Y0 = 500_000.0, 3_900_000.0
_TO_WGS84 = pyproj.Transformer.from_crs("EPSG:32638", "EPSG:4326", always_xy=True)


def utm_box(x_min_km: float, y_min_km: float, x_max_km: float, y_max_km: float) -> shapely.Polygon:
    """A rectangle given in km offsets from (X0, Y0) in UTM 38N, returned in WGS84."""
    rect = box(
        X0 + x_min_km * 1000, Y0 + y_min_km * 1000, X0 + x_max_km * 1000, Y0 + y_max_km * 1000
    )
    return shapely.transform(shapely.segmentize(rect, 100.0), _to_wgs84)


def utm_point(x_km: float, y_km: float) -> Point:
    return Point(_TO_WGS84.transform(X0 + x_km * 1000, Y0 + y_km * 1000))


def _to_wgs84(coords: np.ndarray) -> np.ndarray:
    x, y = _TO_WGS84.transform(coords[:, 0], coords[:, 1])
    return np.column_stack([x, y])


def frame(rows: list[dict]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
