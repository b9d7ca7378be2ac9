"""What every map layer shares: the coordinate type, panes, hover and accessible text,
and GeoJSON for the browser (escaped, ids only). The palette and the 24 px target are
``geo.palette``'s and ``geo.symbols``', shared with the printed brief."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import folium
import geopandas as gpd
import shapely
from branca.element import MacroElement
from folium.template import Template
from shapely.geometry import mapping

from geo.geometry import from_utm, to_utm
from geo.isodates import DateError, iso_span
from geo.loading import Dataset
from geo.safety import escape_for_folium

PLACES_PANE = "places"
# The selection's outlines: above the force areas, below the symbols (see base.py).
SELECTION_PANE = "selection"
LABELS_PANE = "labels"
# Coordinates as the browser gets them, on a grid finer than each feature's own certainty:
# 0.0001 degree (about 10 m) for a gazetteer point or a boundary, 0.001 degree (about
# 100 m, a tenth of the smallest uncertainty the data gives, 1 km) for a shape whose
# position is known to within kilometres. More digits would only claim a precision the
# data does not have, and weigh on the published page.
FINE_GRID = 1e-4
COARSE_GRID = 1e-3


# A shape known to within kilometres is drawn simplified by a tenth of its uncertainty
# (2 km for the zone's 20): a line moved by a tenth of the doubt about where it runs.
SIMPLIFY_SHARE = 1 / 10


def _uncertainty_km(value: object) -> float:
    known = isinstance(value, int | float) and not isinstance(value, bool) and value == value
    return float(value) if known else 0.0


def grid_for(uncertainty_km: object) -> float:
    """The coordinate grid of a feature with this uncertainty (see FINE_GRID)."""
    return COARSE_GRID if _uncertainty_km(uncertainty_km) >= 1 else FINE_GRID


def browser_geometry(geom: Any, uncertainty_km: object, *, simplify: bool) -> Any:
    """A feature's shape as the browser gets it: simplified (``simplify``, lines and areas
    known to within a kilometre or more; see SIMPLIFY_SHARE), on its grid (grid_for)."""
    km = _uncertainty_km(uncertainty_km)
    if simplify and km >= 1 and geom.geom_type not in ("Point", "MultiPoint"):
        tolerance_m = km * 1000 * SIMPLIFY_SHARE
        simple = to_utm(geom).simplify(tolerance_m, preserve_topology=True)
        if not simple.is_empty:
            geom = from_utm(simple)
    return shapely.set_precision(geom, grid_for(km))


@dataclass(frozen=True)
class LonLat:
    """A position in GeoJSON axis order (longitude first)."""

    lon: float
    lat: float

    def leaflet(self) -> list[float]:
        """Leaflet's [lat, lon] order: the one place the axes flip."""
        return [self.lat, self.lon]


def tip_text(props: Mapping[str, Any], count: int | None) -> str:
    """The hover text for a feature: name, kind, certainty, passage count (plain text)."""
    parts = [str(props.get("name", "")), str(props.get("kind", ""))]
    certainty = str(props.get("certainty", ""))
    uncertainty = props.get("uncertainty_km")
    if certainty == "approximate" and isinstance(uncertainty, int | float) and uncertainty > 0:
        certainty += f" (±{uncertainty:g} km)"
    parts.append(certainty)
    if count is not None:
        parts.append(f"{count} passage{'s' if count != 1 else ''}")
    return " · ".join(p for p in parts if p)


def place_name(props: Mapping[str, Any], count: int, point: bool = True) -> str:
    """A feature's accessible name (plain text; escape it for the map).

    A point: "Lheiban, village, approximate position within 9 km, 9 passages".
    An area or line: "Qarachok, ridge, approximate within 5 km, 3 passages".
    """
    parts = [str(props.get("name", "")), str(props.get("kind", ""))]
    uncertainty = props.get("uncertainty_km")
    certainty = str(props.get("certainty", ""))
    noun = " position" if point else ""
    if certainty == "approximate" and isinstance(uncertainty, int | float) and uncertainty > 0:
        parts.append(f"approximate{noun} within {uncertainty:g} km")
    elif certainty and (point or certainty != "precise"):
        parts.append(f"{certainty}{noun}")
    parts.append(f"{count} passage{'s' if count != 1 else ''}")
    return ", ".join(p for p in parts if p)


def find_feature(dataset: Dataset, feature_id: str) -> Any:
    """The row with this id in any layer, or None."""
    for frame in dataset.layers.values():
        hit = frame[frame["id"] == feature_id]
        if len(hit):
            return hit.iloc[0]
    return None


def feature_centre(dataset: Dataset, feature_id: str) -> LonLat | None:
    """Where to centre the map for a feature: a point inside it."""
    feature = find_feature(dataset, feature_id)
    if feature is None:
        return None
    point = (
        feature.geometry.representative_point()
        if feature.geometry.geom_type != "Point"
        else feature.geometry
    )
    return LonLat(round(point.x, 5), round(point.y, 5))


def features_bounds(
    dataset: Dataset, feature_ids: Sequence[str]
) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) around these features, or None if none is known."""
    found = [f for f in (find_feature(dataset, i) for i in feature_ids) if f is not None]
    if not found:
        return None
    west, south, east, north = shapely.GeometryCollection([f.geometry for f in found]).bounds
    return (west, south, east, north)


def client_collection(
    frame: gpd.GeoDataFrame,
    counts: Mapping[str, int],
    geometries: Any = None,
    *,
    focusable: bool = False,
    tips: bool = True,
) -> dict[str, Any]:
    """GeoJSON for the browser: geometry, id, escaped tooltip and accessible name only.

    ``focusable`` features carry a ``label`` (escaped): the map's script makes each a
    keyboard button with that name (see static/map.js). Features drawn only (``tips``
    false: no pointer reaches them) carry no tooltip.
    """
    features = []
    # Shapes given are made for the browser already (circles, coverages): rounded only.
    simplify = geometries is None
    geoms = frame.geometry if geometries is None else geometries
    for (_, row), geom in zip(frame.iterrows(), geoms, strict=True):
        props = row.drop(labels="geometry").to_dict()
        fid = str(props["id"])
        properties = {"id": fid}
        if tips:
            properties["tip"] = escape_for_folium(tip_text(props, counts.get(fid, 0)))
        if props.get("role") == "story":
            # A whitelist, not the data's string: nothing unescaped reaches folium.
            properties["role"] = "story"
        properties.update(day_spans(props))
        if focusable:
            name = place_name(props, counts.get(fid, 0), point=geom.geom_type == "Point")
            properties["label"] = escape_for_folium(name)
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": mapping(
                    browser_geometry(geom, props.get("uncertainty_km"), simplify=simplify)
                ),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def day_spans(props: Mapping[str, Any]) -> dict[str, str]:
    """A dated feature's validity as days for the browser: ``from``, the first day of its
    ``valid_from``, and ``to``, the last day of its ``valid_to`` ("YYYY-MM-DD"; each absent
    when null or unreadable), so ``static/time.js`` only compares strings, as
    ``geo.isodates.is_valid_on`` compares spans ("2021-12" runs 1 to 31 December)."""
    out = {}
    for key, end, index in (("valid_from", "from", 0), ("valid_to", "to", 1)):
        value = props.get(key)
        if isinstance(value, str) and value:
            try:
                out[end] = iso_span(value)[index].isoformat()
            except DateError:
                continue
    return out


class MapGeoJson(folium.GeoJson):
    """folium's GeoJson, its script shorter: the hover highlight is two listeners on the
    layer (Leaflet hands each a feature's events) instead of two per feature, and the data
    is added with no wrapper function. Styles, markers and options are folium's, as is the
    Python side (style_function, highlight_function, marker, tooltip). An inline map
    element repeats this once per layer: the published page's byte budget."""

    _template = Template(
        files("geo.map").joinpath("templates", "geojson.js").read_text(encoding="utf-8")
    )

    def __init__(self, data: Any, **kwargs: Any) -> None:
        if kwargs.get("on_each_feature") or kwargs.get("zoom_on_click") or kwargs.get("popup"):
            raise ValueError("MapGeoJson draws no popup and no per-feature callback")
        super().__init__(data, **kwargs)


class FeatureTip(folium.GeoJsonTooltip):
    """A feature's hover text: its ``tip`` (escaped by client_collection), as folium's
    GeoJsonTooltip would show it in a one-cell table, in one short line of script per
    layer instead of folium's twenty (the published page's byte budget)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindTooltip(function (layer) {
            return layer.feature.properties.tip;
        }, {sticky: {{ this.tooltip_options.sticky|tojson }}});
        {% endmacro %}"""
    )

    def render(self, **kwargs: Any) -> None:
        # folium's GeoJsonDetail.render would add a stylesheet for its table to the page's
        # header, once per layer; there is no table here.
        features = self._parent.data["features"] if isinstance(self._parent, folium.GeoJson) else []
        if any("tip" not in f["properties"] for f in features):
            raise ValueError(f"a feature of {self._parent.get_name()} has no tip")
        MacroElement.render(self, **kwargs)


def tooltip() -> folium.GeoJsonTooltip:
    return FeatureTip(fields=["tip"], labels=False, sticky=True)
