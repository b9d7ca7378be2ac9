"""Build data/events.json from the hand-edited timeline in data/raw/events.json.

Run as `.venv/bin/python -m scripts.build_events` after the other builds (it reads the
built layers, the article and the actors). Each raw event cites the article by short
snippets, resolved here to passage ids as scripts/build_forces.py does; its date's
precision and first and last day are derived. Every event is then checked with
geo.events.check_event against the article's passages, the layers' ids and the actors:
all problems are collected and raised as one BuildError naming each event and field.
Output: {"events": [...]} in date order, written deterministically (geo.jsonio).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from geo.actors import ActorsError, load_actors
from geo.article import parse_article
from geo.events import EVENT_KEYS, check_event
from geo.isodates import date_problem, iso_span, precision_of
from geo.jsonio import json_text
from geo.passages import Passage
from scripts.build_forces import resolve_snippet
from scripts.constructions import BuildError
from scripts.inputs import read_input_json, read_input_text, run_build

ROOT = Path(__file__).resolve().parent.parent

OUTPUT_FILE = "events.json"
# Every layer whose ids an event may name as a place (districts.geojson is optional).
PLACE_FILES = (
    "places.geojson",
    "provinces.geojson",
    "zone.geojson",
    "qarachok.geojson",
    "region.geojson",
    "districts.geojson",
)


def build(raw_dir: Path, data_dir: Path, out_dir: Path) -> Path:
    """Read raw_dir/events.json and data_dir's layers, article and actors; write
    out_dir/events.json and return its path."""
    raw = read_input_json(raw_dir / "events.json")
    _, passages = parse_article(read_input_text(data_dir / "article.txt"))
    try:
        actor_ids = {a.id for a in load_actors(data_dir / "actors.json")}
    except ActorsError as exc:
        raise BuildError(str(exc)) from None
    events = build_events(raw, passages, place_ids(data_dir), actor_ids)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / OUTPUT_FILE
    path.write_text(json_text({"events": events}), encoding="utf-8")
    return path


def place_ids(data_dir: Path) -> set[str]:
    """Ids of every feature in the place layers present in data_dir."""
    ids: set[str] = set()
    for name in PLACE_FILES:
        if (data_dir / name).exists():
            ids.update(f["properties"]["id"] for f in read_input_json(data_dir / name)["features"])
    return ids


def build_events(
    raw: Any,
    passages: Sequence[Passage],
    places: Collection[str],
    actors: Collection[str],
) -> list[dict[str, Any]]:
    """The raw events as checked output events, in date order (stable for ties).

    Raises one BuildError listing every problem, each naming the event and the field.
    """
    entries = raw.get("events") if isinstance(raw, Mapping) else None
    if not isinstance(entries, list):
        raise BuildError("events.json: top level must be an object with an 'events' list")
    problems: list[str] = []
    events: list[dict[str, Any]] = []
    seen: set[str] = set()
    passage_ids = [p.id for p in passages]
    for index, entry in enumerate(entries):
        event, found = build_event(entry, passages)
        label = event.get("id") if isinstance(event.get("id"), str) else f"#{index}"
        if label in seen:
            found.append(("id", "duplicate id"))
        seen.add(label)
        if not any(f == "passages" for f, _ in found):
            found.extend(check_event(event, passage_ids, places, actors))
        else:
            found.extend(p for p in check_event(event, None, places, actors) if p[0] != "passages")
        problems.extend(f"event {label!r}, field {f!r}: {msg}" for f, msg in found)
        events.append(event)
    if problems:
        raise BuildError("invalid events:\n  " + "\n  ".join(problems))
    return sorted(events, key=lambda e: iso_span(e["date"]))


def build_event(
    entry: Any, passages: Sequence[Passage]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """One raw event -> the output event (keys in EVENT_KEYS order) and the problems met
    resolving it: snippets that match no passage or several, a precision that disagrees."""
    if not isinstance(entry, Mapping):
        return {}, [("event", "must be an object")]
    found: list[tuple[str, str]] = []
    event = {k: v for k, v in entry.items() if k not in ("start", "end")}
    value = entry.get("date")
    if date_problem(value) is None:
        event["precision"] = entry.get("precision", precision_of(value))
        start, end = iso_span(value)
        event["start"], event["end"] = start.isoformat(), end.isoformat()
    snippets = entry.get("passages", [])
    if not isinstance(snippets, list):
        found.append(("passages", "must be a list of snippets"))
    else:
        ids = []
        for snippet in snippets:
            try:
                ids.append(resolve_snippet(snippet, passages, "snippet"))
            except BuildError as exc:
                found.append(("passages", str(exc).removeprefix("snippet: ")))
        order = {p.id: i for i, p in enumerate(passages)}
        event["passages"] = sorted(set(ids), key=order.__getitem__)
    ordered = {k: event[k] for k in EVENT_KEYS if k in event}
    ordered.update({k: v for k, v in event.items() if k not in ordered})
    return ordered, found


# --- private helpers -------------------------------------------------------------------


if __name__ == "__main__":
    run_build(build, "build_events", __doc__, ROOT)
