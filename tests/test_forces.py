"""Force presence (geo.forces, scripts/build_forces.py): the shipped layer, validation
against the loaded actors, snippets, summary."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from shapely.geometry import shape

from geo.actors import RequiredProperty, load_actors
from geo.article import parse_article
from geo.forces import REQUIRED_PROPERTIES, forces_summary, validate_forces

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"


def _load_build_forces() -> ModuleType:
    # scripts/ is not a package; register the module before running it.
    spec = importlib.util.spec_from_file_location(
        "build_forces", ROOT / "scripts" / "build_forces.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_forces"] = module
    spec.loader.exec_module(module)
    return module


build_forces = _load_build_forces()

FEATURES = json.loads((DATA / "forces.geojson").read_text(encoding="utf-8"))["features"]
FEATURE_IDS = [f["properties"]["id"] for f in FEATURES]
ACTORS = load_actors(DATA / "actors.json")
_, PASSAGES = parse_article((DATA / "article.txt").read_text(encoding="utf-8"))
PASSAGE_IDS = {p.id for p in PASSAGES}
ACTOR_IDS = [a.id for a in ACTORS]


def _place_ids() -> set[str]:
    return set(build_forces.read_layers(DATA))


def _feature(**overrides: object) -> dict:
    """A tiny valid force feature at (44, 35), with overrides applied to its properties."""
    props = {
        "id": "force-test",
        "name": "Test",
        "actor": "isis",
        "passages": [PASSAGES[0].id],
        "source": "the article",
        "origin": "article",
        "certainty": "stated",
        "as_of": "2021-12-07",
        "kind": "position",
        "uncertainty_km": 5,
        "note": "n",
    }
    props.update(overrides)
    props = {k: v for k, v in props.items() if v is not None}
    point = {"type": "Point", "coordinates": [44.0, 35.0]}
    return {"type": "Feature", "properties": props, "geometry": point}


def _shipped(feature_id: str) -> dict:
    return next(f for f in FEATURES if f["properties"]["id"] == feature_id)


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


# --- validation --------------------------------------------------------------------------


def test_validation_accepts_a_good_feature() -> None:
    """A complete, well-formed feature yields no problems."""
    assert validate_forces([_feature()], ACTORS, PASSAGE_IDS, set()) == []


def test_validation_names_missing_property() -> None:
    """A feature without 'note' is reported by id and field."""
    problems = validate_forces([_feature(note=None)], ACTORS, PASSAGE_IDS, set())
    assert problems == ["feature 'force-test', field 'note': missing"]


def test_validation_names_unknown_actor() -> None:
    """An unknown actor is reported by id and field."""
    problems = validate_forces([_feature(actor="vikings")], ACTORS, PASSAGE_IDS, set())
    assert problems == ["feature 'force-test', field 'actor': unknown actor 'vikings'"]


def test_validation_names_unknown_passage() -> None:
    """A passage id not in the article is reported by id and field."""
    problems = validate_forces([_feature(passages=["p99-dead"])], ACTORS, PASSAGE_IDS, set())
    assert problems == ["feature 'force-test', field 'passages': unknown passage id 'p99-dead'"]


def test_validation_names_bad_certainty() -> None:
    """A certainty outside stated/approximate/schematic is reported by id and field."""
    problems = validate_forces([_feature(certainty="precise")], ACTORS, PASSAGE_IDS, set())
    assert len(problems) == 1
    assert problems[0].startswith("feature 'force-test', field 'certainty':")


def test_validation_rejects_a_point_without_radius() -> None:
    """A point with uncertainty_km 0 is a precise pin and is reported."""
    problems = validate_forces([_feature(uncertainty_km=0)], ACTORS, PASSAGE_IDS, set())
    assert problems == [
        "feature 'force-test', field 'uncertainty_km': a point must carry an uncertainty radius > 0"
    ]


def test_validation_requires_what_the_actor_declares() -> None:
    """A JCC without the status and status_source actors.json requires of it is reported
    for both fields."""
    problems = validate_forces([_feature(actor="jcc", kind="centre")], ACTORS, PASSAGE_IDS, set())
    assert [p.split(":")[0] for p in problems] == [
        "feature 'force-test', field 'status'",
        "feature 'force-test', field 'status_source'",
    ]


def test_validation_rejects_article_claim_without_passages() -> None:
    """An article-origin feature with no passages is reported."""
    problems = validate_forces([_feature(passages=[])], ACTORS, PASSAGE_IDS, set())
    assert problems == [
        "feature 'force-test', field 'passages': an article claim must cite at least one passage"
    ]


def test_validation_rejects_area_drawn_as_point() -> None:
    """A claim of kind 'area' drawn as a point is reported on its geometry."""
    problems = validate_forces([_feature(kind="area")], ACTORS, PASSAGE_IDS, set())
    assert problems == [
        "feature 'force-test', field 'geometry': "
        "kind 'area' needs Polygon or MultiPolygon, not Point"
    ]


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


# --- summary -----------------------------------------------------------------------------


def test_validation_rejects_a_value_outside_one_of() -> None:
    """A JCC status outside the actor's declared values is reported on that field."""
    feature = _feature(actor="jcc", kind="centre", status="rumoured", status_source="x")
    problems = validate_forces([feature], ACTORS, PASSAGE_IDS, set())
    assert problems == [
        "feature 'force-test', field 'status': "
        "Joint co-ordination centres (JCCs) features need one of operational, planned, unknown"
    ]


def test_validation_knows_only_the_loaded_actors() -> None:
    """An actor missing from the loaded list makes its features unknown."""
    without_isis = [a for a in ACTORS if a.id != "isis"]
    problems = validate_forces([_feature()], without_isis, PASSAGE_IDS, set())
    assert problems == ["feature 'force-test', field 'actor': unknown actor 'isis'"]


def test_requirements_apply_only_to_the_declaring_actor() -> None:
    """A non-JCC feature without status or status_source has no problem."""
    assert validate_forces([_feature(actor="pmf")], ACTORS, PASSAGE_IDS, set()) == []


def test_jcc_requirement_is_declared_in_the_actors_file() -> None:
    """The JCC status rule comes from actors.json, with its allowed values."""
    jcc = next(a for a in ACTORS if a.id == "jcc")
    assert jcc.required_properties[0] == RequiredProperty(
        "status", ("operational", "planned", "unknown")
    )


def test_summary_counts_features_per_actor() -> None:
    """forces_summary gives one row per actor, counting features, passages and certainty."""
    rows = forces_summary(
        [
            _feature(id="force-a", certainty="stated"),
            _feature(id="force-b", certainty="schematic", passages=[PASSAGES[1].id]),
            _feature(id="force-c", actor="pmf"),
        ],
        ACTORS,
    )
    assert [r.actor for r in rows] == ["pmf", "isis"]
    isis = rows[1]
    assert isis.features == 2
    assert isis.passages == tuple(sorted({PASSAGES[0].id, PASSAGES[1].id}))
    assert isis.certainty == (("schematic", 1), ("stated", 1))


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


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"valid_from": "7 Dec 2021"}, "field 'valid_from': not an ISO date"),
        ({"valid_from": "2021-12-07", "valid_to": "2021-13"}, "field 'valid_to': not an ISO"),
        (
            {"valid_from": "2021-12-07", "valid_to": "2021-11"},
            "field 'valid_to': '2021-11' is before valid_from '2021-12-07'",
        ),
    ],
)
def test_validation_names_bad_validity(overrides: dict, problem: str) -> None:
    """A bad date, or valid_to before valid_from, is reported by feature and field."""
    problems = validate_forces([_feature(**overrides)], ACTORS, PASSAGE_IDS, set())
    assert len(problems) == 1 and problems[0].startswith(f"feature 'force-test', {problem}")


def test_validation_accepts_open_and_same_month_validity() -> None:
    """valid_to null is still valid; valid_to in valid_from's month is not before it."""
    for valid_to in (None, "2021-12", "2021-12-07"):
        feature = _feature(valid_from="2021-12-07")
        feature["properties"]["valid_to"] = valid_to
        assert validate_forces([feature], ACTORS, PASSAGE_IDS, set()) == []


def test_validation_reads_a_null_valid_from_as_not_given() -> None:
    """A null valid_from (a loaded frame's empty cell) is not refused; the build needs one."""
    feature = _feature()
    feature["properties"]["valid_from"] = None
    assert validate_forces([feature], ACTORS, PASSAGE_IDS, set()) == []


@pytest.mark.parametrize("missing", ["valid_from", "valid_to"])
def test_build_requires_a_validity_period(missing: str) -> None:
    """A raw claim without valid_from or valid_to fails the build, naming the field."""
    raw = json.loads((DATA / "raw" / "forces.json").read_text(encoding="utf-8"))
    entry = dict(raw["features"][0])
    del entry[missing]
    order = build_forces.property_order(ACTORS)
    with pytest.raises(build_forces.BuildError, match=f"field '{missing}': missing"):
        build_forces.build_feature(entry, build_forces.read_layers(DATA), PASSAGES, order)
