"""The force-presence features drawn for the armed actors: their checks and summary.

Pure functions over plain data: the built force features (data/forces.geojson, by
scripts/build_forces.py), the actors loaded by geo.actors (the list of valid actors, and
what each actor's features must declare) and the article's passage ids.

Certainty of a force feature says how far the drawing goes beyond the words it rests on:
- "stated": the source says this actor is, or did this, at the named place; the geometry
  is that place's footprint (itself possibly an estimate, hence `uncertainty_km`);
- "approximate": the place comes from researched estimates or other reporting;
- "schematic": a drawn assumption (e.g. "many areas in the disputed zone" shaded as the
  whole zone), never to be read as a located fact.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import shapely

from geo.actors import Actor
from geo.geometry import read_shape
from geo.isodates import date_problem, iso_span
from geo.rules import CLAIM_CERTAINTIES, in_region, outside_region_message

CERTAINTIES: tuple[str, ...] = CLAIM_CERTAINTIES
ORIGINS: tuple[str, ...] = ("article", "context")
KINDS: tuple[str, ...] = ("position", "area", "event", "movement", "centre")
REQUIRED_PROPERTIES: tuple[str, ...] = (
    "id",
    "name",
    "actor",
    "passages",
    "source",
    "origin",
    "certainty",
    "as_of",
    "kind",
    "uncertainty_km",
    "note",
)
# Which geometry each kind of claim may take: a claim about an area is an area, a claim
# about a position or an event is a point (with its uncertainty), a movement is a line.
KIND_GEOMETRIES: dict[str, tuple[str, ...]] = {
    "position": ("Point",),
    "event": ("Point",),
    "centre": ("Point",),
    "area": ("Polygon", "MultiPolygon"),
    "movement": ("LineString", "MultiLineString"),
}
# When a claim holds: ISO dates at their precision (geo.events); valid_to null = still
# valid. Every shipped feature has both (scripts/build_forces.py requires valid_from); a
# feature from elsewhere without them is not refused, only a malformed one is.
VALIDITY_PROPERTIES: tuple[str, ...] = ("valid_from", "valid_to")
ID_PREFIX = "force-"

# "2021", "2021-12", "2021-12-07", or an interval of two of those joined by "/".
_DATE = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
_AS_OF = re.compile(rf"{_DATE}(?:/{_DATE})?")


# Reports one problem: (field, message); the caller adds the feature id.
_Report = Callable[[str, str], None]


@dataclass(frozen=True)
class SummaryRow:
    """One actor's line in the closing note: how much is drawn, on what, how sure."""

    actor: str
    features: int
    passages: tuple[str, ...]
    certainty: tuple[tuple[str, int], ...]
    origin: tuple[tuple[str, int], ...]


def validate_forces(
    features: Iterable[Mapping[str, Any]],
    actors: Sequence[Actor],
    passage_ids: Iterable[str],
    place_ids: Iterable[str],
) -> list[str]:
    """Every problem with the force features, each naming the feature id and the field.

    `actors` are the valid actors (from data/actors.json), with the properties each
    requires of its features; `place_ids` are the ids of the other layers (force ids must
    not collide with them, and `at_place` must name one).
    """
    by_id = {a.id: a for a in actors}
    known_passages = set(passage_ids)
    known_places = set(place_ids)
    problems: list[str] = []
    seen: set[str] = set()
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, Mapping) else None
        if not isinstance(props, Mapping):
            problems.append(f"feature #{index}, field 'properties': missing")
            continue
        fid = props.get("id")
        label = fid if isinstance(fid, str) and fid else f"#{index}"

        def bad(field_name: str, message: str, label: str = label) -> None:
            problems.append(f"feature {label!r}, field {field_name!r}: {message}")

        for key in REQUIRED_PROPERTIES:
            if key not in props:
                bad(key, "missing")
        if isinstance(fid, str) and fid:
            if not fid.startswith(ID_PREFIX):
                bad("id", f"must start with {ID_PREFIX!r}")
            if fid in seen:
                bad("id", "duplicate id")
            if fid in known_places:
                bad("id", "collides with a place id")
            seen.add(fid)
        elif "id" in props:
            bad("id", "must be a non-empty string")
        _check_values(props, by_id, known_passages, known_places, bad)
        _check_validity(props, bad)
        _check_geometry(feature.get("geometry"), props, bad)
    return problems


def forces_summary(
    features: Iterable[Mapping[str, Any]], actors: Sequence[Actor]
) -> tuple[SummaryRow, ...]:
    """Per actor (in the actors' order, then any others by id): feature count, the
    passages the features rest on (sorted), and counts of certainty and origin."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for feature in features:
        props = feature.get("properties") or {}
        grouped.setdefault(str(props.get("actor")), []).append(props)
    known = [a.id for a in actors]
    order = [a for a in known if a in grouped] + sorted(set(grouped) - set(known))
    rows = []
    for actor in order:
        props_list = grouped[actor]
        passages = sorted({p for props in props_list for p in props.get("passages") or []})
        rows.append(
            SummaryRow(
                actor=actor,
                features=len(props_list),
                passages=tuple(passages),
                certainty=_counts(props.get("certainty") for props in props_list),
                origin=_counts(props.get("origin") for props in props_list),
            )
        )
    return tuple(rows)


# --- private helpers -------------------------------------------------------------------


def _check_values(
    props: Mapping[str, Any],
    actors: Mapping[str, Actor],
    known_passages: set[str],
    known_places: set[str],
    bad: _Report,
) -> None:
    for key in ("name", "source", "note", "as_of"):
        if key in props and (not isinstance(props[key], str) or not props[key].strip()):
            bad(key, "must be a non-empty string")
    if "actor" in props and props["actor"] not in actors:
        bad("actor", f"unknown actor {props['actor']!r}")
    if "certainty" in props and props["certainty"] not in CERTAINTIES:
        bad("certainty", f"{props['certainty']!r} is not one of {', '.join(CERTAINTIES)}")
    if "origin" in props and props["origin"] not in ORIGINS:
        bad("origin", f"{props['origin']!r} is not one of {', '.join(ORIGINS)}")
    if "kind" in props and props["kind"] not in KINDS:
        bad("kind", f"{props['kind']!r} is not one of {', '.join(KINDS)}")
    if isinstance(props.get("as_of"), str) and not _AS_OF.fullmatch(props["as_of"]):
        bad("as_of", f"{props['as_of']!r} is not YYYY[-MM[-DD]] or an interval a/b")
    passages = props.get("passages")
    if "passages" in props:
        if not isinstance(passages, list) or not all(isinstance(p, str) for p in passages):
            bad("passages", "must be a list of passage ids")
        else:
            for pid in passages:
                if pid not in known_passages:
                    bad("passages", f"unknown passage id {pid!r}")
            if props.get("origin") == "article" and not passages:
                bad("passages", "an article claim must cite at least one passage")
    unc = props.get("uncertainty_km")
    if "uncertainty_km" in props and (
        isinstance(unc, bool)
        or not isinstance(unc, int | float)
        or not math.isfinite(unc)
        or unc < 0
    ):
        bad("uncertainty_km", "must be a number >= 0")
    at_place = props.get("at_place")
    if at_place is not None and at_place not in known_places:
        bad("at_place", f"unknown place id {at_place!r}")
    actor = actors.get(props.get("actor")) if isinstance(props.get("actor"), str) else None
    for rule in actor.required_properties if actor is not None else ():
        value = props.get(rule.name)
        if rule.one_of and value not in rule.one_of:
            bad(rule.name, f"{actor.name} features need one of {', '.join(rule.one_of)}")
        elif not rule.one_of and (not isinstance(value, str) or not value.strip()):
            bad(rule.name, f"{actor.name} features need a non-empty string")


def _check_validity(props: Mapping[str, Any], bad: _Report) -> None:
    """valid_from / valid_to: ISO dates or periods; valid_to null or not before valid_from."""
    readable = {}
    for key in VALIDITY_PROPERTIES:
        value = props.get(key)
        # A null (or a frame's NaN) is a date not given: loaded layers share columns, so a
        # feature without validity reads back with nulls there.
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        reason = date_problem(value)
        if reason is not None:
            bad(key, f"not an ISO date: {reason}")
        else:
            readable[key] = iso_span(value)
    if len(readable) == 2 and readable["valid_to"][1] < readable["valid_from"][0]:
        bad("valid_to", f"{props['valid_to']!r} is before valid_from {props['valid_from']!r}")


def _check_geometry(geometry: object, props: Mapping[str, Any], bad: _Report) -> None:
    geom, unreadable = read_shape(geometry)
    if geom is None:
        bad("geometry", unreadable or "unreadable")
        return
    if not geom.is_valid:
        bad("geometry", f"invalid: {shapely.is_valid_reason(geom)}")
        return
    if not in_region(geom.bounds):
        bad("geometry", outside_region_message(geom.bounds))
    allowed = KIND_GEOMETRIES.get(props.get("kind"))
    if allowed is not None and geom.geom_type not in allowed:
        bad(
            "geometry", f"kind {props['kind']!r} needs {' or '.join(allowed)}, not {geom.geom_type}"
        )
    # The article never gives coordinates: a point with no radius would be a precise pin
    # for what is at best a village- or town-level claim.
    unc = props.get("uncertainty_km")
    if geom.geom_type == "Point" and isinstance(unc, int | float) and unc <= 0:
        bad("uncertainty_km", "a point must carry an uncertainty radius > 0")


def _counts(values: Iterable[object]) -> tuple[tuple[str, int], ...]:
    out: dict[str, int] = {}
    for v in values:
        out[str(v)] = out.get(str(v), 0) + 1
    return tuple(sorted(out.items()))
