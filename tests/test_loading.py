"""Loading validates at the edge: every problem named, valid features kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.loading import GEOGRAPHY_LAYERS, LAYER_FILES, LAYER_GEOMETRIES, Problem, load_dataset

POINT = {"type": "Point", "coordinates": [43.84, 35.66]}


def feature(fid: str, geometry: dict | None = None, **props: object) -> dict:
    base = {"id": fid, "name": fid.title(), "kind": "village", "certainty": "approximate",
            "source": "test"}  # fmt: skip
    base.update(props)
    return {"type": "Feature", "properties": base, "geometry": geometry or POINT}


def write_layer(folder: Path, layer: str, features: list[dict] | str) -> None:
    text = (
        features
        if isinstance(features, str)
        else json.dumps({"type": "FeatureCollection", "features": features})
    )
    (folder / LAYER_FILES[layer]).write_text(text, encoding="utf-8")


def messages(problems: tuple[Problem, ...]) -> list[str]:
    return [str(p) for p in problems]


def test_shipped_data_loads_without_problems(data_dir: Path) -> None:
    """The shipped data folder has no problems and every layer has features."""
    dataset = load_dataset(data_dir)
    assert dataset.problems == ()
    assert all(len(frame) > 0 for frame in dataset.layers.values())


def test_invalid_json_names_file_and_position(story_copy: Path) -> None:
    """Broken JSON is reported with the file, line and column; other layers still load."""
    write_layer(story_copy, "places", '{"type": "FeatureCollection", "features": [}')
    dataset = load_dataset(story_copy)
    assert any("places.geojson: invalid JSON at line 1" in m for m in messages(dataset.problems))
    assert len(dataset.layer("provinces")) == 18
    assert dataset.layer("places").empty


def test_not_a_feature_collection(story_copy: Path) -> None:
    """A file that is JSON but not a FeatureCollection is named."""
    write_layer(story_copy, "places", '{"type": "Feature"}')
    assert "places.geojson: not a GeoJSON FeatureCollection" in messages(
        load_dataset(story_copy).problems
    )


def test_missing_file_is_reported(story_copy: Path) -> None:
    """A missing layer file is a problem, not a crash."""
    (story_copy / LAYER_FILES["zone"]).unlink()
    assert "zone.geojson: file is missing" in messages(load_dataset(story_copy).problems)


def test_missing_source_skips_only_that_feature(story_copy: Path) -> None:
    """A feature without `source` is skipped and named by id and field; its neighbours stay."""
    write_layer(story_copy, "places", [feature("good"), feature("nosource", source="")])
    dataset = load_dataset(story_copy)
    assert "places.geojson, feature 'nosource', field 'source': is missing or empty" in messages(
        dataset.problems
    )
    assert list(dataset.layer("places")["id"]) == ["good"]


def test_unknown_certainty_is_rejected(story_copy: Path) -> None:
    """Certainty must be one of the known levels."""
    write_layer(story_copy, "places", [feature("odd", certainty="probably")])
    (problem,) = load_dataset(story_copy).problems
    assert problem.field == "certainty" and "'probably' is not one of" in problem.message


def test_swapped_coordinates_are_detected(story_copy: Path) -> None:
    """lat/lon swapped puts a point outside the region, and the message says so."""
    write_layer(
        story_copy, "places", [feature("swapped", {"type": "Point", "coordinates": [35.66, 43.84]})]
    )
    (problem,) = load_dataset(story_copy).problems
    assert problem.feature_id == "swapped" and "look swapped" in problem.message


def test_duplicate_ids_across_files(story_copy: Path) -> None:
    """An id used twice, even in different files, is reported."""
    write_layer(story_copy, "places", [feature("lheiban"), feature("prov-kirkuk")])
    problems = load_dataset(story_copy).problems
    assert any(
        p.field == "id" and "duplicate id (also in provinces.geojson)" in p.message
        for p in problems
    )


def test_self_intersecting_polygon_is_repaired_with_a_warning(story_copy: Path) -> None:
    """A bow-tie zone is repaired with make_valid, and the warning names the repair."""
    bowtie = {"type": "Polygon",
              "coordinates": [[[43, 35], [44, 36], [44, 35], [43, 36], [43, 35]]]}  # fmt: skip
    write_layer(
        story_copy, "zone", [feature("disputed-zone", bowtie, kind="zone", certainty="schematic")]
    )
    dataset = load_dataset(story_copy)
    (problem,) = dataset.problems
    assert problem.severity == "warning" and "make_valid" in problem.message
    assert dataset.layer("zone").geometry.iloc[0].is_valid


def test_wrong_geometry_type_for_layer(story_copy: Path) -> None:
    """A point in the zone layer is rejected with the allowed types."""
    write_layer(story_copy, "zone", [feature("disputed-zone")])
    (problem,) = load_dataset(story_copy).problems
    assert "Point is not allowed in zone" in problem.message


SQUARE = {"type": "Polygon",
          "coordinates": [[[44, 35], [45, 35], [45, 36], [44, 36], [44, 35]]]}  # fmt: skip


def test_control_and_districts_are_optional_layers(story_copy: Path) -> None:
    """Without control.geojson and districts.geojson the story loads with no problem."""
    (story_copy / LAYER_FILES["control"]).unlink()
    (story_copy / LAYER_FILES["districts"]).unlink()
    dataset = load_dataset(story_copy)
    assert dataset.problems == ()
    assert dataset.layer("control").empty and dataset.layer("districts").empty


def test_control_and_districts_are_not_geography_layers() -> None:
    """Areas of control and districts are not places: not searched, not linked."""
    assert "control" not in GEOGRAPHY_LAYERS and "districts" not in GEOGRAPHY_LAYERS
    assert LAYER_GEOMETRIES["control"] == ("Polygon", "MultiPolygon")
    assert LAYER_GEOMETRIES["districts"] == ("Point",)


def test_control_layer_takes_only_areas(story_copy: Path) -> None:
    """A point in the control layer is rejected with the allowed types."""
    write_layer(
        story_copy, "control", [feature("control-x", kind="control", certainty="schematic")]
    )
    (problem,) = load_dataset(story_copy).problems
    assert "Point is not allowed in control" in problem.message


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "field", "message"),
    [
        ("19 March 2003", None, "valid_from", "not an ISO date"),
        ("2003-03-19", "2014-13", "valid_to", "not an ISO date"),
        ("2014-06-12", "2014-05", "valid_to", "'2014-05' is before valid_from '2014-06-12'"),
    ],
)
def test_bad_validity_skips_the_feature_naming_field(
    story_copy: Path, valid_from: str, valid_to: str | None, field: str, message: str
) -> None:
    """A bad valid_from / valid_to is named by file, feature and field; the feature skipped."""
    area = feature("control-x", SQUARE, kind="control", certainty="schematic",
                   valid_from=valid_from, valid_to=valid_to)  # fmt: skip
    write_layer(story_copy, "control", [area, feature("control-y", SQUARE, kind="control",
                certainty="schematic", valid_from="2003", valid_to=None)])  # fmt: skip
    dataset = load_dataset(story_copy)
    (problem,) = dataset.problems
    assert (problem.file, problem.feature_id, problem.field) == (
        "control.geojson",
        "control-x",
        field,
    )
    assert message in problem.message
    assert list(dataset.layer("control")["id"]) == ["control-y"]
