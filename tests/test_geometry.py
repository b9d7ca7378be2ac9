"""geo.geometry: the UTM 38N transform, ring closing, repair and shape reading."""

from __future__ import annotations

import math

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, Polygon, box

from geo.geometry import (
    UTM_38N,
    close_rings,
    from_utm,
    geojson_type,
    in_wgs84,
    lon_lat_to_utm,
    read_shape,
    repair,
    round_coords,
    rounded_geojson,
    to_utm,
    utm_to_lon_lat,
)


def test_utm_38n_is_epsg_32638() -> None:
    """The projected CRS is UTM zone 38N."""
    assert UTM_38N == "EPSG:32638"


def test_to_utm_measures_in_metres() -> None:
    """0.1 degree of latitude at 35N is about 11.1 km in UTM 38N."""
    line = to_utm(LineString([(45.0, 35.0), (45.0, 35.1)]))
    assert line.length == pytest.approx(11_090, rel=0.005)


def test_central_meridian_maps_to_false_easting() -> None:
    """45E, UTM 38N's central meridian, maps to x = 500 km."""
    x, _ = lon_lat_to_utm(45.0, 35.0)
    assert x == pytest.approx(500_000, abs=0.01)


def test_from_utm_undoes_to_utm() -> None:
    """A point taken to UTM and back is where it was, to a millimetre."""
    back = from_utm(to_utm(Point(43.84, 35.66)))
    assert (back.x, back.y) == pytest.approx((43.84, 35.66), abs=1e-8)


def test_utm_to_lon_lat_undoes_lon_lat_to_utm() -> None:
    """One position round-trips through UTM 38N."""
    assert utm_to_lon_lat(*lon_lat_to_utm(44.0, 36.0)) == pytest.approx((44.0, 36.0))


def test_to_utm_projects_frames_like_geometries() -> None:
    """A GeoSeries goes to UTM 38N with the same coordinates as its geometry would."""
    series = gpd.GeoSeries([Point(44.0, 35.0)], crs="EPSG:4326")
    projected = to_utm(series)
    assert projected.crs == UTM_38N
    assert projected.iloc[0].equals_exact(to_utm(Point(44.0, 35.0)), 1e-6)


def test_frame_without_crs_is_taken_as_wgs84() -> None:
    """A series with no CRS is GeoJSON, so WGS84."""
    assert in_wgs84(gpd.GeoSeries([Point(44, 35)])).crs == "EPSG:4326"


def test_open_ring_is_closed_and_counted() -> None:
    """A polygon ring whose last position differs from the first is closed, and counted."""
    geometry = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1]]]}
    fixed, closed = close_rings(geometry)
    assert closed == 1 and fixed["coordinates"][0][-1] == [0, 0]


def test_closed_rings_are_left_alone() -> None:
    """A closed multipolygon comes back unchanged, with nothing counted."""
    geometry = {"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]]]}
    assert close_rings(geometry) == (geometry, 0)


def test_malformed_rings_are_left_for_shapely() -> None:
    """Coordinates that are not rings are returned as they are."""
    geometry = {"type": "MultiPolygon", "coordinates": [5]}
    assert close_rings(geometry) == (geometry, 0)


def test_bow_tie_is_repaired_into_polygons() -> None:
    """A self-crossing polygon is made valid and stays polygonal."""
    bow_tie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    repaired = repair(bow_tie, ("Polygon", "MultiPolygon"))
    assert repaired is not None and repaired.is_valid and repaired.area == pytest.approx(0.5)


def test_repair_keeps_only_the_polygonal_part() -> None:
    """A polygon with a dangling spike keeps its area and loses the spike."""
    spiked = Polygon([(0, 0), (2, 0), (2, 2), (0, 2), (0, 0), (-1, -1), (0, 0)])
    repaired = repair(spiked, ("Polygon", "MultiPolygon"))
    assert repaired is not None and repaired.geom_type in ("Polygon", "MultiPolygon")
    assert repaired.area == pytest.approx(4)


def test_repair_refuses_what_collapses_to_another_type() -> None:
    """A polygon that collapses to a line cannot be repaired into a polygon."""
    flat = Polygon([(0, 0), (1, 0), (2, 0), (0, 0)])
    assert repair(flat, ("Polygon", "MultiPolygon")) is None


def test_read_shape_returns_the_geometry() -> None:
    """A well-formed GeoJSON geometry is read into shapely."""
    geom, reason = read_shape({"type": "Point", "coordinates": [44, 35]})
    assert reason is None and geom.equals(Point(44, 35))


@pytest.mark.parametrize(
    ("geometry", "reason"),
    [
        (None, "missing"),
        ({"type": "Point", "coordinates": "x"}, "malformed coordinates"),
        ({"type": "Polygon", "coordinates": []}, "is empty"),
        ({"type": "Point", "coordinates": [math.inf, 35]}, "non-finite"),
    ],
)
def test_read_shape_names_why_not(geometry: object, reason: str) -> None:
    """A geometry that cannot be read comes back as None with the reason."""
    geom, why = read_shape(geometry)
    assert geom is None and reason in why


def test_geojson_type_names_objects_and_other_values() -> None:
    """The type of a geometry object is its GeoJSON type, else the Python type."""
    assert geojson_type({"type": "Point"}) == "Point" and geojson_type([1]) == "list"


def test_coordinates_are_rounded_to_five_decimals() -> None:
    """Every float is rounded to about a metre; ints and strings stay."""
    assert round_coords({"a": [1.123456789, 2], "b": "x"}) == {"a": [1.12346, 2], "b": "x"}


def test_rounded_geojson_of_a_box() -> None:
    """A shapely geometry becomes GeoJSON with rounded coordinates."""
    geometry = rounded_geojson(box(0, 0, 1 / 3, 1))
    assert geometry["type"] == "Polygon" and [0.33333, 0.0] in geometry["coordinates"][0]
