"""Synthetic benchmark events: deterministic, placed where the issue says, labelled fake."""

from __future__ import annotations

import pytest
import shapely

from geo.synthetic import LABEL, synthetic_events


@pytest.fixture(scope="module")
def layers(dataset):
    return dataset.layers


def test_events_are_deterministic_for_a_seed(layers) -> None:
    """The same seed gives the same events; another seed gives others."""
    a = synthetic_events(200, layers["zone"], layers["provinces"], seed=1)
    b = synthetic_events(200, layers["zone"], layers["provinces"], seed=1)
    c = synthetic_events(200, layers["zone"], layers["provinces"], seed=2)
    assert a.geometry.equals(b.geometry) and not a.geometry.equals(c.geometry)


def test_seventy_percent_fall_inside_the_zone(layers) -> None:
    """At least 70 % of events lie in the zone (the rest may land there by chance)."""
    events = synthetic_events(1000, layers["zone"], layers["provinces"])
    zone = shapely.union_all(layers["zone"].geometry.values)
    inside = shapely.contains_xy(zone, events.geometry.x, events.geometry.y).sum()
    assert len(events) == 1000 and inside >= 700


def test_every_event_says_it_is_synthetic(layers) -> None:
    """Each event's source labels it as synthetic benchmark data."""
    events = synthetic_events(50, layers["zone"], layers["provinces"])
    assert set(events["source"]) == {LABEL} and events["id"].is_unique


def test_negative_count_is_rejected(layers) -> None:
    """A negative size is an error, not an empty layer."""
    with pytest.raises(ValueError, match="n must be >= 0"):
        synthetic_events(-1, layers["zone"], layers["provinces"])
