"""The map component sends what streamlit-folium's st_folium would send for the same map.

ui/map_component renders the base map once per server with streamlit-folium's helpers and
the benchmark's groups on their own; these tests record the component's arguments both ways
and compare them, for the story's own map alone and with synthetic events. The map returns
nothing to Python (returned_objects=[]): the reader in the page hears it.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import streamlit_folium as sf

import geo.map as geomap
from geo import assets
from geo.synthetic import synthetic_events
from ui import map_component

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def story_map(story):
    return geomap.build_map(
        story.dataset,
        story.passage_counts,
        actors=story.actors,
        story=story.config,
        as_of=story.article.date.isoformat(),
    )


def _groups(story, kind: str) -> list:
    if kind == "events":
        layers = story.dataset.layers
        return [geomap.events_group(synthetic_events(50, layers["zone"], layers["provinces"]))]
    return []


def _recorded(monkeypatch, call) -> dict:
    seen: dict = {}

    def record(**kwargs):
        seen.update(kwargs)
        return kwargs["default"]

    monkeypatch.setattr(sf, "_component_func", record)
    call()
    seen.pop("on_change", None)
    return seen


@pytest.mark.parametrize("kind", ["none", "events"])
def test_arguments_match_st_folium(monkeypatch, story, story_map, kind):
    expected = _recorded(
        monkeypatch,
        lambda: sf.st_folium(
            copy.deepcopy(story_map),
            key="map",
            height=600,
            use_container_width=True,
            returned_objects=[],
            feature_group_to_add=_groups(story, kind) or None,
            render=False,
        ),
    )
    base = map_component.rendered_base(story_map, "map")
    got = _recorded(
        monkeypatch,
        lambda: map_component.show(base, _groups(story, kind), key="map", height=600),
    )
    assert got.keys() == expected.keys()
    # The one difference: Leaflet and its plugins come as one file (geo.assets), the same
    # scripts in the same order.
    assert got["js_links"][0] == f"{assets.STREAMLIT_STATIC_URL}/{assets.SCRIPT_BUNDLE}"
    assert got["js_links"] == list(assets.bundle_scripts(expected["js_links"]))
    for name in expected.keys() - {"js_links"}:
        assert got[name] == expected[name], name
    assert got["returned_objects"] == [] and got["center"] is None and got["zoom"] is None
    if kind == "events":
        # The group really is in the script sent (not an empty string on both sides).
        assert "feature_group_feature_group_0" in got["feature_group"]
        assert any("markercluster" in src for src in expected["js_links"])


def test_base_is_rendered_from_a_copy(story_map):
    """Rendering twice from the same cached map gives the same script: the map itself is
    not changed by rendering (the component key would change and re-mount the map)."""
    first = map_component.rendered_base(story_map, "map")
    second = map_component.rendered_base(story_map, "map")
    assert first == second
    assert first.hash_key != map_component.rendered_base(story_map, "other").hash_key
    assert len(first.script) > 100_000
