"""Armed actors (data/actors.json): who they are, the names the article calls them, how
the map draws them, and what their force features must declare.

The actors file is the list of valid actors: a force feature naming any other is refused.
Passage-to-actor matching reuses geo.linking, with each actor standing in for a place, so
there is one matcher for places and actors alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.gazetteer import GazetteerEntry
from geo.jsonio import read_json
from geo.linking import LinkResult, link_passages
from geo.manual_links import ImplicitRule, ManualLinks, check_manual_links
from geo.passages import Passage
from geo.rules import MAX_ACTOR_ID_LENGTH, is_slug, slug_rule

MARKERS: tuple[str, ...] = ("triangle", "square", "diamond", "circle", "star", "cross")
PATTERNS: tuple[str, ...] = ("stripes-45", "stripes-135", "dots", "crosshatch", "solid", "outline")
LINES: tuple[str, ...] = ("solid", "dashed", "dotted")
_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def initial_layers(actors: Sequence[Any], default_layers: Sequence[str] | None) -> list[str]:
    """The actors whose forces are drawn when nothing names them (the map's link, the
    brief's --layers): the story's default (None: all), in the actors' order, unknown ids
    left out. The map's switches, the brief and the share card start from it."""
    ids = [a.id for a in actors]
    if default_layers is None:
        return ids
    return [i for i in ids if i in default_layers]


class ActorsError(ValueError):
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
class RequiredProperty:
    """A property every force feature of one actor must carry: a non-empty string, or one
    of `one_of` when that is given (e.g. a JCC's status: operational, planned, unknown)."""

    name: str
    one_of: tuple[str, ...] = ()


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
    required_properties: tuple[RequiredProperty, ...] = field(default=())


def load_actors(path: str | Path) -> tuple[Actor, ...]:
    """Read data/actors.json; raise ActorsError naming the actor and field at fault."""
    path = Path(path)
    doc, problem = read_json(path)
    if problem is not None:
        raise ActorsError(f"actors file {path}: {problem.message}")
    return parse_actors(doc, source=str(path))


def parse_actors(doc: object, source: str = "actors") -> tuple[Actor, ...]:
    """Validate the actors structure (see data/actors.json) and build Actor records."""
    if not isinstance(doc, dict) or not isinstance(doc.get("actors"), list):
        raise ActorsError(f"{source}: top level must be an object with an 'actors' list")
    actors = tuple(_actor(item, f"{source} actors[{i}]") for i, item in enumerate(doc["actors"]))
    ids = [a.id for a in actors]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ActorsError(f"{source}: duplicate actor id(s) {dupes}")
    return actors


def link_actors(actors: Sequence[Actor], passages: Sequence[Passage]) -> LinkResult:
    """Link passages to actors with geo.linking: aliases (case per alias) and implicit rules."""
    gazetteer, manual = _as_links(actors)
    return link_passages(passages, gazetteer, manual)


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
            f"actor {actor_id!r}, field 'implicit[{j}].{problem.field}': {problem.message}; "
            "rule ignored"
        )
    result = link_passages(passages, gazetteer, kept)
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


# --- private helpers -------------------------------------------------------------------


def _actor(item: object, where: str) -> Actor:
    if not isinstance(item, dict):
        raise ActorsError(f"{where}: must be an object")
    for key in ("id", "name", "description"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise ActorsError(f"{where}, field {key!r}: must be a non-empty string")
    if not is_slug(item["id"], MAX_ACTOR_ID_LENGTH):
        raise ActorsError(
            f"{where}, field 'id': {item['id'][:80]!r} {slug_rule(MAX_ACTOR_ID_LENGTH)}"
        )
    where = f"{where} ({item['id']})"
    aliases = item.get("aliases")
    if not isinstance(aliases, list) or not aliases:
        raise ActorsError(f"{where}, field 'aliases': must be a non-empty list")
    names: list[str] = []
    insensitive: set[str] = set()
    for i, alias in enumerate(aliases):
        if (
            not isinstance(alias, dict)
            or not isinstance(alias.get("text"), str)
            or not alias["text"].strip()
            or not isinstance(alias.get("case_sensitive"), bool)
        ):
            raise ActorsError(
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
            raise ActorsError(
                f"{where}, field 'implicit[{i}]': needs non-empty 'passage_contains' and 'reason'"
            )
        implicit.append(ActorRule(rule["passage_contains"], rule["reason"]))
    notes = item.get("alias_notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise ActorsError(f"{where}, field 'alias_notes': must be a list of strings")
    return Actor(
        id=item["id"],
        name=item["name"],
        description=item["description"],
        aliases=tuple(names),
        case_insensitive=frozenset(insensitive),
        style=_style(item.get("style"), where),
        implicit=tuple(implicit),
        alias_notes=tuple(notes),
        required_properties=_required_properties(item.get("required_properties", []), where),
    )


def _style(raw: object, where: str) -> ActorStyle:
    if not isinstance(raw, dict):
        raise ActorsError(f"{where}, field 'style': must be an object")
    for key in ("colour", "outline"):
        if not isinstance(raw.get(key), str) or not _HEX_COLOUR.fullmatch(raw[key]):
            raise ActorsError(f"{where}, field 'style.{key}': must be a #RRGGBB colour")
    if raw.get("marker") not in MARKERS:
        raise ActorsError(f"{where}, field 'style.marker': must be one of {', '.join(MARKERS)}")
    if raw.get("pattern") not in PATTERNS:
        raise ActorsError(f"{where}, field 'style.pattern': must be one of {', '.join(PATTERNS)}")
    if raw.get("line") not in LINES:
        raise ActorsError(f"{where}, field 'style.line': must be solid, dashed or dotted")
    return ActorStyle(raw["colour"], raw["outline"], raw["marker"], raw["pattern"], raw["line"])


def _required_properties(raw: object, where: str) -> tuple[RequiredProperty, ...]:
    if not isinstance(raw, list):
        raise ActorsError(f"{where}, field 'required_properties': must be a list")
    out = []
    for i, rule in enumerate(raw):
        at = f"{where}, field 'required_properties[{i}]'"
        if not isinstance(rule, dict) or set(rule) - {"name", "one_of"}:
            raise ActorsError(f"{at}: must be {{'name': str, 'one_of': [str, ...]}}")
        name = rule.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ActorsError(f"{at}.name: must be a non-empty string")
        one_of = rule.get("one_of", [])
        if not isinstance(one_of, list) or not all(
            isinstance(v, str) and v.strip() for v in one_of
        ):
            raise ActorsError(f"{at}.one_of: must be a list of non-empty strings")
        out.append(RequiredProperty(name, tuple(one_of)))
    names = [r.name for r in out]
    if len(set(names)) != len(names):
        raise ActorsError(f"{where}, field 'required_properties': a property is listed twice")
    return tuple(out)
