"""scripts/build_control.py and build_districts.py: who held what, and the UNAMI districts."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from shapely.geometry import shape

from geo.geometry import to_utm
from scripts import build_control, build_districts
from scripts.constructions import BuildError

ROOT = Path(__file__).resolve().parent.parent

DATA = ROOT / "data"
RAW = json.loads((DATA / "raw" / "control.json").read_text(encoding="utf-8"))
LAYERS = {
    f["properties"]["id"]: f
    for name in ("provinces.geojson", "places.geojson", "qarachok.geojson")
    for f in json.loads((DATA / name).read_text(encoding="utf-8"))["features"]
}
SHIPPED = {
    f["properties"]["id"]: f
    for f in json.loads((DATA / "control.geojson").read_text(encoding="utf-8"))["features"]
}
AREAS = {fid: to_utm(shape(f["geometry"])) for fid, f in SHIPPED.items()}


def at(place: str):
    return to_utm(shape(LAYERS[place]["geometry"]))


def raw_with(index: int, **overrides: object) -> dict:
    doc = copy.deepcopy(RAW)
    doc["features"][index].update(overrides)
    return doc


# --- the shipped areas -----------------------------------------------------------------


def test_three_schematic_areas_with_validity_and_sources() -> None:
    """2003, 2014 and 2017 ship as schematic polygons with dates, uncertainty and sources."""
    assert list(SHIPPED) == ["control-krg-2003", "control-krg-2014", "control-krg-2017"]
    for feature in SHIPPED.values():
        props = feature["properties"]
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert props["certainty"] == "schematic"
        assert 10 <= props["uncertainty_km"] <= 25
        assert "no public geometry" in props["note"]
        assert props["valid_from"] and "source" in props
    assert SHIPPED["control-krg-2017"]["properties"]["valid_to"] is None


@pytest.mark.parametrize(
    ("area_id", "named"),
    [
        ("control-krg-2003", "Art. 53(A)"),
        ("control-krg-2014", "Rudaw, 17 Jun 2014"),
        ("control-krg-2014", "Reuters, 2 Oct 2014"),
        ("control-krg-2014", "Anadolu"),
        ("control-krg-2017", "Rudaw, 27 Oct 2017"),
    ],
)
def test_each_area_names_its_textual_sources(area_id: str, named: str) -> None:
    """The sources of the project's notes are named on the areas they shape."""
    assert named in SHIPPED[area_id]["properties"]["source"]


def test_2003_and_2017_lie_inside_2014() -> None:
    """The furthest extent contains the 2003 and 2017 areas (to 5 km2 of edge noise)."""
    for inner in ("control-krg-2003", "control-krg-2017"):
        overhang = AREAS[inner].difference(AREAS["control-krg-2014"]).area / 1e6
        assert overhang <= build_control.CONTAINMENT_TOLERANCE_KM2, inner


def test_kirkuk_city_inside_2014_only() -> None:
    """Kirkuk city: held 2014-2017, outside the 2003 and 2017 lines."""
    assert AREAS["control-krg-2014"].contains(at("kirkuk"))
    assert not AREAS["control-krg-2003"].contains(at("kirkuk"))
    assert not AREAS["control-krg-2017"].contains(at("kirkuk"))


@pytest.mark.parametrize("area_id", ["control-krg-2003", "control-krg-2014", "control-krg-2017"])
def test_mosul_outside_and_erbil_inside_every_area(area_id: str) -> None:
    """Mosul (federal, then ISIS-held) is never inside; Erbil always is."""
    assert not AREAS[area_id].intersects(at("mosul"))
    assert AREAS[area_id].contains(at("erbil"))


def test_about_seventy_percent_of_kirkuk_province_in_2014() -> None:
    """Rudaw (17 Jun 2014): 70 % of Kirkuk province held; the Hawija pocket is not."""
    kirkuk = at("prov-kirkuk")
    share = AREAS["control-krg-2014"].intersection(kirkuk).area / kirkuk.area
    assert 0.65 <= share <= 0.75
    assert not AREAS["control-krg-2014"].contains(at("hawija"))


def test_areas_are_plausible() -> None:
    """About 41,000 km2 in 2003 and up to about 71,000 in 2014 (Anadolu, Mar 2016)."""
    km2 = {fid: f["properties"]["area_km2"] for fid, f in SHIPPED.items()}
    assert 35_000 < km2["control-krg-2003"] < 47_000
    assert 55_000 < km2["control-krg-2014"] < 80_000
    assert km2["control-krg-2017"] < 0.85 * km2["control-krg-2014"]
    for fid, area in AREAS.items():
        assert abs(area.area / 1e6 - km2[fid]) < 1, fid


def test_rebuild_matches_the_shipped_file(tmp_path: Path) -> None:
    """Building from data/raw gives data/control.geojson byte for byte."""
    path, _ = build_control.build(DATA / "raw", DATA, tmp_path)
    assert path.read_bytes() == (DATA / "control.geojson").read_bytes()


# --- the build's checks ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"valid_from": "19 March 2003"}, "valid_from", "not an ISO date"),
        ({"valid_to": "2003-02"}, "valid_to", "is before valid_from"),
        ({"uncertainty_km": 0}, "uncertainty_km", "> 0"),
        ({"source": None, "colour": "red"}, "colour", "unknown key"),
    ],
)
def test_bad_entries_are_named(overrides: dict, field: str, message: str) -> None:
    """A bad date, valid_to before valid_from...: refused naming the area and the field."""
    with pytest.raises(BuildError, match=rf"area 'control-krg-2003', field '{field}': .*{message}"):
        build_control.build_areas(raw_with(0, **overrides), LAYERS)


def test_unknown_place_in_a_construction_is_named() -> None:
    """A construction naming a place the data lacks fails, naming area and field."""
    construction = {"base": {"provinces": ["prov-erbil"]}, "add": [{"around": ["x"], "km": 5}]}
    with pytest.raises(BuildError, match="'control-krg-2003', field 'construction': .*'x'"):
        build_control.build_areas(raw_with(0, construction=construction), LAYERS)


def test_sanity_checks_catch_areas_in_the_wrong_order() -> None:
    """Swapping 2003 and 2014 breaks containment and Kirkuk's place: each said in words."""
    swapped = {
        "control-krg-2003": AREAS["control-krg-2014"],
        "control-krg-2014": AREAS["control-krg-2003"],
        "control-krg-2017": AREAS["control-krg-2017"],
    }
    problems = build_control.check_control(swapped, LAYERS)
    assert "the 2003 area must lie inside the 2014 area" in problems
    assert "Kirkuk city must lie inside the 2014 area" in problems
    assert "Kirkuk city must lie outside the 2003 area" in problems


# --- districts -------------------------------------------------------------------------

DISTRICTS = json.loads((DATA / "districts.geojson").read_text(encoding="utf-8"))["features"]
RAW_DISTRICTS = json.loads((DATA / "raw" / "districts.json").read_text(encoding="utf-8"))


def test_fifteen_unami_units_at_their_centre_towns() -> None:
    """14 districts and the Mandali sub-district, approximate, sourced to UNAMI and GeoNames."""
    kinds = [f["properties"]["kind"] for f in DISTRICTS]
    assert kinds.count("district") == 14 and kinds.count("sub-district") == 1
    for feature in DISTRICTS:
        props = feature["properties"]
        assert props["certainty"] == "approximate" and props["uncertainty_km"] > 0
        assert props["source"].startswith("UNAMI press release, 22 Apr 2009")
        assert "district centre town (GeoNames" in props["source"]
        assert feature["geometry"]["type"] == "Point"


def test_districts_rebuild_matches_the_shipped_file(tmp_path: Path) -> None:
    """Building from data/raw gives data/districts.geojson byte for byte."""
    path = build_districts.build(DATA / "raw", DATA, tmp_path)
    assert path.read_bytes() == (DATA / "districts.geojson").read_bytes()


def test_a_district_in_the_wrong_governorate_or_unknown_town_is_named() -> None:
    """The build fails naming each district whose centre is unknown or misplaced."""
    raw = copy.deepcopy(RAW_DISTRICTS)
    raw["districts"][0]["governorate"] = "prov-kirkuk"
    raw["districts"][1]["centre"] = 1
    provinces = {i: shape(f["geometry"]) for i, f in LAYERS.items() if i.startswith("prov-")}
    cities = {str(d["centre"]): {"name": "x", "latitude": 36.0, "longitude": 43.0}
              for d in raw["districts"] if d["centre"] != 1}  # fmt: skip
    with pytest.raises(BuildError) as caught:
        build_districts.build_features(raw, provinces, cities)
    assert "district 'district-sinjar', field 'governorate'" in str(caught.value)
    assert "district 'district-tal-afar', field 'centre'" in str(caught.value)
