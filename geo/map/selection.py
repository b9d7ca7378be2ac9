"""The selection: an outline around each selected feature, in its own feature group.

Its shapes go in the base map's selection pane (``build_map`` creates it), above the
force areas."""

from __future__ import annotations

from collections.abc import Sequence

import folium
from shapely.geometry import mapping

from geo.loading import Dataset
from geo.map.elements import localize_assets
from geo.map.features import PALETTE, SELECTION_PANE, LonLat, find_feature


def selection_group(
    dataset: Dataset, feature_ids: str | Sequence[str] | None
) -> folium.FeatureGroup:
    """A feature group outlining the selected features: one id, several (a passage
    selects several places) or None. Unknown ids are skipped."""
    group = folium.FeatureGroup(name="Selection", control=False)
    if feature_ids is None:
        ids: Sequence[str] = ()
    elif isinstance(feature_ids, str):
        ids = (feature_ids,)
    else:
        ids = tuple(dict.fromkeys(feature_ids))
    for feature_id in ids:
        feature = find_feature(dataset, feature_id)
        if feature is None:
            continue
        geom = feature.geometry
        if geom.geom_type == "Point":
            ring = folium.CircleMarker(
                location=LonLat(geom.x, geom.y).leaflet(),
                radius=14,
                color=PALETTE["black"],
                weight=3,
                fill=False,
            )
            ring.options["pane"] = SELECTION_PANE  # folium's path options drop `pane`
            ring.add_to(group)
        else:
            folium.GeoJson(
                {"type": "Feature", "properties": {"id": feature_id}, "geometry": mapping(geom)},
                style_function=lambda _f: {
                    "color": PALETTE["black"],
                    "weight": 4,
                    "fill": False,
                    "opacity": 0.9,
                },
                pane=SELECTION_PANE,
            ).add_to(group)
    localize_assets(group)
    return group
