"""Reading and writing the story's JSON and GeoJSON files.

Reading never raises for bad content: it returns the document or the problem naming the
file. Writing is deterministic (key order kept, no ASCII escaping, one trailing newline),
so rebuilding unchanged inputs gives byte-identical files; this is the one place that
writes GeoJSON, for the data build scripts and the export alike. Every polygon it writes
is wound by RFC 7946's right-hand rule (section 3.1.6: exterior rings counterclockwise,
holes clockwise), which GEOS's buffers and unions do not give by themselves.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape

from geo.problems import Problem

# Geometry types that hold polygon rings, directly or in their members.
_WITH_RINGS = ("Polygon", "MultiPolygon", "GeometryCollection")


def read_json(path: Path) -> tuple[Any, Problem | None]:
    """Parse a JSON file, or return the problem naming it (missing, unreadable, invalid)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, Problem(path.name, "file is missing")
    except (OSError, UnicodeDecodeError) as exc:
        return None, Problem(path.name, f"cannot be read: {exc}")
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, Problem(
            path.name, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        )


def json_text(value: Any, compact: bool = False) -> str:
    """Deterministic JSON text: compact for shipped data, indented by one for reading."""
    if compact:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(value, ensure_ascii=False, indent=1)
    return text + "\n"


def geojson_feature(props: dict[str, Any], geometry: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON Feature whose top-level id repeats `props["id"]`, its polygons wound by
    the right-hand rule already: a build that goes on with the features it made (the
    region from the provinces) sees the rings that a build reading the files back sees."""
    return {
        "type": "Feature",
        "id": props["id"],
        "properties": props,
        "geometry": right_hand_rule(geometry),
    }


def feature_collection(features: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of `features`, in their order."""
    return {"type": "FeatureCollection", "features": list(features)}


def right_hand_rule(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    """A GeoJSON geometry with every polygon's exterior ring counterclockwise and its holes
    clockwise (RFC 7946 section 3.1.6), by shapely.orient_polygons. Rings already wound so,
    points, lines and a null geometry are returned as they are; coordinates keep their
    values (a ring is only reversed)."""
    if not isinstance(geometry, dict) or geometry.get("type") not in _WITH_RINGS:
        return geometry
    oriented = shapely.orient_polygons(shape(geometry), exterior_cw=False)
    return _as_lists(mapping(oriented))


def geojson_text(collection: dict[str, Any], compact: bool = False) -> str:
    """A FeatureCollection as deterministic JSON text, its polygons by the right-hand rule.

    The collection is not changed; the features' other members keep their order.
    """
    features = [
        {**f, "geometry": right_hand_rule(f.get("geometry"))} if "geometry" in f else f
        for f in collection.get("features", [])
    ]
    return json_text({**collection, "features": features}, compact=compact)


def write_geojson(path: Path, features: Sequence[dict[str, Any]]) -> Path:
    """Write `features` as one compact FeatureCollection; return the path."""
    path.write_text(geojson_text(feature_collection(features), compact=True), encoding="utf-8")
    return path


def _as_lists(value: Any) -> Any:
    """shapely's mapping() gives tuples; GeoJSON read back from JSON has lists."""
    if isinstance(value, dict):
        return {k: _as_lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_as_lists(v) for v in value]
    return value
