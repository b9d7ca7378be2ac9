"""What every map layer shares: the coordinate type, the palette, panes, hover and
accessible text, and GeoJSON for the browser (escaped, ids only)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import shapely
from shapely.geometry import mapping

from geo.events import DateError, iso_span
from geo.geometry import WGS84, to_utm
from geo.loading import Dataset
from geo.safety import escape_for_folium

# Okabe-Ito, a colour-blind-safe palette; every layer also differs in line
# pattern or shape, so colour is never the only cue.
PALETTE = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#6b6b6b",
}
PLACES_PANE = "places"
# The selection's outlines: above the force areas, below the symbols (see base.py).
SELECTION_PANE = "selection"
LABELS_PANE = "labels"
# Hit areas are at least 24x24 CSS px (WCAG 2.2 SC 2.5.8).
TARGET_PX = 24


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
) -> dict[str, Any]:
    """GeoJSON for the browser: geometry, id, escaped tooltip and accessible name only.

    ``focusable`` features carry a ``label`` (escaped): the map's script makes each a
    keyboard button with that name (see static/map.js).
    """
    features = []
    geoms = frame.geometry if geometries is None else geometries
    for (_, row), geom in zip(frame.iterrows(), geoms, strict=True):
        props = row.drop(labels="geometry").to_dict()
        fid = str(props["id"])
        properties = {
            "id": fid,
            # A whitelist, not the data's string: nothing unescaped reaches folium.
            "role": "story" if props.get("role") == "story" else "context",
            "tip": escape_for_folium(tip_text(props, counts.get(fid, 0))),
        }
        properties.update(day_spans(props))
        if focusable:
            name = place_name(props, counts.get(fid, 0), point=geom.geom_type == "Point")
            properties["label"] = escape_for_folium(name)
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": mapping(shapely.set_precision(geom, 1e-5)),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def day_spans(props: Mapping[str, Any]) -> dict[str, str]:
    """A dated feature's validity as days for the browser: ``from``, the first day of its
    ``valid_from``, and ``to``, the last day of its ``valid_to`` ("YYYY-MM-DD"; each absent
    when null or unreadable), so ``static/time.js`` only compares strings, as
    ``geo.events.is_valid_on`` compares spans ("2021-12" runs 1 to 31 December)."""
    out = {}
    for key, end, index in (("valid_from", "from", 0), ("valid_to", "to", 1)):
        value = props.get(key)
        if isinstance(value, str) and value:
            try:
                out[end] = iso_span(value)[index].isoformat()
            except DateError:
                continue
    return out


def tooltip() -> folium.GeoJsonTooltip:
    return folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True)


def uncertainty_areas(frame: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Each feature buffered by its ``uncertainty_km``, measured in UTM 38N."""
    radii_m = frame["uncertainty_km"].fillna(0).astype(float) * 1000.0
    return to_utm(frame.geometry).buffer(radii_m.values, quad_segs=16).to_crs(WGS84)
