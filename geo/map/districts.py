"""The disputed districts UNAMI named in 2009 (``data/districts.geojson``), for reference:
a small hollow square and "Sinjar district" at each district's centre town, in a group of
their own, off at first, with a switch in the layer panel (``static/districts.js``).

Their labels have the lowest priority (``DISTRICT_PRIORITY``): a town's name wins a
collision. They are not dated (the list is of 2009); the map's day leaves them alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import folium
import geopandas as gpd
from folium.template import Template

from geo.map.elements import MapScript
from geo.map.features import LABELS_PANE, MapGeoJson, client_collection, tooltip
from geo.map.templates import render
from geo.safety import escape_for_folium
from geo.symbols import TARGET_PX

SWITCH_NAME = "Disputed districts (UNAMI 2009)"
DISTRICT_PRIORITY = 0  # below every label in geo.map.labels.PRIORITY
KIND_TEXT = "disputed district (UNAMI 2009)"
# The square sits below-left of its centre town (px, x right, y down), clear of the town's
# own 24 px target and of the force symbols ringed around it from the top, clockwise
# (geo.symbols): two targets on one spot would each be too small to hit (WCAG 2.5.8).
# The district's position is approximate (±20 km) in any case.
SQUARE_OFFSET = (-28, 28)
# The label right of the square (Leaflet's iconAnchor: the point of the label's box that
# sits on the position, so negative values move it right and down).
LABEL_ANCHOR = (-(SQUARE_OFFSET[0] + 10), -(SQUARE_OFFSET[1] - 8))


def district_label(props: Mapping[str, Any]) -> str:
    """ "Sinjar district" (plain text)."""
    return f"{props.get('name', '')} district"


def district_tip(props: Mapping[str, Any]) -> str:
    """Hover text: name, what it is, where the point is, the source (plain text)."""
    where = "point at its centre town"
    radius = props.get("uncertainty_km")
    if isinstance(radius, int | float) and radius > 0:
        where += f" (±{radius:g} km)"
    # The first of the sources (the UNAMI release); the card gives them all.
    source = str(props.get("source") or "").split(";")[0].strip()
    parts = [district_label(props), KIND_TEXT, where, f"source: {source}" if source else ""]
    return " · ".join(p for p in parts if p)


def district_name(props: Mapping[str, Any]) -> str:
    """The square's accessible name (plain text)."""
    return f"{district_label(props)}, {KIND_TEXT}, marked at its centre town"


def district_collection(districts: gpd.GeoDataFrame) -> dict[str, Any]:
    collection = client_collection(districts, {})
    for feature, (_, row) in zip(collection["features"], districts.iterrows(), strict=True):
        props = row.drop(labels="geometry").to_dict()
        feature["properties"]["tip"] = escape_for_folium(district_tip(props))
        feature["properties"]["label"] = escape_for_folium(district_name(props))
        feature["properties"]["name"] = escape_for_folium(district_label(props))
    return collection


def district_group(districts: gpd.GeoDataFrame) -> folium.FeatureGroup | None:
    """Squares (clickable, named, 24 px targets); None when no districts. Their labels are
    added in the browser (``static/districts.js``)."""
    if districts.empty:
        return None
    group = folium.FeatureGroup(name="dz-districts", control=False)
    half = TARGET_PX // 2
    MapGeoJson(
        district_collection(districts),
        marker=folium.Marker(
            icon=folium.DivIcon(
                html=render("district_symbol.html"),
                icon_size=(TARGET_PX, TARGET_PX),
                icon_anchor=(half - SQUARE_OFFSET[0], half - SQUARE_OFFSET[1]),
                class_name="dz-district-icon",
            )
        ),
        tooltip=tooltip(),
    ).add_to(group)
    return group


def add_district_switch(m: folium.Map, group: folium.FeatureGroup, count: int) -> None:
    """The switch (in the layer panel when the map has one) and the script that works it."""
    DistrictSwitch(
        group,
        {
            "html": render("district_switch.html", label=SWITCH_NAME, count=count),
            "name": SWITCH_NAME,
            # Each label is made in the browser from this (its text from the feature's
            # escaped `name`): 15 folium markers would cost ~10 KB of the published page.
            "label": render(
                "label.html",
                classes=["dz-label", "dz-district"],
                priority=DISTRICT_PRIORITY,
                text="",
            ),
            "labelPane": LABELS_PANE,
            "labelAnchor": LABEL_ANCHOR,
        },
    ).add_to(m)


class DistrictSwitch(MapScript):
    """Runs ``static/districts.js`` with the map, its options and the districts' group."""

    def __init__(self, group: folium.FeatureGroup, options: Mapping[str, Any]) -> None:
        super().__init__("districts.js", options)
        self._name = "DistrictSwitch"
        self.group = group

    _template = Template(
        """{% macro script(this, kwargs) %}
        ({{ this.source }})({{ this._parent.get_name() }}, {{ this.options|tojson }},
            {{ this.group.get_name() }});
        {% endmacro %}"""
    )
