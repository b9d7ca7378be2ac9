"""Measurements on the map's layers: zone area by province, zone length and width, distances.

Geometry comes in as WGS84 (lon, lat), either shapely geometries or GeoDataFrames/GeoSeries.
Lengths and areas are measured in UTM zone 38N (EPSG:32638, through geo.geometry), which
covers northern Iraq; point-to-point distances are geodesic on the WGS84 ellipsoid. Which
distances a story measures, and how sure they are, come from its story.json. Every result
carries a short `method` text so the page can say how a number was obtained.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import pyproj
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geo.geometry import in_wgs84, to_utm, utm_to_lon_lat
from geo.storyconfig import Distance

AREA_METHOD = "area in UTM 38N (EPSG:32638)"
LINE_LENGTH_METHOD = "line length in UTM 38N (EPSG:32638)"
BAND_LENGTH_METHOD = (
    "long side of the rectangle with the zone's area and perimeter, in UTM 38N (EPSG:32638)"
)
WIDTH_METHOD = "diameter of the largest circle inside the zone, in UTM 38N (EPSG:32638)"
GEODESIC_METHOD = "geodesic distance on the WGS84 ellipsoid (pyproj.Geod)"
LINE_DISTANCE_METHOD = "shortest distance to the line in UTM 38N (EPSG:32638)"
INSIDE_METHOD = "point position inside the zone polygon (uncertainty radii not counted)"
CONTROL_CHANGE_METHOD = (
    "difference of consecutive areas of control (ordered by valid_from) intersected with "
    "each province, in UTM 38N (EPSG:32638); the areas are schematic"
)

# 10 m is far below the uncertainty of anything on this map and keeps the search fast.
_INSCRIBED_CIRCLE_TOLERANCE_M = 10.0
_GEOD = pyproj.Geod(ellps="WGS84")

GeometryLike = BaseGeometry | gpd.GeoDataFrame | gpd.GeoSeries


@dataclass(frozen=True)
class ProvinceShare:
    """The part of the zone inside one province."""

    province_id: str
    name: str
    area_km2: float
    pct_of_zone: float


@dataclass(frozen=True)
class ZoneAreaBreakdown:
    """Zone area split by province, largest share first."""

    rows: tuple[ProvinceShare, ...]
    total_km2: float
    method: str

    def to_frame(self) -> pd.DataFrame:
        """One row per province: province_id, name, area_km2, pct_of_zone."""
        columns = ["province_id", "name", "area_km2", "pct_of_zone"]
        return pd.DataFrame([vars(r) for r in self.rows], columns=columns)


@dataclass(frozen=True)
class Length:
    """A length in kilometres and how it was measured."""

    km: float
    method: str


@dataclass(frozen=True)
class WidestPoint:
    """Where the zone is widest: full width (km) and the centre of that cross-section."""

    width_km: float
    lon: float
    lat: float
    method: str


@dataclass(frozen=True)
class PlacesInside:
    """Ids of the places whose point lies inside the zone, in input order."""

    ids: tuple[str, ...]
    method: str


def zone_area_by_province(
    zone: GeometryLike,
    provinces: gpd.GeoDataFrame,
    id_column: str = "id",
    name_column: str = "name",
) -> ZoneAreaBreakdown:
    """Area of the zone inside each province it touches, and its share of the zone."""
    zone_utm = to_utm(_single_geometry(zone))
    if zone_utm.is_empty or zone_utm.area == 0:
        raise ValueError("zone has no area")
    missing = [c for c in (id_column, name_column) if c not in provinces.columns]
    if missing:
        raise ValueError(f"provinces lack columns {missing}")
    total = zone_utm.area / 1e6
    frame = to_utm(provinces)
    rows = []
    for pid, name, geom in zip(frame[id_column], frame[name_column], frame.geometry, strict=True):
        area = zone_utm.intersection(geom).area / 1e6
        if area > 0:
            rows.append(ProvinceShare(str(pid), str(name), area, 100 * area / total))
    rows.sort(key=lambda r: (-r.area_km2, r.province_id))
    return ZoneAreaBreakdown(tuple(rows), total, AREA_METHOD)


@dataclass(frozen=True)
class ControlChange:
    """Area one province gained and lost between two consecutive areas of control."""

    province_id: str
    name: str
    from_id: str
    to_id: str
    gained_km2: float
    lost_km2: float
    method: str


def control_changes(
    control: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame, min_km2: float = 5.0
) -> tuple[ControlChange, ...]:
    """Per pair of consecutive control areas (by `valid_from`, then id) and per province:
    the area gained (in the later, not the earlier) and lost (the reverse), in km2.

    Rows where both are under `min_km2` (edge noise of separately simplified areas) are
    left out; rows follow the pairs' order, then the largest change first.
    """
    missing = [c for c in ("id", "valid_from") if c not in control.columns]
    missing += [c for c in ("id", "name") if c not in provinces.columns]
    if missing:
        raise ValueError(f"control or provinces lack columns {missing}")
    frame = to_utm(control).sort_values(["valid_from", "id"], key=lambda c: c.astype(str))
    areas = list(zip(frame["id"].astype(str), frame.geometry, strict=True))
    regions = to_utm(provinces)
    rows = []
    for (from_id, before), (to_id, after) in zip(areas, areas[1:], strict=False):
        gained, lost = after.difference(before), before.difference(after)
        pair = []
        for pid, name, geom in zip(regions["id"], regions["name"], regions.geometry, strict=True):
            plus, minus = gained.intersection(geom).area / 1e6, lost.intersection(geom).area / 1e6
            if plus >= min_km2 or minus >= min_km2:
                change = ControlChange(
                    str(pid), str(name), from_id, to_id, plus, minus, CONTROL_CHANGE_METHOD
                )
                pair.append(change)
        pair.sort(key=lambda r: (-max(r.gained_km2, r.lost_km2), r.province_id))
        rows.extend(pair)
    return tuple(rows)


def zone_length_km(geometry: GeometryLike) -> Length:
    """Length of a centre line, or of a band polygon (as its equivalent rectangle's long side)."""
    geom = to_utm(_single_geometry(geometry))
    if isinstance(geom, LineString | MultiLineString):
        return Length(geom.length / 1000, LINE_LENGTH_METHOD)
    if isinstance(geom, Polygon | MultiPolygon):
        # A rectangle with sides L >= W has P = 2(L + W), A = L W, so
        # L = (P/2 + sqrt(P^2/4 - 4A)) / 2; clamp for compact shapes (P^2/4 < 4A).
        half_p, area = geom.length / 2, geom.area
        long_side = (half_p + math.sqrt(max(half_p**2 - 4 * area, 0.0))) / 2
        return Length(long_side / 1000, BAND_LENGTH_METHOD)
    raise ValueError(f"cannot measure the length of a {geom.geom_type}")


def widest_point(zone: GeometryLike) -> WidestPoint:
    """Largest inscribed circle of the zone: its diameter is the zone's widest cross-section."""
    geom = to_utm(_single_geometry(zone))
    if not isinstance(geom, Polygon | MultiPolygon) or geom.is_empty:
        raise ValueError(f"widest_point needs a polygon, got {geom.geom_type}")
    parts = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    radius = max(
        (shapely.maximum_inscribed_circle(p, _INSCRIBED_CIRCLE_TOLERANCE_M) for p in parts),
        key=lambda segment: segment.length,
    )
    lon, lat = utm_to_lon_lat(*radius.coords[0])
    return WidestPoint(2 * radius.length / 1000, lon, lat, WIDTH_METHOD)


def distance_km(a: Point | tuple[float, float], b: Point | tuple[float, float]) -> Length:
    """Geodesic distance between two (lon, lat) points."""
    (lon1, lat1), (lon2, lat2) = _lon_lat(a), _lon_lat(b)
    _, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    return Length(metres / 1000, GEODESIC_METHOD)


def distance_to_line_km(
    point: Point | tuple[float, float], line: LineString | MultiLineString
) -> Length:
    """Shortest distance from a point to a line (e.g. a place to the Qarachok ridge)."""
    if not isinstance(line, LineString | MultiLineString):
        raise ValueError(f"distance_to_line_km needs a line, got {line.geom_type}")
    return Length(
        to_utm(Point(_lon_lat(point))).distance(to_utm(line)) / 1000, LINE_DISTANCE_METHOD
    )


def places_inside(
    zone: GeometryLike, places: gpd.GeoDataFrame, id_column: str = "id"
) -> PlacesInside:
    """Ids of the places whose point lies inside (or on the edge of) the zone."""
    if id_column not in places.columns:
        raise ValueError(f"places lack column {id_column!r}")
    geom = _single_geometry(zone)
    frame = in_wgs84(places)
    inside = [
        str(pid)
        for pid, point in zip(frame[id_column], frame.geometry, strict=True)
        if geom.covers(point)
    ]
    return PlacesInside(tuple(inside), INSIDE_METHOD)


def _single_geometry(value: GeometryLike) -> BaseGeometry:
    """A shapely geometry in WGS84; frames and series are merged into one."""
    if isinstance(value, BaseGeometry):
        return value
    if isinstance(value, gpd.GeoDataFrame | gpd.GeoSeries):
        series = value.geometry if isinstance(value, gpd.GeoDataFrame) else value
        if len(series) == 0:
            raise ValueError("empty GeoDataFrame/GeoSeries")
        return in_wgs84(series).union_all()
    raise TypeError(f"expected a shapely geometry or GeoDataFrame, got {type(value).__name__}")


def _lon_lat(value: Point | tuple[float, float]) -> tuple[float, float]:
    if isinstance(value, Point):
        return value.x, value.y
    lon, lat = value
    return float(lon), float(lat)


@dataclass(frozen=True)
class StoryMeasurements:
    """What the analysis panel shows; None where the story lacks the features it needs."""

    areas: ZoneAreaBreakdown | None
    length: Length | None
    widest: WidestPoint | None
    distances: tuple[tuple[str, Length], ...]
    inside: PlacesInside | None
    uncertainty_note: str


def measure_story(
    layers: dict[str, gpd.GeoDataFrame],
    distances: Sequence[Distance],
    measurement_note: str,
) -> StoryMeasurements:
    """The zone's area per province, length, widest point; the story's distances (those
    whose two ends the layers hold); places inside. `distances` and `measurement_note`
    come from story.json (StoryConfig); the note travels on as `uncertainty_note`.

    Point-to-point distances are geodesic; to a line, in UTM 38N.
    """
    zone = layers.get("zone")
    provinces = layers.get("provinces")
    places = layers.get("places")
    has_zone = zone is not None and not zone.empty
    areas = (
        zone_area_by_province(zone, provinces)
        if has_zone and provinces is not None and not provinces.empty
        else None
    )
    features = {
        str(fid): geom
        for frame in layers.values()
        for fid, geom in zip(frame["id"], frame.geometry, strict=True)
    }
    measured = []
    for d in distances:
        if d.start not in features or d.end not in features:
            continue
        target = features[d.end]
        if isinstance(target, Point):
            measured.append((d.label, distance_km(features[d.start], target)))
        elif isinstance(target, LineString | MultiLineString):
            measured.append((d.label, distance_to_line_km(features[d.start], target)))
    return StoryMeasurements(
        areas=areas,
        length=zone_length_km(zone) if has_zone else None,
        widest=widest_point(zone) if has_zone else None,
        distances=tuple(measured),
        inside=places_inside(zone, places) if has_zone and places is not None else None,
        uncertainty_note=measurement_note,
    )
