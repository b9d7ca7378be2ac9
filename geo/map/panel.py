"""The layer panel inside the map: one switch per actor (symbol, area swatch, name, feature
count) and the map's key, switched in the browser by ``static/layers.js``.

Why the state lives in the URL and not in Python: the base map is built once and cached,
and the page never re-mounts it across reruns, so Python could not change which layers
show without a rerun and a swap of groups (186 ms a toggle, measured); and a URL survives
a reload and is the permalink. So the map reads ``layers=`` from the page's URL when it
starts (the story's ``default_layers`` when absent), writes it back on every toggle, and
Python reads it only when a session starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import folium
from branca.element import MacroElement
from folium.template import Template
from markupsafe import Markup

from geo.actors import initial_layers
from geo.map.controls import LAYERS_PARAM, NARROW_MAP_PX
from geo.map.forces import ForceLayer, marker_html
from geo.map.legend import LEGEND_ROWS, area_css
from geo.map.templates import folium_text, render, static_text
from geo.storyconfig import StoryConfig

PANEL_TITLE = "Layers and key"
FORCE_NOTE = (
    "Filled symbols and patterned areas: the article's own claims. Hollow symbols, faint "
    "areas, dotted edges: context from other reporting. Dashed circles: how far a position "
    "may be off."
)


def panel_html(layers: Sequence[ForceLayer], story: StoryConfig | None = None) -> str:
    """The panel's markup: switches (escaped names, counts), the key, a live region.

    Everything from data is escaped here (``folium_text``); symbols and swatches are
    built from validated colours and shape names.
    """
    story = story or StoryConfig()
    rows = [
        {
            "id": layer.actor.id,
            "name": folium_text(layer.actor.name),
            "count": layer.count,
            "symbol": Markup(marker_html(layer.actor.style, hollow=False)),
            "area": area_css(layer.actor.style),
        }
        for layer in layers
    ]
    return render(
        "layer_panel.html",
        title=PANEL_TITLE,
        rows=rows,
        legend=LEGEND_ROWS,
        force_note=FORCE_NOTE,
        map_note=folium_text(story.map_note) if story.map_note else "",
    )


def add_layer_panel(
    m: folium.Map,
    layers: Sequence[ForceLayer],
    groups: Sequence[folium.FeatureGroup],
    story: StoryConfig | None = None,
) -> None:
    """The panel control and its script, after the groups it switches."""
    story = story or StoryConfig()
    LayerPanel(
        groups={layer.actor.id: group for layer, group in zip(layers, groups, strict=True)},
        options={
            "actors": [layer.actor.id for layer in layers],
            "initial": initial_layers([layer.actor for layer in layers], story.default_layers),
            "param": LAYERS_PARAM,
            "narrowPx": NARROW_MAP_PX,
            "html": panel_html(layers, story),
        },
    ).add_to(m)


class LayerPanel(MacroElement):
    """Runs ``static/layers.js`` with the map, its options and each actor's group."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        ({{ this.source }})({{ this._parent.get_name() }}, {{ this.options|tojson }}, {
        {%- for id, group in this.groups.items() %}
            {{ id|tojson }}: {{ group.get_name() }},
        {%- endfor %}
        });
        {% endmacro %}"""
    )

    def __init__(self, groups: dict[str, folium.FeatureGroup], options: dict[str, Any]) -> None:
        super().__init__()
        self._name = "LayerPanel"
        self.source = static_text("layers.js").strip().rstrip(";")
        self.groups = groups
        self.options = options
