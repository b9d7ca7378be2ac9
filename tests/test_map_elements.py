"""The map's Leaflet extensions: static scripts inlined safely, controls configured from
the story, labels ranked, the overview inset's shapes the main map's."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import folium
import pytest

import geo.map as geomap
from geo.map.elements import MapScript
from geo.map.templates import JINJA_OPENERS, static_text
from geo.storyconfig import StoryConfig

STATIC = files("geo.map").joinpath("static")
SCRIPTS = (
    "access.js",
    "labels.js",
    "url.js",
    "attribution.js",
    "tooltips.js",
    "overview.js",
    "gestures.js",
    "view.js",
    "districts.js",
)


def scripts(m: folium.Map) -> dict[str, MapScript]:
    return {
        next(n for n in SCRIPTS if static_text(n).strip().rstrip(";") == c.source): c
        for c in m._children.values()
        if isinstance(c, MapScript)
    }


@pytest.mark.parametrize(
    "name", sorted(p.name for p in STATIC.iterdir() if p.name.endswith((".js", ".css")))
)
def test_static_files_hold_no_jinja_opener(name: str) -> None:
    """folium re-reads rendered scripts as Jinja: a static file must not contain {{ {% {#."""
    text = STATIC.joinpath(name).read_text(encoding="utf-8")
    assert not [o for o in JINJA_OPENERS if o in text]


def test_every_map_script_is_added_once_in_order(dataset, story_config) -> None:
    """Names first (before any layer), the labels with the base map, then the URL, tooltips,
    overview, gestures,
    then the views (after the layer panel, which view.js measures, and after the opening
    fit, which it refines), then (after the panel they write into) the districts' switch."""
    m = geomap.build_map(dataset, story=story_config)
    names = list(scripts(m))
    assert names == list(SCRIPTS)
    children = list(m._children.values())
    first_layer = next(i for i, c in enumerate(children) if isinstance(c, folium.GeoJson))
    assert children.index(scripts(m)["access.js"]) < first_layer
    fit = next(i for i, c in enumerate(children) if isinstance(c, folium.map.FitBounds))
    assert fit < children.index(scripts(m)["view.js"])


def test_script_is_a_function_called_with_the_map_and_json_options(dataset, story_config) -> None:
    """The inlined file is called with the map's JS name and its options as JSON."""
    m = geomap.build_map(dataset, story=story_config)
    html = m.get_root().render()
    call = re.search(r"\}\)\((map_[0-9a-f]{32}), (\{\"opening\": .*?)\);\n", html, re.S)
    assert call and call.group(1) == m.get_name()
    options = json.loads(call.group(2))
    assert [v["id"] for v in options["views"]] == ["zone", "focus"]
    assert options["param"] == geomap.VIEW_PARAM == "view"


def test_view_buttons_come_from_the_story(dataset, story_config) -> None:
    """ "Whole zone" frames the zone's bounds, "Story focus" the focus box, named by its label."""
    views = scripts(geomap.build_map(dataset, story=story_config))["view.js"].options["views"]
    zone, focus = views
    west, south, east, north = dataset.layer("zone").total_bounds
    assert zone["text"] == "Whole zone" and zone["bounds"] == [[south, west], [north, east]]
    fw, fs, fe, fn = story_config.focus_bbox
    assert focus["text"] == "Story focus" and focus["bounds"] == [[fs, fw], [fn, fe]]
    assert focus["name"] == f"Story focus: {story_config.focus_label}"
    # The opening view, framed again by view.js clear of the layer panel.
    opening = scripts(geomap.build_map(dataset, story=story_config))["view.js"].options["opening"]
    assert opening == [[fs, fw], [fn, fe]]


def test_no_focus_button_without_a_focus_box(dataset) -> None:
    """A story with no focus box gets the zone button only."""
    views = scripts(geomap.build_map(dataset))["view.js"].options["views"]
    assert [v["id"] for v in views] == ["zone"]


def test_hostile_focus_label_and_title_are_escaped(dataset) -> None:
    """Story text reaches the scripts' JSON escaped, and breaks no Jinja or JS."""
    config = StoryConfig(
        title="</script><script>alert(1)</script>{{ 7*7 }}",
        focus_bbox=(43.4, 35.47, 44.1, 36.02),
        focus_label="<img src=x onerror=alert(2)>${x}",
    )
    html = geomap.build_map(dataset, story=config).get_root().render()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    decoded = html.replace("\\u0026", "&")
    title = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#123;{ 7*7 }}"
    assert f"<title>{title}</title>" in html
    assert "Story focus: &lt;img src=x onerror=alert(2)&gt;&#36;{x}" in decoded


def test_overview_and_gesture_assets_are_local(dataset) -> None:
    """The inset and gesture plugins load from the vendored copies."""
    html = geomap.build_map(dataset).get_root().render()
    for path in (
        "leaflet-minimap/Control.MiniMap.min.js",
        "leaflet-minimap/Control.MiniMap.min.css",
        "leaflet-gesture-handling/leaflet-gesture-handling.min.js",
        "leaflet-gesture-handling/leaflet-gesture-handling.min.css",
    ):
        assert f"/app/static/vendor/{path}" in html


def test_overview_names_the_main_map_s_shapes(dataset) -> None:
    """Every governorate and the zone, by id (the inset takes their shapes from the main
    map: no second copy in the page), and the inset's centre."""
    data = geomap.overview_data(dataset.layer("provinces"), dataset.layer("zone"))
    assert data["provinces"] == list(dataset.layer("provinces")["id"])
    assert data["zone"] == ["disputed-zone"]
    assert len(json.dumps(data)) < 1_000
    assert data["centre"][0] == pytest.approx(33.2, abs=1.5)


def test_labels_carry_their_priority(dataset, story_config) -> None:
    """Story places outrank story provinces, cities, approximate places, other provinces."""
    labels = scripts(geomap.build_map(dataset, story=story_config))["labels.js"].options["labels"]
    found = {label["text"]: label["priority"] for label in labels}
    assert found["Lheiban (approx.)"] == geomap.LABEL_PRIORITY["story-place"] == 5
    assert found["Nineveh"] == geomap.LABEL_PRIORITY["story-province"]
    assert found["Baghdad"] in (geomap.LABEL_PRIORITY["city"], geomap.LABEL_PRIORITY["province"])
    assert found["Makhmur"] == geomap.LABEL_PRIORITY["city"]  # a focus place
    assert found["Anbar"] == geomap.LABEL_PRIORITY["province"]


def test_narrow_maps_fold_the_overview(dataset) -> None:
    """The inset's script is told the width under which it starts minimised."""
    options = scripts(geomap.build_map(dataset))["overview.js"].options
    assert options["narrowPx"] == geomap.NARROW_MAP_PX == 600
