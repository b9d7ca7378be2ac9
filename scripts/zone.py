"""The disputed zone for scripts/build_data.py: a schematic tapered band around the
hand-drawn centre line (data/raw/zone_centreline.json), built in UTM 38N, clipped to Iraq
and checked against what the article and the reporting state about it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry

from geo.analysis import widest_point
from geo.geometry import from_utm, lon_lat_to_utm, rounded_geojson, to_utm
from geo.jsonio import geojson_feature, read_json

CIRCLE_QUAD_SEGS = 16
MAX_ZONE_WIDTH_KM = 40.5  # the article's "up to 40 kilometres", plus bend tolerance
EXCLUSION_MARGIN_KM = 5.0
STORY_PROVINCES = ("prov-nineveh", "prov-kirkuk", "prov-salaheddin", "prov-diyala")
ZONE_MUST_CONTAIN = ("lheiban",)
ZONE_MUST_EXCLUDE = ("debaga", "erbil", "kirkuk", "mosul", "baghdad", "sulaymaniyah")

ZONE_SOURCE = (
    "Schematic band drawn for this app: the article (The National / AP, 17 Dec 2021: "
    "'up to 40 kilometres wide', through Nineveh, Kirkuk, Salaheddin and Diyala) and the "
    "reported seam between peshmerga and federal lines: UNAMI 2009 reports on Disputed "
    "Internal Boundaries; Rudaw, Nov 2018 ('from Khanaqin to Shingal'); peshmerga chief of "
    "staff, May 2021 ('from Khanaqin in Diyala to the west of the Tigris in Nineveh')"
)
ZONE_NOTE = (
    "Schematic band: no surveyed line exists; lines are approximate and imply no endorsement"
)


class ZoneError(RuntimeError):
    """The centre line is malformed or the band breaks a stated constraint."""


@dataclass(frozen=True)
class CentreVertex:
    """One vertex of the zone's centre line, in GeoJSON axis order."""

    lon: float
    lat: float
    width_km: float
    note: str


def read_centreline(path: Path) -> list[CentreVertex]:
    """Read the hand-edited zone centre line; every vertex needs lon, lat, width_km, note."""
    rows, problem = read_json(path)
    if problem is not None:
        raise ZoneError(f"missing or unreadable input {path}: {problem.message}")
    problems = [
        f"vertex {i}: missing {sorted({'lon', 'lat', 'width_km', 'note'} - row.keys())}"
        for i, row in enumerate(rows)
        if not {"lon", "lat", "width_km", "note"} <= row.keys()
    ]
    problems += [
        f"vertex {i}: width_km must be > 0"
        for i, row in enumerate(rows)
        if row.get("width_km", 1) <= 0
    ]
    if len(rows) < 2:
        problems.append("need at least two vertices")
    if problems:
        raise ZoneError(f"{path.name}: " + "; ".join(problems))
    return [
        CentreVertex(float(r["lon"]), float(r["lat"]), float(r["width_km"]), str(r["note"]))
        for r in rows
    ]


def tapered_buffer(
    vertices: list[tuple[float, float, float]], quad_segs: int = CIRCLE_QUAD_SEGS
) -> Polygon | MultiPolygon:
    """Band around a line in projected metres: union of hulls of consecutive vertex circles.

    Each vertex is (x, y, full_width); the band is exactly that wide at the vertex and
    tapers linearly between vertices.
    """
    if len(vertices) < 2:
        raise ValueError("tapered_buffer needs at least two vertices")
    if any(w <= 0 for _, _, w in vertices):
        raise ValueError("tapered_buffer widths must be positive")
    circles = [Point(x, y).buffer(w / 2, quad_segs=quad_segs) for x, y, w in vertices]
    hulls = [
        shapely.union(a, b).convex_hull for a, b in zip(circles[:-1], circles[1:], strict=True)
    ]
    return shapely.union_all(hulls)


def build_zone(
    centre: list[CentreVertex],
    provinces: list[tuple[str, BaseGeometry]],
    places: list[dict[str, Any]],
) -> dict[str, Any]:
    """Buffer the centre line in UTM 38N, clip it to Iraq, and check the stated constraints."""
    projected = []
    for v in centre:
        x, y = lon_lat_to_utm(v.lon, v.lat)
        projected.append((x, y, v.width_km * 1000))
    band = from_utm(tapered_buffer(projected))
    # Clip to the country outline so the band does not spill into Iran or Syria.
    iraq = shapely.union_all([g for _, g in provinces])
    zone = rounded_geojson(shapely.make_valid(band.intersection(iraq)))
    zone_geom = shape(zone)
    width_km = widest_point(zone_geom).width_km
    check_zone(zone_geom, provinces, {f["properties"]["id"]: shape(f["geometry"]) for f in places})
    centre_km = LineString([(x, y) for x, y, _ in projected]).length / 1000
    props = {
        "id": "disputed-zone",
        "name": "Disputed zone",
        "aliases": ["disputed territories", "the zone", "areas of the seam"],
        "kind": "zone",
        "certainty": "schematic",
        "uncertainty_km": round(max(v.width_km for v in centre) / 2, 1),
        "source": ZONE_SOURCE,
        "province": None,
        "note": ZONE_NOTE,
        "max_width_km": round(width_km, 1),
        "centreline_km": round(centre_km, 1),
    }
    return geojson_feature(props, zone)


def check_zone(
    zone: BaseGeometry, provinces: list[tuple[str, BaseGeometry]], points: dict[str, BaseGeometry]
) -> None:
    """Raise one ZoneError listing every broken zone constraint (WGS84 geometry in)."""
    problems = []
    by_id = dict(provinces)
    for pid in STORY_PROVINCES:
        if pid not in by_id or not zone.intersection(by_id[pid]).area > 0:
            problems.append(f"does not reach story province {pid}")
    for pid in ZONE_MUST_CONTAIN:
        if not zone.contains(points[pid]):
            problems.append(f"does not contain {pid}")
    zone_utm = to_utm(zone)
    for pid in ZONE_MUST_EXCLUDE:
        point = points[pid]
        if zone.intersects(point):
            problems.append(f"contains {pid}, which must stay outside")
            continue
        gap_km = zone_utm.distance(to_utm(point)) / 1000
        if gap_km < EXCLUSION_MARGIN_KM:
            problems.append(
                f"passes {gap_km:.1f} km from {pid} (< {EXCLUSION_MARGIN_KM} km margin)"
            )
    widest = widest_point(zone)
    if widest.width_km > MAX_ZONE_WIDTH_KM:
        problems.append(
            f"is {widest.width_km:.1f} km wide at ({widest.lon:.3f}, {widest.lat:.3f}), "
            f"over {MAX_ZONE_WIDTH_KM} km"
        )
    if problems:
        raise ZoneError("disputed zone " + "; ".join(problems))
