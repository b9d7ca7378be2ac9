"""The published edition's data: everything the page's panel shows, precomputed.

Pure: no folium, no files. The browser script only renders what is here, as text.
Offsets (highlight spans, link anchors) are in UTF-16 code units, the unit JavaScript
strings index, so a character outside the Basic Multilingual Plane cannot shift a
highlight. Search keys are folded by geo.search, the same folding the app's search box
uses; panel.js folds the reader's query the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from geo.events import Event, iso_span
from geo.loading import GEOGRAPHY_LAYERS
from geo.places import KIND_LABELS, details, passage_places, passages_about
from geo.safety import safe_http_url
from geo.search import MAX_QUERY_CHARS, MIN_QUERY_CHARS, SearchIndex
from geo.story import Story

# The layers the base map draws and a reader can click. The areas of control and the
# districts are not on the map (yet): their features would only cost bytes.
PANEL_LAYERS: tuple[str, ...] = (*GEOGRAPHY_LAYERS, "forces")
# Coordinates sent to the page: 5 decimals (about a metre), as the map's GeoJSON.
PRECISION = 5


def edition_data(story: Story) -> dict[str, Any]:
    """The panel's data: passages, places (facts, passages with highlights), search.

    ``passages``: ``{id, n, text, anchors: [[start, end, href]], places: [ids]}`` in
    article order (``n`` 1-based); only http(s) links are kept.
    ``places``: id -> ``{name, kind, layer, facts: [[label, value]], passages:
    [[passage id, [[start, end]], reason]], at: [lat, lon], bounds: [[s, w], [n, e]]}``.
    ``search``: ``[id, [folded names], [names]]`` per geography feature, name first.
    ``storyPlaces``: the ids story.json puts forward, to offer before any choice.
    ``events``: the timeline in date order, ``{id, when, day, title, summary, origin,
    source, passages, places, others}``: ``when`` the date at its precision ("June 2014"),
    ``day`` the day the map shows for it, ``places`` the ids the panel has (chips, outlines),
    ``others`` the names of places it names that this map does not draw.
    ``day``: the day the map shows at first (the article's date, else the last event's).
    """
    places = _places(story)
    return {
        "passages": _passages(story),
        "places": places,
        "search": _search(story),
        "searchLimits": {"min": MIN_QUERY_CHARS, "max": MAX_QUERY_CHARS},
        "storyPlaces": _story_places(story),
        "events": [_event(story, event, places) for event in story.events],
        "day": default_day(story).isoformat(),
    }


def when(event: Event) -> str:
    """An event's date at its own precision: "June 2014", "16 Oct 2017", "2009–2014",
    "9–10 Jun 2014", "Nov 2009–30 Jan 2010" (each end of a period at its own precision)."""
    if event.precision == "month":
        return f"{event.start:%B %Y}"
    if event.precision != "period":
        return _when_part(event.date)
    first, last = event.date.split("/")
    start, end = event.start, event.end
    if first.count("-") == last.count("-") == 2 and start.year == end.year:
        if start.month == end.month:
            return f"{start.day}–{end.day} {end:%b %Y}"
        return f"{start.day} {start:%b}–{end.day} {end:%b %Y}"
    return f"{_when_part(first)}–{_when_part(last)}"


def _when_part(part: str) -> str:
    start = iso_span(part)[0]
    return (f"{start:%Y}", f"{start:%b %Y}", f"{start.day} {start:%b %Y}")[part.count("-")]


def default_day(story: Story) -> date:
    """The day the map shows at first: the article's date, else the last event's day."""
    if story.article is not None:
        return story.article.date
    return story.events[-1].day if story.events else date.today()


def utf16_offsets(text: str) -> list[int]:
    """``out[i]``: where Python index ``i`` of ``text`` falls in UTF-16 code units."""
    out = [0]
    for ch in text:
        out.append(out[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return out


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


def _places(story: Story) -> dict[str, Any]:
    texts = {p.id: p.text for p in story.article.passages} if story.article else {}
    out: dict[str, Any] = {}
    for layer in PANEL_LAYERS:
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
            west, south, east, north = geom.bounds
            out[place.id] = {
                "name": place.name,
                "kind": KIND_LABELS.get(place.kind, place.kind),
                "layer": layer,
                "facts": [list(fact) for fact in place.facts],
                "passages": about,
                "at": _lat_lon(point.y, point.x),
                "bounds": [_lat_lon(south, west), _lat_lon(north, east)],
            }
    return out


def _event(story: Story, event: Event, places: dict[str, Any]) -> dict[str, Any]:
    others = []
    for pid in event.places:
        feature = story.dataset.feature(pid) if pid not in places else None
        if feature is not None:
            others.append(str(feature.get("name") or pid))
    return {
        "id": event.id,
        "when": when(event),
        "day": event.day.isoformat(),
        "title": event.title,
        "summary": event.summary,
        "origin": event.origin,
        "source": event.source,
        "passages": list(event.passages),
        "places": [pid for pid in event.places if pid in places],
        "others": others,
    }


def _search(story: Story) -> list[list[Any]]:
    index = SearchIndex.build(story)
    return [[f.id, [n.text for n in f.names], [n.original for n in f.names]] for f in index.places]


def _story_places(story: Story) -> list[str]:
    known = {str(i) for name in GEOGRAPHY_LAYERS for i in story.dataset.layer(name)["id"]}
    wanted: Sequence[str] = (*story.config.story_places, *story.config.focus_places)
    return [pid for pid in dict.fromkeys(wanted) if pid in known]


def _lat_lon(lat: float, lon: float) -> list[float]:
    """Leaflet's [lat, lon] order, rounded."""
    return [round(float(lat), PRECISION), round(float(lon), PRECISION)]
