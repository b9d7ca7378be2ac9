"""What sits on the brief's map besides the geography: each actor's areas, lines and
symbols, place names, the scale bar and the north arrow (all in UTM 38N metres).

Never colour alone: each actor has a marker shape, a hatch and a line style from
actors.json; claims from outside the article are hollow symbols.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.patheffects import withStroke
from matplotlib.transforms import offset_copy

from geo.actors import ActorStyle
from geo.brief.content import clipped
from geo.geometry import lon_lat_to_utm, to_utm, uncertainty_areas, utm_to_lon_lat
from geo.story import Story
from geo.symbols import symbol_offsets

# actors.json marker -> matplotlib marker.
MARKERS = {"triangle": "^", "square": "s", "diamond": "D", "circle": "o", "star": "*", "cross": "X"}
# actors.json pattern -> matplotlib hatch (None: plain fill or outline).
HATCHES = {"stripes-45": "///", "stripes-135": "\\\\\\", "dots": "..", "crosshatch": "xx"}
LINESTYLES = {"solid": "-", "dashed": "--", "dotted": ":"}
HALO = [withStroke(linewidth=2.6, foreground="white")]
# Text artists never read mathtext or TeX: a name like "$x^2$" stays those characters.
PLAIN = {"parse_math": False, "usetex": False}
# The map's offsets are CSS pixels around a 24 px target; on paper 0.6 pt each, so the
# symbols clear the ring that marks the brief's place.
PT_PER_PX = 0.6
LABEL_CHARS = 28  # a longer name is cut (the text below the map gives it whole)


def scale_bar(ax: Axes, frame: tuple) -> None:
    """A two-tone bar of a round number of km at the lower left: true, as the axes are UTM."""
    width_km = (frame[1] - frame[0]) / 1000
    step = 10 ** math.floor(math.log10(width_km / 4))
    length = max(s * step for s in (1, 2, 5) if s * step <= width_km / 4)
    x, y = frame[0] + 0.04 * (frame[1] - frame[0]), frame[2] + 0.04 * (frame[3] - frame[2])
    height = 0.012 * (frame[3] - frame[2])
    for i in range(2):
        colour = "black" if i == 0 else "white"
        ax.add_patch(
            Rectangle(
                (x + i * length * 500, y),
                length * 500,
                height,
                facecolor=colour,
                edgecolor="black",
                lw=0.8,
                zorder=20,
            )
        )
    ax.text(
        x + length * 500,
        y + height * 1.6,
        f"{length:g} km",
        ha="center",
        va="bottom",
        fontsize=7,
        zorder=20,
        path_effects=HALO,
        **PLAIN,
    )
    ax.text(
        x,
        y + height * 1.6,
        "0",
        ha="center",
        va="bottom",
        fontsize=7,
        zorder=20,
        path_effects=HALO,
        **PLAIN,
    )


def north_arrow(ax: Axes, frame: tuple) -> None:
    """An arrow to true north at the upper right (UTM grid north differs by under a degree
    here; the arrow is drawn along the true meridian all the same)."""
    x = frame[1] - 0.06 * (frame[1] - frame[0])
    y = frame[3] - 0.13 * (frame[3] - frame[2])
    length = 0.07 * (frame[3] - frame[2])
    lon, lat = utm_to_lon_lat(x, y)
    nx, ny = lon_lat_to_utm(lon, lat + 0.05)
    angle = math.atan2(nx - x, ny - y)
    tip = (x + length * math.sin(angle), y + length * math.cos(angle))
    ax.annotate(
        "",
        xy=tip,
        xytext=(x, y),
        zorder=20,
        arrowprops={"arrowstyle": "-|>", "lw": 1.6, "color": "black", "mutation_scale": 14},
    )
    ax.text(
        tip[0],
        tip[1] + 0.01 * (frame[3] - frame[2]),
        "N",
        ha="center",
        va="bottom",
        fontsize=9,
        weight="bold",
        zorder=20,
        path_effects=HALO,
        **PLAIN,
    )


def draw_forces(ax: Axes, story: Story, forces: gpd.GeoDataFrame, actor_ids: Sequence[str]) -> list:
    """Every shown actor's areas, lines and symbols; return the legend's rows (one per
    actor, and what a hollow symbol means if one is drawn)."""
    legend = []
    hollow_used = False
    # Symbols sharing a position go on a ring around it, as on the map (geo.symbols).
    shown = story.dataset.layer("forces")
    shown = shown[shown["actor"].isin(actor_ids)] if not shown.empty else shown
    offsets = symbol_offsets(shown, story.dataset.layer("places"), list(actor_ids))
    for actor in story.actors:
        if actor.id not in actor_ids:
            continue
        mine = forces[forces["actor"] == actor.id] if not forces.empty else forces
        handle, hollow = _draw_actor(ax, actor.style, mine, offsets)
        hollow_used = hollow_used or hollow
        legend.append((handle, actor.name))
    if hollow_used:
        legend.append(
            (
                Line2D([], [], marker="o", ls="", color="white", mec="black", ms=8),
                "Hollow: context from outside the article",
            )
        )
    return legend


def _draw_actor(
    ax: Axes, style: ActorStyle, mine: gpd.GeoDataFrame, offsets: dict[str, tuple[int, int]]
) -> tuple[Any, bool]:
    """One actor's areas, lines and symbols; its key entry, and whether any of its
    symbols is hollow (context from outside the article)."""
    kinds = mine.geom_type if not mine.empty else pd.Series(dtype=str)
    areas = mine[kinds.isin(["Polygon", "MultiPolygon"])]
    lines = mine[kinds.isin(["LineString", "MultiLineString"])]
    points = mine[kinds == "Point"]
    ls = LINESTYLES.get(style.line, "-")
    hatch = HATCHES.get(style.pattern)
    area_key = None
    if not areas.empty:
        fill = "none" if style.pattern == "outline" or hatch else style.colour + "33"
        areas.plot(
            ax=ax,
            facecolor=fill,
            edgecolor=style.outline,
            hatch=hatch,
            lw=1.2,
            ls=ls,
            zorder=3,
            alpha=0.9,
        )
        area_key = Patch(facecolor=fill, edgecolor=style.outline, hatch=hatch, ls=ls)
    if not lines.empty:
        lines.plot(ax=ax, color=style.colour, lw=2.2, ls=ls, zorder=4)
    hollow = _draw_symbols(ax, style, points, offsets) if not points.empty else False
    handle = Line2D(
        [],
        [],
        marker=MARKERS.get(style.marker, "o"),
        color=style.colour,
        mec=style.outline,
        ms=8,
        ls=ls,
        lw=1.2,
    )
    # An actor with areas: its hatch behind its symbol, as one key entry.
    return ((area_key, handle) if area_key is not None else handle), hollow


def _draw_symbols(
    ax: Axes, style: ActorStyle, points: gpd.GeoDataFrame, offsets: dict[str, tuple[int, int]]
) -> bool:
    """An actor's point claims: each one's uncertainty circle, and its symbol moved by its
    offset on the ring (hollow for context); whether any is hollow."""
    uncertainty_areas(points).plot(
        ax=ax, facecolor="none", edgecolor=style.outline, lw=0.6, ls=":", zorder=3
    )
    for row in points.itertuples():
        dx, dy = offsets.get(str(row.id), (0, 0))
        hollow = row.origin == "context"
        ax.plot(
            row.geometry.x,
            row.geometry.y,
            marker=MARKERS.get(style.marker, "o"),
            ms=9,
            mfc="white" if hollow else style.colour,
            mec=style.outline,
            mew=1.2,
            zorder=7,
            transform=offset_copy(
                ax.transData, ax.figure, dx * PT_PER_PX, -dy * PT_PER_PX, units="points"
            ),
        )
    return bool(points["origin"].eq("context").any())


def label_places(
    ax: Axes, story: Story, place_id: str | None, actor_ids: Sequence[str], frame: tuple
) -> None:
    """Names of the places in view, most important first; a label that would overlap one
    already drawn is left out (the map's own labels do the same). Needs a canvas that can
    measure text (Agg), attached after drawing: geopandas redraws a canvas after each plot."""
    places = in_utm(story.dataset.layer("places"))
    if places.empty:
        return
    rank = {"city": 1, "town": 2, "village": 2}
    order = sorted(
        places.itertuples(),
        key=lambda r: (
            r.id != place_id,
            r.id not in story.config.story_places,
            rank.get(r.kind, 3),
            str(r.name),
        ),
    )
    forces = story.dataset.layer("forces")
    forces = forces[forces["actor"].isin(actor_ids)] if not forces.empty else forces
    ringed = {str(pid) for pid in forces.get("at_place", pd.Series(dtype=str)).dropna()}
    renderer = ax.figure.canvas.get_renderer()
    taken = []
    for row in order:
        x, y = row.geometry.x, row.geometry.y
        if not (frame[0] < x < frame[1] and frame[2] < y < frame[3]):
            continue
        bold = row.id == place_id or row.id in story.config.story_places
        # Clear of the dot, the selection ring, or the force symbols around the place.
        gap = 24 if row.id in ringed else 10 if row.id == place_id else 6 if bold else 4
        text = ax.annotate(
            clipped(str(row.name), LABEL_CHARS),
            (x, y),
            xytext=(gap, 0),
            textcoords="offset points",
            fontsize=8 if bold else 7,
            weight="bold" if bold else "normal",
            va="center",
            zorder=8,
            path_effects=HALO,
            annotation_clip=True,
            **PLAIN,
        )
        box = text.get_window_extent(renderer)
        if (
            any(box.overlaps(other) for other in taken)
            or box.x1 > ax.get_window_extent(renderer).x1
        ):
            text.remove()
            continue
        taken.append(box)


def in_utm(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame if frame.empty else to_utm(frame)
