"""The brief's map: the story's layers drawn with geopandas in UTM 38N (EPSG:32638), so a
kilometre is the same length everywhere on the page and the scale bar is true.

Styles follow the interactive map (geo.map's palette and choices) and never rely on colour
alone: the zone is hatched with a dashed edge (level lines, where the web map has diagonal
stripes: on paper the actors' areas have the diagonals, and in grey the two would merge),
approximate edges and uncertainty circles are dashed, and each actor's marks are in
``geo.brief.marks``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from geo.brief.marks import draw_forces, in_utm
from geo.geometry import UTM_38N, lon_lat_to_utm, to_utm, uncertainty_areas
from geo.palette import PALETTE
from geo.story import Story

STORY_FILL, CONTEXT_FILL = "#f7eccf", "#fbfbfb"
_MIN_HALF_M = 30_000  # a place is framed at least 60 km across
_MARGIN_M = 15_000


def frame_for(story: Story, place_id: str | None, aspect: float) -> tuple[float, ...]:
    """(xmin, xmax, ymin, ymax) in UTM metres, widened to the axes' width/height ``aspect``:
    the chosen place with a margin, else the story's focus box, else the zone."""
    layers = story.dataset.layers
    if place_id is not None:
        row = _feature(story, place_id)
        radius = float(row.get("uncertainty_km") or 0) * 1000
        geom = to_utm(gpd.GeoSeries([row.geometry], crs="EPSG:4326")).iloc[0]
        geom = geom.buffer(radius) if radius > 0 else geom  # a point's buffer(0) is empty
        x0, y0, x1, y1 = geom.bounds
        x0, y0, x1, y1 = x0 - _MARGIN_M, y0 - _MARGIN_M, x1 + _MARGIN_M, y1 + _MARGIN_M
    elif story.config.focus_bbox is not None:
        west, south, east, north = story.config.focus_bbox
        corners = [lon_lat_to_utm(lon, lat) for lon in (west, east) for lat in (south, north)]
        x0, y0 = min(c[0] for c in corners), min(c[1] for c in corners)
        x1, y1 = max(c[0] for c in corners), max(c[1] for c in corners)
    else:
        name = "zone" if not layers.get("zone", gpd.GeoDataFrame()).empty else "provinces"
        x0, y0, x1, y1 = to_utm(story.dataset.layer(name)).total_bounds
    return widened((x0, y0, x1, y1), aspect)


def widened(box: tuple[float, ...], aspect: float, margin: float = 0.0) -> tuple[float, ...]:
    """(xmin, xmax, ymin, ymax) of ``box`` (xmin, ymin, xmax, ymax, in UTM metres) with
    ``margin`` around it, widened about its centre to the width/height ``aspect``."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w = max((x1 - x0) / 2 + margin, _MIN_HALF_M)
    half_h = max((y1 - y0) / 2 + margin, _MIN_HALF_M)
    if half_w / half_h < aspect:
        half_w = half_h * aspect
    else:
        half_h = half_w / aspect
    return cx - half_w, cx + half_w, cy - half_h, cy + half_h


Legend = list[tuple[Any, str]]  # (handle, label): the legend's rows


def draw_map(
    ax: Axes, story: Story, place_id: str | None, actor_ids: Sequence[str], frame: tuple
) -> Legend:
    """Draw every layer into ``ax`` (already in UTM metres); return the legend's handles."""
    layer = {name: in_utm(story.dataset.layer(name)) for name in story.dataset.layers}
    empty = gpd.GeoDataFrame(geometry=[], crs=UTM_38N)
    places = layer.get("places", empty)
    ridge = layer.get("qarachok", empty)
    legend: Legend = [
        *_draw_provinces(ax, layer.get("provinces", empty)),
        *_draw_region(ax, layer.get("region", empty)),
        *_draw_zone(ax, layer.get("zone", empty)),
        *_draw_uncertainty(ax, places, ridge),
        *_draw_ridge(ax, ridge),
        *draw_forces(ax, story, layer.get("forces", empty), actor_ids),
        *_draw_places(ax, places, story.config.story_places),
    ]
    if place_id is not None:
        _highlight(ax, story, place_id)
        legend.append(
            (Line2D([], [], color=PALETTE["blue"], lw=2.5), "The place this brief is about")
        )
    ax.set_xlim(frame[0], frame[1])
    ax.set_ylim(frame[2], frame[3])
    ax.set_xlabel("")
    ax.set_ylabel("")
    return legend


def _draw_provinces(ax: Axes, provinces: gpd.GeoDataFrame) -> Legend:
    """Governorates: the story's filled warm, the others pale."""
    if provinces.empty:
        return []
    story_rows = provinces["role"].eq("story") if "role" in provinces else False
    provinces[~story_rows].plot(ax=ax, facecolor=CONTEXT_FILL, edgecolor="#9a9a9a", lw=0.5)
    provinces[story_rows].plot(ax=ax, facecolor=STORY_FILL, edgecolor="#3d3d3d", lw=1.1)
    return [(Patch(facecolor=STORY_FILL, edgecolor="#3d3d3d"), "Story governorate")]


def _draw_region(ax: Axes, region: gpd.GeoDataFrame) -> Legend:
    """The Kurdistan Region's approximate edge, dashed."""
    if region.empty:
        return []
    region.boundary.plot(ax=ax, color=PALETTE["blue"], lw=1.6, ls="--", gapcolor="white")
    return [
        (
            Line2D([], [], color=PALETTE["blue"], lw=1.6, ls="--"),
            "Kurdistan Region (approximate edge)",
        )
    ]


def _draw_zone(ax: Axes, zone: gpd.GeoDataFrame) -> Legend:
    """The disputed zone, hatched inside a dashed edge: schematic."""
    if zone.empty:
        return []
    zone.plot(ax=ax, facecolor="none", edgecolor=PALETTE["vermillion"], hatch="--", lw=0)
    zone.boundary.plot(ax=ax, color=PALETTE["vermillion"], lw=1.6, ls="--")
    return [
        (
            Patch(facecolor="none", edgecolor=PALETTE["vermillion"], hatch="-----", ls="--"),
            "Disputed zone (schematic)",
        )
    ]


def _draw_uncertainty(ax: Axes, places: gpd.GeoDataFrame, ridge: gpd.GeoDataFrame) -> Legend:
    """A dashed circle around each place not known precisely, a band along the ridge."""
    rough = places[places["certainty"] != "precise"] if not places.empty else places
    for frame_ in (rough, ridge):
        if not frame_.empty:
            uncertainty_areas(frame_).plot(
                ax=ax, facecolor="#00000010", edgecolor="#222222", lw=0.8, ls="--"
            )
    if rough.empty and ridge.empty:
        return []
    return [
        (
            Patch(facecolor="#00000010", edgecolor="#222222", ls="--"),
            "Uncertainty (dashed circle or band)",
        )
    ]


def _draw_ridge(ax: Axes, ridge: gpd.GeoDataFrame) -> Legend:
    """The Qarachok ridge's approximate crest."""
    if ridge.empty:
        return []
    ridge.plot(ax=ax, color=PALETTE["purple"], lw=3, ls="--")
    return [
        (
            Line2D([], [], color=PALETTE["purple"], lw=3, ls="--"),
            "Qarachok ridge (approximate crest)",
        )
    ]


def _draw_places(ax: Axes, places: gpd.GeoDataFrame, story_places: Sequence[str]) -> Legend:
    """Places as dots above the forces; the story's larger."""
    if places.empty:
        return []
    big = places["id"].isin(story_places)
    places[~big].plot(ax=ax, color="#4a4a4a", markersize=14, edgecolor="white", lw=0.8, zorder=6)
    places[big].plot(ax=ax, color="black", markersize=42, edgecolor="white", lw=1, zorder=6)
    return [
        (
            Line2D([], [], marker="o", ls="", color="black", mec="white"),
            "Place (larger: the story's)",
        )
    ]


def _highlight(ax: Axes, story: Story, place_id: str) -> None:
    row = _feature(story, place_id)
    geom = to_utm(gpd.GeoSeries([row.geometry], crs="EPSG:4326"))
    if row.geometry.geom_type == "Point":
        geom.plot(
            ax=ax,
            marker="o",
            facecolor="none",
            edgecolor=PALETTE["blue"],
            markersize=260,
            lw=2.5,
            zorder=9,
        )
    elif row.geometry.geom_type in ("Polygon", "MultiPolygon"):
        geom.boundary.plot(ax=ax, color=PALETTE["blue"], lw=2.5, zorder=9)
    else:
        geom.plot(ax=ax, color=PALETTE["blue"], lw=1.5, zorder=9)


def _feature(story: Story, place_id: str) -> Any:
    for frame in story.dataset.layers.values():
        hit = frame[frame["id"] == place_id]
        if len(hit):
            return hit.iloc[0]
    raise KeyError(place_id)
