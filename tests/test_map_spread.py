"""Symbols sharing a position are spread on a ring: 24 px targets, never overlapping."""

from __future__ import annotations

import itertools

import geopandas as gpd
import pytest
from shapely.geometry import Point

import geo.map as geomap
from geo.symbols import PLACE_CLEARANCE_PX, SYMBOL_SPACING_PX


def chebyshev(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]))


@pytest.mark.parametrize("n", range(1, 9))
def test_ring_keeps_targets_apart_and_off_the_centre(n: int) -> None:
    """n symbols on a ring: 24 px boxes never overlap each other or the place's target."""
    ring = geomap.ring_offsets(n)
    assert len(ring) == n
    assert all(chebyshev(p, (0, 0)) >= PLACE_CLEARANCE_PX for p in ring)
    assert all(chebyshev(p, q) >= SYMBOL_SPACING_PX for p, q in itertools.combinations(ring, 2))
    assert SYMBOL_SPACING_PX >= 24 and PLACE_CLEARANCE_PX >= 24


def test_three_claims_on_lheiban_are_spread_deterministically(story) -> None:
    """The peshmerga, army and ISIS points on Lheiban get three different ring offsets."""
    actors = [a.id for a in story.actors]
    offsets = geomap.symbol_offsets(
        story.dataset.layer("forces"), story.dataset.layer("places"), actors
    )
    on_lheiban = [
        offsets[i]
        for i in (
            "force-peshmerga-lheiban",
            "force-iraqi-army-lheiban",
            "force-isis-lheiban-attacks",
        )
    ]
    assert len(set(on_lheiban)) == 3 and (0, 0) not in on_lheiban
    assert on_lheiban == geomap.ring_offsets(3)
    assert offsets == geomap.symbol_offsets(
        story.dataset.layer("forces"), story.dataset.layer("places"), actors
    )


def test_a_lone_point_away_from_places_stays_on_its_position() -> None:
    """A point with no other claim and no place under it is not moved."""
    forces = gpd.GeoDataFrame(
        {"id": ["a", "b"], "actor": ["x", "x"]}, geometry=[Point(43, 35), Point(44, 36)]
    )
    places = gpd.GeoDataFrame({"id": ["p"]}, geometry=[Point(44, 36)])
    offsets = geomap.symbol_offsets(forces, places, ["x"])
    assert offsets["a"] == (0, 0)
    assert offsets["b"] == geomap.ring_offsets(1)[0]
