"""Build the folium map: the story's geography, drawn honestly, with no network.

The only module that imports folium. The base map is deterministic (no random
ids from popups), so Streamlit reruns do not re-mount it; what changes with the
reader's choices (the selection highlight, later the force layers) goes into
feature groups that streamlit-folium swaps in place.

Everything sent to the browser from data passes through ``escape_for_folium``:
GeoJSON properties carry only an ``id`` slug and a pre-escaped ``tip``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import shapely
from branca.element import MacroElement
from folium.plugins import StripePattern
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
.dz-label {{ pointer-events: none; white-space: nowrap; width: max-content; font: 12px/1.2 system-ui, sans-serif;
  color: #222; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; }}
.dz-label.dz-province {{ font-size: 11px; color: #555; letter-spacing: .06em;
  text-transform: uppercase; }}
.dz-label.dz-story {{ font-size: 13px; font-weight: 700; color: #222; }}
.dz-label.dz-place-story {{ font-weight: 700; font-size: 13px; }}
.dz-label.dz-approx {{ font-style: italic; }}
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
    )
    m.get_root().header.add_child(folium.Element(_CSS))
    _DefaultIconPath(f"{assets_base_url}/leaflet/images/").add_to(m)
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

    provinces = dataset.layer("provinces")
    _add_provinces(m, provinces, counts)
    _add_region(m, provinces)
    _add_zone(m, dataset.layer("zone"), counts)
    _add_ridge(m, dataset.layer("qarachok"), counts)
    _add_places(m, dataset.layer("places"), counts)
    _add_labels(m, provinces, dataset.layer("places"))
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    story = provinces[provinces["role"] == "story"] if "role" in provinces else provinces
    if not story.empty:
        minx, miny, maxx, maxy = story.total_bounds
        m.fit_bounds([LonLat(minx, miny).leaflet(), LonLat(maxx, maxy).leaflet()])
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
    point = feature.geometry.representative_point() if feature.geometry.geom_type != "Point" else feature.geometry
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
                    "role": str(props.get("role") or ""),
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


def _add_region(m: folium.Map, provinces: gpd.GeoDataFrame) -> None:
    """The three Kurdistan Region governorates' outer edge, for context."""
    if provinces.empty or "region" not in provinces:
        return
    kurdish = provinces[provinces["region"] == "Kurdistan"]
    if kurdish.empty:
        return
    outline = shapely.union_all(kurdish.geometry.values)
    folium.GeoJson(
        {
            "type": "Feature",
            "properties": {
                "tip": escape_for_folium(
                    "Kurdistan Region governorates (Dohuk, Erbil, Sulaymaniyah): administrative "
                    "boundary; the de facto line of Kurdish control differs"
                )
            },
            "geometry": mapping(shapely.set_precision(outline.boundary, 1e-5)),
        },
        name="Kurdistan Region (governorates)",
        style_function=lambda _f: {"color": PALETTE["blue"], "weight": 3, "opacity": 0.8},
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
    for _, row in provinces.iterrows():
        # The pole of inaccessibility sits mid-province, away from edge-side cities.
        point = shapely.get_point(shapely.maximum_inscribed_circle(row.geometry, 0.01), 0)
        classes = "dz-label dz-province" + (" dz-story" if row.get("role") == "story" else "")
        _label(m, LonLat(point.x, point.y), str(row["name"]), classes)
    for _, row in places.iterrows():
        # Towns are named on hover only: at the story's scale their labels collide.
        if row.get("kind") != "city" and row.get("certainty") == "precise":
            continue
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
        # Labels are text, not controls: no click target, no tab stop, no role=button.
        interactive=False,
        keyboard=False,
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
    ("background:#f7eccf;border:2px solid #3d3d3d",
     "The article's four provinces (Nineveh, Kirkuk, Salaheddin, Diyala)"),
    ("background:#fbfbfb;border:1px solid #9a9a9a", "Other governorates (context)"),
    (f"height:0;border-top:3px solid {PALETTE['blue']}",
     "Kurdistan Region governorates (administrative edge)"),
    (f"border:2px dashed {PALETTE['vermillion']};background:repeating-linear-gradient(-45deg,"
     f"{PALETTE['vermillion']}99 0 3px,transparent 3px 7px)",
     "Disputed zone: schematic band, up to 40 km wide"),
    (f"height:8px;border-top:3px dashed {PALETTE['purple']};background:{PALETTE['purple']}26",
     "Qarachok ridge: approximate crest, ±5 km band"),
    ("width:9px;height:9px;border-radius:50%;background:#4a4a4a;margin:0 9px",
     "Town or city: GeoNames point (precise)"),
    ("width:18px;height:18px;border-radius:50%;border:1px dashed #000;margin:0 5px;"
     "background:radial-gradient(circle,#000 0 4px,#0000000f 5px)",
     "Estimated position, with its uncertainty circle"),
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
        'style="font:13px/1.3 system-ui,sans-serif;columns:2;column-gap:24px">'
        f"{rows}</div>"
    )
