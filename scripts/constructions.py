"""The geometry constructions a force claim in data/raw/forces.json may use, for
scripts/build_forces.py: a place with a radius, a given point or line, a buffer of a
feature, a zone, a union of areas, or a band beside a line. Distances are in km, built in
UTM 38N (geo.geometry); see the raw file's _comment for each construction's meaning.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import shapely
from shapely.geometry import LineString, Point, shape
from shapely.geometry.base import BaseGeometry

from geo.geometry import from_utm, to_utm

QUAD_SEGS = 8


class BuildError(ValueError):
    """An input is missing or a claim cannot be built; the message names the claim."""


def construct_geometry(
    spec: object, layers: Mapping[str, Mapping[str, Any]], where: str = "feature"
) -> tuple[BaseGeometry, float | None, str | None]:
    """Build (geometry in WGS84, point uncertainty in km or None, place id or None)."""
    if not isinstance(spec, Mapping):
        raise BuildError(f"{where}, field 'geometry': must be a construction object")
    if "at_place" in spec:
        place = _layer(layers, spec["at_place"], where, ("Point",))
        radius = _positive(spec.get("radius_km"), "radius_km", where)
        floor = place["properties"].get("uncertainty_km") or 0
        if radius < floor:
            raise BuildError(
                f"{where}, field 'geometry.radius_km': {radius} km is more precise than "
                f"{spec['at_place']!r} itself (±{floor} km)"
            )
        return shape(place["geometry"]), radius, spec["at_place"]
    if "point" in spec:
        lon, lat = _coords([spec["point"]], where)[0]
        return Point(lon, lat), _positive(spec.get("radius_km"), "radius_km", where), None
    if "buffer_of" in spec:
        base = shape(_layer(layers, spec["buffer_of"], where)["geometry"])
        metres = _positive(spec.get("km"), "km", where) * 1000
        return from_utm(to_utm(base).buffer(metres, quad_segs=QUAD_SEGS)), None, None
    if "within" in spec:
        base = _layer(layers, spec["within"], where, ("Polygon", "MultiPolygon"))
        return shape(base["geometry"]), None, None
    if "union_of" in spec:
        ids = spec["union_of"]
        if not isinstance(ids, list) or not ids:
            raise BuildError(f"{where}, field 'geometry.union_of': must be a list of ids")
        parts = [
            to_utm(shape(_layer(layers, i, where, ("Polygon", "MultiPolygon"))["geometry"]))
            for i in ids
        ]
        merged = shapely.union_all(parts)
        tolerance = spec.get("simplify_km", 0)
        if tolerance:
            merged = merged.simplify(_positive(tolerance, "simplify_km", where) * 1000)
        return from_utm(merged), None, None
    if "beside" in spec:
        return _band_beside(spec, layers, where), None, None
    if "line" in spec:
        coords = _coords(spec["line"], where)
        if "to_place" in spec:
            place = _layer(layers, spec["to_place"], where, ("Point",))
            coords.append(tuple(place["geometry"]["coordinates"]))
        if len(coords) < 2:
            raise BuildError(f"{where}, field 'geometry.line': needs at least two points")
        return LineString(coords), None, spec.get("to_place")
    raise BuildError(
        f"{where}, field 'geometry': unknown construction {sorted(spec)}; use at_place, point, "
        "buffer_of, within, union_of, beside or line"
    )


# --- private helpers -------------------------------------------------------------------


def _band_beside(
    spec: Mapping[str, Any], layers: Mapping[str, Mapping[str, Any]], where: str
) -> BaseGeometry:
    """A band from from_km to to_km off one side of a line (side as seen walking the line
    in its drawn direction)."""
    line = to_utm(shape(_layer(layers, spec["beside"], where, ("LineString",))["geometry"]))
    side = spec.get("side")
    if side not in ("left", "right"):
        raise BuildError(f"{where}, field 'geometry.side': must be 'left' or 'right'")
    near = _positive(spec.get("from_km"), "from_km", where) * 1000
    far = _positive(spec.get("to_km"), "to_km", where) * 1000
    if far <= near:
        raise BuildError(f"{where}, field 'geometry.to_km': must exceed from_km")
    # shapely: positive single-sided distance is the left side, negative the right.
    sign = 1 if side == "left" else -1
    outer = line.buffer(sign * far, single_sided=True, quad_segs=QUAD_SEGS)
    band = outer.difference(line.buffer(near, quad_segs=QUAD_SEGS))
    return from_utm(band)


def _layer(
    layers: Mapping[str, Mapping[str, Any]],
    feature_id: object,
    where: str,
    types: tuple[str, ...] | None = None,
) -> Mapping[str, Any]:
    feature = layers.get(feature_id) if isinstance(feature_id, str) else None
    if feature is None:
        raise BuildError(f"{where}, field 'geometry': no feature {feature_id!r} in the base layers")
    if types is not None and feature["geometry"]["type"] not in types:
        raise BuildError(
            f"{where}, field 'geometry': {feature_id!r} is a {feature['geometry']['type']}, "
            f"need {' or '.join(types)}"
        )
    return feature


def _positive(value: object, name: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise BuildError(f"{where}, field 'geometry.{name}': must be a number > 0")
    return value


def _coords(value: object, where: str) -> list[tuple[float, float]]:
    ok = isinstance(value, list) and all(
        isinstance(c, list)
        and len(c) == 2
        and all(isinstance(x, int | float) and not isinstance(x, bool) for x in c)
        for c in value
    )
    if not ok:
        raise BuildError(f"{where}, field 'geometry': coordinates must be [lon, lat] numbers")
    return [(float(lon), float(lat)) for lon, lat in value]
