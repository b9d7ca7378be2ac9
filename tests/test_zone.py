"""scripts/zone.py: the tapered buffer, the centre line's checks, the zone's constraints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import LineString, Point, shape

from scripts import zone as zone_module

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def province_shapes() -> list[tuple[str, shapely.Geometry]]:
    features = json.loads((DATA / "provinces.geojson").read_text(encoding="utf-8"))["features"]
    return [(f["properties"]["id"], shape(f["geometry"])) for f in features]


@pytest.fixture(scope="module")
def points() -> dict[str, Point]:
    features = json.loads((DATA / "places.geojson").read_text(encoding="utf-8"))["features"]
    return {f["properties"]["id"]: shape(f["geometry"]) for f in features}


@pytest.fixture(scope="module")
def zone() -> shapely.Geometry:
    features = json.loads((DATA / "zone.geojson").read_text(encoding="utf-8"))["features"]
    return shape(features[0]["geometry"])


def cross_section_m(band: shapely.Geometry, x: float) -> float:
    """Length of the band's cut by the vertical line at x (metres)."""
    return band.intersection(LineString([(x, -1e6), (x, 1e6)])).length


def test_tapered_buffer_edges_are_half_width_from_each_vertex() -> None:
    """Each vertex's circle touches both edges: the band is the given width at the vertex."""
    vertices = [(0, 0, 2000), (10_000, 0, 4000), (20_000, 0, 1000)]
    band = zone_module.tapered_buffer(vertices)
    for x, y, width in vertices:
        assert band.boundary.distance(Point(x, y)) == pytest.approx(width / 2, rel=2e-3)


def test_tapered_buffer_cross_section_at_widest_vertex_is_its_width() -> None:
    """Across a straight line, the cut through the widest vertex is exactly its width."""
    band = zone_module.tapered_buffer([(0, 0, 2000), (10_000, 0, 4000), (20_000, 0, 1000)])
    assert cross_section_m(band, 10_000) == pytest.approx(4000, rel=1e-6)


def test_tapered_buffer_tapers_between_vertices() -> None:
    """Halfway between widths 2 km and 4 km the band is about 3 km wide."""
    band = zone_module.tapered_buffer([(0, 0, 2000), (10_000, 0, 4000)])
    assert cross_section_m(band, 5000) == pytest.approx(3000, rel=0.01)


def test_tapered_buffer_widest_circle_is_widest_vertex() -> None:
    """On a straight line the largest inscribed circle is the widest vertex's width."""
    band = zone_module.tapered_buffer([(0, 0, 2000), (10_000, 0, 4000), (20_000, 0, 2000)])
    radius = shapely.maximum_inscribed_circle(band, 1.0)
    assert 2 * radius.length == pytest.approx(4000, abs=5)


def test_tapered_buffer_rejects_single_vertex() -> None:
    """A band needs a line: at least two vertices."""
    with pytest.raises(ValueError, match="at least two vertices"):
        zone_module.tapered_buffer([(0, 0, 1000)])


def test_tapered_buffer_rejects_zero_width() -> None:
    """Widths must be positive."""
    with pytest.raises(ValueError, match="positive"):
        zone_module.tapered_buffer([(0, 0, 1000), (1000, 0, 0)])


def test_read_centreline_names_missing_fields(tmp_path: Path) -> None:
    """A vertex without width_km is reported with its index and the missing key."""
    path = tmp_path / "zone_centreline.json"
    path.write_text(
        json.dumps(
            [{"lon": 44, "lat": 35, "note": ""}, {"lon": 45, "lat": 35, "width_km": 10, "note": ""}]
        )
    )
    with pytest.raises(zone_module.ZoneError, match=r"vertex 0: missing \['width_km'\]"):
        zone_module.read_centreline(path)


def test_read_centreline_rejects_negative_width(tmp_path: Path) -> None:
    """Widths must be positive."""
    path = tmp_path / "zone_centreline.json"
    path.write_text(
        json.dumps(
            [
                {"lon": 44, "lat": 35, "width_km": -1, "note": ""},
                {"lon": 45, "lat": 35, "width_km": 10, "note": ""},
            ]
        )
    )
    with pytest.raises(zone_module.ZoneError, match="width_km must be > 0"):
        zone_module.read_centreline(path)


def test_shipped_zone_meets_constraints(zone, province_shapes, points) -> None:
    """The shipped zone reaches the four story provinces, holds Lheiban, avoids the cities."""
    zone_module.check_zone(zone, province_shapes, points)


def test_zone_over_mosul_is_rejected(zone, province_shapes, points) -> None:
    """A zone that swallows Mosul fails, naming Mosul."""
    bad = zone.union(points["mosul"].buffer(0.05))
    with pytest.raises(zone_module.ZoneError, match="contains mosul"):
        zone_module.check_zone(bad, province_shapes, points)


def test_zone_too_close_to_kirkuk_is_rejected(zone, province_shapes, points) -> None:
    """Passing within the margin of Kirkuk city fails, with the distance."""
    near = Point(points["kirkuk"].x + 0.03, points["kirkuk"].y).buffer(0.01)
    with pytest.raises(zone_module.ZoneError, match=r"km from kirkuk"):
        zone_module.check_zone(zone.union(near), province_shapes, points)


def test_zone_missing_lheiban_is_rejected(zone, province_shapes, points) -> None:
    """A zone with a hole at Lheiban fails."""
    bad = zone.difference(points["lheiban"].buffer(0.02))
    with pytest.raises(zone_module.ZoneError, match="does not contain lheiban"):
        zone_module.check_zone(bad, province_shapes, points)


def test_zone_missing_a_story_province_is_rejected(zone, province_shapes, points) -> None:
    """A zone cut off before Diyala fails, naming the province."""
    diyala = dict(province_shapes)["prov-diyala"]
    with pytest.raises(zone_module.ZoneError, match="story province prov-diyala"):
        zone_module.check_zone(zone.difference(diyala), province_shapes, points)


def test_zone_wider_than_40km_is_rejected(zone, province_shapes, points) -> None:
    """A blob 60 km across fails the width limit."""
    blob = Point(44.9, 34.8).buffer(0.3)
    with pytest.raises(zone_module.ZoneError, match="km wide"):
        zone_module.check_zone(zone.union(blob), province_shapes, points)
