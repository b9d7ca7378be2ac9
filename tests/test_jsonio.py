"""geo.jsonio: reading JSON or a named problem, and deterministic JSON/GeoJSON writing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from geo.jsonio import (
    feature_collection,
    geojson_feature,
    geojson_text,
    json_text,
    read_json,
    right_hand_rule,
    write_geojson,
)
from geo.problems import Problem

# A 2 x 2 square wound clockwise with a counterclockwise 1 x 1 hole: both the wrong way
# round for RFC 7946 (hand-checkable with the shoelace sum below).
CW_SQUARE = [[0.0, 0.0], [0.0, 2.0], [2.0, 2.0], [2.0, 0.0], [0.0, 0.0]]
CCW_HOLE = [[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 1.5], [0.5, 0.5]]


def signed_area(ring: list[list[float]]) -> float:
    """Shoelace: positive for a counterclockwise ring in (lon, lat)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def test_read_returns_the_document(tmp_path: Path) -> None:
    """A valid JSON file is returned with no problem."""
    path = tmp_path / "a.json"
    path.write_text('{"a": [1, 2]}', encoding="utf-8")
    assert read_json(path) == ({"a": [1, 2]}, None)


def test_missing_file_is_a_named_problem(tmp_path: Path) -> None:
    """A missing file is named, not raised."""
    doc, problem = read_json(tmp_path / "gone.json")
    assert doc is None and str(problem) == "gone.json: file is missing"


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    """Invalid JSON is named with its line and column."""
    path = tmp_path / "bad.json"
    path.write_text('{\n  "a": }', encoding="utf-8")
    _, problem = read_json(path)
    assert problem.file == "bad.json" and "invalid JSON at line 2, column 8" in problem.message


def test_undecodable_file_cannot_be_read(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are named as unreadable."""
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"a": "\xe9"}')
    _, problem = read_json(path)
    assert problem.message.startswith("cannot be read")


def test_compact_text_has_no_spaces_and_keeps_non_ascii() -> None:
    """Compact JSON uses no separator spaces, keeps key order and writes é as é."""
    assert json_text({"b": "é", "a": [1, 2]}, compact=True) == '{"b":"é","a":[1,2]}\n'


def test_readable_text_is_indented_by_one() -> None:
    """The readable form indents by one space and ends with a newline."""
    assert json_text({"a": 1}) == '{\n "a": 1\n}\n'


def test_feature_repeats_its_id() -> None:
    """A feature's top-level id is its properties' id."""
    feature = geojson_feature({"id": "x", "name": "X"}, {"type": "Point", "coordinates": [0, 0]})
    assert feature["id"] == "x" and feature["type"] == "Feature"


def test_written_geojson_reads_back_and_is_byte_stable(tmp_path: Path) -> None:
    """Writing the same features twice gives the same bytes, a valid FeatureCollection."""
    features = [geojson_feature({"id": "x"}, {"type": "Point", "coordinates": [44.0, 35.0]})]
    first = write_geojson(tmp_path / "a.geojson", features).read_bytes()
    second = write_geojson(tmp_path / "b.geojson", features).read_bytes()
    assert first == second
    assert json.loads(first) == feature_collection(features)


def test_problem_names_file_feature_and_field() -> None:
    """A problem reads as file, feature and field, then the message."""
    problem = Problem("places.geojson", "is missing", feature_id="lheiban", field="name")
    assert str(problem) == "places.geojson, feature 'lheiban', field 'name': is missing"


def test_polygon_is_wound_by_the_right_hand_rule() -> None:
    """A clockwise exterior becomes counterclockwise, a counterclockwise hole clockwise."""
    rings = right_hand_rule({"type": "Polygon", "coordinates": [CW_SQUARE, CCW_HOLE]})[
        "coordinates"
    ]
    assert signed_area(rings[0]) == 2 * 2 and signed_area(rings[1]) == -1 * 1
    assert rings == [CW_SQUARE[::-1], CCW_HOLE[::-1]]


def test_every_part_of_a_multipolygon_is_wound() -> None:
    """Each polygon of a MultiPolygon is oriented, in its own order."""
    far = [[x + 5, y] for x, y in CW_SQUARE]
    parts = right_hand_rule({"type": "MultiPolygon", "coordinates": [[CW_SQUARE], [far]]})
    assert [signed_area(part[0]) for part in parts["coordinates"]] == [4.0, 4.0]


def test_rightly_wound_rings_points_and_lines_are_unchanged() -> None:
    """Orientation only reverses wrong rings: everything else is returned as it came."""
    good = {"type": "Polygon", "coordinates": [CW_SQUARE[::-1], CCW_HOLE[::-1]]}
    line = {"type": "LineString", "coordinates": [[0.0, 0.0], [1.0, 1.0]]}
    assert right_hand_rule(good) == good
    assert right_hand_rule(line) is line
    assert right_hand_rule(None) is None


def test_written_geojson_is_wound_and_input_untouched(tmp_path: Path) -> None:
    """write_geojson (the data build) and geojson_text (the export) orient; the caller's
    features keep their rings."""
    feature = geojson_feature({"id": "sq"}, {"type": "Polygon", "coordinates": [CW_SQUARE]})
    before = copy.deepcopy(feature)
    written = json.loads(write_geojson(tmp_path / "sq.geojson", [feature]).read_text())
    exported = json.loads(geojson_text(feature_collection([feature])))
    for doc in (written, exported):
        assert signed_area(doc["features"][0]["geometry"]["coordinates"][0]) > 0
    assert feature == before
