"""Load a story's data folder and validate it at the edge.

Reads the layer files (through geo.jsonio) with their paths passed in. Loading never raises for bad
content: it collects every problem (file, feature id, field) and returns what
is valid, so one broken file or feature costs only itself. After loading, the
rest of the package trusts its inputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import mapping

from geo.geometry import close_rings, geojson_type, read_shape, repair
from geo.isodates import date_problem, iso_span
from geo.jsonio import read_json
from geo.problems import Problem, Severity
from geo.rules import CERTAINTIES, in_region, is_slug, outside_region_message, slug_rule

# Layer name -> file in the data folder, and the geometry types it may hold.
LAYER_FILES: dict[str, str] = {
    "provinces": "provinces.geojson",
    "zone": "zone.geojson",
    "qarachok": "qarachok.geojson",
    "places": "places.geojson",
    "region": "region.geojson",
    "forces": "forces.geojson",
    "control": "control.geojson",
    "districts": "districts.geojson",
}
# The geography a reader selects places from; forces are drawn over it, per actor.
# Not the areas of control (schematic lines of a date, not places) nor the districts:
# their names (Kirkuk, Sinjar, Makhmur...) are the towns' too, and as places they would
# take the article's links and search hits from the towns the text means.
GEOGRAPHY_LAYERS: tuple[str, ...] = ("provinces", "region", "zone", "qarachok", "places")
# A story may have no context region, no force layer, no areas of control and no
# districts; their absence is not a problem.
OPTIONAL_LAYERS: frozenset[str] = frozenset({"region", "forces", "control", "districts"})
LAYER_GEOMETRIES: dict[str, tuple[str, ...]] = {
    "provinces": ("Polygon", "MultiPolygon"),
    "zone": ("Polygon", "MultiPolygon"),
    "qarachok": ("LineString", "MultiLineString"),
    "places": ("Point",),
    "region": ("Polygon", "MultiPolygon"),
    "forces": ("Point", "Polygon", "MultiPolygon", "LineString", "MultiLineString"),
    "control": ("Polygon", "MultiPolygon"),
    "districts": ("Point",),
}
REQUIRED_PROPERTIES = ("id", "name", "kind", "certainty", "source")


@dataclass(frozen=True)
class Dataset:
    """Every valid feature of a story, by layer, plus what was wrong."""

    data_dir: Path
    layers: dict[str, gpd.GeoDataFrame]
    problems: tuple[Problem, ...] = field(default=())

    def layer(self, name: str) -> gpd.GeoDataFrame:
        return self.layers[name]

    def feature(self, feature_id: str) -> dict[str, Any] | None:
        """A feature's properties (with its layer name) by id, or None."""
        props = self._properties.get(feature_id)
        return dict(props) if props is not None else None

    @cached_property
    def _properties(self) -> dict[str, dict[str, Any]]:
        # Built once: the panel, the table and the chips look features up on every rerun.
        index: dict[str, dict[str, Any]] = {}
        for name, frame in self.layers.items():
            columns = [c for c in frame.columns if c != "geometry"]
            for record in frame[columns].to_dict("records"):
                props = {k: v for k, v in record.items() if not _is_missing(v)}
                index.setdefault(str(record["id"]), {**props, "layer": name})
        return index

    @property
    def skipped(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


def load_dataset(data_dir: Path | str) -> Dataset:
    """Read every layer file in ``data_dir``; collect problems instead of failing."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    layers: dict[str, gpd.GeoDataFrame] = {}
    seen_ids: dict[str, str] = {}
    for name, filename in LAYER_FILES.items():
        if name in OPTIONAL_LAYERS and not (data_dir / filename).exists():
            layers[name] = _frame([])
            continue
        features, file_problems = _read_layer(data_dir / filename, name, seen_ids)
        problems.extend(file_problems)
        layers[name] = _frame(features)
    problems.extend(_stray_layer_files(data_dir))
    return Dataset(data_dir=data_dir, layers=layers, problems=tuple(problems))


def _stray_layer_files(data_dir: Path) -> list[Problem]:
    """A GeoJSON file the app does not read is named: a misspelt layer would else vanish."""
    known = set(LAYER_FILES.values())
    if not data_dir.is_dir():
        return []
    return [
        Problem(
            path.name,
            f"is not a layer this map reads ({', '.join(sorted(known))}); ignored",
            severity="warning",
        )
        for path in sorted(data_dir.glob("*.geojson"))
        if path.name not in known
    ]


def _read_layer(
    path: Path, layer: str, seen_ids: dict[str, str]
) -> tuple[list[dict[str, Any]], list[Problem]]:
    doc, problem = read_json(path)
    if problem is not None:
        return [], [problem]
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return [], [Problem(path.name, "not a GeoJSON FeatureCollection")]
    raw = doc.get("features")
    if not isinstance(raw, list):
        return [], [Problem(path.name, "'features' is not a list", field="features")]
    features, problems = [], []
    for index, feature in enumerate(raw):
        valid, feature_problems = _check_feature(path.name, layer, index, feature, seen_ids)
        problems.extend(feature_problems)
        if valid is not None:
            features.append(valid)
    return features, problems


def _check_feature(
    file: str, layer: str, index: int, feature: Any, seen_ids: dict[str, str]
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Return the feature (geometry repaired if need be) or None, and its problems."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return None, [Problem(file, "not a GeoJSON Feature", feature_id=f"#{index}")]
    props = feature.get("properties")
    if not isinstance(props, dict):
        return None, [Problem(file, "has no properties", feature_id=f"#{index}")]
    fid = props.get("id")
    label = fid[:80] if isinstance(fid, str) and fid else f"#{index}"
    problems = [
        Problem(file, "is missing or empty", feature_id=label, field=key)
        for key in REQUIRED_PROPERTIES
        if not isinstance(props.get(key), str) or not props.get(key).strip()
    ]
    if isinstance(props.get("certainty"), str) and props["certainty"] not in CERTAINTIES:
        problems.append(
            Problem(
                file,
                f"{props['certainty']!r} is not one of {', '.join(CERTAINTIES)}",
                feature_id=label,
                field="certainty",
            )
        )
    if isinstance(fid, str) and fid and not is_slug(fid):
        problems.append(
            Problem(
                file,
                slug_rule(),
                feature_id=label,
                field="id",
            )
        )
    elif isinstance(fid, str) and fid:
        if fid in seen_ids:
            problems.append(
                Problem(
                    file, f"duplicate id (also in {seen_ids[fid]})", feature_id=label, field="id"
                )
            )
        else:
            seen_ids[fid] = file
    problems.extend(_check_validity(file, label, props))
    geometry, geometry_problems = _check_geometry(file, layer, label, feature.get("geometry"))
    problems.extend(geometry_problems)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return {"type": "Feature", "properties": props, "geometry": geometry}, problems


def _check_validity(file: str, label: str, props: dict[str, Any]) -> list[Problem]:
    """valid_from / valid_to, where a feature has them: ISO dates (geo.events), valid_to
    null (still valid) or not before valid_from."""
    problems, spans = [], {}
    for key in ("valid_from", "valid_to"):
        value = props.get(key)
        if value is None:
            continue
        reason = date_problem(value)
        if reason is None:
            spans[key] = iso_span(value)
        else:
            problems.append(Problem(file, f"not an ISO date: {reason}", label, key))
    if len(spans) == 2 and spans["valid_to"][1] < spans["valid_from"][0]:
        message = f"{props['valid_to']!r} is before valid_from {props['valid_from']!r}"
        problems.append(Problem(file, message, label, "valid_to"))
    return problems


def _check_geometry(
    file: str, layer: str, label: str, geometry: Any
) -> tuple[dict[str, Any] | None, list[Problem]]:
    def problem(message: str, severity: Severity = "error") -> Problem:
        return Problem(file, message, feature_id=label, field="geometry", severity=severity)

    allowed = LAYER_GEOMETRIES[layer]
    if not isinstance(geometry, dict) or geometry.get("type") not in allowed:
        kind = geojson_type(geometry)
        return None, [problem(f"{kind} is not allowed in {layer} (expected {', '.join(allowed)})")]
    geometry, unclosed = close_rings(geometry)
    repairs = []
    if unclosed:
        repairs.append(
            problem(
                f"{unclosed} polygon ring(s) not closed (first and last positions differ); "
                "closed by repeating the first position",
                severity="warning",
            )
        )
    geom, unreadable = read_shape(geometry)
    if geom is None:
        return None, [problem(unreadable or "unreadable")]
    if not in_region(geom.bounds):
        return None, [problem(outside_region_message(geom.bounds))]
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        repaired = repair(geom, allowed)
        if repaired is None:
            return None, [problem(f"invalid ({reason}) and cannot be repaired")]
        return mapping(repaired), [
            *repairs,
            problem(f"invalid ({reason}); repaired with shapely.make_valid", severity="warning"),
        ]
    return mapping(geom), repairs


def _is_missing(value: Any) -> bool:
    """NaN/None cells: a column another feature of the layer has, this one lacks."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _frame(features: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    if not features:
        return gpd.GeoDataFrame({"id": [], "name": []}, geometry=[], crs="EPSG:4326")
    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    return frame
