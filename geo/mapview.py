"""Build the folium map: the story's geography, drawn honestly, with no network.

The only module that imports folium. The base map is deterministic (no random
ids from popups), so Streamlit reruns do not re-mount it; what changes with the
reader's choices (the selection highlight, later the force layers) goes into
feature groups that streamlit-folium swaps in place.

Everything sent to the browser from data passes through ``escape_for_folium``:
GeoJSON properties carry only an ``id`` slug and a pre-escaped ``tip``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape as html_escape
from typing import Any

import folium
import geopandas as gpd
import shapely
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import FastMarkerCluster, StripePattern
from folium.template import Template
from shapely.geometry import mapping

from geo.assets import STREAMLIT_STATIC_URL, localize_assets
from geo.loading import Dataset
from geo.safety import escape_for_folium

# Okabe-Ito, a colour-blind-safe palette; every layer also differs in line
# pattern or shape, so colour is never the only cue.
PALETTE = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#6b6b6b",
}
BACKGROUND = "#e8edf1"
STORY_PLACES = ("lheiban", "debaga")
PLACES_PANE = "places"
LABELS_PANE = "labels"
UTM_38N = "EPSG:32638"
# A 1x1 transparent GIF for tiles that fail offline: no broken-image icons.
TRANSPARENT_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

ONLINE_TILES = (
    (
        "OpenStreetMap (online only)",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors",
    ),
    (
        "Satellite, Esri World Imagery (online only)",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles &copy; Esri and its data providers",
    ),
)

_CSS = f"""
<style>
html body .leaflet-container {{ background: {BACKGROUND}; }}
.dz-label {{ pointer-events: none; white-space: nowrap; width: max-content;
  font: 12px/1.2 system-ui, sans-serif; color: #222;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; }}
.dz-label.dz-province {{ font-size: 11px; color: #555; letter-spacing: .06em;
  text-transform: uppercase; }}
.dz-label.dz-story {{ font-size: 13px; font-weight: 700; color: #222; }}
.dz-label.dz-place-story {{ font-weight: 700; font-size: 13px; }}
.dz-label.dz-approx {{ font-style: italic; }}
/* Long tooltips wrap instead of running out of the map (Leaflet's default is nowrap). */
.leaflet-tooltip {{ white-space: normal; width: max-content; max-width: 220px; }}
</style>
"""


@dataclass(frozen=True)
class LonLat:
    """A position in GeoJSON axis order (longitude first)."""

    lon: float
    lat: float

    def leaflet(self) -> list[float]:
        """Leaflet's [lat, lon] order: the one place the axes flip."""
        return [self.lat, self.lon]


INITIAL_CENTRE = LonLat(44.2, 35.0)
INITIAL_ZOOM = 7


def build_map(
    dataset: Dataset,
    passage_counts: Mapping[str, int] | None = None,
    *,
    actors: Sequence[Any] = (),
    assets_base_url: str = STREAMLIT_STATIC_URL,
) -> folium.Map:
    """The base map: provinces, the Kurdistan Region, the zone, the ridge, places."""
    counts = passage_counts or {}
    m = folium.Map(
        location=INITIAL_CENTRE.leaflet(),
        zoom_start=INITIAL_ZOOM,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        # Leaflet.markercluster needs the map's own maxZoom; folium passes its
        # max_zoom only to a tile layer, which tiles=None leaves out.
        maxZoom=18,
        minZoom=5,
    )
    m.get_root().header.add_child(folium.Element(_CSS))
    _DefaultIconPath(f"{assets_base_url}/leaflet/images/").add_to(m)
    _FocusWithoutScroll().add_to(m)
    for name, url, attribution in ONLINE_TILES:
        folium.TileLayer(
            tiles=url,
            attr=attribution,
            name=name,
            overlay=True,
            show=False,
            control=True,
            errorTileUrl=TRANSPARENT_TILE,
            max_zoom=18,
        ).add_to(m)

    folium.map.CustomPane(LABELS_PANE, z_index=640, pointer_events=False).add_to(m)
    # Above the force symbols (markerPane, 600), below tooltips (tooltipPane, 650).
    folium.map.CustomPane(PLACES_PANE, z_index=645).add_to(m)
    provinces = dataset.layer("provinces")
    _add_provinces(m, provinces, counts)
    _add_region(m, dataset.layer("region"), counts)
    _add_zone(m, dataset.layer("zone"), counts)
    _add_ridge(m, dataset.layer("qarachok"), counts)
    _add_places(m, dataset.layer("places"), counts)
    _add_labels(m, provinces, dataset.layer("places"))
    if actors:
        _ForcePatterns(actors).add_to(m)
    _ClusterAssets().add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    story = provinces[provinces["role"] == "story"] if "role" in provinces else provinces
    if not story.empty:
        minx, miny, maxx, maxy = story.total_bounds
        fit = folium.map.FitBounds([LonLat(minx, miny).leaflet(), LonLat(maxx, maxy).leaflet()])
        # Jump, do not glide: the map is created at INITIAL_ZOOM, and when the fitted zoom is
        # the same Leaflet pans there in a quarter-second animation; a click during it lands
        # on whatever slides under the pointer.
        fit.options["animate"] = False
        fit.add_to(m)
    localize_assets(m, assets_base_url)
    return m


class _DefaultIconPath(MacroElement):
    """Set Leaflet's default icon folder before any marker is made.

    Inside st_folium, Leaflet cannot detect it (leaflet.css is not loaded yet when
    markers are created) and requests ``.../vendor/leafletmarker-icon.png``: a 404.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.path|tojson }};
        {% endmacro %}"""
    )

    def __init__(self, path: str) -> None:
        super().__init__()
        self._name = "DefaultIconPath"
        self.path = path


class _FocusWithoutScroll(MacroElement):
    """Let Leaflet focus the map on mouse-down without scrolling the page.

    Leaflet's keyboard handler focuses the map container on every mouse-down. When the
    map's iframe reaches below the window, the browser scrolls the page to show it,
    between mouse-down and mouse-up: the press and the release land on different
    features and the click is lost. ``preventScroll`` keeps the page still; keyboard
    panning works as before.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function (container) {
            var focus = container.focus;
            container.focus = function (options) {
                focus.call(container, Object.assign({preventScroll: true}, options || {}));
            };
        })({{ this._parent.get_name() }}.getContainer());
        {% endmacro %}"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "FocusWithoutScroll"


def selection_group(dataset: Dataset, feature_id: str | None) -> folium.FeatureGroup:
    """A feature group outlining the selected feature (empty when none)."""
    group = folium.FeatureGroup(name="Selection", control=False)
    if feature_id is None:
        return group
    feature = _find(dataset, feature_id)
    if feature is None:
        return group
    geom = feature.geometry
    if geom.geom_type == "Point":
        folium.CircleMarker(
            location=LonLat(geom.x, geom.y).leaflet(),
            radius=14,
            color=PALETTE["black"],
            weight=3,
            fill=False,
        ).add_to(group)
    else:
        folium.GeoJson(
            {"type": "Feature", "properties": {"id": feature_id}, "geometry": mapping(geom)},
            style_function=lambda _f: {
                "color": PALETTE["black"],
                "weight": 4,
                "fill": False,
                "opacity": 0.9,
            },
        ).add_to(group)
    localize_assets(group)
    return group


def feature_centre(dataset: Dataset, feature_id: str) -> LonLat | None:
    """Where to centre the map for a feature: a point inside it."""
    feature = _find(dataset, feature_id)
    if feature is None:
        return None
    point = (
        feature.geometry.representative_point()
        if feature.geometry.geom_type != "Point"
        else feature.geometry
    )
    return LonLat(round(point.x, 5), round(point.y, 5))


def tip_text(props: Mapping[str, Any], count: int | None) -> str:
    """The hover text for a feature: name, kind, certainty, passage count (plain text)."""
    parts = [str(props.get("name", "")), str(props.get("kind", ""))]
    certainty = str(props.get("certainty", ""))
    uncertainty = props.get("uncertainty_km")
    if certainty == "approximate" and isinstance(uncertainty, int | float) and uncertainty > 0:
        certainty += f" (±{uncertainty:g} km)"
    parts.append(certainty)
    if count is not None:
        parts.append(f"{count} passage{'s' if count != 1 else ''}")
    return " · ".join(p for p in parts if p)


def _find(dataset: Dataset, feature_id: str) -> Any:
    for frame in dataset.layers.values():
        hit = frame[frame["id"] == feature_id]
        if len(hit):
            return hit.iloc[0]
    return None


def _client_collection(
    frame: gpd.GeoDataFrame, counts: Mapping[str, int], geometries: Any = None
) -> dict[str, Any]:
    """GeoJSON for the browser: geometry, id and escaped tooltip only."""
    features = []
    geoms = frame.geometry if geometries is None else geometries
    for (_, row), geom in zip(frame.iterrows(), geoms, strict=True):
        props = row.drop(labels="geometry").to_dict()
        fid = str(props["id"])
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": fid,
                    # A whitelist, not the data's string: nothing unescaped reaches folium.
                    "role": "story" if props.get("role") == "story" else "context",
                    "tip": escape_for_folium(tip_text(props, counts.get(fid, 0))),
                },
                "geometry": mapping(shapely.set_precision(geom, 1e-5)),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _tooltip() -> folium.GeoJsonTooltip:
    return folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True)


def _add_provinces(m: folium.Map, provinces: gpd.GeoDataFrame, counts: Mapping[str, int]) -> None:
    if provinces.empty:
        return

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        story = feature["properties"].get("role") == "story"
        return {
            "color": "#3d3d3d" if story else "#9a9a9a",
            "weight": 2.2 if story else 0.8,
            "fillColor": "#f7eccf" if story else "#fbfbfb",
            "fillOpacity": 0.9 if story else 0.75,
        }

    folium.GeoJson(
        _client_collection(provinces, counts),
        name="Governorates (Natural Earth)",
        style_function=style,
        highlight_function=lambda _f: {"weight": 3, "color": PALETTE["blue"]},
        tooltip=_tooltip(),
        control=False,
    ).add_to(m)


def _add_region(m: folium.Map, region: gpd.GeoDataFrame, counts: Mapping[str, int]) -> None:
    """The Kurdistan Region's edge, for context: a line, so provinces inside stay clickable."""
    if region.empty:
        return
    folium.GeoJson(
        _client_collection(region, counts, region.geometry.boundary),
        name="Kurdistan Region (approximate edge)",
        style_function=lambda _f: {"color": PALETTE["blue"], "weight": 3, "opacity": 0.8},
        highlight_function=lambda _f: {"weight": 5},
        tooltip=_tooltip(),
        control=False,
    ).add_to(m)


def _add_zone(m: folium.Map, zone: gpd.GeoDataFrame, counts: Mapping[str, int]) -> None:
    if zone.empty:
        return
    stripes = StripePattern(
        angle=-45,
        weight=3,
        space_weight=5,
        color=PALETTE["vermillion"],
        opacity=0.55,
    )
    stripes.add_to(m)
    folium.GeoJson(
        _client_collection(zone, counts),
        name="Disputed zone (schematic)",
        style_function=lambda _f: {
            "color": PALETTE["vermillion"],
            "weight": 2,
            "dashArray": "8 6",
            "fillPattern": stripes,
            "fillOpacity": 1,
        },
        highlight_function=lambda _f: {"weight": 3},
        tooltip=_tooltip(),
        control=False,
    ).add_to(m)


def _add_ridge(m: folium.Map, ridge: gpd.GeoDataFrame, counts: Mapping[str, int]) -> None:
    if ridge.empty:
        return
    bands = _uncertainty_areas(ridge)
    folium.GeoJson(
        _client_collection(ridge, counts, bands),
        name="Qarachok ridge uncertainty",
        style_function=lambda _f: {
            "color": PALETTE["purple"],
            "weight": 1,
            "dashArray": "3 5",
            "fillColor": PALETTE["purple"],
            "fillOpacity": 0.12,
        },
        tooltip=_tooltip(),
        control=False,
    ).add_to(m)
    folium.GeoJson(
        _client_collection(ridge, counts),
        name="Qarachok ridge (approximate)",
        style_function=lambda _f: {
            "color": PALETTE["purple"],
            "weight": 4,
            "dashArray": "10 7",
        },
        highlight_function=lambda _f: {"weight": 6},
        tooltip=_tooltip(),
        control=False,
    ).add_to(m)


def _add_places(m: folium.Map, places: gpd.GeoDataFrame, counts: Mapping[str, int]) -> None:
    if places.empty:
        return
    approximate = places[places["certainty"] != "precise"]
    if not approximate.empty:
        folium.GeoJson(
            _client_collection(approximate, counts, _uncertainty_areas(approximate)),
            name="Position uncertainty",
            style_function=lambda _f: {
                "color": PALETTE["black"],
                "weight": 1.2,
                "dashArray": "4 4",
                "fillColor": PALETTE["black"],
                "fillOpacity": 0.06,
            },
            tooltip=_tooltip(),
            control=False,
        ).add_to(m)

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        fid = feature["properties"]["id"]
        story = fid in STORY_PLACES
        return {
            # Above the force symbols (markerPane, 600), so a place stays clickable.
            "pane": PLACES_PANE,
            "radius": 7 if story else 4,
            "color": "#ffffff",
            "weight": 1.5,
            "fill": True,
            "fillColor": PALETTE["black"] if story else "#4a4a4a",
            "fillOpacity": 1,
        }

    folium.GeoJson(
        _client_collection(places, counts),
        name="Places",
        marker=folium.CircleMarker(),
        style_function=style,
        highlight_function=lambda _f: {"weight": 3, "color": PALETTE["blue"]},
        tooltip=_tooltip(),
        control=False,
    ).add_to(m)


def _add_labels(m: folium.Map, provinces: gpd.GeoDataFrame, places: gpd.GeoDataFrame) -> None:
    """Text labels (DivIcons, no images, no pointer events) so the offline map reads alone."""
    # Towns are named on hover only: at the story's scale their labels collide.
    labelled = places[(places["kind"] == "city") | (places["certainty"] != "precise")]
    for _, row in provinces.iterrows():
        # The pole of inaccessibility sits mid-province, away from edge-side cities; a
        # province holding a labelled city (Baghdad, Sulaymaniyah) gets its label lower
        # down, so the two names do not print over each other.
        point = shapely.get_point(shapely.maximum_inscribed_circle(row.geometry, 0.01), 0)
        classes = "dz-label dz-province" + (" dz-story" if row.get("role") == "story" else "")
        holds_city = bool(labelled.geometry.within(row.geometry).any())
        offset = (0, -22) if holds_city else (0, 0)
        _label(m, LonLat(point.x, point.y), str(row["name"]), classes, offset=offset)
    for _, row in labelled.iterrows():
        classes = "dz-label"
        if row["id"] in STORY_PLACES:
            classes += " dz-place-story"
        if row.get("certainty") != "precise":
            classes += " dz-approx"
        name = str(row["name"]) + (" (approx.)" if row.get("certainty") != "precise" else "")
        _label(m, LonLat(row.geometry.x, row.geometry.y), name, classes, offset=(-8, -4))


def _label(
    m: folium.Map, where: LonLat, text: str, classes: str, offset: tuple[int, int] = (0, 0)
) -> None:
    folium.Marker(
        location=where.leaflet(),
        icon=folium.DivIcon(
            html=f'<div class="{classes}">{escape_for_folium(text)}</div>',
            icon_size=(0, 0),
            icon_anchor=offset,
            class_name="dz-label-icon",
        ),
        # Labels are text, not controls: no click target, no tab stop, no role=button;
        # in their own pane above the force symbols, so the names stay readable.
        interactive=False,
        keyboard=False,
        pane=LABELS_PANE,
    ).add_to(m)


def _uncertainty_areas(frame: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Each feature buffered by its ``uncertainty_km``, measured in UTM 38N."""
    radii_m = frame["uncertainty_km"].fillna(0).astype(float) * 1000.0
    projected = frame.geometry.to_crs(UTM_38N)
    return projected.buffer(radii_m.values, quad_segs=16).to_crs("EPSG:4326")


MAP_NOTE = (
    "Boundaries: Natural Earth governorates. The disputed zone is a schematic band built from "
    "the article's description (up to 40 km wide); no surveyed line exists. Dashed lines, "
    "hatched areas and dashed circles are approximate. Lines imply no endorsement."
)

_SWATCH = "display:inline-block;width:28px;height:14px;flex:none;box-sizing:border-box;"
_LEGEND_ROWS = (
    (
        "background:#f7eccf;border:2px solid #3d3d3d",
        "The article's four provinces (Nineveh, Kirkuk, Salaheddin, Diyala)",
    ),
    ("background:#fbfbfb;border:1px solid #9a9a9a", "Other governorates (context)"),
    (
        f"height:0;border-top:3px solid {PALETTE['blue']}",
        "Kurdistan Region: its governorates' edge (approximate)",
    ),
    (
        f"border:2px dashed {PALETTE['vermillion']};background:repeating-linear-gradient(-45deg,"
        f"{PALETTE['vermillion']}99 0 3px,transparent 3px 7px)",
        "Disputed zone: schematic band, up to 40 km wide",
    ),
    (
        f"height:8px;border-top:3px dashed {PALETTE['purple']};background:{PALETTE['purple']}26",
        "Qarachok ridge: approximate crest, ±5 km band",
    ),
    (
        "width:9px;height:9px;border-radius:50%;background:#4a4a4a;margin:0 9px",
        "Town or city: GeoNames point (precise)",
    ),
    (
        "width:18px;height:18px;border-radius:50%;border:1px dashed #000;margin:0 5px;"
        "background:radial-gradient(circle,#000 0 4px,#0000000f 5px)",
        "Estimated position, with its uncertainty circle",
    ),
)


def legend_html() -> str:
    """A static legend (no data strings in it): swatch and label per map layer."""
    rows = "".join(
        f'<div style="display:flex;align-items:center;gap:8px;margin:2px 0">'
        f'<span aria-hidden="true" style="{_SWATCH}{swatch}"></span><span>{label}</span></div>'
        for swatch, label in _LEGEND_ROWS
    )
    return (
        '<div class="dz-legend" role="list" aria-label="Map legend" '
        'style="font:13px/1.3 system-ui,sans-serif">'
        f"{rows}</div>"
    )


# --- force-presence layers ------------------------------------------------------------
# One feature group per actor, handed to st_folium as `feature_group_to_add`, so
# toggling an actor swaps groups in place: no re-mount, zoom and pan kept. Fill
# patterns are made once in the base map under fixed global names (see
# _ForcePatterns), because a group's script cannot own a pattern added to the map.

# Marker shapes as SVG (24x24 view box); colours come from validated #RRGGBB styles.
_SHAPES = {
    "triangle": '<path d="M12 2 L22 20 L2 20 Z"/>',
    "square": '<rect x="3.5" y="3.5" width="17" height="17"/>',
    "diamond": '<path d="M12 1.5 L22.5 12 L12 22.5 L1.5 12 Z"/>',
    "circle": '<circle cx="12" cy="12" r="9"/>',
    "star": '<path d="M12 1.5 L14.9 8.6 L22.5 9.2 L16.7 14.1 L18.5 21.6 L12 17.6 L5.5 21.6 '
    'L7.3 14.1 L1.5 9.2 L9.1 8.6 Z"/>',
    "cross": '<path d="M4 7.5 L7.5 4 L12 8.5 L16.5 4 L20 7.5 L15.5 12 L20 16.5 L16.5 20 L12 15.5 '
    'L7.5 20 L4 16.5 L8.5 12 Z"/>',
}
_DASHES = {"solid": None, "dashed": "9 6", "dotted": "2 5"}
# Actors share places (three claims sit on Lheiban): each actor's symbol is nudged
# a few pixels in its own direction so none hides another. The uncertainty circle
# stays centred on the true position.
_NUDGE_PX = 14


@dataclass(frozen=True)
class ForceLayer:
    """One actor's features, ready for the browser: computed once, drawn on every run."""

    actor: Any
    ordinal: int
    of: int
    areas: dict[str, Any] | None
    lines: dict[str, Any] | None
    circles: dict[str, Any] | None  # the uncertainty area around each point
    points: dict[bool, dict[str, Any]]  # context? -> points (filled or hollow symbols)


def force_layers(
    dataset: Dataset, actors: Sequence[Any], passage_counts: Mapping[str, int] | None = None
) -> tuple[ForceLayer, ...]:
    """Every actor's features as client GeoJSON (escaped), split by how each is drawn."""
    forces = dataset.layer("forces")
    counts = passage_counts or {}
    layers = []
    for ordinal, actor in enumerate(actors):
        mine = forces[forces["actor"] == actor.id] if not forces.empty else forces
        kinds = mine.geometry.geom_type if not mine.empty else None

        def part(
            frame: gpd.GeoDataFrame, geometries: Any = None, actor: Any = actor
        ) -> dict[str, Any] | None:
            return None if frame.empty else _force_collection(frame, actor, counts, geometries)

        areas = mine[kinds.isin(["Polygon", "MultiPolygon"])] if kinds is not None else mine
        lines = mine[kinds.isin(["LineString", "MultiLineString"])] if kinds is not None else mine
        points = mine[kinds == "Point"] if kinds is not None else mine
        layers.append(
            ForceLayer(
                actor=actor,
                ordinal=ordinal,
                of=len(actors),
                areas=part(areas),
                lines=part(lines),
                circles=part(points, _uncertainty_areas(points)) if not points.empty else None,
                points={
                    bool(context): _force_collection(subset, actor, counts)
                    for context, subset in (
                        points.groupby(points["origin"].eq("context")) if not points.empty else []
                    )
                },
            )
        )
    return tuple(layers)


def force_groups(layers: Sequence[ForceLayer], active: Sequence[str]) -> list[folium.FeatureGroup]:
    """A feature group for each active actor, in the actors' order."""
    groups = []
    for layer in layers:
        if layer.actor.id not in active:
            continue
        group = folium.FeatureGroup(name=f"force-{layer.actor.id}", control=False)
        _add_force_areas(group, layer)
        _add_force_points(group, layer)
        localize_assets(group)
        groups.append(group)
    return groups


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


def pattern_name(actor_id: str) -> str:
    """The global JS name of an actor's fill pattern (actor ids are validated slugs)."""
    return "dzFill" + "".join(part.capitalize() for part in actor_id.split("-"))


def marker_html(style: Any, hollow: bool, size: int = 18) -> str:
    """An SVG symbol for an actor: its shape, its colour; hollow for outside context."""
    fill = "#ffffff" if hollow else style.colour
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 24 24" fill="{fill}" stroke="{style.outline}" stroke-width="2" '
        f'stroke-linejoin="round">{_SHAPES[style.marker]}</svg>'
    )


class _ForcePatterns(JSCSSMixin, MacroElement):
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


class _PatternRef(MacroElement):
    """Stands for a pattern made by _ForcePatterns: folium writes its name, bare, as JS."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._global = name

    def get_name(self) -> str:
        return self._global


def _force_collection(
    frame: gpd.GeoDataFrame, actor: Any, counts: Mapping[str, int], geometries: Any = None
) -> dict[str, Any]:
    collection = _client_collection(frame, counts, geometries)
    for feature, (_, row) in zip(collection["features"], frame.iterrows(), strict=True):
        props = row.drop(labels="geometry").to_dict()
        count = len(props["passages"]) if isinstance(props.get("passages"), list) else 0
        feature["properties"]["tip"] = escape_for_folium(force_tip(props, actor.name, count))
        feature["properties"]["origin"] = (
            "context" if props.get("origin") == "context" else "article"
        )
        feature["properties"]["actor"] = actor.id
    return collection


def _add_force_areas(group: folium.FeatureGroup, layer: ForceLayer) -> None:
    style = layer.actor.style
    pattern = _PatternRef(pattern_name(layer.actor.id))
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
        folium.GeoJson(
            layer.areas,
            style_function=area_style,
            highlight_function=lambda _f: {"weight": 4},
            tooltip=_tooltip(),
        ).add_to(group)
    if layer.lines is not None:
        folium.GeoJson(
            layer.lines,
            style_function=lambda _f: {"color": style.outline, "weight": 3.5, "dashArray": "9 6"},
            highlight_function=lambda _f: {"weight": 6},
            tooltip=_tooltip(),
        ).add_to(group)
    if layer.circles is not None:
        folium.GeoJson(
            layer.circles,
            style_function=lambda f: {
                "color": style.outline,
                "weight": 1.2,
                "dashArray": "4 4",
                "fillColor": style.colour,
                "fillOpacity": 0.04 if f["properties"]["origin"] == "context" else 0.1,
            },
            tooltip=_tooltip(),
        ).add_to(group)


def _add_force_points(group: folium.FeatureGroup, layer: ForceLayer) -> None:
    angle = 2 * math.pi * layer.ordinal / max(layer.of, 1)
    dx, dy = round(_NUDGE_PX * math.cos(angle)), round(_NUDGE_PX * math.sin(angle))
    size = 18
    for context, collection in layer.points.items():
        folium.GeoJson(
            collection,
            marker=folium.Marker(
                icon=folium.DivIcon(
                    html=marker_html(layer.actor.style, hollow=context, size=size),
                    icon_size=(size, size),
                    icon_anchor=(size // 2 - dx, size // 2 - dy),
                    class_name="dz-force-icon",
                )
            ),
            tooltip=_tooltip(),
        ).add_to(group)


# CSS shapes for the legend (st.html strips SVG): the same silhouettes as the markers.
_CLIP = {
    "triangle": "clip-path:polygon(50% 0,100% 100%,0 100%)",
    "square": "",
    "diamond": "clip-path:polygon(50% 0,100% 50%,50% 100%,0 50%)",
    "circle": "border-radius:50%",
    "star": "clip-path:polygon(50% 0,61% 35%,98% 35%,68% 57%,79% 91%,50% 70%,21% 91%,"
    "32% 57%,2% 35%,39% 35%)",
    "cross": "clip-path:polygon(20% 0,50% 30%,80% 0,100% 20%,70% 50%,100% 80%,80% 100%,"
    "50% 70%,20% 100%,0 80%,30% 50%,0 20%)",
}


def _area_css(style: Any) -> str:
    c = style.colour
    fills = {
        "stripes-45": f"repeating-linear-gradient(-45deg,{c} 0 2px,transparent 2px 6px)",
        "stripes-135": f"repeating-linear-gradient(45deg,{c} 0 2px,transparent 2px 6px)",
        "dots": f"radial-gradient({c} 1.5px,transparent 2px) 0 0/6px 6px",
        "crosshatch": f"repeating-linear-gradient(45deg,{c} 0 1px,transparent 1px 6px),"
        f"repeating-linear-gradient(-45deg,{c} 0 1px,transparent 1px 6px)",
        "solid": f"{c}55",
        "outline": "transparent",
    }
    border = {"solid": "solid", "dashed": "dashed", "dotted": "dotted"}[style.line]
    return f"background:{fills[style.pattern]};border:2px {border} {style.outline}"


def force_legend_html(actors: Sequence[Any], active: Sequence[str]) -> str:
    """Legend rows for the active actor layers only (static markup, validated colours)."""
    rows = []
    for actor in actors:
        if actor.id not in active:
            continue
        s = actor.style
        marker = (
            f'<span style="display:inline-block;width:14px;height:14px;'
            f'background:{s.outline};{_CLIP[s.marker]}"></span>'
        )
        inner = (
            f'<span style="position:absolute;left:2px;top:2px;width:10px;height:10px;'
            f'background:{s.colour};{_CLIP[s.marker]}"></span>'
        )
        area = f'<span style="{_SWATCH}{_area_css(s)}"></span>'
        rows.append(
            f'<div class="dz-legend-actor" data-actor="{actor.id}" '
            f'style="display:flex;align-items:center;gap:8px;margin:2px 0">'
            f'<span style="position:relative;width:14px;height:14px;display:inline-block">'
            f"{marker}{inner}</span>"
            f"{area}<span>{html_escape(actor.name)}</span></div>"
        )
    if not rows:
        return '<div class="dz-legend-forces">No force layer is switched on.</div>'
    return (
        '<div class="dz-legend-forces" style="font:13px/1.3 system-ui,sans-serif">'
        + "".join(rows)
        + '<div style="color:#666;margin-top:4px">Filled symbols and patterned areas: the '
        "article's own claims. Hollow symbols, faint areas, dotted edges: context from other "
        "reporting. Dashed circles: how far a position may be off.</div></div>"
    )


# --- synthetic events (scaling benchmark) ---------------------------------------------

# FastMarkerCluster writes `var callback = <this>`: an expression giving the function.
_EVENT_CALLBACK = """(function () {
    var renderer = L.canvas({padding: 0.5});
    return function (row) {
        return L.circleMarker([row[0], row[1]], {renderer: renderer, radius: 3,
            color: "#333333", weight: 1, fillColor: "#999999", fillOpacity: 0.9});
    };
})()"""


class _ClusterAssets(JSCSSMixin, MacroElement):
    """Loads Leaflet.markercluster with the base map, so an events group can use it later.

    streamlit-folium collects scripts from the base map only, not from the groups.
    """

    _template = Template("")
    default_js = [("markerclusterjs", "https://unpkg.invalid/leaflet.markercluster.js")]
    default_css = [
        ("markerclustercss", "https://unpkg.invalid/MarkerCluster.css"),
        ("markerclusterdefaultcss", "https://unpkg.invalid/MarkerCluster.Default.css"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._name = "ClusterAssets"


def events_group(events: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Synthetic events as one clustered layer, points drawn on a canvas."""
    group = folium.FeatureGroup(name="synthetic-events", control=False)
    if not events.empty:
        rows = [[round(p.y, 5), round(p.x, 5)] for p in events.geometry]
        FastMarkerCluster(
            rows, callback=_EVENT_CALLBACK, chunkedLoading=True, control=False
        ).add_to(group)
    localize_assets(group)
    return group
