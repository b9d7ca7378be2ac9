"""geo.analysis on tiny geometries whose answers can be worked out by hand: areas, lengths,
widths, distances, places inside, and measure_story. (Control changes:
tests/test_analysis_control.py.)"""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import LineString, Point

from geo import analysis
from tests.utm_shapes import frame, utm_box, utm_point


def test_area_of_10km_square_is_100_km2() -> None:
    """A 10 km x 10 km square drawn in UTM 38N measures 100 km2 (within 0.1 %)."""
    provinces = frame([{"id": "p", "name": "P", "geometry": utm_box(-50, -50, 50, 50)}])
    result = analysis.zone_area_by_province(utm_box(0, 0, 10, 10), provinces)
    assert result.total_km2 == pytest.approx(100, rel=1e-3)


def test_zone_split_30_70_between_two_provinces() -> None:
    """A zone straddling two provinces 3 km / 7 km is split 30 % / 70 %, largest first."""
    provinces = frame(
        [
            {"id": "west", "name": "West", "geometry": utm_box(-20, -20, 3, 20)},
            {"id": "east", "name": "East", "geometry": utm_box(3, -20, 20, 20)},
        ]
    )
    rows = analysis.zone_area_by_province(utm_box(0, 0, 10, 10), provinces).rows
    assert [r.province_id for r in rows] == ["east", "west"]
    assert [r.pct_of_zone for r in rows] == pytest.approx([70, 30], abs=0.1)
    assert [r.area_km2 for r in rows] == pytest.approx([70, 30], rel=1e-3)


def test_province_not_touching_zone_is_left_out() -> None:
    """Provinces the zone does not reach get no row."""
    provinces = frame(
        [
            {"id": "near", "name": "Near", "geometry": utm_box(-20, -20, 20, 20)},
            {"id": "far", "name": "Far", "geometry": utm_box(100, 100, 120, 120)},
        ]
    )
    rows = analysis.zone_area_by_province(utm_box(0, 0, 10, 10), provinces).rows
    assert [r.province_id for r in rows] == ["near"]


def test_area_breakdown_states_its_method_and_frames() -> None:
    """The breakdown names UTM 38N and converts to a DataFrame with the four columns."""
    provinces = frame([{"id": "p", "name": "P", "geometry": utm_box(-20, -20, 20, 20)}])
    result = analysis.zone_area_by_province(utm_box(0, 0, 10, 10), provinces)
    assert "EPSG:32638" in result.method
    assert list(result.to_frame().columns) == ["province_id", "name", "area_km2", "pct_of_zone"]


def test_area_accepts_zone_as_geodataframe() -> None:
    """A zone given as a one-row GeoDataFrame measures the same as its geometry."""
    provinces = frame([{"id": "p", "name": "P", "geometry": utm_box(-20, -20, 20, 20)}])
    zone = frame([{"id": "z", "geometry": utm_box(0, 0, 10, 10)}])
    assert analysis.zone_area_by_province(zone, provinces).total_km2 == pytest.approx(100, rel=1e-3)


def test_area_rejects_zone_without_area() -> None:
    """A zone with no area cannot be split."""
    provinces = frame([{"id": "p", "name": "P", "geometry": utm_box(-20, -20, 20, 20)}])
    with pytest.raises(ValueError, match="no area"):
        analysis.zone_area_by_province(utm_point(0, 0), provinces)


def test_area_rejects_provinces_without_id_column() -> None:
    """Provinces must carry the id and name columns."""
    provinces = frame([{"name": "P", "geometry": utm_box(-20, -20, 20, 20)}])
    with pytest.raises(ValueError, match="lack columns"):
        analysis.zone_area_by_province(utm_box(0, 0, 10, 10), provinces)


def test_length_of_10km_line() -> None:
    """A straight 10 km line in UTM 38N is 10 km long."""
    line = LineString([utm_point(0, 0), utm_point(6, 8)])
    assert analysis.zone_length_km(line).km == pytest.approx(10, rel=1e-4)


def test_length_of_band_is_long_side_of_rectangle() -> None:
    """A 20 km x 4 km rectangle is 20 km long."""
    assert analysis.zone_length_km(utm_box(0, 0, 20, 4)).km == pytest.approx(20, rel=1e-3)


def test_length_rejects_point() -> None:
    """A point has no length."""
    with pytest.raises(ValueError, match="cannot measure"):
        analysis.zone_length_km(utm_point(0, 0))


def test_widest_point_of_rectangle_is_its_short_side() -> None:
    """A 20 km x 4 km rectangle is 4 km wide, on its long centre line."""
    widest = analysis.widest_point(utm_box(0, 0, 20, 4))
    assert widest.width_km == pytest.approx(4, abs=0.03)
    centre_line = LineString([utm_point(2, 2), utm_point(18, 2)])
    assert analysis.distance_to_line_km((widest.lon, widest.lat), centre_line).km < 0.02
    assert "largest circle" in widest.method


def test_widest_point_takes_widest_part_of_multipolygon() -> None:
    """Of two separate bands, 2 km and 6 km wide, the widest is 6 km."""
    zone = shapely.union(utm_box(0, 0, 20, 2), utm_box(0, 10, 20, 16))
    assert analysis.widest_point(zone).width_km == pytest.approx(6, abs=0.03)


def test_widest_point_rejects_line() -> None:
    """Only polygons have a width."""
    with pytest.raises(ValueError, match="needs a polygon"):
        analysis.widest_point(LineString([utm_point(0, 0), utm_point(1, 1)]))


def test_one_degree_of_latitude_is_about_111_km() -> None:
    """Between 35 N and 36 N on one meridian lies ~110.95 km (geodesic)."""
    result = analysis.distance_km(Point(44, 35), (44, 36))
    assert result.km == pytest.approx(110.95, abs=0.05)
    assert "geodesic" in result.method


def test_distance_is_symmetric() -> None:
    """Distance from a to b equals distance from b to a."""
    a, b = (43.84, 35.66), (44.39222, 35.46806)
    assert analysis.distance_km(a, b).km == pytest.approx(analysis.distance_km(b, a).km)


def test_distance_to_line_is_perpendicular_offset() -> None:
    """A point 5 km north of an east-west line is 5 km from it."""
    line = LineString([utm_point(0, 0), utm_point(20, 0)])
    assert analysis.distance_to_line_km(utm_point(10, 5), line).km == pytest.approx(5, rel=1e-6)


def test_distance_to_line_beyond_end_is_to_endpoint() -> None:
    """A point 3 km east and 4 km north of a line's end is 5 km from the line."""
    line = LineString([utm_point(0, 0), utm_point(10, 0)])
    assert analysis.distance_to_line_km(utm_point(13, 4), line).km == pytest.approx(5, rel=1e-6)


def test_distance_to_line_rejects_polygon() -> None:
    """The target must be a line."""
    with pytest.raises(ValueError, match="needs a line"):
        analysis.distance_to_line_km(utm_point(0, 0), utm_box(0, 0, 1, 1))


def test_places_inside_lists_ids_in_input_order() -> None:
    """Only points inside the zone are listed, in the order given."""
    places = frame(
        [
            {"id": "b-in", "geometry": utm_point(8, 2)},
            {"id": "out", "geometry": utm_point(30, 30)},
            {"id": "a-in", "geometry": utm_point(1, 1)},
        ]
    )
    result = analysis.places_inside(utm_box(0, 0, 10, 10), places)
    assert result.ids == ("b-in", "a-in")
    assert "uncertainty" in result.method


def test_places_inside_rejects_missing_id_column() -> None:
    """Places must carry an id column."""
    places = frame([{"name": "x", "geometry": utm_point(1, 1)}])
    with pytest.raises(ValueError, match="lack column"):
        analysis.places_inside(utm_box(0, 0, 10, 10), places)


def test_rejects_non_geometry_zone() -> None:
    """A zone must be a shapely geometry or a GeoDataFrame/GeoSeries."""
    with pytest.raises(TypeError, match="expected a shapely geometry"):
        analysis.widest_point([(0, 0), (1, 1)])


def test_measure_story_on_tiny_layers_combines_every_measure() -> None:
    """measure_story on a hand-made 40 km x 100 km zone: area, width, distances, places."""
    import geopandas as gpd
    from shapely.geometry import LineString, Point, box

    from geo.analysis import measure_story
    from geo.storyconfig import Distance

    # A 100 km (east-west) x 40 km band in UTM 38N, around 44E 35N.
    x0, y0 = 400_000.0, 3_870_000.0
    band = gpd.GeoSeries([box(x0, y0, x0 + 100_000, y0 + 40_000)], crs="EPSG:32638").to_crs(
        "EPSG:4326"
    )
    province = gpd.GeoSeries([box(x0 - 1, y0 - 1, x0 + 50_000, y0 + 40_001)], crs="EPSG:32638")
    points = gpd.GeoSeries(
        [Point(x0 + 10_000, y0 + 20_000), Point(x0 + 10_000, y0 + 50_000)], crs="EPSG:32638"
    ).to_crs("EPSG:4326")
    ridge = gpd.GeoSeries(
        [LineString([(x0, y0 + 30_000), (x0 + 100_000, y0 + 30_000)])], crs="EPSG:32638"
    ).to_crs("EPSG:4326")
    layers = {
        "zone": gpd.GeoDataFrame({"id": ["disputed-zone"]}, geometry=band),
        "provinces": gpd.GeoDataFrame(
            {"id": ["prov-a"], "name": ["A"]},
            geometry=province.to_crs("EPSG:4326"),
        ),
        "places": gpd.GeoDataFrame({"id": ["lheiban", "debaga"]}, geometry=points),
        "qarachok": gpd.GeoDataFrame({"id": ["qarachok"]}, geometry=ridge),
    }
    distances = (
        Distance("Lheiban to Debaga", "lheiban", "debaga"),
        Distance("Lheiban to Makhmur", "lheiban", "makhmur"),
        Distance("Lheiban to the Qarachok ridge crest", "lheiban", "qarachok"),
    )
    result = measure_story(layers, distances, "read to the nearest 10 km")
    assert result.areas.total_km2 == pytest.approx(4000, rel=1e-3)
    (share,) = result.areas.rows
    assert share.pct_of_zone == pytest.approx(50, abs=0.1)
    assert result.widest.width_km == pytest.approx(40, abs=0.05)
    assert result.length.km == pytest.approx(100, rel=1e-3)
    distances = dict(result.distances)
    assert distances["Lheiban to Debaga"].km == pytest.approx(30, rel=2e-3)
    assert distances["Lheiban to the Qarachok ridge crest"].km == pytest.approx(10, rel=1e-3)
    assert "Lheiban to Makhmur" not in distances
    assert result.inside.ids == ("lheiban",)
    assert result.uncertainty_note == "read to the nearest 10 km"


def test_measure_story_skips_a_distance_to_a_polygon() -> None:
    """A story distance whose far end is neither a point nor a line is left out."""
    import geopandas as gpd
    from shapely.geometry import Point, box

    from geo.analysis import measure_story
    from geo.storyconfig import Distance

    layers = {
        "places": gpd.GeoDataFrame({"id": ["a"]}, geometry=[Point(44, 35)], crs="EPSG:4326"),
        "provinces": gpd.GeoDataFrame(
            {"id": ["p"], "name": ["P"]}, geometry=[box(43, 34, 45, 36)], crs="EPSG:4326"
        ),
    }
    result = measure_story(layers, (Distance("a to p", "a", "p"),), "")
    assert result.distances == () and result.areas is None
