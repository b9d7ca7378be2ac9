"""Areas of control (``data/control.geojson``): the KRG-held area of a time, drawn as an
edge in the style of the zone, because that is what it is: schematic.

Each area is a dashed edge (not a fill: the governorates under it stay clickable) inside a
faint band reaching its ``uncertainty_km`` either side, so an approximate line looks
approximate. The edge carries the area's id (a click opens its card), its tooltip, its
keyboard name and its days (``from``/``to``): ``static/time.js`` draws the one valid on
the day shown. The band is the edge's own line drawn again, unclickable, with a stroke as
wide as 2 x ``uncertainty_km`` at the zoom shown (``static/areas_of_control.js``): no
extra bytes.

The browser gets simplified edges (``EDGE_TOLERANCE_M`` in UTM 38N, ``EDGE_DECIMALS``): the
published page has a byte budget (geo.publish), and the full shapes add ~45 KB.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import folium
import geopandas as gpd
from branca.element import MacroElement
from folium.template import Template

from geo.isodates import DateError, iso_span, precision_of
from geo.map.features import MapGeoJson, client_collection, tooltip
from geo.map.shapes import browser_shapes
from geo.map.templates import static_text
from geo.palette import PALETTE
from geo.safety import escape_for_folium

# 1.5 km: a tenth of the areas' own uncertainty (15 to 25 km; SIMPLIFY_SHARE in
# geo/map/features.py), invisible at the story's zooms; 3 decimals is about 100 m, the grid
# of every shape known to within kilometres (COARSE_GRID).
EDGE_TOLERANCE_M = 1500.0
EDGE_DECIMALS = 3
BAND_OPACITY = 0.1
CONTROL_COLOUR = PALETTE["blue"]  # the Kurdistan Region's colour (data/actors.json)
CONTROL_PANE = "dz-control"


def short_date(value: object) -> str:
    """ "19 Mar 2003", "Jun 2014", "2014": an ISO date at its own precision."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        first = iso_span(value)[0]
        precision = precision_of(value)
    except DateError:
        return value
    if precision == "day":
        return f"{first.day} {first:%b %Y}"
    if precision == "month":
        return f"{first:%b %Y}"
    if precision == "year":
        return f"{first:%Y}"
    return value


def period_text(props: Mapping[str, Any]) -> str:
    """ "19 Mar 2003 – 11 Jun 2014", or "from 27 Oct 2017" when still valid."""
    start, end = short_date(props.get("valid_from")), short_date(props.get("valid_to"))
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"from {start}"
    return f"until {end}" if end else ""


def control_tip(props: Mapping[str, Any]) -> str:
    """ "KRG-held area, 19 Mar 2003 – 11 Jun 2014 (schematic, ±15 km)" (plain text)."""
    how = [str(props.get("certainty") or "")]
    radius = props.get("uncertainty_km")
    if isinstance(radius, int | float) and radius > 0:
        how.append(f"±{radius:g} km")
    period = period_text(props)
    head = "KRG-held area" + (f", {period}" if period else "")
    detail = ", ".join(h for h in how if h)
    return f"{head} ({detail})" if detail else head


def control_name(props: Mapping[str, Any]) -> str:
    """The edge's accessible name (plain text)."""
    return control_tip(props) + ", edge of the area; opens its card"


def control_collection(frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """The edges as client GeoJSON: id, escaped tooltip and name, days, and ``km``, the
    half-width of the band ``static/areas_of_control.js`` draws around each."""
    edges = client_collection(frame, {}, browser_shapes(frame, EDGE_TOLERANCE_M, EDGE_DECIMALS))
    for feature, (_, row) in zip(edges["features"], frame.iterrows(), strict=True):
        props = row.drop(labels="geometry").to_dict()
        feature["properties"]["tip"] = escape_for_folium(control_tip(props))
        feature["properties"]["label"] = escape_for_folium(control_name(props))
        radius = props.get("uncertainty_km")
        if isinstance(radius, int | float) and radius > 0:
            feature["properties"]["km"] = float(radius)
    return edges


def control_group(control: gpd.GeoDataFrame) -> folium.FeatureGroup | None:
    """The areas of control, each a dashed edge in a faint band, in the control pane
    (``build_map`` makes it); None when the story has none. Every area is in it:
    ``static/time.js`` keeps the day's."""
    if control.empty:
        return None
    group = folium.FeatureGroup(name="dz-control", control=False)
    edges = MapGeoJson(
        control_collection(control),
        style_function=lambda _f: {
            "color": CONTROL_COLOUR,
            "weight": 2.5,
            "opacity": 0.9,
            "dashArray": "10 6",
            "fill": False,
        },
        highlight_function=lambda _f: {"weight": 4},
        tooltip=tooltip(),
        pane=CONTROL_PANE,
    ).add_to(group)
    ControlBands(
        edges, {"pane": CONTROL_PANE, "colour": CONTROL_COLOUR, "opacity": BAND_OPACITY}
    ).add_to(group)
    return group


class ControlBands(MacroElement):
    """Runs ``static/areas_of_control.js`` with the map, the control group (this
    element's parent, itself on the map), the edges' GeoJSON layer and the options."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        ({{ this.source }})({{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }},
            {{ this.edges.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}"""
    )

    def __init__(self, edges: folium.GeoJson, options: Mapping[str, Any]) -> None:
        super().__init__()
        self._name = "ControlBands"
        self.source = static_text("areas_of_control.js").strip().rstrip(";")
        self.edges = edges
        self.options = dict(options)
