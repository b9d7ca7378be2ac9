"""Dated events of a story (data/events.json): the timeline's, checked and in date order.

An event's date is an ISO 8601 date or period at the precision the source gives
(geo.isodates, which also holds the dates drawn features carry); `events_as_of` compares
by the days a date spans.

Loading never raises for bad content: `load_events` returns the valid events and a
geo.problems.Problem per fault (file, event id, field), like geo.loading.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from geo.isodates import date_problem, iso_span, precision_of
from geo.jsonio import read_json
from geo.problems import Problem
from geo.rules import is_slug, slug_rule

PRECISIONS: tuple[str, ...] = ("year", "month", "day", "period")
ORIGINS: tuple[str, ...] = ("article", "context")
EVENT_KEYS: tuple[str, ...] = (
    "id",
    "date",
    "precision",
    "start",
    "end",
    "title",
    "summary",
    "passages",
    "places",
    "actors",
    "origin",
    "source",
)
ARTICLE_SOURCE = "the article"
SUMMARY_MAX_CHARS = 300

_YEAR = re.compile(r"\b(1[89]|20)\d{2}\b")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")


@dataclass(frozen=True)
class Event:
    """One dated event: what happened, when (at its precision), on what it rests."""

    id: str
    date: str
    precision: str
    title: str
    summary: str
    passages: tuple[str, ...]
    places: tuple[str, ...]
    actors: tuple[str, ...]
    origin: str
    source: str

    @property
    def start(self) -> date:
        return iso_span(self.date)[0]

    @property
    def end(self) -> date:
        return iso_span(self.date)[1]

    @property
    def day(self) -> date:
        """The day the map shows for this event: a period's first day (how things stood as
        it began), otherwise the last day of its date (a month's events have happened)."""
        return self.start if self.precision == "period" else self.end


def event_record(event: Event) -> dict[str, Any]:
    """An event as data/events.json holds it (keys in EVENT_KEYS order)."""
    values = {
        **{k: getattr(event, k) for k in EVENT_KEYS if k not in ("start", "end")},
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
    }
    return {
        k: list(v) if isinstance(v, tuple) else v for k, v in ((k, values[k]) for k in EVENT_KEYS)
    }


def events_as_of(events: Iterable[Event], as_of: str) -> tuple[Event, ...]:
    """The events that had begun by `as_of` (any precision; a coarse date counts through
    its end: "2017" includes December 2017), in date order."""
    last_day = iso_span(as_of)[1]
    return tuple(sorted((e for e in events if e.start <= last_day), key=_chronological))


def load_events(
    path: Path,
    passage_ids: Collection[str] | None = None,
    place_ids: Collection[str] | None = None,
    actor_ids: Collection[str] | None = None,
) -> tuple[tuple[Event, ...], tuple[Problem, ...]]:
    """The valid events of a data/events.json file, in date order, and every problem.

    An id collection left None is not checked (the build checks them all; the story
    passes what it has loaded).
    """
    doc, problem = read_json(path)
    if problem is not None:
        return (), (problem,)
    entries = doc.get("events") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        return (), (Problem(path.name, "top level must be an object with an 'events' list"),)
    events: list[Event] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        label = _label(entry, index)
        found = check_event(entry, passage_ids, place_ids, actor_ids)
        if label in seen:
            found.append(("id", "duplicate id"))
        seen.add(label)
        problems.extend(Problem(path.name, msg, feature_id=label, field=f) for f, msg in found)
        if not found:
            events.append(_event(entry))
    return tuple(sorted(events, key=_chronological)), tuple(problems)


def check_event(
    entry: object,
    passage_ids: Collection[str] | None = None,
    place_ids: Collection[str] | None = None,
    actor_ids: Collection[str] | None = None,
) -> list[tuple[str, str]]:
    """Every (field, message) wrong with one event object; empty if it is valid."""
    if not isinstance(entry, Mapping):
        return [("event", "must be an object")]
    found: list[tuple[str, str]] = []
    missing = [k for k in EVENT_KEYS if k not in entry]
    found.extend((k, "missing") for k in missing)
    found.extend((k, "unknown key") for k in sorted(set(entry) - set(EVENT_KEYS)))
    fid = entry.get("id")
    if "id" in entry and (not isinstance(fid, str) or not is_slug(fid)):
        found.append(("id", slug_rule()))
    for key in ("title", "summary", "source"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            found.append((key, "must be a non-empty string"))
    found.extend(_date_checks(entry))
    if isinstance(entry.get("summary"), str) and entry["summary"].strip():
        found.extend(("summary", m) for m in _sentence_problems(entry["summary"]))
    origin = entry.get("origin")
    if "origin" in entry and origin not in ORIGINS:
        found.append(("origin", f"{origin!r} is not one of {', '.join(ORIGINS)}"))
    for key, known in (("passages", passage_ids), ("places", place_ids), ("actors", actor_ids)):
        found.extend(_id_list_checks(entry, key, known))
    source = entry.get("source")
    if origin == "article" and isinstance(entry.get("passages"), list):
        if not entry["passages"]:
            found.append(("passages", "an article event must cite at least one passage"))
    if origin == "context" and isinstance(source, str):
        if source.strip() == ARTICLE_SOURCE or not _YEAR.search(source):
            found.append(("source", "context from outside the article needs a named, dated source"))
    return found


# --- private helpers -------------------------------------------------------------------


def _date_checks(entry: Mapping[str, Any]) -> list[tuple[str, str]]:
    value = entry.get("date")
    if "date" not in entry:
        return []
    reason = date_problem(value)
    if reason is not None:
        return [("date", reason)]
    found = []
    if "precision" in entry and entry["precision"] != precision_of(value):
        found.append(("precision", f"date {value!r} has precision {precision_of(value)!r}"))
    start, end = iso_span(value)
    for key, expected in (("start", start), ("end", end)):
        if key in entry and entry[key] != expected.isoformat():
            found.append((key, f"must be {expected.isoformat()} for date {value!r}"))
    return found


def _sentence_problems(text: str) -> list[str]:
    found = []
    if "\n" in text or "<" in text or ">" in text:
        found.append("must be plain text on one line")
    if not text.rstrip().endswith((".", "!", "?")):
        found.append("must end as a sentence ends")
    if _SENTENCE_BREAK.search(text.rstrip()[:-1]):
        found.append("must be one sentence")
    if len(text) > SUMMARY_MAX_CHARS:
        found.append(f"must be at most {SUMMARY_MAX_CHARS} characters")
    return found


def _id_list_checks(
    entry: Mapping[str, Any], key: str, known: Collection[str] | None
) -> list[tuple[str, str]]:
    values = entry.get(key)
    if key not in entry:
        return []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return [(key, "must be a list of ids")]
    found = []
    if len(set(values)) != len(values):
        found.append((key, "lists an id twice"))
    if known is not None:
        found.extend((key, f"unknown id {v!r}") for v in values if v not in known)
    return found


def _label(entry: object, index: int) -> str:
    fid = entry.get("id") if isinstance(entry, Mapping) else None
    return fid[:80] if isinstance(fid, str) and fid else f"#{index}"


def _event(entry: Mapping[str, Any]) -> Event:
    return Event(
        id=entry["id"],
        date=entry["date"],
        precision=entry["precision"],
        title=entry["title"],
        summary=entry["summary"],
        passages=tuple(entry["passages"]),
        places=tuple(entry["places"]),
        actors=tuple(entry["actors"]),
        origin=entry["origin"],
        source=entry["source"],
    )


def _chronological(event: Event) -> tuple[date, date, str]:
    return (event.start, event.end, event.id)
