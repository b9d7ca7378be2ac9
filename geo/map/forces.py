"""Force-presence layers: one feature group per actor, in the base map.

Every actor's group is built once into the (cached) base map; the layer panel
(``geo.map.panel``, ``static/layers.js``) shows and hides them in the browser, so a
toggle never reruns the page's script nor re-mounts the map. Fill patterns are made
once in the base map under fixed global names (``ForcePatterns``).

Each actor's areas, lines and uncertainty circles are drawn in a pane of their own
(``force_pane``), stacked in the actors' order: a group switched off and on again keeps its
place in the stack, and drawing it repaints only its own SVG, not every area above it.

Claims often share a position (three sit on Lheiban): their symbols are drawn at the
pixel offsets ``geo.symbols`` computes, so each 24x24 target stands apart; the
uncertainty circles stay centred on the true position.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo.geometry import uncertainty_areas
from geo.loading import Dataset
from geo.map.elements import PatternRef
from geo.map.features import MapGeoJson, client_collection, tooltip
from geo.map.templates import render
from geo.safety import escape_for_folium
from geo.symbols import TARGET_PX, symbol_offsets

SYMBOL_PX = 18
_DASHES = {"solid": None, "dashed": "9 6", "dotted": "2 5"}


@dataclass(frozen=True)
class ForceLayer:
    """One actor's features, ready for the browser: computed once, drawn on every run."""

    actor: Any
    areas: dict[str, Any] | None
    lines: dict[str, Any] | None
    circles: dict[str, Any] | None  # the uncertainty area around each point
    points: dict[bool, dict[str, Any]]  # context? -> points (filled or hollow symbols)
    offsets: Mapping[str, tuple[int, int]]  # point feature id -> symbol offset (px, x right)

    @property
    def count(self) -> int:
        """How many of the actor's features the map draws (areas, lines and points)."""
        parts = [self.areas, self.lines, *self.points.values()]
        return sum(len(p["features"]) for p in parts if p is not None)


def force_layers(dataset: Dataset, actors: Sequence[Any]) -> tuple[ForceLayer, ...]:
    """Every actor's features as client GeoJSON (escaped), split by how each is drawn."""
    forces = dataset.layer("forces")
    offsets = symbol_offsets(forces, dataset.layer("places"), [a.id for a in actors])
    layers = []
    for actor in actors:
        mine = forces[forces["actor"] == actor.id] if not forces.empty else forces
        kinds = mine.geometry.geom_type if not mine.empty else None

        def part(
            frame: gpd.GeoDataFrame, geometries: Any = None, actor: Any = actor
        ) -> dict[str, Any] | None:
            return None if frame.empty else _force_collection(frame, actor, geometries)

        areas = mine[kinds.isin(["Polygon", "MultiPolygon"])] if kinds is not None else mine
        lines = mine[kinds.isin(["LineString", "MultiLineString"])] if kinds is not None else mine
        points = mine[kinds == "Point"] if kinds is not None else mine
        layers.append(
            ForceLayer(
                actor=actor,
                areas=part(areas),
                lines=part(lines),
                circles=part(points, uncertainty_areas(points)) if not points.empty else None,
                points={
                    bool(context): _force_collection(subset, actor, named=True)
                    for context, subset in (
                        points.groupby(points["origin"].eq("context")) if not points.empty else []
                    )
                },
                offsets={str(i): offsets[str(i)] for i in points["id"]} if not points.empty else {},
            )
        )
    return tuple(layers)


def force_group(layer: ForceLayer, *, pane: bool = True) -> folium.FeatureGroup:
    """One actor's feature group: areas, lines, uncertainty circles, then symbols.

    With ``pane``, its shapes go in the actor's pane (``force_pane``), which the base map
    creates; symbols stay in Leaflet's marker pane.
    """
    group = folium.FeatureGroup(name=f"force-{layer.actor.id}", control=False)
    _add_force_areas(group, layer, force_pane(layer.actor.id) if pane else None)
    _add_force_points(group, layer)
    return group


def force_pane(actor_id: str) -> str:
    """The Leaflet pane of an actor's areas, lines and circles."""
    return f"dz-force-{actor_id}"


def force_tip(props: Mapping[str, Any], actor_name: str, count: int) -> str:
    """Hover text for a force feature: what, who, how sure, from where, when."""
    origin = "context, not in the article" if props.get("origin") == "context" else "the article"
    parts = [
        str(props.get("name", "")),
        actor_name,
        str(props.get("certainty", "")),
        f"source: {origin}",
        f"as of {props.get('as_of')}" if props.get("as_of") else "",
        f"{count} passage{'s' if count != 1 else ''}",
    ]
    return " · ".join(p for p in parts if p)


def force_name(props: Mapping[str, Any], actor_name: str) -> str:
    """A force symbol's accessible name: who, what, from where, how sure (plain text).

    "Iraqi army / federal forces: Federal forces hold Makhmur town, context, approximate"
    """
    origin = "context" if props.get("origin") == "context" else "from the article"
    parts = [str(props.get("name", "")), origin, str(props.get("certainty", ""))]
    return f"{actor_name}: " + ", ".join(p for p in parts if p)


def pattern_name(actor_id: str) -> str:
    """The global JS name of an actor's fill pattern (actor ids are validated slugs)."""
    return "dzFill" + "".join(part.capitalize() for part in actor_id.split("-"))


def marker_html(style: Any, hollow: bool, size: int = SYMBOL_PX) -> str:
    """An SVG symbol for an actor: its shape, its colour; hollow for outside context."""
    return render(
        "symbol.html",
        size=size,
        fill="#ffffff" if hollow else style.colour,
        outline=style.outline,
        shape=style.marker,
    )


class ForcePatterns(JSCSSMixin, MacroElement):
    """Creates each actor's fill pattern on the map as a global, once, at mount."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        {%- for name, kind, colour in this.patterns %}
        (function () {
            var p;
            {%- if kind == "dots" %}
            p = new L.Pattern({width: 9, height: 9});
            p.addShape(new L.PatternCircle({x: 4.5, y: 4.5, radius: 1.8, fill: true,
                stroke: false, color: {{ colour|tojson }}, fillOpacity: 0.9}));
            {%- elif kind == "crosshatch" %}
            p = new L.Pattern({width: 10, height: 10});
            p.addShape(new L.PatternPath({d: "M0 0 L10 10 M10 0 L0 10", weight: 1.2,
                color: {{ colour|tojson }}, opacity: 0.8}));
            {%- else %}
            p = new L.StripePattern({angle: {{ 45 if kind == "stripes-45" else -45 }},
                weight: 2.5, spaceWeight: 5, color: {{ colour|tojson }}, opacity: 0.75});
            {%- endif %}
            p.addTo({{ this._parent.get_name() }});
            window.{{ name }} = p;
        })();
        {%- endfor %}
        {% endmacro %}"""
    )
    default_js = [("pattern", "https://teastman.github.io/Leaflet.pattern/leaflet.pattern.js")]

    def __init__(self, actors: Sequence[Any]) -> None:
        super().__init__()
        self._name = "ForcePatterns"
        self.patterns = [
            (pattern_name(a.id), a.style.pattern, a.style.colour)
            for a in actors
            if a.style.pattern in ("stripes-45", "stripes-135", "dots", "crosshatch")
        ]


def _force_collection(
    frame: gpd.GeoDataFrame, actor: Any, geometries: Any = None, *, named: bool = False
) -> dict[str, Any]:
    collection = client_collection(frame, {}, geometries)
    for feature, (_, row) in zip(collection["features"], frame.iterrows(), strict=True):
        props = row.drop(labels="geometry").to_dict()
        count = len(props["passages"]) if isinstance(props.get("passages"), list) else 0
        feature["properties"]["tip"] = escape_for_folium(force_tip(props, actor.name, count))
        if named:
            feature["properties"]["label"] = escape_for_folium(force_name(props, actor.name))
        feature["properties"]["origin"] = (
            "context" if props.get("origin") == "context" else "article"
        )
        feature["properties"]["actor"] = actor.id
    return collection


def _add_force_areas(group: folium.FeatureGroup, layer: ForceLayer, pane: str | None) -> None:
    style = layer.actor.style
    # Leaflet's GeoJSON passes its options to the paths it makes: they go in the pane.
    where = {"pane": pane} if pane else {}
    pattern = PatternRef(pattern_name(layer.actor.id))
    dash = _DASHES[style.line]

    def area_style(feature: dict[str, Any]) -> dict[str, Any]:
        context = feature["properties"]["origin"] == "context"
        out: dict[str, Any] = {
            "color": style.outline,
            "weight": 1.5 if context else 2.5,
            "dashArray": "2 6" if context else dash,
            "fillColor": style.colour,
            "fillOpacity": 0.08 if context else 0.22,
        }
        if style.pattern == "outline":
            out["fillOpacity"] = 0
        elif style.pattern != "solid" and not context:
            out["fillPattern"] = pattern
            out["fillOpacity"] = 1
        return out

    if layer.areas is not None:
        MapGeoJson(
            layer.areas,
            style_function=area_style,
            highlight_function=lambda _f: {"weight": 4},
            tooltip=tooltip(),
            **where,
        ).add_to(group)
    if layer.lines is not None:
        MapGeoJson(
            layer.lines,
            style_function=lambda _f: {"color": style.outline, "weight": 3.5, "dashArray": "9 6"},
            highlight_function=lambda _f: {"weight": 6},
            tooltip=tooltip(),
            **where,
        ).add_to(group)
    if layer.circles is not None:
        MapGeoJson(
            layer.circles,
            style_function=lambda f: {
                "color": style.outline,
                "weight": 1.2,
                "dashArray": "4 4",
                "fillColor": style.colour,
                "fillOpacity": 0.04 if f["properties"]["origin"] == "context" else 0.1,
            },
            tooltip=tooltip(),
            **where,
        ).add_to(group)


def _add_force_points(group: folium.FeatureGroup, layer: ForceLayer) -> None:
    half = TARGET_PX // 2

    def anchor(feature: dict[str, Any]) -> dict[str, Any]:
        # Merged into each marker's icon options by folium: the anchor is the point of the
        # icon that sits on the position, so an offset of (dx, dy) moves it by -(dx, dy).
        dx, dy = layer.offsets.get(feature["properties"]["id"], (0, 0))
        return {"iconAnchor": [half - dx, half - dy]}

    for context, collection in layer.points.items():
        MapGeoJson(
            collection,
            marker=folium.Marker(
                icon=folium.DivIcon(
                    html=marker_html(layer.actor.style, hollow=context),
                    icon_size=(TARGET_PX, TARGET_PX),
                    icon_anchor=(half, half),
                    class_name="dz-force-icon",
                )
            ),
            style_function=anchor,
            tooltip=tooltip(),
        ).add_to(group)
