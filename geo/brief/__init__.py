"""The printable brief: one A4 document of the map and what the article says about a place.

``brief_bytes(story, place_id=None, layers=None, fmt="pdf")`` is what the app and
``python -m geo brief`` call. The map is the story's own data and styles drawn with
matplotlib and geopandas in UTM 38N (a true scale bar), with a key and a north arrow; below
it the place's name, kind, certainty and source, the article's credit, the map's caveat, the
day the brief was made, and the cited passages with their ids, continuing on more pages.
Without a place the brief frames the story's focus and lists every passage.

All matplotlib use is in this package (``page``: the sheets; ``mapdraw``: the geography;
``marks``: forces, names, scale bar, north arrow); ``content`` is the text, no matplotlib.
Fonts: matplotlib's bundled DejaVu Sans, so nothing is fetched. It has Arabic letters (an
alias such as لهيبان prints, and the PDF's text layer keeps it); characters it lacks, such
as fullwidth brackets, print as boxes. Matplotlib 3.11 joins Arabic letters right to left;
older versions print them unjoined, left to right.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from geo.actors import initial_layers
from geo.brief.content import BriefError
from geo.story import Story

FORMATS = ("pdf", "png")

__all__ = ["FORMATS", "BriefError", "brief_bytes"]


def brief_bytes(
    story: Story,
    place_id: str | None = None,
    layers: Sequence[str] | None = None,
    fmt: str = "pdf",
    today: datetime.date | None = None,
) -> bytes:
    """The brief as PDF or PNG bytes.

    ``place_id``: a feature id (a place, a province, the zone, a force claim) to frame and
    cite; None for the whole story. ``layers``: actor ids whose forces are drawn; None for
    the story's default layers (every actor if the story names none). ``today``: the date
    printed as the day it was made (today if None). Raises BriefError naming an unknown
    place or layer id, or an unknown format.
    """
    if fmt not in FORMATS:
        raise BriefError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    actor_ids = {a.id for a in story.actors}
    if layers is None:
        layers = initial_layers(story.actors, story.config.default_layers)
    unknown = [layer for layer in layers if layer not in actor_ids]
    if unknown:
        raise BriefError(f"no actor layer {', '.join(map(repr, unknown))} in this story")
    if place_id is not None and story.dataset.feature(place_id) is None:
        raise BriefError(f"no place with id {place_id!r} in this story")
    # Imported here: matplotlib loads only when a brief is made.
    from geo.brief.page import render

    return render(story, place_id, list(layers), fmt, today)
