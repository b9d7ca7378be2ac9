"""The key's rows and the actors' area swatches (shown in the map's layer panel)."""

from __future__ import annotations

import pytest

import geo.map as geomap


@pytest.fixture(scope="module")
def actors(story):
    return story.actors


def test_legend_has_a_row_per_map_layer() -> None:
    """Seven rows: provinces, other governorates, region edge, zone, ridge, towns, estimates."""
    labels = [label for _, label in geomap.LEGEND_ROWS]
    assert len(labels) == 7
    assert "Disputed zone: schematic band, up to 40 km wide" in labels
    assert labels[0].startswith("The article's four provinces")


def test_area_swatch_follows_the_actors_pattern_and_edge(actors) -> None:
    """Stripes, dots or crosshatch in the actor's colour, edged in its outline and line style."""
    for actor in actors:
        css = geomap.area_css(actor.style)
        assert f"border:2px {actor.style.line} {actor.style.outline}" in css
        if actor.style.pattern not in ("outline",):
            assert actor.style.colour in css
