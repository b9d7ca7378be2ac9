"""The base map: provinces, the Kurdistan Region, the zone, the ridge, places, labels,
optional web tiles, the overview inset and the in-map controls.

The base map is deterministic (no random ids from popups), so Streamlit reruns do not
re-mount it. It holds every actor's force group and the layer panel that switches them
in the browser (``geo.map.panel``); what Python changes with the reader's choices (the
synthetic events, for the benchmark) goes into feature groups streamlit-folium swaps in
place; the reader (geo/reader) outlines a choice and sets the day in the browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import folium
import geopandas as gpd

from geo.assets import STREAMLIT_STATIC_URL
from geo.loading import Dataset
from geo.map.areas_of_control import CONTROL_PANE, control_group
from geo.map.controls import add_controls, add_views
from geo.map.districts import add_district_switch, district_group
from geo.map.elements import (
    ClusterAssets,
    DefaultIconPath,
    FocusWithoutScroll,
    MapScript,
    StoryMap,
    StyleSheet,
    localize_assets,
)
from geo.map.features import LABELS_PANE, PLACES_PANE, SELECTION_PANE, LonLat
from geo.map.forces import ForceLayer, ForcePatterns, force_group, force_layers, force_pane
from geo.map.labels import add_labels
from geo.map.layers import add_places, add_provinces, add_region, add_ridge, add_zone
from geo.map.panel import add_layer_panel
from geo.map.time import add_time
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


def build_map(
    dataset: Dataset,
    passage_counts: Mapping[str, int] | None = None,
    *,
    actors: Sequence[Any] = (),
    story: StoryConfig | None = None,
    assets_base_url: str = STREAMLIT_STATIC_URL,
    as_of: str | None = None,
    clusters: bool = True,
) -> folium.Map:
    """The base map, opening on the story's focus box (or its provinces).

    ``story`` supplies the story places, the focus box and its label, the default layers
    and the map's note; without it the map opens on the story provinces and marks no
    place as the story's. With ``actors``, every actor's force features are in the map,
    one group each, switched by the layer panel inside the map (the URL's ``layers=``
    first, else ``story.default_layers``).

    ``as_of`` ("YYYY-MM-DD") opens the map on that day (``geo.map.time``): only the force
    features and the area of control valid then are drawn; None draws every one. The
    disputed districts are in the map too, behind a switch of their own, off at first.

    ``clusters`` loads Leaflet.markercluster with the map, for the app's synthetic events
    layer (``geo.map.synthetic``; streamlit-folium loads scripts from the base map only);
    False leaves it out, for a page that has no such layer (the published edition).
    """
    story = story or StoryConfig()
    provinces = dataset.layer("provinces")
    zone = dataset.layer("zone")
    opening = _opening_bounds(story, provinces)
    m = _new_map(story, opening, assets_base_url)
    _add_online_tiles(m)
    _add_geography(m, dataset, passage_counts or {}, story)
    control = _add_areas_of_control(m, dataset)
    districts_frame = dataset.layer("districts")
    districts = district_group(districts_frame)
    if districts is not None:
        districts.add_to(m)
    forces, groups = _add_forces(m, dataset, actors)
    folium.map.CustomPane(SELECTION_PANE, z_index=450).add_to(m)
    if clusters:
        ClusterAssets().add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    if opening:
        _fit_without_animation(m, opening)
    add_controls(m, provinces, zone)
    if forces:
        add_layer_panel(m, forces, groups, story)
    add_views(m, story, zone, opening)
    # After the panel, which the districts' switch writes into.
    if districts is not None:
        add_district_switch(m, districts, len(districts_frame))
    add_time(m, as_of, [*groups, *([control] if control is not None else [])], forces)
    localize_assets(m, assets_base_url)
    return m


def _new_map(
    story: StoryConfig,
    opening: tuple[float, float, float, float] | None,
    assets_base_url: str,
) -> StoryMap:
    """The empty map around the opening box's centre, with its title, stylesheets and
    the scripts every later layer relies on."""
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
    StyleSheet("layers.css").add_to(m)
    StyleSheet("time.css").add_to(m)
    StyleSheet("dark.css").add_to(m)  # the controls at night (prefers-color-scheme)
    DefaultIconPath(f"{assets_base_url}/leaflet/images/").add_to(m)
    FocusWithoutScroll().add_to(m)
    # Before the layers: names and keyboard access for every feature as it is added.
    MapScript(
        "access.js",
        {"mapLabel": escape_for_folium(f"Map: {story.title}"), "lang": "en"},
    ).add_to(m)
    return m


def _add_online_tiles(m: folium.Map) -> None:
    """The optional web tiles, off at first (the map works offline without them)."""
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


def _add_geography(
    m: folium.Map, dataset: Dataset, counts: Mapping[str, int], story: StoryConfig
) -> None:
    """Provinces, the Kurdistan Region, the zone, the ridge, places and their labels, with
    the panes of the places and the labels."""
    folium.map.CustomPane(LABELS_PANE, z_index=640, pointer_events=False).add_to(m)
    # Above the force symbols (markerPane, 600), below tooltips (tooltipPane, 650).
    folium.map.CustomPane(PLACES_PANE, z_index=645).add_to(m)
    provinces = dataset.layer("provinces")
    places = dataset.layer("places")
    add_provinces(m, provinces, counts)
    add_region(m, dataset.layer("region"), counts)
    add_zone(m, dataset.layer("zone"), counts)
    add_ridge(m, dataset.layer("qarachok"), counts)
    add_places(m, places, counts, story.story_places)
    add_labels(m, provinces, places, story.story_places, story.focus_places)


def _add_areas_of_control(m: folium.Map, dataset: Dataset) -> folium.FeatureGroup | None:
    """The areas of control of every period, in a pane above the geography and below the
    actors' panes (same z-index, earlier in the page); their group, or None if no area."""
    folium.map.CustomPane(CONTROL_PANE, z_index=400).add_to(m)
    control = control_group(dataset.layer("control"))
    if control is not None:
        control.add_to(m)
    return control


def _add_forces(
    m: folium.Map, dataset: Dataset, actors: Sequence[Any]
) -> tuple[tuple[ForceLayer, ...], list[folium.FeatureGroup]]:
    """Every actor's force layer, each in a feature group and pane of its own (none
    without actors): the layers and their groups, in the actors' order."""
    if not actors:
        return (), []
    forces = force_layers(dataset, actors)
    ForcePatterns(actors).add_to(m)
    # One pane per actor, above the geography (overlayPane, 400; same z-index, later in
    # the page), in the actors' order; the selection above them, symbols above all.
    for layer in forces:
        folium.map.CustomPane(force_pane(layer.actor.id), z_index=400).add_to(m)
    # All on the map at first: see static/layers.js for why (click reporting).
    groups = [force_group(layer).add_to(m) for layer in forces]
    return forces, groups


def _fit_without_animation(m: folium.Map, opening: tuple[float, float, float, float]) -> None:
    """Fit the map to the opening box. Jump, do not glide: the map is created at
    CREATION_ZOOM, and when the fitted zoom is the same Leaflet pans there in a
    quarter-second animation; a click during it lands on whatever slides under the
    pointer."""
    fit = folium.map.FitBounds([_corner(opening, 0, 1), _corner(opening, 2, 3)])
    fit.options["animate"] = False
    fit.add_to(m)


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


def group_host() -> StoryMap:
    """An empty map to hold a run's own feature groups while their script is written.

    streamlit-folium writes a group's script by adding it to a map and naming that map
    ``map_div`` in the result; the cached base map is shared by every session, so each run
    parents its groups here instead (``ui/map_component``)."""
    return StoryMap(tiles=None)
