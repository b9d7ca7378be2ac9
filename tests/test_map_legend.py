"""Legends: static markup from templates, escaped actor names."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import geo.map as geomap
from geo.story import load_story


@pytest.fixture(scope="module")
def actors(data_dir: Path):
    return load_story(data_dir).actors


def test_legend_lists_every_layer() -> None:
    """Seven rows, named as a list for assistive technology."""
    html = geomap.legend_html()
    assert html.startswith('<div class="dz-legend" role="list" aria-label="Map legend"')
    assert html.count('role="listitem"') == 7
    assert "Disputed zone: schematic band, up to 40 km wide" in html
    assert "The article&#39;s four provinces" in html


def test_force_legend_shows_active_actors_only(actors) -> None:
    """Only switched-on actors get a row; none gives a sentence."""
    html = geomap.force_legend_html(actors, ["isis"])
    assert html.count('class="dz-legend-actor"') == 1 and 'data-actor="isis"' in html
    assert "No force layer" in geomap.force_legend_html(actors, [])


def test_force_legend_escapes_actor_names(actors) -> None:
    """An actor name with markup is shown as text."""
    hostile = [replace(actors[0], name="<img src=x onerror=alert(1)>")]
    html = geomap.force_legend_html(hostile, [actors[0].id])
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
