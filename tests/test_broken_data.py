"""Broken data files: every problem names its file, feature and field, and the rest still
loads. The file level: invalid JSON, structure, coordinates and ids.

One test per case, each on a fresh copy of the shipped data folder with one thing broken.
tests/test_loading.py already covers, on places.geojson or zone.geojson: invalid JSON, not a
FeatureCollection, a missing file, a missing `source`, an unknown certainty, swapped
coordinates of a point, duplicate ids across files, a bow-tie zone and a wrong geometry type;
the cases here are the ones it leaves out, or the same fault in another file. Links, required
fields and the article: tests/test_broken_content.py; the app on a folder with many faults:
tests/test_broken_data_browser.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.loading import Problem
from geo.story import load_story
from tests.breaking import (
    BOWTIE,
    N_PLACES,
    assert_geography_intact,
    edit_feature,
    ids,
    names,
    only,
    problems_about,
    read,
    write,
)


@pytest.fixture
def data(story_copy: Path) -> Path:
    """A copy of the shipped data folder to break."""
    return story_copy


# --- invalid JSON, in the files test_loading.py does not break ---------------------------


def test_invalid_json_in_forces_costs_only_the_forces(data: Path) -> None:
    """A truncated forces.geojson is named with line and column; map, article and actors load."""
    text = (data / "forces.geojson").read_text(encoding="utf-8")
    (data / "forces.geojson").write_text(text[: len(text) // 2], encoding="utf-8")
    story = load_story(data)
    names(only(problems_about(story, "forces.geojson")), "invalid JSON at line", "column")
    assert_geography_intact(story)
    assert story.dataset.layer("forces").empty
    assert story.article is not None and len(story.actors) == 6
    assert story.passages_for("lheiban")


def test_invalid_json_in_actors_is_named(data: Path) -> None:
    """A broken actors.json is named; the geography and the article still load."""
    (data / "actors.json").write_text('{"actors": [', encoding="utf-8")
    story = load_story(data)
    names(only(problems_about(story, "actors.json")), "actors.json", "invalid JSON at line")
    assert_geography_intact(story)
    assert story.article is not None and story.passages_for("lheiban")


def test_invalid_json_in_manual_links_keeps_the_alias_links(data: Path) -> None:
    """A broken links_manual.json is named, and costs only the manual links: passages that
    name a place are still linked to it."""
    (data / "links_manual.json").write_text("{ nope", encoding="utf-8")
    story = load_story(data)
    names(
        only(problems_about(story, "links_manual.json")),
        "links_manual.json",
        "invalid JSON at line",
    )
    assert_geography_intact(story)
    # Lheiban is named in the text: alias links need no manual file.
    assert story.links is not None, "one broken file dropped every place-passage link"
    assert len(story.passages_for("lheiban")) >= 5


# --- structure -----------------------------------------------------------------------------


def test_features_not_a_list_names_the_field(data: Path) -> None:
    """A FeatureCollection whose `features` is not a list names the file and the field."""
    write(data, "qarachok.geojson", {"type": "FeatureCollection", "features": {"a": 1}})
    story = load_story(data)
    (problem,) = [p for p in story.problems if p.file == "qarachok.geojson"]
    assert problem.field == "features" and "not a list" in problem.message
    assert story.dataset.layer("qarachok").empty
    assert len(story.dataset.layer("places")) == N_PLACES


def test_an_entry_that_is_not_a_feature_is_named_by_position(data: Path) -> None:
    """A stray value among the features is named by its index; its neighbours load."""
    doc = read(data, "places.geojson")
    doc["features"].insert(3, ["not", "a", "feature"])
    write(data, "places.geojson", doc)
    story = load_story(data)
    names(only(problems_about(story, "places.geojson")), "places.geojson", "'#3'", "Feature")
    assert_geography_intact(story)


# --- coordinates -------------------------------------------------------------------------


def test_coordinates_out_of_range_skip_only_that_feature(data: Path) -> None:
    """A point at lat 95 (no such latitude) is named with its bounds; the rest load."""
    edit_feature(data, "places.geojson", "hawija", geometry={"type": "Point",
                 "coordinates": [120.0, 95.0]})  # fmt: skip
    story = load_story(data)
    message = only(problems_about(story, "places.geojson"))
    names(message, "places.geojson", "'hawija'", "'geometry'", "outside the map's region")
    assert "hawija" not in ids(story, "places")
    assert_geography_intact(story, places=N_PLACES - 1)


def test_swapped_line_is_detected(data: Path) -> None:
    """The ridge drawn [lat, lon] is named as swapped; the places and zone still load."""
    doc = read(data, "qarachok.geojson")
    geometry = doc["features"][0]["geometry"]
    geometry["coordinates"] = [[lat, lon] for lon, lat in geometry["coordinates"]]
    write(data, "qarachok.geojson", doc)
    story = load_story(data)
    message = only(problems_about(story, "qarachok.geojson"))
    names(message, "'qarachok'", "'geometry'", "look swapped")
    assert story.dataset.layer("qarachok").empty
    assert len(story.dataset.layer("places")) == N_PLACES and "disputed-zone" in ids(story, "zone")


def test_unclosed_ring_is_closed_with_a_warning(data: Path) -> None:
    """A zone ring whose last position is not its first is closed, and the warning says so."""
    doc = read(data, "zone.geojson")
    geometry = doc["features"][0]["geometry"]
    rings = geometry["coordinates"] if geometry["type"] == "Polygon" else geometry["coordinates"][0]
    rings[0].pop()  # drop the closing position
    write(data, "zone.geojson", doc)
    story = load_story(data)
    (problem,) = [p for p in story.problems if p.file == "zone.geojson"]
    assert problem.severity == "warning" and problem.feature_id == "disputed-zone"
    assert problem.field == "geometry" and "not closed" in problem.message
    zone = story.dataset.layer("zone")
    assert list(zone["id"]) == ["disputed-zone"] and zone.geometry.iloc[0].is_valid
    assert story.skipped_count == 0


def test_self_intersecting_force_area_is_repaired_with_a_warning(data: Path) -> None:
    """A bow-tie force area is repaired by make_valid, named, and still drawn for its actor."""
    edit_feature(data, "forces.geojson", "force-pmf-disputed-zone",
                 geometry={"type": "Polygon", "coordinates": BOWTIE})  # fmt: skip
    story = load_story(data)
    (problem,) = problems_about(story, "forces.geojson")
    names(problem, "'force-pmf-disputed-zone'", "'geometry'", "make_valid")
    assert story.skipped_count == 0
    forces = story.dataset.layer("forces")
    repaired = forces[forces["id"] == "force-pmf-disputed-zone"].geometry.iloc[0]
    assert repaired.is_valid and repaired.geom_type in ("Polygon", "MultiPolygon")


# --- ids -----------------------------------------------------------------------------------


def test_duplicate_id_in_one_file_keeps_the_first(data: Path) -> None:
    """Two features with one id in the same file: the second is named and skipped."""
    doc = read(data, "places.geojson")
    twin = json.loads(json.dumps(doc["features"][1]))  # debaga
    twin["properties"]["name"] = "Debaga again"
    doc["features"].append(twin)
    write(data, "places.geojson", doc)
    story = load_story(data)
    message = only(problems_about(story, "places.geojson"))
    names(message, "'debaga'", "'id'", "duplicate id (also in places.geojson)")
    places = story.dataset.layer("places")
    assert list(places[places["id"] == "debaga"]["name"]) == ["Debaga"]
    assert_geography_intact(story)


@pytest.mark.parametrize(
    "bad_id",
    ['<img src=x onerror="alert(1)">', "{{ 7*7 }}", "Lheiban Village", "x" * 300],
    ids=["markup", "template", "spaces", "overlong"],
)
def test_an_id_that_is_not_a_slug_is_rejected(data: Path, bad_id: str) -> None:
    """Ids go into URLs, widget keys and the map's scripts: a non-slug id is named, skipped."""
    edit_feature(data, "places.geojson", "kifri", id=bad_id)
    story = load_story(data)
    (problem,) = [p for p in story.problems if p.file == "places.geojson"]
    assert problem.field == "id" and "must be a slug" in problem.message
    assert problem.feature_id == bad_id[:80]
    assert bad_id not in ids(story, "places")
    assert_geography_intact(story, places=N_PLACES - 1)


def test_an_actor_id_that_is_not_a_slug_is_rejected(data: Path) -> None:
    """An actor id becomes a JS global name on the map: markup in it is refused, named."""
    doc = read(data, "actors.json")
    doc["actors"][5]["id"] = "x;alert(1)//"
    write(data, "actors.json", doc)
    story = load_story(data)
    message = only(problems_about(story, "actors.json"))
    names(message, "actors[5]", "'id'", "must be a slug")
    assert_geography_intact(story)


def test_problem_strings_name_file_feature_and_field() -> None:
    """The format every message above relies on."""
    p = Problem("places.geojson", "is missing or empty", feature_id="kifri", field="source")
    assert str(p) == "places.geojson, feature 'kifri', field 'source': is missing or empty"
