"""The map's controls and behaviours, each a static script: the map's parameters in the
URL, the view buttons and the view in the URL, tooltip clamping, label collisions, the
overview inset, touch gestures. Data reaches them as JSON options only."""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd

from geo.map.elements import MapScript
from geo.map.features import LonLat
from geo.rules import REGION_LAT, REGION_LON
from geo.safety import escape_for_folium
from geo.storyconfig import StoryConfig

# The overview inset starts minimised on maps narrower than this (phones).
NARROW_MAP_PX = 600
# How long a tooltip opened by a tap stays (static/tooltips.js).
TOUCH_TOOLTIP_MS = 2500
# The page's query parameter (standalone: the hash's) holding the reader's view:
# view=LAT,LON,ZOOM.
VIEW_PARAM = "view"
# ... and the force layers switched on: layers=a,b,c in the actors' order, empty when
# none, absent for the story's default (geo/map/panel.py, static/layers.js).
LAYERS_PARAM = "layers"
# The credit line's prefix (static/attribution.js): Leaflet's name and link, no flag.
LEAFLET_CREDIT = (
    '<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">Leaflet</a>'
)
ZONE_BUTTON = "Whole zone"
FOCUS_BUTTON = "Story focus"


def add_controls(m: folium.Map, provinces: gpd.GeoDataFrame, zone: gpd.GeoDataFrame) -> None:
    """The page-URL layer, tooltip clamping, labels, overview, gestures (views: add_views)."""
    # The URL first: view.js and layers.js read and write through it.
    MapScript("url.js", {"params": [VIEW_PARAM, LAYERS_PARAM]}).add_to(m)
    MapScript("attribution.js", {"prefix": LEAFLET_CREDIT}).add_to(m)
    MapScript("tooltips.js", {"margin": 4, "touchMs": TOUCH_TOOLTIP_MS}).add_to(m)
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


def add_views(
    m: folium.Map,
    story: StoryConfig,
    zone: gpd.GeoDataFrame,
    opening: tuple[float, float, float, float] | None,
) -> None:
    """The view buttons (the whole zone, the story's focus), the opening view framed clear
    of the layer panel, and the view kept in the URL. Added after the panel (view.js
    measures it) and before anything else moves the map."""
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
    options = {
        "views": views,
        "param": VIEW_PARAM,
        "opening": _leaflet_bounds(opening) if opening is not None else None,
        # A link's view must lie in the map's region (geo.rules: the story's own bounds).
        "region": {"lat": list(REGION_LAT), "lon": list(REGION_LON)},
    }
    MapScript("view.js", options).add_to(m)


def overview_data(provinces: gpd.GeoDataFrame, zone: gpd.GeoDataFrame) -> dict[str, Any]:
    """What the overview inset draws: the ids of the governorates and of the zone, whose
    shapes it takes from the main map (drawn before it), and its centre."""
    return {
        "provinces": [str(i) for i in provinces["id"]] if not provinces.empty else [],
        "zone": [str(i) for i in zone["id"]] if not zone.empty else [],
        "centre": _centre(provinces.total_bounds) if not provinces.empty else None,
    }


def _leaflet_bounds(bbox: Any) -> list[list[float]]:
    """(west, south, east, north) as Leaflet's [[south, west], [north, east]]."""
    west, south, east, north = (float(v) for v in bbox)
    return [LonLat(west, south).leaflet(), LonLat(east, north).leaflet()]


def _centre(bbox: Any) -> list[float]:
    west, south, east, north = (float(v) for v in bbox)
    return LonLat((west + east) / 2, (south + north) / 2).leaflet()
