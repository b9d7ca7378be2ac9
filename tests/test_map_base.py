"""The base map is built offline, deterministic, opens on the story and escapes what it shows."""

from __future__ import annotations

import re

import folium
import pytest

import geo.map as geomap
from geo.assets import UnknownAssetError
from geo.map.elements import localize_assets
from geo.storyconfig import StoryConfig


def render(m: folium.Map) -> str:
    return m.get_root().render()


def fit_bounds(m: folium.Map) -> folium.map.FitBounds:
    (fit,) = [c for c in m._children.values() if isinstance(c, folium.map.FitBounds)]
    return fit


def test_map_loads_no_remote_script_or_stylesheet(dataset, story_config) -> None:
    """Every src/href in the rendered map is local: the map renders offline."""
    html = render(geomap.build_map(dataset, story=story_config))
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links, "expected local script and stylesheet links"
    assert not [u for u in links if re.match(r"(https?:)?//", u)]
    assert "/app/static/vendor/leaflet/leaflet.js" in links


def test_web_tiles_are_optional_overlays_hidden_by_default(dataset) -> None:
    """Online tiles exist but are not shown on load, so offline load makes no tile requests."""
    m = geomap.build_map(dataset)
    tiles = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    assert len(tiles) == 2
    assert all(t.show is False for t in tiles)


def test_base_map_is_deterministic(dataset, story_config) -> None:
    """Two builds give the same script apart from folium's element ids (no popups)."""

    def normalise(html: str) -> str:
        return re.sub(r"_[0-9a-f]{32}", "_ID", html)

    assert normalise(render(geomap.build_map(dataset, story=story_config))) == normalise(
        render(geomap.build_map(dataset, story=story_config))
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
    places.loc[places["id"] == "lheiban", "name"] = "<img src=x onerror=alert(1)>${x}`{{ 7*7 }}"
    hostile = type(dataset)(dataset.data_dir, {**dataset.layers, "places": places})
    html = render(geomap.build_map(hostile, story=StoryConfig(story_places=("lheiban",))))
    assert "<img src=x" not in html
    assert "${x}" not in html and "onerror=alert(1)>" not in html
    # folium's JSON encoding writes & as \u0026; decode it to read the entities.
    decoded = html.replace("\\u0026", "&")
    assert "&lt;img src=x onerror=alert(1)&gt;&#36;{x}&#96;&#123;{ 7*7 }}" in decoded
    # The accessible name of the place's target is escaped the same way.
    assert '"label": "&lt;img src=x onerror=alert(1)&gt;&#36;{x}&#96;&#123;' in decoded


def test_opens_on_the_focus_box_without_animation(dataset, story_config) -> None:
    """With opening_view "focus" the first view is the focus box, jumped to, not glided."""
    fit = fit_bounds(geomap.build_map(dataset, story=story_config))
    west, south, east, north = story_config.focus_bbox
    assert fit.bounds == [[south, west], [north, east]]
    assert fit.options["animate"] is False


def test_opens_on_the_story_provinces_without_focus(dataset) -> None:
    """With opening_view "zone" (or no story) the first view frames the story provinces."""
    provinces = dataset.layer("provinces")
    west, south, east, north = provinces[provinces["role"] == "story"].total_bounds
    for config in (None, StoryConfig(opening_view="zone", focus_bbox=(43.4, 35.4, 44.1, 36.0))):
        fit = fit_bounds(geomap.build_map(dataset, story=config))
        assert fit.bounds == [[south, west], [north, east]]


def test_viewport_meta_allows_zooming(dataset) -> None:
    """folium's maximum-scale / user-scalable=no is removed; device width is kept."""
    html = render(geomap.build_map(dataset))
    assert "maximum-scale" not in html and "user-scalable" not in html
    assert re.search(r'<meta name="viewport" content="width=device-width,\s*initial-scale=1', html)


def test_stylesheet_comes_from_the_static_file(dataset) -> None:
    """The map's CSS is the static file, in the header, and fills the iframe."""
    html = render(geomap.build_map(dataset))
    assert "#map_div, .folium-map { height: 100vh !important; }" in html
    assert ".dz-label.dz-approx { font-style: italic; }" in html


def test_story_places_are_drawn_larger(dataset) -> None:
    """A story place's dot has radius 7, other places 4 (story.story_places decides)."""
    m = geomap.build_map(dataset, story=StoryConfig(story_places=("debaga",)))
    (dots,) = [
        c
        for c in m._children.values()
        if isinstance(c, folium.GeoJson) and c.layer_name == "Places"
    ]
    radius = {
        f["properties"]["id"]: dots.style_function(f)["radius"] for f in dots.data["features"]
    }
    assert radius["debaga"] == 7 and radius["lheiban"] == 4


def test_each_place_has_a_24px_target_with_its_id_tooltip_and_name(dataset) -> None:
    """An invisible 12 px radius circle per place carries id, tooltip and accessible name."""
    m = geomap.build_map(dataset, passage_counts={"lheiban": 9})
    (targets,) = [
        c
        for c in m._children.values()
        if isinstance(c, folium.GeoJson) and c.layer_name == "Place targets"
    ]
    lheiban = next(f for f in targets.data["features"] if f["properties"]["id"] == "lheiban")
    style = targets.style_function(lheiban)
    assert style["radius"] == 12 and style["fillOpacity"] == 0 and style["fill"] is True
    assert style["pane"] == "places"
    assert lheiban["properties"]["label"] == (
        "Lheiban, village, approximate position within 9 km, 9 passages"
    )
    assert any(isinstance(c, folium.GeoJsonTooltip) for c in targets._children.values())


def test_tip_text_states_certainty_and_passage_count() -> None:
    """Hover text gives name, kind, certainty with radius, and passage count."""
    props = {"name": "Lheiban", "kind": "village", "certainty": "approximate", "uncertainty_km": 9}
    assert geomap.tip_text(props, 9) == "Lheiban · village · approximate (±9 km) · 9 passages"
    assert geomap.tip_text({"name": "Kirkuk", "kind": "city", "certainty": "precise"}, 1).endswith(
        "precise · 1 passage"
    )


def test_lonlat_flips_once_for_leaflet() -> None:
    """LonLat keeps GeoJSON order; leaflet() gives [lat, lon]."""
    assert geomap.LonLat(43.84, 35.66).leaflet() == [35.66, 43.84]


def test_clusters_false_leaves_markercluster_out(dataset, story_config) -> None:
    """The app's map loads Leaflet.markercluster (for its synthetic events layer); asked
    without clusters (the published edition), the map links none of it."""
    assert "markercluster" in render(geomap.build_map(dataset, story=story_config))
    without = geomap.build_map(dataset, story=story_config, clusters=False)
    assert "markercluster" not in render(without)
