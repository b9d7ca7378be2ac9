"""Synthetic events (the scaling benchmark), not the story's timeline (``geo.events``): one
clustered layer drawn on a canvas."""

from __future__ import annotations

import folium
import geopandas as gpd
from folium.plugins import FastMarkerCluster

from geo.map.elements import localize_assets
from geo.map.templates import static_text


def events_group(events: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Synthetic events as one clustered layer, points drawn on a canvas.

    Leaflet.markercluster itself is loaded with the base map (``ClusterAssets``).
    """
    group = folium.FeatureGroup(name="synthetic-events", control=False)
    if not events.empty:
        rows = [[round(p.y, 5), round(p.x, 5)] for p in events.geometry]
        FastMarkerCluster(
            rows,
            # FastMarkerCluster writes `var callback = <this>`: an expression giving the
            # function.
            callback=static_text("event_marker.js").strip().rstrip(";"),
            chunkedLoading=True,
            control=False,
        ).add_to(group)
    localize_assets(group)
    return group
