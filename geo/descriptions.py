"""What the pages say of the map's features, as plain values with no markup: a place's card
(kind, certainty, source, passages), the places table's rows, the actors' cards, each
layer's features in words, and the line crediting the article.

The app (ui/), the reader's model (geo/reader: the app's reader and the published edition),
the edition's page and share card, and the printable brief render these, each escaping for
its own sink; nothing here knows about Streamlit, HTML or PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geo.loading import GEOGRAPHY_LAYERS
from geo.passages import Passage
from geo.story import Story

KIND_LABELS = {
    "province": "governorate (province)",
    "city": "city",
    "town": "town",
    "village": "village",
    "ridge": "mountain ridge",
    "zone": "disputed zone",
    "region": "region",
    "position": "force position",
    "area": "area of presence",
    "event": "event",
    "movement": "movement",
    "centre": "joint co-ordination centre",
    "control": "area held (who held what)",
    "district": "district UNAMI reported on (2009)",
}
CERTAINTY_LABELS = {
    "precise": "precise (gazetteer point or administrative boundary)",
    "stated": "stated (the source says so of this place; the place itself may be an estimate)",
    "approximate": "approximate (researched estimate)",
    "schematic": "schematic (a drawn assumption, not a surveyed line)",
}


@dataclass(frozen=True)
class PlaceDetails:
    id: str
    name: str
    kind: str
    facts: tuple[tuple[str, str], ...]
    passage_ids: tuple[str, ...]


def details(story: Story, place_id: str) -> PlaceDetails | None:
    """Name, kind, certainty, source and passages of a place, or None if unknown."""
    props = story.dataset.feature(place_id)
    if props is None:
        return None
    certainty = str(props.get("certainty", ""))
    certainty_text = CERTAINTY_LABELS.get(certainty, certainty)
    radius = props.get("uncertainty_km")
    if certainty != "precise" and isinstance(radius, int | float) and radius > 0:
        certainty_text += f", within about ±{radius:g} km"
    passage_ids = tuple(story.passages_for(place_id))
    facts: list[tuple[str, str]] = [
        ("Kind", KIND_LABELS.get(str(props.get("kind")), str(props.get("kind")))),
        ("Certainty", certainty_text),
        ("Source", str(props.get("source", ""))),
    ]
    if props.get("layer") == "forces":
        facts[1:1] = _force_facts(story, props)
    aliases = props.get("aliases")
    if isinstance(aliases, list) and aliases:
        facts.append(("Also written", ", ".join(str(a) for a in aliases)))
    province = props.get("province")
    if isinstance(province, str) and province:
        parent = story.dataset.feature(province)
        facts.append(("Province", str(parent["name"]) if parent else province))
    note = props.get("note")
    if isinstance(note, str) and note:
        facts.append(("Note", note))
    return PlaceDetails(
        id=place_id,
        name=str(props.get("name", place_id)),
        kind=str(props.get("kind", "")),
        facts=tuple(facts),
        passage_ids=passage_ids,
    )


def _force_facts(story: Story, props: dict) -> list[tuple[str, str]]:
    actor = story.actor(str(props.get("actor")))
    origin = (
        "context from outside the article"
        if props.get("origin") == "context"
        else "the article's own claim"
    )
    facts = [("Actor", actor.name if actor else str(props.get("actor"))), ("Origin", origin)]
    if props.get("as_of"):
        facts.append(("As of", str(props["as_of"])))
    if isinstance(props.get("status"), str) and props["status"]:
        facts.append(("Status", f"{props['status']} ({props.get('status_source') or 'no source'})"))
    return facts


def attribution(story: Story) -> str:
    """One line crediting the article the map is about."""
    a = story.article
    if a is None:
        return "The article could not be loaded; the map still shows its geography."
    return f"“{a.title}”, {a.publisher}, {a.date:%d %B %Y}. {a.attribution}."


def passages_about(story: Story, place_id: str) -> list[tuple[Passage, list[tuple[int, int]], str]]:
    """Each passage about a place, in article order, with mention spans and why it is linked."""
    if story.article is None or story.links is None:
        return []
    by_id = {p.id: p for p in story.article.passages}
    props = story.dataset.feature(place_id) or {}
    # A force feature's passages are highlighted where they name its actor.
    link_source, link_id = story.links, place_id
    if props.get("layer") == "forces" and story.actor_links is not None:
        link_source, link_id = story.actor_links, str(props.get("actor"))
    out = []
    for passage_id in story.passages_for(place_id):
        links = link_source.links_for(passage_id, link_id)
        spans = [(link.start, link.end) for link in links if link.start is not None]
        reasons = "; ".join(dict.fromkeys(link.reason for link in links)) or "the feature's data"
        out.append((by_id[passage_id], spans, reasons))
    return out


def passage_places(story: Story, passage_id: str) -> list[tuple[str, str]]:
    """(place id, name) of every mapped place a passage mentions, in order of mention."""
    if story.links is None:
        return []
    out: dict[str, str] = {}
    for link in story.links.links_for(passage_id):
        props = story.dataset.feature(link.place_id)
        if props is not None:
            out.setdefault(link.place_id, str(props.get("name", link.place_id)))
    return list(out.items())


def table_rows(story: Story) -> list[dict[str, object]]:
    """One row per mapped place: the map's features as a table, most-discussed first."""
    rows = []
    for name in GEOGRAPHY_LAYERS:
        for _, row in story.dataset.layer(name).iterrows():
            pid = str(row["id"])
            province = row.get("province")
            parent = story.dataset.feature(province) if isinstance(province, str) else None
            rows.append(
                {
                    "id": pid,
                    "Name": str(row["name"]),
                    "Kind": KIND_LABELS.get(str(row.get("kind")), str(row.get("kind"))),
                    "Province": str(parent["name"]) if parent else "",
                    "Certainty": str(row.get("certainty", "")),
                    "Passages": len(story.passages_for(pid)),
                    "layer": name,
                }
            )
    rows.sort(key=lambda r: (-int(r["Passages"]), str(r["Name"])))
    for r in rows:
        r.pop("layer")
    return rows


def actor_cards(story: Story) -> list[tuple[Any, int, list[tuple[Passage, list[tuple[int, int]]]]]]:
    """Per actor: the actor, how many features draw it, and the passages naming it."""
    if story.article is None:
        return []
    by_id = {p.id: p for p in story.article.passages}
    forces = story.dataset.layer("forces")
    cards = []
    for actor in story.actors:
        drawn = int((forces["actor"] == actor.id).sum()) if not forces.empty else 0
        passages = []
        for passage_id in story.actor_passages(actor.id):
            links = story.actor_links.links_for(passage_id, actor.id) if story.actor_links else []
            spans = [(link.start, link.end) for link in links if link.start is not None]
            passages.append((by_id[passage_id], spans))
        cards.append((actor, drawn, passages))
    return cards


def unmapped_names(story: Story) -> str:
    """Place names the article uses that the map has no feature for, with passage counts."""
    if story.links is None:
        return ""
    return ", ".join(
        f"{u.name} ({len(u.passage_ids)} passage{'s' if len(u.passage_ids) != 1 else ''})"
        for u in story.links.unmatched_names
    )


def layer_rows(story: Story, layer: str, actor_id: str | None = None) -> list[dict[str, str]]:
    """Every feature of a layer (or of one actor's force claims) in words: the text mirror
    of what the map draws, for readers who cannot see the map."""
    frame = story.dataset.layer(layer)
    if frame.empty:
        return []
    if actor_id is not None and "actor" in frame:
        frame = frame[frame["actor"] == actor_id]
    rows = []
    for props in frame.drop(columns="geometry").to_dict("records"):
        certainty = str(props.get("certainty", ""))
        radius = props.get("uncertainty_km")
        if isinstance(radius, int | float) and radius == radius and radius > 0:
            certainty += f", ±{radius:g} km"
        valid = ""
        if props.get("valid_from"):
            until = props.get("valid_to")
            valid = (
                f"{props['valid_from']} to {until if isinstance(until, str) and until else 'now'}"
            )
        rows.append(
            {
                "Name": str(props.get("name", "")),
                "Kind": KIND_LABELS.get(str(props.get("kind")), str(props.get("kind", ""))),
                "Origin": _origin(props) if layer == "forces" else "",
                "Certainty": certainty,
                "Valid": valid,
                "Source": str(props.get("source", "")),
            }
        )
    return rows


def _origin(props: dict) -> str:
    return "context from other reporting" if props.get("origin") == "context" else "the article"
