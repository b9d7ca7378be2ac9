"""The base map: provinces, the Kurdistan Region, the zone, the ridge, places, labels,
optional web tiles, the overview inset and the in-map controls.

The base map is deterministic (no random ids from popups), so Streamlit reruns do not
re-mount it; what changes with the reader's choices (selection, force layers, events)
goes into feature groups that streamlit-folium swaps in place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import folium
import geopandas as gpd
import shapely
from folium.plugins import StripePattern
from shapely.geometry import mapping

from geo.assets import STREAMLIT_STATIC_URL
from geo.loading import Dataset
from geo.map.elements import (
    ClusterAssets,
    DefaultIconPath,
    FocusWithoutScroll,
    MapScript,
    StoryMap,
    StyleSheet,
    localize_assets,
)
from geo.map.features import (
    LABELS_PANE,
    PALETTE,
    PLACES_PANE,
    TARGET_PX,
    LonLat,
    client_collection,
    tooltip,
    uncertainty_areas,
)
from geo.map.forces import ForcePatterns
from geo.map.labels import add_labels
from geo.safety import escape_for_folium
from geo.storyconfig import StoryConfig

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
CREATION_ZOOM = 7
# The overview inset starts minimised on maps narrower than this (phones).
NARROW_MAP_PX = 600
# The page's query parameter holding the reader's view: view=LAT,LON,ZOOM.
VIEW_PARAM = "view"
ZONE_BUTTON = "Whole zone"
FOCUS_BUTTON = "Story focus"


def build_map(
    dataset: Dataset,
    passage_counts: Mapping[str, int] | None = None,
    *,
    actors: Sequence[Any] = (),
    story: StoryConfig | None = None,
    assets_base_url: str = STREAMLIT_STATIC_URL,
) -> folium.Map:
    """The base map, opening on the story's focus box (or its provinces).

    ``story`` supplies the story places, the focus box and its label; without it the
    map opens on the story provinces and marks no place as the story's.
    """
    story = story or StoryConfig()
    counts = passage_counts or {}
    provinces = dataset.layer("provinces")
    zone = dataset.layer("zone")
    opening = _opening_bounds(story, provinces)
    centre = _centre(opening) if opening else LonLat(44.2, 35.0)
    m = StoryMap(
        location=centre.leaflet(),
        zoom_start=CREATION_ZOOM,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        # Leaflet.markercluster needs the map's own maxZoom; folium passes its
        # max_zoom only to a tile layer, which tiles=None leaves out.
        maxZoom=18,
        minZoom=5,
    )
    # The title of a standalone map page (inside st_folium the frame has its own).
    m.get_root().title = escape_for_folium(story.title)
    StyleSheet("map.css").add_to(m)
    DefaultIconPath(f"{assets_base_url}/leaflet/images/").add_to(m)
    FocusWithoutScroll().add_to(m)
    # Before the layers: names and keyboard access for every feature as it is added.
    MapScript(
        "access.js",
        {"mapLabel": escape_for_folium(f"Map: {story.title}"), "lang": "en"},
    ).add_to(m)
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
    places = dataset.layer("places")
    _add_provinces(m, provinces, counts)
    _add_region(m, dataset.layer("region"), counts)
    _add_zone(m, zone, counts)
    _add_ridge(m, dataset.layer("qarachok"), counts)
    _add_places(m, places, counts, story.story_places)
    add_labels(m, provinces, places, story.story_places, story.focus_places)
    if actors:
        ForcePatterns(actors).add_to(m)
    ClusterAssets().add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    if opening:
        fit = folium.map.FitBounds([_corner(opening, 0, 1), _corner(opening, 2, 3)])
        # Jump, do not glide: the map is created at CREATION_ZOOM, and when the fitted zoom
        # is the same Leaflet pans there in a quarter-second animation; a click during it
        # lands on whatever slides under the pointer.
        fit.options["animate"] = False
        fit.add_to(m)
    _add_controls(m, story, provinces, zone)
    localize_assets(m, assets_base_url)
    return m


def _opening_bounds(
    story: StoryConfig, provinces: gpd.GeoDataFrame
) -> tuple[float, float, float, float] | None:
    """(west, south, east, north): the focus box, or the story provinces' bounds."""
    if story.opening_view == "focus" and story.focus_bbox is not None:
        return story.focus_bbox
    framed = provinces[provinces["role"] == "story"] if "role" in provinces else provinces
    if framed.empty:
        return None
    return tuple(float(v) for v in framed.total_bounds)  # type: ignore[return-value]


def _centre(bbox: tuple[float, float, float, float]) -> LonLat:
    return LonLat((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2)


def _corner(bbox: Sequence[float], x: int, y: int) -> list[float]:
    return LonLat(float(bbox[x]), float(bbox[y])).leaflet()


def _leaflet_bounds(bbox: Sequence[float]) -> list[list[float]]:
    return [_corner(bbox, 0, 1), _corner(bbox, 2, 3)]


def _add_controls(
    m: folium.Map, story: StoryConfig, provinces: gpd.GeoDataFrame, zone: gpd.GeoDataFrame
) -> None:
    """View buttons, the page-URL view, tooltip clamping, labels, overview, gestures."""
    views = []
    if not zone.empty:
        views.append(
            {"id": "zone", "text": ZONE_BUTTON, "name": ZONE_BUTTON,
             "bounds": _leaflet_bounds(zone.total_bounds)}
        )  # fmt: skip
    if story.focus_bbox is not None:
        views.append(
            {
                "id": "focus",
                "text": FOCUS_BUTTON,
                "name": escape_for_folium(f"{FOCUS_BUTTON}: {story.focus_label}"),
                "bounds": _leaflet_bounds(story.focus_bbox),
            }
        )
    MapScript("view.js", {"views": views, "param": VIEW_PARAM}).add_to(m)
    MapScript("tooltips.js", {"margin": 4}).add_to(m)
    MapScript("labels.js", {"pane": LABELS_PANE}).add_to(m)
    MapScript(
        "overview.js",
        {**overview_data(provinces, zone), "narrowPx": NARROW_MAP_PX},
        js=[("minimap_js", "")],
        css=[("minimap_css", "")],
    ).add_to(m)
    MapScript(
        "gestures.js",
        {},
        js=[("gesture_handling_js", "")],
        css=[("gesture_handling_css", "")],
    ).add_to(m)


def overview_data(provinces: gpd.GeoDataFrame, zone: gpd.GeoDataFrame) -> dict[str, Any]:
    """Light geometry for the overview inset: governorates (story ones flagged), the zone."""
    out: dict[str, Any] = {"provinces": None, "zone": None, "centre": None}
    if not provinces.empty:
        simple = shapely.coverage_simplify(provinces.geometry.values, 0.03)
        out["provinces"] = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"story": role == "story"},
                    "geometry": mapping(shapely.set_precision(geom, 1e-3)),
                }
                for geom, role in zip(
                    simple, provinces.get("role", [""] * len(provinces)), strict=True
                )
            ],
        }
        out["centre"] = _centre(tuple(provinces.total_bounds)).leaflet()
    if not zone.empty:
        out["zone"] = mapping(shapely.set_precision(shapely.simplify(zone.union_all(), 0.02), 1e-3))
    return out


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
        client_collection(provinces, counts, focusable=True),
        name="Governorates (Natural Earth)",
        style_function=style,
        highlight_function=lambda _f: {"weight": 3, "color": PALETTE["blue"]},
        tooltip=tooltip(),
        control=False,
    ).add_to(m)


def _add_region(m: folium.Map, region: gpd.GeoDataFrame, counts: Mapping[str, int]) -> None:
    """The Kurdistan Region's edge, for context: a line, so provinces inside stay clickable."""
    if region.empty:
        return
    folium.GeoJson(
        client_collection(region, counts, region.geometry.boundary),
        name="Kurdistan Region (approximate edge)",
        style_function=lambda _f: {"color": PALETTE["blue"], "weight": 3, "opacity": 0.8},
        highlight_function=lambda _f: {"weight": 5},
        tooltip=tooltip(),
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
        client_collection(zone, counts, focusable=True),
        name="Disputed zone (schematic)",
        style_function=lambda _f: {
            "color": PALETTE["vermillion"],
            "weight": 2,
            "dashArray": "8 6",
            "fillPattern": stripes,
            "fillOpacity": 1,
        },
        highlight_function=lambda _f: {"weight": 3},
        tooltip=tooltip(),
        control=False,
    ).add_to(m)


def _add_ridge(m: folium.Map, ridge: gpd.GeoDataFrame, counts: Mapping[str, int]) -> None:
    if ridge.empty:
        return
    folium.GeoJson(
        client_collection(ridge, counts, uncertainty_areas(ridge)),
        name="Qarachok ridge uncertainty",
        style_function=lambda _f: {
            "color": PALETTE["purple"],
            "weight": 1,
            "dashArray": "3 5",
            "fillColor": PALETTE["purple"],
            "fillOpacity": 0.12,
        },
        tooltip=tooltip(),
        control=False,
    ).add_to(m)
    folium.GeoJson(
        client_collection(ridge, counts, focusable=True),
        name="Qarachok ridge (approximate)",
        style_function=lambda _f: {
            "color": PALETTE["purple"],
            "weight": 4,
            "dashArray": "10 7",
        },
        highlight_function=lambda _f: {"weight": 6},
        tooltip=tooltip(),
        control=False,
    ).add_to(m)


def _add_places(
    m: folium.Map,
    places: gpd.GeoDataFrame,
    counts: Mapping[str, int],
    story_places: Sequence[str],
) -> None:
    """Uncertainty circles, the visible dots, and above them a 24 px hit target per place.

    The dots are drawn only; the invisible hit circle (filled at 0 opacity, which still
    takes clicks) carries the id, the tooltip and the keyboard name.
    """
    if places.empty:
        return
    approximate = places[places["certainty"] != "precise"]
    if not approximate.empty:
        folium.GeoJson(
            client_collection(approximate, counts, uncertainty_areas(approximate)),
            name="Position uncertainty",
            style_function=lambda _f: {
                "color": PALETTE["black"],
                "weight": 1.2,
                "dashArray": "4 4",
                "fillColor": PALETTE["black"],
                "fillOpacity": 0.06,
            },
            tooltip=tooltip(),
            control=False,
        ).add_to(m)

    def dot(feature: dict[str, Any]) -> dict[str, Any]:
        story = feature["properties"]["id"] in story_places
        return {
            # Above the force symbols (markerPane, 600), so a place stays clickable.
            "pane": PLACES_PANE,
            "interactive": False,
            "radius": 7 if story else 4,
            "color": "#ffffff",
            "weight": 1.5,
            "fill": True,
            "fillColor": PALETTE["black"] if story else "#4a4a4a",
            "fillOpacity": 1,
        }

    folium.GeoJson(
        client_collection(places, counts),
        name="Places",
        marker=folium.CircleMarker(),
        style_function=dot,
        control=False,
    ).add_to(m)
    folium.GeoJson(
        client_collection(places, counts, focusable=True),
        name="Place targets",
        marker=folium.CircleMarker(),
        style_function=lambda _f: {
            "pane": PLACES_PANE,
            "className": "dz-place-target",
            "radius": TARGET_PX // 2,
            "color": PALETTE["blue"],
            "weight": 2,
            "opacity": 0,
            "fill": True,
            "fillColor": "#000000",
            "fillOpacity": 0,
        },
        highlight_function=lambda _f: {"opacity": 1},
        tooltip=tooltip(),
        control=False,
    ).add_to(m)
