"""scripts/constructions.py: the geometry a force claim is built from."""

from __future__ import annotations

from pathlib import Path

import pytest
from shapely.geometry import shape

from geo.geometry import to_utm
from scripts.build_forces import read_layers
from scripts.constructions import BuildError, construct_geometry

ROOT = Path(__file__).resolve().parent.parent

LAYERS = read_layers(ROOT / "data")


def test_point_more_precise_than_its_place_fails() -> None:
    """A radius smaller than the place's own uncertainty is refused."""
    layers = LAYERS
    with pytest.raises(BuildError, match="more precise than 'lheiban'"):
        construct_geometry({"at_place": "lheiban", "radius_km": 1}, layers)


def test_buffer_is_measured_in_metres() -> None:
    """A 5 km buffer of a point is about 10 km across, measured in UTM 38N."""
    layers = {
        "p": {
            "properties": {"id": "p"},
            "geometry": {"type": "Point", "coordinates": [45.0, 35.0]},
        }
    }
    geom, _, _ = construct_geometry({"buffer_of": "p", "km": 5}, layers)
    width_m = to_utm(geom).bounds
    assert width_m[2] - width_m[0] == pytest.approx(10_000, rel=0.01)


def test_unknown_construction_fails() -> None:
    """A geometry construction the build does not know is refused, naming the field."""
    with pytest.raises(BuildError, match="field 'geometry': unknown construction"):
        construct_geometry({"teleport": "lheiban"}, {})


def test_band_beside_lies_on_the_named_side() -> None:
    """A band 'left' of a west-to-east line lies north of it, between from_km and to_km."""
    layers = {
        "l": {
            "properties": {"id": "l"},
            "geometry": {"type": "LineString", "coordinates": [[44.0, 35.0], [44.5, 35.0]]},
        }
    }
    spec = {"beside": "l", "side": "left", "from_km": 1, "to_km": 5}
    band, _, _ = construct_geometry(spec, layers)
    line = to_utm(shape(layers["l"]["geometry"]))
    assert band.centroid.y > 35.0
    assert to_utm(band).distance(line) == pytest.approx(1000, rel=0.01)


def test_union_needs_a_list_of_ids() -> None:
    """A union_of that is not a non-empty list fails naming the field."""
    with pytest.raises(BuildError, match=r"geometry\.union_of"):
        construct_geometry({"union_of": []}, LAYERS)
