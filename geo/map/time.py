"""The map as it was on a day: ``window.dzTime`` in the page, a badge naming the day.

Force features and areas of control carry their validity as day strings (``from``/``to``,
``geo.map.features.day_spans``); ``static/time.js`` removes from their groups the features
whose span does not cover the day shown and puts them back when it does, so a feature
shows only if its actor's layer is on (``static/layers.js``) and it is valid that day.
Features without dates (districts, the geography) are never touched.

``build_map(..., as_of="2021-12-17")`` opens the map on that day (None: no filtering, the
badge hidden). The reader (geo/reader) moves it to another day in the browser, in both
hosts, without re-mounting it.

The page's API::

    dzTime.set("2014-06-30")  // true; false (and nothing changes) for a bad day
    dzTime.set(null)          // every feature, no badge
    dzTime.get()              // "2014-06-30" or null
    window.addEventListener("dz-time", e => e.detail.day)  // after each change
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import folium
from branca.element import MacroElement
from folium.template import Template

from geo.map.elements import MapScript
from geo.map.forces import ForceLayer
from geo.map.templates import render

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
BADGE_LABEL = "Date shown on the map"


def check_day(day: str | None) -> str | None:
    """``day`` if it is None or a real "YYYY-MM-DD" day; ValueError otherwise."""
    if day is None:
        return None
    if not isinstance(day, str) or not _DAY.fullmatch(day):
        raise ValueError(f"{day!r} is not a day (YYYY-MM-DD)")
    date.fromisoformat(day)  # raises for 2021-02-30
    return day


def day_text(day: str) -> str:
    """ "17 December 2021": the badge's words for a day (static/time.js says the same)."""
    d = date.fromisoformat(check_day(day) or "")
    return f"{d.day} {d:%B %Y}"


def actor_spans(layers: Sequence[ForceLayer]) -> dict[str, list[list[str]]]:
    """Per actor, the [from, to] days ("" when open) of each feature the panel counts."""
    out = {}
    for layer in layers:
        parts = [layer.areas, layer.lines, *layer.points.values()]
        out[layer.actor.id] = [
            [f["properties"].get("from", ""), f["properties"].get("to", "")]
            for part in parts
            if part is not None
            for f in part["features"]
        ]
    return out


def add_time(
    m: folium.Map,
    as_of: str | None,
    groups: Sequence[folium.FeatureGroup],
    layers: Sequence[ForceLayer] = (),
) -> None:
    """``window.dzTime`` over ``groups`` (whose features carry ``from``/``to``), the badge,
    and the panel's counts per day; after the layer panel, which it annotates."""
    TimeScript(
        groups,
        {
            "day": check_day(as_of),
            "html": render("time_badge.html", label=BADGE_LABEL),
            "spans": actor_spans(layers),
        },
    ).add_to(m)


class TimeScript(MacroElement):
    """Runs ``static/time.js`` with the map, its options and the dated groups."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        ({{ this.source }})({{ this._parent.get_name() }}, {{ this.options|tojson }}, [
        {%- for group in this.groups %}
            {{ group.get_name() }},
        {%- endfor %}
        ]);
        {% endmacro %}"""
    )

    def __init__(self, groups: Sequence[folium.FeatureGroup], options: Mapping[str, Any]) -> None:
        super().__init__()
        self._name = "TimeScript"
        self.source = MapScript("time.js").source
        self.groups = list(groups)
        self.options = dict(options)
