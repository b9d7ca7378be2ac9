"""Synthetic point events for the scaling benchmark: shaped like a conflict-event
dataset (date, event type, position), clearly not real.

Deterministic for a given seed. Most events fall inside the disputed zone, the rest
across the four story provinces, so clustering behaves as it would on real data.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

SIZES = (1_000, 5_000, 20_000)
EVENT_TYPES = ("attack", "explosion", "clash", "arrest", "patrol")
SHARE_IN_ZONE = 0.7
LABEL = "SYNTHETIC benchmark data: not real events"


def synthetic_events(
    n: int, zone: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame, seed: int = 2021
) -> gpd.GeoDataFrame:
    """``n`` synthetic events: 70 % inside the zone, 30 % in the story provinces."""
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = np.random.default_rng(seed)
    in_zone = round(n * SHARE_IN_ZONE)
    story = provinces[provinces["role"] == "story"] if "role" in provinces else provinces
    points = np.concatenate(
        [
            _sample(shapely.union_all(zone.geometry.values), in_zone, rng),
            _sample(shapely.union_all(story.geometry.values), n - in_zone, rng),
        ]
    )
    days = rng.integers(0, 365, size=n)
    dates = np.datetime64("2021-01-01") + days.astype("timedelta64[D]")
    return gpd.GeoDataFrame(
        {
            "id": [f"synthetic-{i:05d}" for i in range(n)],
            "event_type": rng.choice(EVENT_TYPES, size=n),
            "event_date": dates.astype(str),
            "certainty": "schematic",
            "source": LABEL,
        },
        geometry=gpd.points_from_xy(points[:, 0], points[:, 1]) if n else [],
        crs="EPSG:4326",
    )


def _sample(area: shapely.Geometry, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` uniform (lon, lat) points inside ``area``, by rejection from its bounds."""
    if n == 0:
        return np.empty((0, 2))
    minx, miny, maxx, maxy = area.bounds
    shapely.prepare(area)
    found: list[np.ndarray] = []
    count = 0
    while count < n:
        batch = np.column_stack([rng.uniform(minx, maxx, 4 * n), rng.uniform(miny, maxy, 4 * n)])
        keep = batch[shapely.contains_xy(area, batch[:, 0], batch[:, 1])]
        found.append(keep)
        count += len(keep)
    return np.concatenate(found)[:n].round(5)
