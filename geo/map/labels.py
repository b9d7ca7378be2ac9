"""Text labels for provinces and places, each with a priority.

Labels are DivIcons (no images, no pointer events) in their own pane. At any zoom,
``static/labels.js`` hides (``visibility: hidden``) a label whose box meets the box of
a shown label of higher priority, so names never print over each other.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
import geopandas as gpd
import shapely

from geo.map.features import LABELS_PANE, LonLat
from geo.map.templates import folium_text, render

# Higher wins a collision. Read by static/labels.js from data-priority.
PRIORITY = {
    "story-place": 5,
    "story-province": 4,
    "city": 3,
    "approximate-place": 2,
    "province": 1,
}


def add_labels(
    m: folium.Map,
    provinces: gpd.GeoDataFrame,
    places: gpd.GeoDataFrame,
    story_places: Sequence[str] = (),
    focus_places: Sequence[str] = (),
) -> None:
    """Province names, then city, approximate and story-focus place names."""
    labelled = places[
        (places["kind"] == "city")
        | (places["certainty"] != "precise")
        | places["id"].isin(list(story_places) + list(focus_places))
    ]
    for _, row in provinces.iterrows():
        # The pole of inaccessibility sits mid-province, away from edge-side cities; a
        # province holding a labelled city (Baghdad, Sulaymaniyah) gets its label lower
        # down, so the two names do not print over each other.
        point = shapely.get_point(shapely.maximum_inscribed_circle(row.geometry, 0.01), 0)
        story = row.get("role") == "story"
        classes = ["dz-label", "dz-province"] + (["dz-story"] if story else [])
        holds_city = bool(labelled.geometry.within(row.geometry).any())
        priority = PRIORITY["story-province" if story else "province"]
        _label(
            m,
            LonLat(point.x, point.y),
            str(row["name"]),
            classes,
            priority,
            offset=(0, -22) if holds_city else (0, 0),
        )
    for _, row in labelled.iterrows():
        approximate = row.get("certainty") != "precise"
        classes = ["dz-label"]
        if row["id"] in story_places:
            classes.append("dz-place-story")
            priority = PRIORITY["story-place"]
        elif row.get("kind") == "city" or row["id"] in focus_places:
            priority = PRIORITY["city"]
        else:
            priority = PRIORITY["approximate-place"]
        if approximate:
            classes.append("dz-approx")
        name = str(row["name"]) + (" (approx.)" if approximate else "")
        # Above and right of the dot, clear of the force symbols ringed around it.
        _label(m, LonLat(row.geometry.x, row.geometry.y), name, classes, priority, (-14, 22))


def _label(
    m: folium.Map,
    where: LonLat,
    text: str,
    classes: list[str],
    priority: int,
    offset: tuple[int, int] = (0, 0),
) -> None:
    folium.Marker(
        location=where.leaflet(),
        icon=folium.DivIcon(
            html=render("label.html", classes=classes, priority=priority, text=folium_text(text)),
            icon_size=(0, 0),
            icon_anchor=offset,
            class_name="dz-label-icon",
        ),
        # Labels are text, not controls: no click target, no tab stop, no role=button;
        # in their own pane above the force symbols, so the names stay readable.
        interactive=False,
        keyboard=False,
        pane=LABELS_PANE,
    ).add_to(m)
