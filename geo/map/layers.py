"""The story's geography on the base map: governorates, the Kurdistan Region's edge, the
disputed zone, the Qarachok ridge, and places with their uncertainty and hit targets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import folium
import geopandas as gpd
from folium.plugins import StripePattern

from geo.geometry import uncertainty_areas
from geo.map.features import PLACES_PANE, MapGeoJson, client_collection, tooltip
from geo.map.shapes import REGION_DECIMALS, REGION_TOLERANCE_M, browser_shapes, coverage_shapes
from geo.palette import PALETTE
from geo.symbols import TARGET_PX


def add_provinces(m: folium.Map, provinces: gpd.GeoDataFrame, counts: Mapping[str, int]) -> None:
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

    MapGeoJson(
        # Simplified for the browser (geo.map.shapes: the published page's byte budget).
        client_collection(provinces, counts, coverage_shapes(provinces), focusable=True),
        name="Governorates (Natural Earth)",
        style_function=style,
        highlight_function=lambda _f: {"weight": 3, "color": PALETTE["blue"]},
        tooltip=tooltip(),
        control=False,
    ).add_to(m)


def add_region(m: folium.Map, region: gpd.GeoDataFrame, counts: Mapping[str, int]) -> None:
    """The Kurdistan Region's edge, for context: a line, so provinces inside stay clickable."""
    if region.empty:
        return
    MapGeoJson(
        client_collection(
            region, counts, browser_shapes(region, REGION_TOLERANCE_M, REGION_DECIMALS).boundary
        ),
        name="Kurdistan Region (approximate edge)",
        style_function=lambda _f: {"color": PALETTE["blue"], "weight": 3, "opacity": 0.8},
        highlight_function=lambda _f: {"weight": 5},
        tooltip=tooltip(),
        control=False,
    ).add_to(m)


def add_zone(m: folium.Map, zone: gpd.GeoDataFrame, counts: Mapping[str, int]) -> None:
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
    MapGeoJson(
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


def add_ridge(m: folium.Map, ridge: gpd.GeoDataFrame, counts: Mapping[str, int]) -> None:
    if ridge.empty:
        return
    MapGeoJson(
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
    MapGeoJson(
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


def add_places(
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
    _add_place_uncertainty(m, places, counts)
    _add_place_dots(m, places, counts, story_places)
    _add_place_targets(m, places, counts)


def _add_place_uncertainty(
    m: folium.Map, places: gpd.GeoDataFrame, counts: Mapping[str, int]
) -> None:
    """A dashed circle of its uncertainty around each place not known precisely."""
    approximate = places[places["certainty"] != "precise"]
    if approximate.empty:
        return
    MapGeoJson(
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


def _add_place_dots(
    m: folium.Map,
    places: gpd.GeoDataFrame,
    counts: Mapping[str, int],
    story_places: Sequence[str],
) -> None:
    """The visible dots, drawn only (no tooltip, no clicks); the story's places larger."""

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

    MapGeoJson(
        client_collection(places, counts, tips=False),
        name="Places",
        marker=folium.CircleMarker(),
        style_function=dot,
        control=False,
    ).add_to(m)


def _add_place_targets(m: folium.Map, places: gpd.GeoDataFrame, counts: Mapping[str, int]) -> None:
    """An invisible 24 px hit circle per place, above the dots: its id, tooltip and
    keyboard name; outlined when hovered."""
    MapGeoJson(
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
