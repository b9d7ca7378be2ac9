"""Geometry rules shared by loading, the force checks, the analysis and the build scripts.

Distances and areas are measured in UTM zone 38N (EPSG:32638), which covers northern Iraq,
never in degrees: `to_utm` and `from_utm` are the one way in and out of it. Reading a
GeoJSON geometry, closing its rings and repairing it with shapely.make_valid live here too.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any, TypeVar

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

UTM_38N = "EPSG:32638"
WGS84 = "EPSG:4326"
POLYGONAL = ("Polygon", "MultiPolygon")
# Shipped coordinates keep 5 decimals (about 1 m), far below any uncertainty on the map.
COORD_DECIMALS = 5

# An uncertainty circle's vertices: 32 (8 a quarter), the polygon within 0.5 % of its radius
# (50 m for 10 km): under a pixel wherever the circle is read, on screen or on paper.
CIRCLE_QUAD_SEGS = 8

_TO_UTM = pyproj.Transformer.from_crs(WGS84, UTM_38N, always_xy=True)
_FROM_UTM = pyproj.Transformer.from_crs(UTM_38N, WGS84, always_xy=True)

Projectable = TypeVar("Projectable", BaseGeometry, gpd.GeoSeries, gpd.GeoDataFrame)


def to_utm(value: Projectable) -> Projectable:
    """A WGS84 (lon, lat) geometry, series or frame in UTM 38N metres.

    A frame or series without a CRS is taken to be GeoJSON, which RFC 7946 fixes to WGS84.
    """
    if isinstance(value, BaseGeometry):
        return shapely.transform(value, _projector(_TO_UTM))
    return in_wgs84(value).to_crs(UTM_38N)


def uncertainty_areas(frame: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Each feature buffered by its ``uncertainty_km``, measured in UTM 38N, in the frame's
    own CRS (UTM 38N, or WGS84)."""
    radii_m = frame["uncertainty_km"].fillna(0).astype(float).values * 1000.0
    in_utm = frame.crs is not None and frame.crs.equals(UTM_38N)
    utm = frame.geometry if in_utm else to_utm(frame.geometry)
    areas = utm.buffer(radii_m, quad_segs=CIRCLE_QUAD_SEGS)
    return areas if in_utm else areas.to_crs(WGS84)


def from_utm(geom: BaseGeometry) -> BaseGeometry:
    """A UTM 38N geometry back in WGS84 (lon, lat)."""
    return shapely.transform(geom, _projector(_FROM_UTM))


def lon_lat_to_utm(lon: float, lat: float) -> tuple[float, float]:
    """One (lon, lat) position as UTM 38N (x, y) metres."""
    x, y = _TO_UTM.transform(lon, lat)
    return float(x), float(y)


def utm_to_lon_lat(x: float, y: float) -> tuple[float, float]:
    """One UTM 38N position as (lon, lat)."""
    lon, lat = _FROM_UTM.transform(x, y)
    return float(lon), float(lat)


def in_wgs84(frame: gpd.GeoSeries | gpd.GeoDataFrame) -> gpd.GeoSeries | gpd.GeoDataFrame:
    """A frame or series in WGS84; without a CRS it is taken to be GeoJSON (WGS84)."""
    if frame.crs is None:
        return frame.set_crs(WGS84)
    return frame.to_crs(WGS84)


def geojson_type(geometry: object) -> str:
    """The GeoJSON `type` of a geometry object, or the Python type of anything else."""
    if isinstance(geometry, dict):
        return str(geometry.get("type"))
    return type(geometry).__name__


def read_shape(geometry: object) -> tuple[BaseGeometry | None, str | None]:
    """A GeoJSON geometry as shapely, or why it cannot be one: not an object, malformed
    coordinates, empty, or a non-finite coordinate."""
    if not isinstance(geometry, dict):
        return None, "missing"
    try:
        geom = shape(geometry)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        return None, f"malformed coordinates: {exc}"
    if geom.is_empty:
        return None, "is empty"
    if not all(math.isfinite(v) for v in shapely.get_coordinates(geom).ravel()):
        return None, "has a non-finite coordinate"
    return geom, None


def close_rings(geometry: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Close every polygon ring whose last position differs from its first (GeoJSON
    requires them equal; shapely would close them silently). Returns the geometry and
    how many rings were closed; malformed coordinates are left for shapely to report."""
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon" and isinstance(coords, list):
        polygons = coords
    else:
        return geometry, 0
    closed = 0
    fixed_polygons = []
    for rings in polygons:
        if not isinstance(rings, list):
            return geometry, 0
        fixed = []
        for ring in rings:
            if isinstance(ring, list) and len(ring) >= 3 and ring[0] != ring[-1]:
                ring = [*ring, ring[0]]
                closed += 1
            fixed.append(ring)
        fixed_polygons.append(fixed)
    if not closed:
        return geometry, 0
    new_coords = fixed_polygons[0] if kind == "Polygon" else fixed_polygons
    return {**geometry, "coordinates": new_coords}, closed


def repair(geom: BaseGeometry, allowed: Collection[str]) -> BaseGeometry | None:
    """An invalid geometry made valid with shapely.make_valid, kept only if the result (or
    its polygonal part, as make_valid may return a GeometryCollection) is of an allowed
    type; None if it cannot be repaired."""
    repaired = shapely.make_valid(geom)
    if repaired.geom_type not in allowed:
        parts = [g for g in getattr(repaired, "geoms", []) if g.geom_type in POLYGONAL]
        repaired = shapely.union_all(parts) if parts else None
    if repaired is None or repaired.is_empty or repaired.geom_type not in allowed:
        return None
    return repaired


def round_coords(obj: Any) -> Any:
    """Every float in a GeoJSON-like value rounded to COORD_DECIMALS."""
    if isinstance(obj, float):
        return round(obj, COORD_DECIMALS)
    if isinstance(obj, dict):
        return {k: round_coords(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [round_coords(v) for v in obj]
    return obj


def rounded_geojson(geom: BaseGeometry) -> dict[str, Any]:
    """A shapely geometry as a GeoJSON geometry with rounded coordinates."""
    return round_coords(mapping(geom))


def _projector(transformer: pyproj.Transformer):  # noqa: ANN202 - a shapely.transform callback
    def project(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return project
