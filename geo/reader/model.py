"""The reader model: everything the reader shows, computed once from the story and handed to
the reader (geo/reader/static/src) as data, the same for both hosts: the published edition
(its ``reader.json``) and the app (a file the app serves beside the reader's script).

Pure: no folium, no Streamlit, no files. The reader renders only what is here, as text.
Offsets (highlight spans, link anchors, search maps) are UTF-16 code units, the unit
JavaScript strings index, so a character outside the Basic Multilingual Plane cannot shift a
highlight.

- ``passages``: ``{id, n, text, anchors: [[start, end, href]], places: [ids]}`` in article
  order (``n`` 1-based); only http(s) links are kept.
- ``places``: id -> ``{name, kind, layer, facts: [[label, value]], passages: [[passage id,
  [[start, end]], reason]], at: [lat, lon], bounds: [[s, w], [n, e]]}`` (no ``bounds`` for
  a point: ``at`` is all of it): every feature a reader can choose (the geography, the force
  claims, the areas of control, the districts). A fact's label and value are indexes into
  ``factTexts``, where each text is written once.
- ``events``: the timeline in date order, ``{id, when, day, dayWords, title, summary, source,
  passages, places, others}``: ``when`` the date at its precision, ``day`` the day the map
  shows for it, ``source`` its provenance line, ``places`` the ids the reader can outline,
  ``others`` the names of places it names that this map does not draw.
- ``day``/``dayWords``: the day the map shows at first; ``range``: the days a link may ask.
- ``storyPlaces``: the ids story.json puts forward, offered before any choice.
- ``article``: its title line, credit, licence and the names it uses that the map lacks.
- ``search``: geo.search's keys, limits and folding rules; ``words``: geo.reader.words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geo.descriptions import KIND_LABELS, attribution, details, passage_places, passages_about
from geo.events import ARTICLE_SOURCE, Event
from geo.loading import GEOGRAPHY_LAYERS
from geo.reader.dates import date_range, day_words, default_day, when
from geo.reader.words import fill, words
from geo.safety import safe_http_url
from geo.search import search_keys, utf16_offsets
from geo.story import Story

# Every layer whose features a reader can click or choose.
READER_LAYERS: tuple[str, ...] = (*GEOGRAPHY_LAYERS, "forces", "control", "districts")
# Coordinates sent to the page: 4 decimals (about 10 m), the map's finest grid
# (geo.map.features.FINE_GRID).
PRECISION = 4
VERSION = 1


def reader_model(story: Story) -> dict[str, Any]:
    """The reader model of a story (see the module's docstring)."""
    places, fact_texts = _places(story)
    first, last = date_range(story)
    day = default_day(story)
    return {
        "version": VERSION,
        "words": words(),
        "passages": _passages(story),
        "places": places,
        "factTexts": fact_texts,
        "storyPlaces": _story_places(story),
        "events": [_event(story, event, places) for event in story.events],
        "day": day.isoformat(),
        "dayWords": day_words(day),
        "range": [first.isoformat(), last.isoformat()],
        "rangeWords": [day_words(first), day_words(last)],
        "article": _article(story),
        "search": search_keys(story),
    }


def change_notes(story: Story) -> list[str]:
    """What a newsroom says under the credit: the day the story was updated, then each
    correction, oldest first (story.json's ``updated`` and ``corrections``)."""
    w, config = words(), story.config
    notes = [fill(w["updatedOn"], day=day_words(config.updated))] if config.updated else []
    notes += [
        fill(w["correctionOn"], day=day_words(c.day), text=c.text) for c in config.corrections
    ]
    return notes


def place_facts(model: dict[str, Any], place_id: str) -> list[tuple[str, str]]:
    """A place's facts in a reader model, as (label, value) texts."""
    texts = model["factTexts"]
    return [(texts[label], texts[value]) for label, value in model["places"][place_id]["facts"]]


def source_line(event: Event) -> str:
    """On what an event rests, as its card says it."""
    w = words()
    if event.origin != "article":
        return fill(w["fromContext"], source=event.source)
    if event.source == ARTICLE_SOURCE:
        return w["fromArticle"]
    return fill(w["fromArticleSources"], source=event.source)


# --- private helpers -------------------------------------------------------------------


def _passages(story: Story) -> list[dict[str, Any]]:
    if story.article is None:
        return []
    out = []
    for number, passage in enumerate(story.article.passages, 1):
        units = utf16_offsets(passage.text)
        anchors = [
            [units[a.start], units[a.end], url]
            for a in passage.anchors
            if (url := safe_http_url(a.href)) is not None and 0 <= a.start < a.end <= len(units) - 1
        ]
        out.append(
            {
                "id": passage.id,
                "n": number,
                "text": passage.text,
                "anchors": anchors,
                "places": [pid for pid, _name in passage_places(story, passage.id)],
            }
        )
    return out


def _places(story: Story) -> tuple[dict[str, Any], list[str]]:
    texts = {p.id: p.text for p in story.article.passages} if story.article else {}
    out: dict[str, Any] = {}
    # Facts' labels and values, each written once (many places share a source, a
    # certainty, a kind): a fact is a pair of indexes into this list.
    fact_texts: dict[str, int] = {}

    def fact_text(value: str) -> int:
        return fact_texts.setdefault(value, len(fact_texts))

    for layer in READER_LAYERS:
        frame = story.dataset.layers.get(layer)
        if frame is None or frame.empty:
            continue
        for fid, geom in zip(frame["id"], frame.geometry, strict=True):
            place = details(story, str(fid))
            if place is None or geom is None or geom.is_empty:
                continue
            about = []
            for passage, spans, reason in passages_about(story, place.id):
                units = utf16_offsets(texts[passage.id])
                limit = len(units) - 1
                kept = [[units[s], units[e]] for s, e in spans if 0 <= s < e <= limit]
                about.append([passage.id, kept, reason])
            point = geom if geom.geom_type == "Point" else geom.representative_point()
            out[place.id] = {
                "name": place.name,
                "kind": KIND_LABELS.get(place.kind, place.kind),
                "layer": layer,
                "facts": [[fact_text(label), fact_text(value)] for label, value in place.facts],
                "passages": about,
                "at": _lat_lon(point.y, point.x),
            }
            if geom.geom_type != "Point":
                west, south, east, north = geom.bounds
                out[place.id]["bounds"] = [_lat_lon(south, west), _lat_lon(north, east)]
    return out, list(fact_texts)


def _event(story: Story, event: Event, places: dict[str, Any]) -> dict[str, Any]:
    others = []
    for pid in event.places:
        feature = story.dataset.feature(pid) if pid not in places else None
        if feature is not None:
            others.append(str(feature.get("name") or pid))
    known = {p.id for p in story.article.passages} if story.article else set()
    return {
        "id": event.id,
        "when": when(event),
        "day": event.day.isoformat(),
        "dayWords": day_words(event.day),
        "title": event.title,
        "summary": event.summary,
        "source": source_line(event),
        "passages": [pid for pid in event.passages if pid in known],
        "places": [pid for pid in event.places if pid in places],
        "others": others,
    }


def _article(story: Story) -> dict[str, Any] | None:
    article = story.article
    if article is None:
        return None
    unmapped = ""
    if story.links is not None and story.links.unmatched_names:
        unmapped = ", ".join(u.name for u in story.links.unmatched_names)
    return {
        "credit": attribution(story),
        "licence": article.licence,
        "url": safe_http_url(article.url),
        "unmapped": unmapped,
    }


def _story_places(story: Story) -> list[str]:
    known = {str(i) for name in GEOGRAPHY_LAYERS for i in story.dataset.layer(name)["id"]}
    wanted: Sequence[str] = (*story.config.story_places, *story.config.focus_places)
    return [pid for pid in dict.fromkeys(wanted) if pid in known]


def _lat_lon(lat: float, lon: float) -> list[float]:
    """Leaflet's [lat, lon] order, rounded."""
    return [round(float(lat), PRECISION), round(float(lon), PRECISION)]
