"""The selection group outlines one, several or no features."""

from __future__ import annotations

from pathlib import Path

import folium
import pytest

import geo.map as geomap
from geo.loading import load_dataset


@pytest.fixture(scope="module")
def dataset(data_dir: Path):
    return load_dataset(data_dir)


def test_nothing_selected_draws_nothing(dataset) -> None:
    """None or an empty sequence gives an empty group."""
    assert geomap.selection_group(dataset, None)._children == {}
    assert geomap.selection_group(dataset, [])._children == {}


def test_one_point_gets_a_ring(dataset) -> None:
    """Selecting a point draws one ring."""
    ring = list(geomap.selection_group(dataset, "lheiban")._children.values())
    assert len(ring) == 1 and isinstance(ring[0], folium.CircleMarker)


def test_a_passage_selects_several_places(dataset) -> None:
    """A sequence outlines each feature once; unknown ids are skipped."""
    ids = ["lheiban", "debaga", "prov-nineveh", "lheiban", "no-such-place"]
    children = list(geomap.selection_group(dataset, ids)._children.values())
    assert [type(c) for c in children] == [folium.CircleMarker, folium.CircleMarker, folium.GeoJson]


def test_feature_centre_is_inside_the_feature(dataset) -> None:
    """A point's centre is itself; an area's is a point inside it."""
    assert geomap.feature_centre(dataset, "makhmur") is not None
    assert geomap.feature_centre(dataset, "no-such-place") is None


def test_selection_is_drawn_in_its_pane_above_the_force_areas(dataset) -> None:
    """Rings and outlines carry the selection pane, which the base map makes above forces."""
    children = list(
        geomap.selection_group(dataset, ["lheiban", "disputed-zone"])._children.values()
    )
    shapes = [c for c in children if isinstance(c, folium.CircleMarker | folium.GeoJson)]
    assert len(shapes) == 2 and all(c.options["pane"] == "selection" for c in shapes)
