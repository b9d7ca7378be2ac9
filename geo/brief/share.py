"""The share card: the picture a link to the published edition shows when it is shared
(Open Graph's ``og:image``, Twitter's ``summary_large_image``), 1200 × 630 px, drawn by the
brief's renderer: the story's map over its governorates (its own layers and styles, the
places named) at the left, the story's title, standfirst and credit at the right, in type
that stays legible when the card is shown a quarter of its size.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from geo.actors import initial_layers
from geo.brief.mapdraw import draw_map, frame_for, widened
from geo.brief.marks import PLAIN, label_places
from geo.descriptions import attribution
from geo.geometry import to_utm
from geo.story import Story

CARD_PX = (1200, 630)
DPI = 100
MAP_BOX = (0.0, 0.0, 0.5, 1.0)  # left, bottom, width, height (figure fractions)
TEXT_LEFT = 0.54
INK, MUTED = "#1f1f1f", "#4a4a4a"
TITLE_PT, STAND_PT, CREDIT_PT = 28, 17, 12.5
TITLE_CHARS, STAND_CHARS, CREDIT_CHARS = 20, 40, 56
_MARGIN_M = 25_000
TITLE_LINES, STAND_LINES, CREDIT_LINES = 4, 5, 4


def share_image(story: Story) -> bytes:
    """The card as PNG bytes (1200 × 630)."""
    # Imported here as the brief's renderer does it: one drawing at a time (rcParams).
    from geo.brief.page import locked_rendering

    with locked_rendering():
        fig = Figure(figsize=(CARD_PX[0] / DPI, CARD_PX[1] / DPI), dpi=DPI, facecolor="white")
        ax = fig.add_axes(MAP_BOX)
        width_in = MAP_BOX[2] * CARD_PX[0] / DPI
        height_in = MAP_BOX[3] * CARD_PX[1] / DPI
        frame = _frame(story, width_in / height_in)
        layers = initial_layers(story.actors, story.config.default_layers)
        draw_map(ax, story, None, layers, frame)
        FigureCanvasAgg(fig)  # a canvas that measures text, for the names' collisions
        label_places(ax, story, None, layers, frame)
        ax.set_aspect("equal")
        ax.set_axis_off()
        _text(fig, story)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _frame(story: Story, aspect: float) -> tuple[float, ...]:
    """The story's governorates with a margin, widened to ``aspect`` (the whole story at a
    glance: the zone across them, Lheiban in it); the brief's own frame without them."""
    provinces = story.dataset.layer("provinces")
    chosen = provinces[provinces["role"] == "story"] if "role" in provinces else provinces
    if chosen.empty:
        return frame_for(story, None, aspect)
    return widened(tuple(to_utm(chosen).total_bounds), aspect, _MARGIN_M)


def _text(fig: Figure, story: Story) -> None:
    config = story.config
    y = 0.9
    for text, size, chars, lines, colour, weight in (
        (config.title, TITLE_PT, TITLE_CHARS, TITLE_LINES, INK, "bold"),
        (config.standfirst or "", STAND_PT, STAND_CHARS, STAND_LINES, INK, "normal"),
        (attribution(story), CREDIT_PT, CREDIT_CHARS, CREDIT_LINES, MUTED, "normal"),
    ):
        if not text:
            continue
        wrapped = textwrap.wrap(text, chars)
        if len(wrapped) > lines:
            wrapped = wrapped[:lines]
            wrapped[-1] = wrapped[-1].rstrip(" .,;:") + "…"
        fig.text(TEXT_LEFT, y, "\n".join(wrapped), fontsize=size, color=colour,
                 weight=weight, va="top", linespacing=1.25, **PLAIN)  # fmt: skip
        y -= len(wrapped) * size * 1.25 * 1.38 / (CARD_PX[1] * 72 / DPI) + 0.05
