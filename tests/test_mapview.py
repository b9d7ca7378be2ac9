"""The map is built offline, deterministic, and escapes what it shows."""

from __future__ import annotations

import re
from pathlib import Path

import folium
import pytest

from geo import mapview
from geo.assets import UnknownAssetError, localize_assets
from geo.loading import load_dataset


@pytest.fixture(scope="module")
def dataset(data_dir: Path):
    return load_dataset(data_dir)


def render(m: folium.Map) -> str:
    return m.get_root().render()


def test_map_loads_no_remote_script_or_stylesheet(dataset) -> None:
    """Every src/href in the rendered map is local: the map renders offline."""
    html = render(mapview.build_map(dataset))
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links, "expected local script and stylesheet links"
    assert not [u for u in links if re.match(r"(https?:)?//", u)]
    assert "/app/static/vendor/leaflet/leaflet.js" in links


def test_web_tiles_are_optional_overlays_hidden_by_default(dataset) -> None:
    """Online tiles exist but are not shown on load, so offline load makes no tile requests."""
    m = mapview.build_map(dataset)
    tiles = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    assert len(tiles) == 2
    assert all(t.show is False for t in tiles)


def test_base_map_is_deterministic(dataset) -> None:
    """Two builds give the same script apart from folium's element ids (no popups)."""

    def normalise(html: str) -> str:
        return re.sub(r"_[0-9a-f]{32}", "_ID", html)

    assert normalise(render(mapview.build_map(dataset))) == normalise(
        render(mapview.build_map(dataset))
    )


def test_unknown_asset_fails_loudly() -> None:
    """A folium element with an asset that has no local copy raises instead of using a CDN."""
    m = folium.Map(tiles=None)
    m.default_js = [("mystery", "https://cdn.example/x.js")]
    with pytest.raises(UnknownAssetError, match="'mystery' has no local copy"):
        localize_assets(m)


def test_hostile_name_is_escaped_in_tooltip_and_label(dataset) -> None:
    """A place name with markup and template syntax reaches the page as inert entities."""
    places = dataset.layer("places").copy()
    places.loc[places["id"] == "lheiban", "name"] = "<img src=x onerror=alert(1)>${x}`"
    hostile = type(dataset)(dataset.data_dir, {**dataset.layers, "places": places})
    html = render(mapview.build_map(hostile))
    assert "<img src=x" not in html
    assert "${x}" not in html and "onerror=alert(1)>" not in html
    # folium's JSON encoding writes & as \u0026; decode it to read the entities.
    assert "&lt;img src=x onerror=alert(1)&gt;&#36;{x}&#96;" in html.replace("\\u0026", "&")


def test_tip_text_states_certainty_and_passage_count() -> None:
    """Hover text gives name, kind, certainty with radius, and passage count."""
    props = {"name": "Lheiban", "kind": "village", "certainty": "approximate", "uncertainty_km": 9}
    assert mapview.tip_text(props, 9) == "Lheiban · village · approximate (±9 km) · 9 passages"
    assert mapview.tip_text({"name": "Kirkuk", "kind": "city", "certainty": "precise"}, 1).endswith(
        "precise · 1 passage"
    )


def test_selection_group_outlines_the_selected_feature(dataset) -> None:
    """Selecting a point draws a ring; selecting nothing draws nothing."""
    assert mapview.selection_group(dataset, None)._children == {}
    ring = list(mapview.selection_group(dataset, "lheiban")._children.values())
    assert len(ring) == 1 and isinstance(ring[0], folium.CircleMarker)


def test_lonlat_flips_once_for_leaflet() -> None:
    """LonLat keeps GeoJSON order; leaflet() gives [lat, lon]."""
    assert mapview.LonLat(43.84, 35.66).leaflet() == [35.66, 43.84]
