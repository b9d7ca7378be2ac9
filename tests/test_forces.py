"""Force presence (geo.forces, scripts/build_forces.py): the shipped layer, its validity
periods, and the build script's snippets and checks. (Validating features against the
loaded actors, and the summary: tests/test_forces_validation.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import shape

from geo.forces import REQUIRED_PROPERTIES, validate_forces
from tests.force_claims import (
    ACTOR_IDS,
    ACTORS,
    DATA,
    FEATURE_IDS,
    FEATURES,
    PASSAGE_IDS,
    PASSAGES,
    RAW,
    _place_ids,
    _shipped,
    build_forces,
)

# --- the shipped layer -------------------------------------------------------------------


@pytest.mark.parametrize("feature", FEATURES, ids=FEATURE_IDS)
def test_shipped_feature_has_every_property(feature: dict) -> None:
    """Each shipped force feature carries every required property."""
    missing = [k for k in REQUIRED_PROPERTIES if k not in feature["properties"]]
    assert missing == []


def test_shipped_features_pass_validation() -> None:
    """validate_forces finds nothing wrong with the shipped layer."""
    assert validate_forces(FEATURES, ACTORS, PASSAGE_IDS, _place_ids()) == []


def test_every_actor_has_a_feature() -> None:
    """Each of the six actors has at least one feature to toggle."""
    assert {f["properties"]["actor"] for f in FEATURES} == set(ACTOR_IDS)


def test_six_jccs_each_with_status_and_source() -> None:
    """There are six JCCs, each with a status and the source of that status."""
    jccs = [f["properties"] for f in FEATURES if f["properties"]["actor"] == "jcc"]
    assert len(jccs) == 6
    for props in jccs:
        assert props["status"] in ("operational", "planned", "unknown")
        assert props["status_source"].strip()


def test_jccs_named_by_the_article_are_article_claims() -> None:
    """Only the Baghdad and Irbil centres come from the article; the other four are context."""
    origins = {
        f["properties"]["id"]: f["properties"]["origin"]
        for f in FEATURES
        if f["properties"]["actor"] == "jcc"
    }
    assert {i for i, o in origins.items() if o == "article"} == {
        "force-jcc-baghdad",
        "force-jcc-erbil",
    }


def test_every_cited_passage_exists_in_the_article() -> None:
    """Every id in a feature's passages is a passage id of the article."""
    cited = {pid for f in FEATURES for pid in f["properties"]["passages"]}
    assert cited and cited <= PASSAGE_IDS


def test_article_claims_cite_passages() -> None:
    """Every feature with origin 'article' cites at least one passage."""
    bare = [
        f["properties"]["id"]
        for f in FEATURES
        if f["properties"]["origin"] == "article" and not f["properties"]["passages"]
    ]
    assert bare == []


def test_context_features_name_a_source_other_than_the_article() -> None:
    """Context features say where they come from, and it is not the article."""
    for f in FEATURES:
        props = f["properties"]
        if props["origin"] == "context":
            assert props["source"] != "the article" and props["source"].strip()


def test_vague_positions_carry_an_uncertainty_radius() -> None:
    """Every point (position, event, centre) has uncertainty_km > 0: no precise pins."""
    points = [f["properties"] for f in FEATURES if f["geometry"]["type"] == "Point"]
    assert points and all(p["uncertainty_km"] > 0 for p in points)


def test_areas_are_polygons_and_movements_lines() -> None:
    """Area claims are polygons, the militants' movement is a line."""
    for f in FEATURES:
        kind, gtype = f["properties"]["kind"], f["geometry"]["type"]
        if kind == "area":
            assert gtype in ("Polygon", "MultiPolygon"), f["properties"]["id"]
        if kind == "movement":
            assert gtype == "LineString", f["properties"]["id"]


def test_oil_company_has_no_location_of_its_own() -> None:
    """No feature locates the unnamed oil company; mentions of it stay anchored at Lheiban."""
    for f in FEATURES:
        props = f["properties"]
        assert "oil" not in props["id"] and "oil" not in props["name"].lower()
        if "oil company" in props["note"]:
            assert props["at_place"] == "lheiban"
    shipped = (DATA / "forces.geojson").read_text(encoding="utf-8")
    assert "Bai Hassan" not in shipped and "North Oil" not in shipped


def test_pmf_presence_is_schematic_zone() -> None:
    """The PMF's diffuse presence is the zone polygon itself, marked schematic."""
    pmf = _shipped("force-pmf-disputed-zone")
    zone = json.loads((DATA / "zone.geojson").read_text(encoding="utf-8"))["features"][0]
    assert pmf["properties"]["certainty"] == "schematic"
    assert shape(pmf["geometry"]).equals(shape(zone["geometry"]))


def test_shipped_layer_matches_a_rebuild(tmp_path: Path) -> None:
    """Rebuilding from data/raw gives the committed data/forces.geojson byte for byte."""
    out = build_forces.build(RAW, DATA, tmp_path)
    assert out.read_bytes() == (DATA / "forces.geojson").read_bytes()


# --- the build script --------------------------------------------------------------------


def test_snippet_resolves_to_its_passage() -> None:
    """A snippet with curly or straight quotes resolves to the one passage holding it."""
    pid = build_forces.resolve_snippet("Thankfully, this will continue in 2022", PASSAGES)
    assert pid == next(p.id for p in PASSAGES if "Thankfully" in p.text)


def test_missing_snippet_fails_naming_it() -> None:
    """A snippet found in no passage raises BuildError quoting the snippet."""
    with pytest.raises(build_forces.BuildError, match="'the oil company was Bai Hassan'"):
        build_forces.resolve_snippet("the oil company was Bai Hassan", PASSAGES)


def test_ambiguous_snippet_fails_naming_it() -> None:
    """A snippet found in several passages raises BuildError listing them."""
    with pytest.raises(build_forces.BuildError, match="'Lheiban' occurs in several passages"):
        build_forces.resolve_snippet("Lheiban", PASSAGES)


def test_valleys_band_lies_on_the_makhmur_side() -> None:
    """The schematic federal band beside the ridge holds Makhmur town, not Lheiban."""
    layers = build_forces.read_layers(DATA)
    band = shape(_shipped("force-iraqi-army-makhmur-valleys")["geometry"])
    assert band.contains(shape(layers["makhmur"]["geometry"]))
    assert not band.contains(shape(layers["lheiban"]["geometry"]))


# --- validity periods ------------------------------------------------------------------


@pytest.mark.parametrize("feature", FEATURES, ids=FEATURE_IDS)
def test_shipped_feature_has_a_validity_period(feature: dict) -> None:
    """Every shipped claim says from when it holds (valid_to may be null: still valid)."""
    props = feature["properties"]
    assert isinstance(props["valid_from"], str) and props["valid_from"]
    assert "valid_to" in props


def test_article_claims_hold_from_their_as_of_date() -> None:
    """The December 2021 claims are valid from their as_of date (its start, for a period)."""
    for feature in FEATURES:
        props = feature["properties"]
        if props["id"] != "force-iraqi-army-kirkuk":
            assert props["valid_from"] == props["as_of"].split("/")[0], props["id"]


@pytest.mark.parametrize("missing", ["valid_from", "valid_to"])
def test_build_requires_a_validity_period(missing: str) -> None:
    """A raw claim without valid_from or valid_to fails the build, naming the field."""
    raw = json.loads((DATA / "raw" / "forces.json").read_text(encoding="utf-8"))
    entry = dict(raw["features"][0])
    del entry[missing]
    order = build_forces.property_order(ACTORS)
    with pytest.raises(build_forces.BuildError, match=f"field '{missing}': missing"):
        build_forces.build_feature(entry, build_forces.read_layers(DATA), PASSAGES, order)
