"""Text labels for provinces and places, each with a priority.

One script draws them all (``static/labels.js``, given the list as JSON: a label's text
reaches the page as text, never as markup): DivIcons (no images, no pointer events) in
their own pane. At any zoom it hides (``visibility: hidden``) a label whose box meets the
box of a shown label of higher priority, so names never print over each other.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
import geopandas as gpd
import shapely

from geo.map.elements import MapScript
from geo.map.features import LABELS_PANE, LonLat
from geo.safety import escape_for_folium

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
    labels: list[dict] = []
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
            labels,
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
        _label(labels, LonLat(row.geometry.x, row.geometry.y), name, classes, priority, (-14, 22))
    # Labels are text, not controls: no click target, no tab stop, no role=button; in their
    # own pane above the force symbols, so the names stay readable.
    MapScript("labels.js", {"pane": LABELS_PANE, "labels": labels}).add_to(m)


def _label(
    labels: list[dict],
    where: LonLat,
    text: str,
    classes: list[str],
    priority: int,
    offset: tuple[int, int] = (0, 0),
) -> None:
    lat, lon = where.leaflet()
    labels.append(
        {
            "at": [round(lat, 4), round(lon, 4)],
            # Escaped for folium (which reads the script as a template): labels.js decodes it.
            "text": escape_for_folium(text),
            "classes": " ".join(classes),
            "priority": priority,
            "anchor": list(offset),
        }
    )
