"""Reading and writing the story's JSON and GeoJSON files.

Reading never raises for bad content: it returns the document or the problem naming the
file. Writing is deterministic (key order kept, no ASCII escaping, one trailing newline),
so rebuilding unchanged inputs gives byte-identical files; this is the one place that
writes GeoJSON, for the data build scripts and the export alike.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geo.problems import Problem


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
    """A GeoJSON Feature whose top-level id repeats `props["id"]`."""
    return {"type": "Feature", "id": props["id"], "properties": props, "geometry": geometry}


def feature_collection(features: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of `features`, in their order."""
    return {"type": "FeatureCollection", "features": list(features)}


def write_geojson(path: Path, features: Sequence[dict[str, Any]]) -> Path:
    """Write `features` as one compact FeatureCollection; return the path."""
    path.write_text(json_text(feature_collection(features), compact=True), encoding="utf-8")
    return path
