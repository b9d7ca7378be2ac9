"""The brief's pages: A4 portrait, the map with its key, scale and north arrow on the first,
the place's facts and the cited passages below it, continuing on further pages.

Figures are made with ``matplotlib.figure.Figure`` (no pyplot and its figure manager), and
one brief at a time, under a lock: rcParams are global, and a Streamlit server serves
several sessions from threads. Every text artist is plain text (``parse_math=False``,
``usetex=False``): a ``$...$`` in a name is printed, never read as mathtext. PDF fonts are
embedded as Type 3 (``pdf.fonttype`` 3), which matplotlib writes itself with each glyph's
Unicode, so the text layer can be searched and copied (Arabic too: tests/test_brief.py):
TrueType (42) reads the same but costs fontTools' subsetting, half of every brief's time
(0.5 s of 0.9 s for a place, measured), and a server makes them for many readers.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import textwrap
import threading
import warnings
from collections.abc import Iterator, Sequence

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from PIL import Image

from geo.brief.content import BriefText, Line, brief_text, paginate
from geo.brief.mapdraw import draw_map, frame_for
from geo.brief.marks import PLAIN, label_places, north_arrow, scale_bar
from geo.story import Story

A4_INCHES = (8.27, 11.69)
PNG_DPI = 110
MARGIN = 0.06  # of the page width
MAP_BOX = (0.06, 0.47, 0.58, 0.44)  # left, bottom, width, height (figure fractions)
KEY_LEFT = 0.66
BODY_PT, HEADING_PT = 7.6, 9.0
LINE_STEP = 0.0125  # figure fraction per body line (about 10.5 pt)
TAG_WIDTH = 0.13  # room for a passage id or a fact's name
WRAP_CHARS = 100  # DejaVu Sans at 7.6 pt across the text column
FIRST_PAGE_LINES = int((MAP_BOX[1] - 0.07) / LINE_STEP)
LATER_PAGE_LINES = int((0.93 - 0.06) / LINE_STEP)
# matplotlib's settings are global and it is not thread-safe: a Streamlit server renders
# briefs for several sessions at once, so one brief is drawn at a time (a few seconds).
_RENDERING = threading.Lock()
RC = {
    "font.family": "DejaVu Sans",
    "text.parse_math": False,
    "text.usetex": False,
    "pdf.fonttype": 3,
    "hatch.linewidth": 0.8,
}


@contextlib.contextmanager
def locked_rendering() -> Iterator[None]:
    """One drawing at a time, with the brief's settings (matplotlib's are global)."""
    with _RENDERING, matplotlib.rc_context(RC), warnings.catch_warnings():
        # A character DejaVu Sans lacks prints as a box; the PDF's text layer still has it.
        warnings.filterwarnings(
            "ignore", message="Glyph .* missing from font", category=UserWarning
        )
        # A story missing a layer (a broken file is skipped) draws nothing for it.
        warnings.filterwarnings(
            "ignore", message="The GeoSeries you are attempting to plot is empty"
        )
        yield


def render(
    story: Story,
    place_id: str | None,
    layers: Sequence[str],
    fmt: str,
    today: datetime.date | None = None,
) -> bytes:
    """The brief as PDF (one page per A4 sheet) or PNG (the sheets one below the other)."""
    with locked_rendering():
        text = brief_text(story, place_id, WRAP_CHARS, today)
        lines = paginate(text.header + text.passages, FIRST_PAGE_LINES, LATER_PAGE_LINES)
        figures = [_first_page(story, place_id, layers, text, lines[0], len(lines))]
        for number, page in enumerate(lines[1:], start=2):
            figures.append(_text_page(text, page, number, len(lines)))
        if fmt == "pdf":
            buffer = io.BytesIO()
            with PdfPages(buffer, metadata={"Title": f"{text.title}: {text.subject}"}) as pdf:
                for figure in figures:
                    pdf.savefig(figure)
            return buffer.getvalue()
        return _stacked_png(figures)


def _first_page(
    story: Story,
    place_id: str | None,
    layers: Sequence[str],
    text: BriefText,
    lines: list[Line],
    pages: int,
) -> Figure:
    fig = Figure(figsize=A4_INCHES)
    _heading(fig, text, 1, pages)
    ax = fig.add_axes(MAP_BOX)
    width_in, height_in = MAP_BOX[2] * A4_INCHES[0], MAP_BOX[3] * A4_INCHES[1]
    frame = frame_for(story, place_id, width_in / height_in)
    handles = draw_map(ax, story, place_id, layers, frame)
    # Only now a canvas that measures text: geopandas redraws the canvas after each layer.
    FigureCanvasAgg(fig)
    label_places(ax, story, place_id, layers, frame)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    scale_bar(ax, frame)
    north_arrow(ax, frame)
    ax.text(0.99, 0.01, "UTM 38N (EPSG:32638)", transform=ax.transAxes, ha="right",
            va="bottom", fontsize=6, color="#444444", **PLAIN)  # fmt: skip
    key = fig.legend(
        [h for h, _ in handles],
        [textwrap.fill(label, 30) for _, label in handles],
        loc="upper left",
        bbox_to_anchor=(KEY_LEFT, MAP_BOX[1] + MAP_BOX[3]),
        fontsize=7,
        title="Key",
        title_fontsize=8,
        frameon=False,
        handlelength=2.6,
        handleheight=1.4,  # tall enough to show each hatch
        labelspacing=0.7,
        alignment="left",
    )
    for label in key.get_texts():
        label.set_parse_math(False)
    _lines(fig, lines, top=MAP_BOX[1] - 0.03)
    return fig


def _text_page(text: BriefText, lines: list[Line], number: int, pages: int) -> Figure:
    fig = Figure(figsize=A4_INCHES)
    _heading(fig, text, number, pages)
    _lines(fig, lines, top=0.91)
    return fig


def _heading(fig: Figure, text: BriefText, number: int, pages: int) -> None:
    fig.text(MARGIN, 0.965, text.title, fontsize=12, weight="bold", va="top", **PLAIN)
    subject = f"Brief: {text.subject}" + (" (continued)" if number > 1 else "")
    fig.text(MARGIN, 0.943, subject, fontsize=10, va="top", **PLAIN)
    fig.text(1 - MARGIN, 0.02, f"page {number} of {pages}", fontsize=6.5, ha="right",
             color="#444444", **PLAIN)  # fmt: skip


def _lines(fig: Figure, lines: list[Line], top: float) -> None:
    y = top
    after_heading = False
    for line in lines:
        if line.heading and not after_heading:
            y -= LINE_STEP * 0.5  # space above a heading, not between its own lines
        after_heading = line.heading
        if line.heading:
            fig.text(MARGIN, y, line.text, fontsize=HEADING_PT, weight="bold", va="top", **PLAIN)
        else:
            if line.tag:
                fig.text(MARGIN, y, line.tag, fontsize=BODY_PT, weight="bold", va="top", **PLAIN)
            fig.text(MARGIN + TAG_WIDTH, y, line.text, fontsize=BODY_PT, va="top", **PLAIN)
        y -= LINE_STEP * (1.3 if line.heading else 1)


def _stacked_png(figures: list[Figure]) -> bytes:
    images = []
    for figure in figures:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=PNG_DPI, facecolor="white")
        images.append(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))
    sheet = Image.new("RGB", (images[0].width, sum(i.height for i in images)), "white")
    y = 0
    for image in images:
        sheet.paste(image, (0, y))
        y += image.height
    out = io.BytesIO()
    sheet.save(out, format="PNG", optimize=True)
    return out.getvalue()
