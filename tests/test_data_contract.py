"""The contract every shipped data/*.geojson feature keeps (see data/README.md)."""

from __future__ import annotations

import itertools
import json
from itertools import pairwise
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import shape

from geo import forces
from geo.article import parse_article
from geo.events import EVENT_KEYS, load_events
from geo.geometry import UTM_38N
from geo.rules import in_region, is_slug

DATA = Path(__file__).resolve().parent.parent / "data"
FILES = sorted(DATA.glob("*.geojson"))
CERTAINTIES = {"precise", "approximate", "schematic"}
KINDS = {"province", "city", "town", "village", "ridge", "zone", "region"}
# Force features describe claims, not places: their own vocabulary (geo.forces).
# Areas of control are schematic lines of a date; districts are label points at a town.
VOCABULARY = {
    "forces.geojson": (set(forces.KINDS), set(forces.CERTAINTIES)),
    "control.geojson": ({"control"}, {"schematic"}),
    "districts.geojson": ({"district", "sub-district"}, {"approximate"}),
}
# Files whose features hold for a period: every feature says from when (and until when).
DATED_FILES = ("forces.geojson", "control.geojson")
EXCLUDED_FROM_ZONE = ("debaga", "erbil", "kirkuk", "mosul", "baghdad", "sulaymaniyah")


def _features() -> list[tuple[str, dict]]:
    return [
        (path.name, feature)
        for path in FILES
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]
    ]


FEATURES = _features()
FEATURE_IDS = [f"{name}:{feature['properties'].get('id')}" for name, feature in FEATURES]


def wrong_windings(geometry: dict) -> list[str]:
    """Rings against RFC 7946 section 3.1.6 (exterior counterclockwise, holes clockwise),
    by the shoelace sum of the GeoJSON coordinates themselves; e.g. ``["polygon 0 ring 0"]``."""
    polygons = {"Polygon": [geometry["coordinates"]], "MultiPolygon": geometry["coordinates"]}
    wrong = []
    for p, rings in enumerate(polygons.get(geometry["type"], [])):
        for r, ring in enumerate(rings):
            area = sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in pairwise(ring))
            if (area > 0) != (r == 0):
                wrong.append(f"polygon {p} ring {r}")
    return wrong


def _layer(name: str) -> gpd.GeoDataFrame:
    return gpd.read_file(DATA / name)


def test_the_four_layers_are_shipped() -> None:
    """provinces, places, qarachok and zone are all present."""
    assert {p.name for p in FILES} >= {
        "provinces.geojson",
        "places.geojson",
        "qarachok.geojson",
        "zone.geojson",
    }


@pytest.mark.parametrize(("file", "feature"), FEATURES, ids=FEATURE_IDS)
def test_feature_geometry_is_valid(file: str, feature: dict) -> None:
    """Every geometry is valid and non-empty."""
    geom = shape(feature["geometry"])
    assert geom.is_valid and not geom.is_empty, shapely.is_valid_reason(geom)


@pytest.mark.parametrize(("file", "feature"), FEATURES, ids=FEATURE_IDS)
def test_polygon_rings_follow_the_right_hand_rule(file: str, feature: dict) -> None:
    """RFC 7946: every exterior ring is counterclockwise, every hole clockwise."""
    assert wrong_windings(feature["geometry"]) == []


@pytest.mark.parametrize(("file", "feature"), FEATURES, ids=FEATURE_IDS)
def test_feature_lies_in_iraq_region(file: str, feature: dict) -> None:
    """Coordinates are (lon, lat) within the map's region (lon 38..49, lat 29..38)."""
    assert in_region(shape(feature["geometry"]).bounds)


@pytest.mark.parametrize(("file", "feature"), FEATURES, ids=FEATURE_IDS)
def test_feature_id_is_a_slug(file: str, feature: dict) -> None:
    """Every id is a slug, and the feature's top-level id repeats it."""
    assert is_slug(feature["properties"]["id"])
    assert feature.get("id") == feature["properties"]["id"]


@pytest.mark.parametrize(("file", "feature"), FEATURES, ids=FEATURE_IDS)
def test_feature_has_contract_properties(file: str, feature: dict) -> None:
    """id, name, aliases, kind, certainty, uncertainty_km, source and province are set."""
    props = feature["properties"]
    assert isinstance(props["id"], str) and props["id"]
    assert isinstance(props["name"], str) and props["name"]
    assert isinstance(props["aliases"], list)
    kinds, certainties = VOCABULARY.get(file, (KINDS, CERTAINTIES))
    assert props["kind"] in kinds
    assert props["certainty"] in certainties
    assert isinstance(props["uncertainty_km"], int | float) and props["uncertainty_km"] >= 0
    assert isinstance(props["source"], str) and props["source"]
    assert "province" in props


@pytest.mark.parametrize(("file", "feature"), FEATURES, ids=FEATURE_IDS)
def test_estimates_carry_an_uncertainty(file: str, feature: dict) -> None:
    """Precise features have uncertainty 0; approximate and schematic ones more than 0."""
    props = feature["properties"]
    if props["certainty"] == "precise":
        assert props["uncertainty_km"] == 0
    else:
        assert props["uncertainty_km"] > 0


def test_ids_are_unique_across_files() -> None:
    """No id appears twice in any of the shipped layers."""
    ids = [feature["properties"]["id"] for _, feature in FEATURES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_point_provinces_name_real_province_features() -> None:
    """Each point's province is the id of the province that contains it."""
    provinces = _layer("provinces.geojson").set_index("id")
    for _, place in _layer("places.geojson").iterrows():
        assert provinces.loc[place["province"]].geometry.covers(place.geometry), place["id"]


def test_eighteen_provinces_four_of_them_story() -> None:
    """All 18 governorates ship; Nineveh, Kirkuk, Salaheddin and Diyala have role story."""
    provinces = _layer("provinces.geojson")
    assert len(provinces) == 18
    assert set(provinces.loc[provinces["role"] == "story", "id"]) == {
        "prov-nineveh",
        "prov-kirkuk",
        "prov-salaheddin",
        "prov-diyala",
    }


def test_provinces_do_not_overlap() -> None:
    """Neighbouring provinces share edges: pairwise overlap is under 0.01 km2 in UTM 38N."""
    provinces = _layer("provinces.geojson").to_crs(UTM_38N)
    pairs = itertools.combinations(zip(provinces["id"], provinces.geometry, strict=True), 2)
    overlaps = {
        (a, b): ga.intersection(gb).area / 1e6 for (a, ga), (b, gb) in pairs if ga.intersects(gb)
    }
    assert max(overlaps.values()) < 0.01, max(overlaps, key=overlaps.get)


def test_provinces_leave_no_gaps() -> None:
    """The provinces' union is one polygon with no holes: no slivers between neighbours."""
    union = _layer("provinces.geojson").to_crs(UTM_38N).union_all()
    assert union.geom_type == "Polygon"
    assert len(union.interiors) == 0


def test_shipped_geojson_fits_size_budget() -> None:
    """All data/*.geojson together stay within 300 KB, provinces within 120 KB."""
    assert sum(p.stat().st_size for p in FILES) <= 300 * 1024
    assert (DATA / "provinces.geojson").stat().st_size <= 120 * 1024


def test_zone_contains_lheiban() -> None:
    """Lheiban lies in the disputed zone."""
    zone = _layer("zone.geojson").geometry.iloc[0]
    places = _layer("places.geojson").set_index("id")
    assert zone.contains(places.loc["lheiban"].geometry)


@pytest.mark.parametrize("place_id", EXCLUDED_FROM_ZONE)
def test_zone_excludes_held_cities(place_id: str) -> None:
    """Debaga, Erbil, Kirkuk city, Mosul, Baghdad and Sulaymaniyah lie outside the zone."""
    zone = _layer("zone.geojson").geometry.iloc[0]
    places = _layer("places.geojson").set_index("id")
    assert not zone.intersects(places.loc[place_id].geometry)


@pytest.mark.parametrize(("file", "feature"), FEATURES, ids=FEATURE_IDS)
def test_dated_features_carry_a_validity_period(file: str, feature: dict) -> None:
    """Forces and areas of control have valid_from (an ISO date) and valid_to (or null)."""
    if file not in DATED_FILES:
        return
    props = feature["properties"]
    assert isinstance(props["valid_from"], str) and props["valid_from"]
    assert "valid_to" in props


def test_districts_lie_in_their_province() -> None:
    """Each district's label point lies in the province it names."""
    provinces = _layer("provinces.geojson").set_index("id")
    for _, district in _layer("districts.geojson").iterrows():
        assert provinces.loc[district["province"]].geometry.covers(district.geometry)


def test_events_name_only_shipped_passages_places_and_actors() -> None:
    """events.json: every key in order, and every passage, place and actor id exists."""
    _, passages = parse_article((DATA / "article.txt").read_text(encoding="utf-8"))
    places = {feature["properties"]["id"] for name, feature in FEATURES if name != "forces.geojson"}
    actors = {a["id"] for a in json.loads((DATA / "actors.json").read_text())["actors"]}
    raw = json.loads((DATA / "events.json").read_text(encoding="utf-8"))["events"]
    assert all(tuple(event) == EVENT_KEYS for event in raw)
    events, problems = load_events(DATA / "events.json", [p.id for p in passages], places, actors)
    assert problems == () and len(events) == len(raw)
