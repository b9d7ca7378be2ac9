"""What the page's URL says, read and written as plain values: no Streamlit here.

The permalink holds the whole view: ``?place=``, ``?passage=``, ``?layers=``,
``?view=LAT,LON,ZOOM``, ``?event=`` and ``?asof=YYYY-MM-DD``. A value the story cannot
use is dropped with a notice that names it, and the rest of the link still applies.
``view`` and ``layers`` are written by the map itself (see geo/map), so the page only
reads them when a session starts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from geo.rules import REGION_LAT, REGION_LON

MAX_URL_VALUE = 200
MIN_ZOOM, MAX_ZOOM = 5, 18
# Web Mercator: metres per pixel at zoom 0 on the equator, for 256-px tiles.
_TILE = 256


@dataclass(frozen=True)
class View:
    """A map view in Leaflet's terms: centre latitude, longitude, zoom."""

    lat: float
    lon: float
    zoom: int

    def param(self) -> str:
        return f"{self.lat:.4f},{self.lon:.4f},{self.zoom}"


@dataclass(frozen=True)
class UrlState:
    place: str | None
    passage: str | None
    layers: tuple[str, ...]
    view: View | None
    notices: tuple[str, ...]
    # The query parameters to keep: the usable ones, re-written; unusable ones dropped.
    params: dict[str, str]
    event: str | None = None
    asof: date | None = None


def parse_url(
    params: Mapping[str, str],
    *,
    place_ids: set[str] | frozenset[str],
    passage_ids: set[str] | frozenset[str],
    actor_ids: Sequence[str],
    default_layers: Sequence[str] | None,
    event_ids: set[str] | frozenset[str] = frozenset(),
    date_range: tuple[date, date] = (date(1900, 1, 1), date(2100, 12, 31)),
) -> UrlState:
    """Read a permalink; every value it names is checked against the story."""
    notices: list[str] = []
    kept: dict[str, str] = {}

    place = _known_id(params, "place", place_ids, "place", "this map", notices, kept)
    passage = _known_id(params, "passage", passage_ids, "passage", "the article", notices, kept)

    raw = params.get("layers")
    if raw is None:
        layers = tuple(a for a in (default_layers or actor_ids) if a in actor_ids)
    else:
        asked = [v.strip() for v in raw[:MAX_URL_VALUE].split(",") if v.strip()]
        layers = tuple(a for a in actor_ids if a in asked)
        unknown = [v for v in asked if v not in actor_ids]
        if unknown or len(raw) > MAX_URL_VALUE:
            shown = ", ".join(_shown(v, 40) for v in unknown[:5]) or "an over-long value"
            notices.append(f"The link names unknown layers ({shown}); ignored.")
        kept["layers"] = layers_param(layers)

    view = None
    if params.get("view") is not None:
        view = parse_view(params["view"])
        if view is None:
            notices.append(
                f"The link's view {_shown(params['view'], 60)} is not LAT,LON,ZOOM inside the "
                f"map's region (latitude {REGION_LAT[0]}–{REGION_LAT[1]}, longitude "
                f"{REGION_LON[0]}–{REGION_LON[1]}, zoom {MIN_ZOOM}–{MAX_ZOOM}); ignored."
            )
        else:
            kept["view"] = view.param()
    event = _known_id(params, "event", event_ids, "event", "the timeline", notices, kept)

    asof = None
    if params.get("asof") is not None:
        asof = parse_date(params["asof"], date_range)
        if asof is None:
            notices.append(
                f"The link's date {_shown(params['asof'], 40)} is not a day YYYY-MM-DD between "
                f"{date_range[0]:%Y-%m-%d} and {date_range[1]:%Y-%m-%d}; ignored."
            )
        else:
            kept["asof"] = asof.isoformat()
    return UrlState(place, passage, layers, view, tuple(notices), kept, event, asof)


def parse_date(value: str, date_range: tuple[date, date]) -> date | None:
    """``"2014-06-30"`` → date, within the range; None for anything else."""
    try:
        day = date.fromisoformat(value[:10]) if len(value) == 10 else None
    except ValueError:
        return None
    if day is None or not (date_range[0] <= day <= date_range[1]):
        return None
    return day


def parse_view(value: str) -> View | None:
    """``"35.66,43.84,11"`` → View; None for anything else (text, NaN, out of the region)."""
    parts = value[:MAX_URL_VALUE].split(",")
    if len(parts) != 3:
        return None
    try:
        lat, lon, zoom = float(parts[0]), float(parts[1]), float(parts[2])
    except ValueError:
        return None
    if not all(math.isfinite(v) for v in (lat, lon, zoom)):
        return None
    if not (REGION_LAT[0] <= lat <= REGION_LAT[1] and REGION_LON[0] <= lon <= REGION_LON[1]):
        return None
    if not (MIN_ZOOM <= zoom <= MAX_ZOOM) or zoom != int(zoom):
        return None
    return View(round(lat, 5), round(lon, 5), int(zoom))


def layers_param(layers: Sequence[str]) -> str:
    return ",".join(layers)


def fit_view(
    bounds: tuple[float, float, float, float],
    size_px: tuple[int, int] = (600, 500),
    max_zoom: int = 11,
) -> View:
    """The centre and largest whole zoom at which (west, south, east, north) fits a map of
    ``size_px`` (width, height) in Web Mercator, capped at ``max_zoom``."""
    west, south, east, north = bounds
    width, height = size_px

    def mercator_y(lat: float) -> float:
        s = math.sin(math.radians(max(min(lat, 85.0), -85.0)))
        return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)

    dx = max(east - west, 1e-9) / 360.0
    dy = max(mercator_y(south) - mercator_y(north), 1e-9)
    zoom = math.floor(min(math.log2(width / (_TILE * dx)), math.log2(height / (_TILE * dy))))
    zoom = max(MIN_ZOOM, min(max_zoom, zoom))
    return View(round((south + north) / 2, 5), round((west + east) / 2, 5), zoom)


def _known_id(
    params: Mapping[str, str],
    key: str,
    known: set[str] | frozenset[str],
    what: str,
    holder: str,
    notices: list[str],
    kept: dict[str, str],
) -> str | None:
    """An id the story has, kept in the URL; an unknown one dropped with a notice."""
    value = params.get(key)
    if value is None:
        return None
    if value not in known:
        notices.append(
            f"The link asks for {what} {_shown(value)}, which {holder} does not have; ignored."
        )
        return None
    kept[key] = value
    return value


def _shown(value: str, limit: int = 80) -> str:
    return repr(value[:limit])
