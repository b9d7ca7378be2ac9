"""The layer panel inside the map: switches with escaped names and true counts, the key,
default layers, and every actor's group in the base map for the browser to switch."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import folium
import pytest

import geo.map as geomap
from geo.map.elements import MapScript
from geo.map.panel import LayerPanel
from geo.map.templates import JINJA_OPENERS, static_text
from geo.story import Story
from geo.storyconfig import StoryConfig

HOSTILE = "<img src=x onerror=alert(1)>${x}`{{ 7*7 }}"


@pytest.fixture(scope="module")
def layers(story: Story) -> tuple[geomap.ForceLayer, ...]:
    return geomap.force_layers(story.dataset, story.actors)


def switches(html: str) -> dict[str, str]:
    """data-actor -> the switch's aria-label, in document order."""
    return dict(re.findall(r'role="switch"[^>]*data-actor="([^"]+)" aria-label="([^"]+)"', html))


def test_panel_has_one_named_switch_per_actor_with_its_count(layers) -> None:
    """Six switches in the actors' order, each named "<actor>, <n> feature(s)"."""
    found = switches(geomap.panel_html(layers))
    assert list(found) == ["peshmerga", "iraqi-army", "jcc", "pmf", "isis", "coalition"]
    assert found["peshmerga"] == "Kurdish peshmerga, 2 features"
    assert found["pmf"] == "Popular Mobilisation Forces (PMF), 1 feature"


def test_each_switch_shows_the_map_symbol_and_area_swatch(layers) -> None:
    """The switch holds the same SVG as the map's filled symbol and the area swatch."""
    html = geomap.panel_html(layers)
    for layer in layers:
        row = re.search(rf'data-actor="{layer.actor.id}".*?</button>', html, re.S).group(0)
        assert geomap.marker_html(layer.actor.style, hollow=False) in row
        assert f"border:2px {layer.actor.style.line} {layer.actor.style.outline}" in row
        assert f'<span class="dz-layer-count">{layer.count}</span>' in row


def test_counts_and_names_follow_another_storys_actors(story) -> None:
    """Different actors (ids, names, features): the panel lists exactly those."""
    forces = story.dataset.layer("forces")
    mine = forces[forces["actor"].isin(["pmf", "isis"])].copy()
    mine["actor"] = mine["actor"].map({"pmf": "militia", "isis": "insurgents"})
    dataset = type(story.dataset)(story.dataset.data_dir, {**story.dataset.layers, "forces": mine})
    by_id = {a.id: a for a in story.actors}
    actors = [
        replace(by_id["isis"], id="insurgents", name="Insurgents"),
        replace(by_id["pmf"], id="militia", name="A militia"),
    ]
    found = switches(geomap.panel_html(geomap.force_layers(dataset, actors)))
    assert found == {"insurgents": "Insurgents, 2 features", "militia": "A militia, 1 feature"}


def test_actor_names_are_escaped_in_the_panel(story) -> None:
    """A name with markup, a JS template and a Jinja opener is text, in the label and the name."""
    actors = [replace(story.actors[0], name=HOSTILE)]
    html = geomap.panel_html(geomap.force_layers(story.dataset, actors))
    assert "<img" not in html and "${" not in html and "`" not in html
    assert not [o for o in JINJA_OPENERS if o in html]
    assert "&lt;img src=x onerror=alert(1)&gt;&#36;{x}&#96;&#123;{ 7*7 }}" in html


def test_key_holds_the_legend_the_symbol_note_and_the_story_note(layers) -> None:
    """The key: every static legend row, the filled/hollow note, the story's map note escaped."""
    html = geomap.panel_html(layers, StoryConfig(map_note="Lines imply <b>no</b> endorsement."))
    for _, label in geomap.legend.LEGEND_ROWS:
        assert label.replace("'", "&#39;") in html
    assert "Hollow symbols, faint areas, dotted edges" in html
    assert "Lines imply &lt;b&gt;no&lt;/b&gt; endorsement." in html
    assert 'aria-controls="dz-key-body">Key</button>' in html
    assert f'aria-expanded="true" aria-controls="dz-layer-body">{geomap.PANEL_TITLE}<' in html


def test_initial_layers_are_the_story_default_in_actor_order(story) -> None:
    """None: every actor; a list: those actors in the actors' order, unknown ids left out."""
    ids = [a.id for a in story.actors]
    assert geomap.initial_layers(story.actors, None) == ids
    assert geomap.initial_layers(story.actors, ("isis", "martians", "peshmerga")) == [
        "peshmerga",
        "isis",
    ]
    assert geomap.initial_layers(story.actors, ()) == []


def test_base_map_holds_every_actor_group_and_the_panel_after_them(story) -> None:
    """One group per actor, on the map and out of the tile LayerControl; the panel after."""
    m = geomap.build_map(story.dataset, actors=story.actors, story=story.config)
    children = list(m._children.values())
    groups = [c for c in children if _force_group(c)]
    assert [g.layer_name for g in groups] == [f"force-{a.id}" for a in story.actors]
    assert all(g.show and not g.control for g in groups)
    (panel,) = [c for c in children if isinstance(c, LayerPanel)]
    assert children.index(panel) > max(children.index(g) for g in groups)
    # view.js measures the panel to frame views clear of it: it comes after.
    view_js = static_text("view.js").strip().rstrip(";")
    (views,) = [c for c in children if isinstance(c, MapScript) and c.source == view_js]
    assert children.index(views) > children.index(panel)
    assert panel.options["initial"] == list(story.config.default_layers)
    assert panel.options["param"] == geomap.LAYERS_PARAM == "layers"
    assert panel.options["narrowPx"] == geomap.NARROW_MAP_PX


def test_panel_script_gets_each_group_by_its_js_name(story) -> None:
    """The rendered call passes the options as JSON and {actor id: group variable}."""
    m = geomap.build_map(story.dataset, actors=story.actors, story=story.config)
    html = m.get_root().render()
    groups = {
        c.layer_name.removeprefix("force-"): c.get_name()
        for c in m._children.values()
        if _force_group(c)
    }
    call = re.search(r"\}\)\((map_[0-9a-f]{32}), (\{\"actors\".*?\}), \{(.*?)\}\);", html, re.S)
    assert call and call.group(1) == m.get_name()
    assert json.loads(call.group(2))["actors"] == [a.id for a in story.actors]
    passed = dict(re.findall(r'"([\w-]+)": (feature_group_[0-9a-f]{32}),', call.group(3)))
    assert passed == groups


def test_no_panel_without_actors(story) -> None:
    """A map built without actors has no force groups and no panel."""
    m = geomap.build_map(story.dataset, story=story.config)
    assert not [c for c in m._children.values() if isinstance(c, LayerPanel) or _force_group(c)]


def test_default_layers_none_starts_with_every_actor(story) -> None:
    """No default_layers in the story: every actor starts on."""
    m = geomap.build_map(story.dataset, actors=story.actors, story=StoryConfig())
    (panel,) = [c for c in m._children.values() if isinstance(c, LayerPanel)]
    assert panel.options["initial"] == [a.id for a in story.actors]


def test_base_map_makes_a_pane_per_actor_in_order_then_the_selection_pane(story) -> None:
    """Actor panes at the overlay pane's z-index, in the actors' order, after the areas of
    control's; selection above."""
    m = geomap.build_map(story.dataset, actors=story.actors, story=story.config)
    panes = [
        (c.name, c.z_index) for c in m._children.values() if isinstance(c, folium.map.CustomPane)
    ]
    actor_panes = [(geomap.force_pane(a.id), 400) for a in story.actors]
    assert panes[2] == ("dz-control", 400)
    assert panes[3 : 3 + len(actor_panes)] == actor_panes
    assert panes[3 + len(actor_panes)] == ("selection", 450)


def _force_group(element: object) -> bool:
    """An actor's group (the base map also holds the areas of control and the districts)."""
    return isinstance(element, folium.FeatureGroup) and element.layer_name.startswith("force-")


def _contrast(a: str, b: str) -> float:
    def luminance(hex_colour: str) -> float:
        rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_shipped_symbol_edges_stand_out_on_the_panel(story) -> None:
    """Each actor's outline (the symbol's edge) is at least 3:1 against the panel's white
    (WCAG 1.4.11); the switch's own edge too."""
    for actor in story.actors:
        assert _contrast(actor.style.outline, "#ffffff") >= 3, actor.id
    assert _contrast("#555555", "#ffffff") >= 3 and _contrast("#0072B2", "#ffffff") >= 3
