"""Build data/forces.geojson from the hand-edited claims in data/raw/forces.json.

Run as `.venv/bin/python -m scripts.build_forces` after `scripts/build_data.py` (it reads
the built places, ridge, zone and provinces). Each raw claim cites the article by short
snippets, resolved here to passage ids; its geometry is a construction over those layers
(scripts/constructions.py; see the raw file's _comment), built in UTM 38N. Which extra
properties a feature carries comes from the actors (data/actors.json
required_properties). The result is checked with geo.forces.validate_forces and written
deterministically (geo.jsonio): fixed key order, coordinates rounded to 5 decimals,
compact JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.actors import Actor, ActorsError, load_actors
from geo.article import parse_article
from geo.forces import validate_forces
from geo.gazetteer import fold
from geo.geometry import COORD_DECIMALS, rounded_geojson
from geo.jsonio import geojson_feature, write_geojson
from geo.passages import Passage
from scripts.constructions import BuildError, construct_geometry
from scripts.inputs import read_input_json, read_input_text, run_build

ROOT = Path(__file__).resolve().parent.parent

GRID = 10.0**-COORD_DECIMALS
LAYER_FILES = ("places.geojson", "qarachok.geojson", "zone.geojson", "provinces.geojson")
OUTPUT_FILE = "forces.geojson"

# Output property order: the properties every force feature has, then those some actor
# requires (data/actors.json: a JCC's status and its source), null for the other actors so
# every feature has the same columns, then those the build derives (aliases and province
# keep the shared feature contract of data/*.geojson).
SHARED_PROPERTIES = (
    "id",
    "name",
    "actor",
    "kind",
    "origin",
    "certainty",
    "as_of",
    "valid_from",
    "valid_to",
    "uncertainty_km",
    "passages",
    "source",
    "note",
)
DERIVED_PROPERTIES = ("at_place", "aliases", "province")


def build(raw_dir: Path, data_dir: Path, out_dir: Path) -> Path:
    """Read raw_dir/forces.json and data_dir's layers, article and actors; write
    out_dir/forces.geojson and return its path."""
    raw = read_input_json(raw_dir / "forces.json")
    layers = read_layers(data_dir)
    _, passages = parse_article(read_input_text(data_dir / "article.txt"))
    try:
        actors = load_actors(data_dir / "actors.json")
    except ActorsError as exc:
        raise BuildError(str(exc)) from None
    features = build_features(raw, layers, passages, actors)
    problems = validate_forces(features, actors, [p.id for p in passages], list(layers))
    if problems:
        raise BuildError("invalid force features:\n  " + "\n  ".join(problems))
    out_dir.mkdir(parents=True, exist_ok=True)
    return write_geojson(out_dir / OUTPUT_FILE, features)


def property_order(actors: Sequence[Actor]) -> tuple[str, ...]:
    """Output properties, in order: shared, then those any actor requires, then derived."""
    required = dict.fromkeys(r.name for a in actors for r in a.required_properties)
    return (*SHARED_PROPERTIES, *required, *DERIVED_PROPERTIES)


def read_layers(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Every feature of the built base layers, by id."""
    out: dict[str, dict[str, Any]] = {}
    for name in LAYER_FILES:
        for feature in read_input_json(data_dir / name)["features"]:
            out[feature["properties"]["id"]] = feature
    return out


def build_features(
    raw: Mapping[str, Any],
    layers: Mapping[str, Mapping[str, Any]],
    passages: Sequence[Passage],
    actors: Sequence[Actor],
) -> list[dict[str, Any]]:
    """Turn the raw claims into GeoJSON features, in file order."""
    entries = raw.get("features") if isinstance(raw, Mapping) else None
    if not isinstance(entries, list):
        raise BuildError("forces.json: top level must be an object with a 'features' list")
    provinces = [
        (fid, shape(f["geometry"]))
        for fid, f in layers.items()
        if f["geometry"]["type"] in ("Polygon", "MultiPolygon") and fid.startswith("prov-")
    ]
    order = property_order(actors)
    return [
        build_feature(entry, layers, passages, order, provinces, f"features[{i}]")
        for i, entry in enumerate(entries)
    ]


def build_feature(
    entry: Mapping[str, Any],
    layers: Mapping[str, Mapping[str, Any]],
    passages: Sequence[Passage],
    order: Sequence[str],
    provinces: Sequence[tuple[str, BaseGeometry]] = (),
    where: str = "feature",
) -> dict[str, Any]:
    """One raw claim -> one feature with the properties of `order` (`property_order`):
    snippets resolved, geometry constructed and rounded."""
    if not isinstance(entry, Mapping):
        raise BuildError(f"{where}: must be an object")
    where = f"{where} ({entry.get('id', '?')})"
    # A raw entry carries the output's properties, less those derived, plus its geometry.
    extra = set(entry) - (set(order) - set(DERIVED_PROPERTIES)) - {"geometry"}
    if extra:
        raise BuildError(f"{where}: unknown key(s) {sorted(extra)}")
    if not entry.get("valid_from"):
        raise BuildError(f"{where}, field 'valid_from': missing (the date the claim holds from)")
    if "valid_to" not in entry:
        raise BuildError(f"{where}, field 'valid_to': missing (an ISO date, or null: still valid)")
    snippets = entry.get("passages", [])
    if not isinstance(snippets, list):
        raise BuildError(f"{where}, field 'passages': must be a list of snippets")
    passage_ids = list(dict.fromkeys(resolve_snippet(s, passages, where) for s in snippets))
    geom, uncertainty, at_place = construct_geometry(entry.get("geometry"), layers, where)
    if uncertainty is None:
        uncertainty = entry.get("uncertainty_km")
    elif "uncertainty_km" in entry:
        raise BuildError(f"{where}: a point's uncertainty is its radius_km; drop uncertainty_km")
    geom = _snap(geom)
    province = None
    if geom.geom_type == "Point":
        province = next((pid for pid, poly in provinces if poly.covers(geom)), None)
    props = {
        **{k: v for k, v in entry.items() if k != "geometry"},
        "uncertainty_km": uncertainty,
        "passages": passage_ids,
        "at_place": at_place,
        "aliases": [],
        "province": province,
    }
    return geojson_feature({k: props.get(k) for k in order}, rounded_geojson(geom))


def resolve_snippet(snippet: str, passages: Sequence[Passage], where: str = "snippet") -> str:
    """The id of the one passage containing `snippet` (whitespace and quote marks
    normalised); BuildError naming the snippet if none or several contain it."""
    if not isinstance(snippet, str) or not snippet.strip():
        raise BuildError(f"{where}: passage snippet {snippet!r} must be a non-empty string")
    needle = _normalise(snippet)
    hits = [p.id for p in passages if needle in _normalise(p.text)]
    if not hits:
        raise BuildError(f"{where}: snippet {snippet!r} occurs in no passage of the article")
    if len(hits) > 1:
        raise BuildError(
            f"{where}: snippet {snippet!r} occurs in several passages ({', '.join(hits)}); "
            "quote more of it"
        )
    return hits[0]


# --- private helpers -------------------------------------------------------------------


def _snap(geom: BaseGeometry) -> BaseGeometry:
    # Snapping to the output grid with set_precision keeps polygons valid, which rounding
    # each coordinate on its own does not guarantee.
    snapped = shapely.set_precision(geom, GRID)
    # RFC 7946: exterior rings counter-clockwise, holes clockwise.
    return shapely.orient_polygons(snapped, exterior_cw=False)


def _normalise(text: str) -> str:
    # Quote marks folded as the linker folds them, whitespace collapsed.
    return " ".join(fold(text).split())


if __name__ == "__main__":
    run_build(build, "build_forces", __doc__, ROOT)
