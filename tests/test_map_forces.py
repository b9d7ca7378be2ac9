"""Force layers: symbols named, spread around shared positions, escaped."""

from __future__ import annotations

import folium

import geo.map as geomap


def test_symbols_are_24px_targets_anchored_by_their_offset(story) -> None:
    """Each symbol's icon is 24x24 and its anchor moves it by its offset."""
    layers = geomap.force_layers(story.dataset, story.actors)
    (army,) = [layer for layer in layers if layer.actor.id == "iraqi-army"]
    group = geomap.force_group(army)
    markers = [
        c
        for c in group._children.values()
        if isinstance(c, folium.GeoJson) and isinstance(c.marker, folium.Marker)
    ]
    assert markers
    for geojson in markers:
        assert geojson.marker.icon.options["icon_size"] == (24, 24)
        for feature in geojson.data["features"]:
            dx, dy = army.offsets[feature["properties"]["id"]]
            assert geojson.style_function(feature) == {"iconAnchor": [12 - dx, 12 - dy]}


def test_symbols_have_accessible_names(story) -> None:
    """Every point symbol carries a label: actor, what, origin, certainty."""
    layers = geomap.force_layers(story.dataset, story.actors)
    labels = {
        f["properties"]["id"]: f["properties"]["label"]
        for layer in layers
        for collection in layer.points.values()
        for f in collection["features"]
    }
    assert labels["force-iraqi-army-makhmur"] == (
        "Iraqi army / federal forces: Federal forces hold Makhmur town, context, approximate"
    )
    assert len(labels) == 12


def test_hostile_force_name_is_escaped_in_label_and_tip(story) -> None:
    """A force name with markup reaches the group's script as entities only."""
    forces = story.dataset.layer("forces").copy()
    forces.loc[forces["id"] == "force-iraqi-army-makhmur", "name"] = "<svg onload=x()>${y}"
    dataset = type(story.dataset)(
        story.dataset.data_dir, {**story.dataset.layers, "forces": forces}
    )
    layers = geomap.force_layers(dataset, story.actors)
    group = geomap.force_group(next(la for la in layers if la.actor.id == "iraqi-army"))
    m = folium.Map(tiles=None)
    group.add_to(m)
    html = m.get_root().render().replace("\\u0026", "&")
    assert "<svg onload" not in html and "${y}" not in html
    assert "&lt;svg onload=x()&gt;&#36;{y}" in html


def test_marker_html_is_an_svg_hidden_from_assistive_technology(story) -> None:
    """The symbol's SVG is decorative: the marker element carries the name."""
    svg = geomap.marker_html(story.actors[0].style, hollow=True)
    assert svg.startswith("<svg") and 'aria-hidden="true"' in svg and 'fill="#ffffff"' in svg


def test_pattern_name_is_a_js_identifier() -> None:
    """Actor slugs become camel-case global names."""
    assert geomap.pattern_name("iraqi-army") == "dzFillIraqiArmy"


def test_force_layer_count_is_every_feature_of_the_actor(story) -> None:
    """A layer's count: its areas, lines and points (not the uncertainty circles)."""
    forces = story.dataset.layer("forces")
    for layer in geomap.force_layers(story.dataset, story.actors):
        assert layer.count == int((forces["actor"] == layer.actor.id).sum())


def test_force_shapes_go_in_the_actors_pane_and_symbols_do_not(story) -> None:
    """Areas, lines and circles carry the actor's pane (stacking without reordering);
    symbols stay in Leaflet's marker pane."""
    layers = geomap.force_layers(story.dataset, story.actors)
    (isis,) = [layer for layer in layers if layer.actor.id == "isis"]
    shapes = [
        c for c in geomap.force_group(isis)._children.values() if isinstance(c, folium.GeoJson)
    ]
    panes = [c.options.get("pane") for c in shapes if c.marker is None]
    assert panes and set(panes) == {geomap.force_pane("isis")} == {"dz-force-isis"}
    assert all("pane" not in c.options for c in shapes if c.marker is not None)
