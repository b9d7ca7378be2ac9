"""Armed actors and the force-presence features drawn for them.

Pure functions over plain data: the actors file (data/actors.json), the built force
features (data/forces.geojson, by scripts/build_forces.py) and the article's passages.
Passage-to-actor matching reuses geo.linking, with each actor standing in for a place, so
there is one matcher for places and actors alike.

Certainty of a force feature says how far the drawing goes beyond the words it rests on:
- "stated": the source says this actor is, or did this, at the named place; the geometry
  is that place's footprint (itself possibly an estimate, hence `uncertainty_km`);
- "approximate": the place comes from researched estimates or other reporting;
- "schematic": a drawn assumption (e.g. "many areas in the disputed zone" shaded as the
  whole zone), never to be read as a located fact.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape

from geo.article import Passage
from geo.linking import (
    GazetteerEntry,
    ImplicitRule,
    LinkResult,
    ManualLinks,
    check_manual_links,
    link_passages,
)

ACTOR_IDS: tuple[str, ...] = ("peshmerga", "iraqi-army", "jcc", "pmf", "isis", "coalition")
CERTAINTIES: tuple[str, ...] = ("stated", "approximate", "schematic")
ORIGINS: tuple[str, ...] = ("article", "context")
KINDS: tuple[str, ...] = ("position", "area", "event", "movement", "centre")
JCC_STATUSES: tuple[str, ...] = ("operational", "planned", "unknown")
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
MARKERS: tuple[str, ...] = ("triangle", "square", "diamond", "circle", "star", "cross")
PATTERNS: tuple[str, ...] = ("stripes-45", "stripes-135", "dots", "crosshatch", "solid", "outline")
ID_PREFIX = "force-"
REGION_LON = (38.0, 49.0)
REGION_LAT = (29.0, 38.0)

# "2021", "2021-12", "2021-12-07", or an interval of two of those joined by "/".
_DATE = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
_AS_OF = re.compile(rf"{_DATE}(?:/{_DATE})?")
_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
# Actor ids name JS globals, CSS classes, widget keys and URL values: slugs only.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# Reports one problem: (field, message); the caller adds the feature id.
_Report = Callable[[str, str], None]


class ForcesError(ValueError):
    """The actors file is missing or malformed; the message names the entry and field."""


@dataclass(frozen=True)
class ActorStyle:
    """A map style hint: colour plus a shape and a pattern, so colour is never the only cue."""

    colour: str
    outline: str
    marker: str
    pattern: str
    line: str


@dataclass(frozen=True)
class ActorRule:
    """A passage containing `passage_contains` refers to the actor without naming it."""

    passage_contains: str
    reason: str


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    description: str
    aliases: tuple[str, ...]
    case_insensitive: frozenset[str]
    style: ActorStyle
    implicit: tuple[ActorRule, ...] = field(default=())
    alias_notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class SummaryRow:
    """One actor's line in the closing note: how much is drawn, on what, how sure."""

    actor: str
    features: int
    passages: tuple[str, ...]
    certainty: tuple[tuple[str, int], ...]
    origin: tuple[tuple[str, int], ...]


def load_actors(path: str | Path) -> tuple[Actor, ...]:
    """Read data/actors.json; raise ForcesError naming the actor and field at fault."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ForcesError(f"actors file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ForcesError(f"actors file {path} cannot be read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ForcesError(f"actors file {path} is not valid JSON: {exc}") from None
    return parse_actors(doc, source=str(path))


def parse_actors(doc: object, source: str = "actors") -> tuple[Actor, ...]:
    """Validate the actors structure (see data/actors.json) and build Actor records."""
    if not isinstance(doc, dict) or not isinstance(doc.get("actors"), list):
        raise ForcesError(f"{source}: top level must be an object with an 'actors' list")
    actors = tuple(_actor(item, f"{source} actors[{i}]") for i, item in enumerate(doc["actors"]))
    ids = [a.id for a in actors]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ForcesError(f"{source}: duplicate actor id(s) {dupes}")
    return actors


def link_actors(actors: Sequence[Actor], passages: Sequence[Passage]) -> LinkResult:
    """Link passages to actors with geo.linking: aliases (case per alias) and implicit rules."""
    gazetteer, manual = _as_links(actors)
    # known_names is for place names the map lacks; it means nothing for actors.
    return link_passages(passages, gazetteer, manual, known_names=())


def link_actors_checked(
    actors: Sequence[Actor], passages: Sequence[Passage]
) -> tuple[LinkResult, tuple[str, ...]]:
    """Like `link_actors`, but an implicit rule whose snippet occurs in no passage is
    dropped and named (actor id and `implicit[i]`) instead of raising LinkingError."""
    owners = [(a.id, j) for a in actors for j in range(len(a.implicit))]
    gazetteer, manual = _as_links(actors)
    kept, stale = check_manual_links(manual, passages, gazetteer)
    messages = []
    for problem in stale:
        actor_id, j = owners[int(problem.entry.removeprefix("implicit[").rstrip("]"))]
        messages.append(
            f"actor {actor_id!r}, field 'implicit[{j}].{problem.field}': {problem.message}"
        )
    result = link_passages(passages, gazetteer, kept, known_names=())
    return result, tuple(messages)


def _as_links(actors: Sequence[Actor]) -> tuple[list[GazetteerEntry], ManualLinks]:
    """Actors as geo.linking sees places: their aliases, and their implicit rules."""
    gazetteer = [
        GazetteerEntry(place_id=a.id, names=a.aliases, case_insensitive=a.case_insensitive)
        for a in actors
    ]
    manual = ManualLinks(
        implicit=tuple(
            ImplicitRule(passage_contains=r.passage_contains, place_id=a.id, reason=r.reason)
            for a in actors
            for r in a.implicit
        ),
        source="actors implicit rules",
    )
    return gazetteer, manual


def actor_passages(actors: Sequence[Actor], passages: Sequence[Passage]) -> dict[str, list[str]]:
    """Passage ids mentioning each actor, in article order; every actor gets a key."""
    by_actor = link_actors(actors, passages).by_place
    order = {p.id: p.index for p in passages}
    return {a.id: sorted(by_actor.get(a.id, []), key=order.__getitem__) for a in actors}


def validate_forces(
    features: Iterable[Mapping[str, Any]],
    actors: Sequence[Actor] | Iterable[str],
    passage_ids: Iterable[str],
    place_ids: Iterable[str],
) -> list[str]:
    """Every problem with the force features, each naming the feature id and the field.

    `actors` may be Actor records or bare actor ids; `place_ids` are the ids of the other
    layers (force ids must not collide with them, and `at_place` must name one).
    """
    actor_ids = {a.id if isinstance(a, Actor) else str(a) for a in actors}
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
        _check_values(props, actor_ids, known_passages, known_places, bad)
        _check_geometry(feature.get("geometry"), props, bad)
    return problems


def forces_summary(features: Iterable[Mapping[str, Any]]) -> tuple[SummaryRow, ...]:
    """Per actor (in ACTOR_IDS order, then any others): feature count, the passages the
    features rest on (sorted), and counts of certainty and origin."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for feature in features:
        props = feature.get("properties") or {}
        grouped.setdefault(str(props.get("actor")), []).append(props)
    order = [a for a in ACTOR_IDS if a in grouped] + sorted(set(grouped) - set(ACTOR_IDS))
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


def _actor(item: object, where: str) -> Actor:
    if not isinstance(item, dict):
        raise ForcesError(f"{where}: must be an object")
    for key in ("id", "name", "description"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise ForcesError(f"{where}, field {key!r}: must be a non-empty string")
    if len(item["id"]) > 40 or not _SLUG.fullmatch(item["id"]):
        raise ForcesError(
            f"{where}, field 'id': {item['id'][:80]!r} must be a slug (lowercase letters and "
            "digits joined by single hyphens, at most 40 characters)"
        )
    where = f"{where} ({item['id']})"
    aliases = item.get("aliases")
    if not isinstance(aliases, list) or not aliases:
        raise ForcesError(f"{where}, field 'aliases': must be a non-empty list")
    names: list[str] = []
    insensitive: set[str] = set()
    for i, alias in enumerate(aliases):
        if (
            not isinstance(alias, dict)
            or not isinstance(alias.get("text"), str)
            or not alias["text"].strip()
            or not isinstance(alias.get("case_sensitive"), bool)
        ):
            raise ForcesError(
                f"{where}, field 'aliases[{i}]': must be {{'text': str, 'case_sensitive': bool}}"
            )
        names.append(alias["text"])
        if not alias["case_sensitive"]:
            insensitive.add(alias["text"])
    implicit = []
    for i, rule in enumerate(item.get("implicit", [])):
        if not isinstance(rule, dict) or not all(
            isinstance(rule.get(k), str) and rule[k].strip() for k in ("passage_contains", "reason")
        ):
            raise ForcesError(
                f"{where}, field 'implicit[{i}]': needs non-empty 'passage_contains' and 'reason'"
            )
        implicit.append(ActorRule(rule["passage_contains"], rule["reason"]))
    notes = item.get("alias_notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise ForcesError(f"{where}, field 'alias_notes': must be a list of strings")
    return Actor(
        id=item["id"],
        name=item["name"],
        description=item["description"],
        aliases=tuple(names),
        case_insensitive=frozenset(insensitive),
        style=_style(item.get("style"), where),
        implicit=tuple(implicit),
        alias_notes=tuple(notes),
    )


def _style(raw: object, where: str) -> ActorStyle:
    if not isinstance(raw, dict):
        raise ForcesError(f"{where}, field 'style': must be an object")
    for key in ("colour", "outline"):
        if not isinstance(raw.get(key), str) or not _HEX_COLOUR.fullmatch(raw[key]):
            raise ForcesError(f"{where}, field 'style.{key}': must be a #RRGGBB colour")
    if raw.get("marker") not in MARKERS:
        raise ForcesError(f"{where}, field 'style.marker': must be one of {', '.join(MARKERS)}")
    if raw.get("pattern") not in PATTERNS:
        raise ForcesError(f"{where}, field 'style.pattern': must be one of {', '.join(PATTERNS)}")
    if raw.get("line") not in ("solid", "dashed", "dotted"):
        raise ForcesError(f"{where}, field 'style.line': must be solid, dashed or dotted")
    return ActorStyle(raw["colour"], raw["outline"], raw["marker"], raw["pattern"], raw["line"])


def _check_values(
    props: Mapping[str, Any],
    actor_ids: set[str],
    known_passages: set[str],
    known_places: set[str],
    bad: _Report,
) -> None:
    for key in ("name", "source", "note", "as_of"):
        if key in props and (not isinstance(props[key], str) or not props[key].strip()):
            bad(key, "must be a non-empty string")
    if "actor" in props and props["actor"] not in actor_ids:
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
    if props.get("actor") == "jcc":
        if props.get("status") not in JCC_STATUSES:
            bad("status", f"a JCC needs a status, one of {', '.join(JCC_STATUSES)}")
        if not isinstance(props.get("status_source"), str) or not props["status_source"].strip():
            bad("status_source", "a JCC needs the source of its status")


def _check_geometry(geometry: object, props: Mapping[str, Any], bad: _Report) -> None:
    if not isinstance(geometry, Mapping):
        bad("geometry", "missing")
        return
    try:
        geom = shape(geometry)
    except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.GEOSException) as exc:
        bad("geometry", f"unreadable: {exc}")
        return
    if geom.is_empty or not geom.is_valid:
        bad("geometry", f"invalid: {shapely.is_valid_reason(geom)}")
        return
    lon_min, lat_min, lon_max, lat_max = geom.bounds
    if not (
        REGION_LON[0] <= lon_min
        and lon_max <= REGION_LON[1]
        and REGION_LAT[0] <= lat_min
        and lat_max <= REGION_LAT[1]
    ):
        bad("geometry", "outside lon 38..49, lat 29..38 (swapped lon/lat?)")
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
