"""The reader's choices in the session, mirrored to the URL so every view is a permalink.

Session keys: ``selected`` (a feature id), ``passage`` (a passage id), ``event`` (an
event id), ``asof`` (the day the map shows), ``layers`` (the
force layers the link asked for, as read when the session started), ``view`` (where the map
should go next: lat, lon, zoom), ``notices``. Which layers are on is the map's own state:
it switches them in the browser and writes ``layers=`` into the URL (geo/map/static/url.js).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

import geo.map as geomap
from geo.events import Event, iso_span
from geo.story import Story
from geo.synthetic import SIZES
from ui import state

# The map frames a chosen place at this zoom at most (points would otherwise fill the map).
PLACE_MAX_ZOOM = 11


def init(story: Story, bench: bool) -> None:
    """First run of a session: take the view from the URL, ignoring what it cannot use."""
    if "selected" in st.session_state:
        return
    passage_ids = {p.id for p in story.article.passages} if story.article else set()
    place_ids = set(story.dataset.ids) if hasattr(story.dataset, "ids") else _feature_ids(story)
    actor_ids = [a.id for a in story.actors]
    read = state.parse_url(
        {k: st.query_params.get(k) for k in st.query_params},
        place_ids=place_ids,
        passage_ids=passage_ids,
        actor_ids=actor_ids,
        default_layers=story.config.default_layers,
        event_ids={e.id for e in story.events},
        date_range=date_range(story),
    )
    st.session_state["selected"] = read.place
    st.session_state["passage"] = read.passage if read.place is None else None
    st.session_state["event"] = read.event
    event = event_of(story, read.event)
    st.session_state["asof"] = read.asof or (event.day if event else default_day(story))
    st.session_state["view"] = read.view
    st.session_state["nonce"] = 0
    st.session_state["layers"] = read.layers
    notices = list(read.notices)
    st.session_state["events"] = 0
    if "events" in st.query_params:
        asked = st.query_params["events"]
        if bench and asked in {str(n) for n in SIZES}:
            st.session_state["events"] = int(asked)
            read.params["events"] = asked
        else:
            notices.append(f"The link's events={asked[:40]!r} is for the benchmark only; ignored.")
    for key in list(st.query_params):
        if key not in read.params:
            del st.query_params[key]
    for key, value in read.params.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    st.session_state["notices"] = notices
    if read.place is None and read.passage is not None:
        _frame(story, place_ids_of_passage(story, read.passage), move=read.view is None)
    elif read.place is None and event is not None and event.places:
        _frame(story, list(event.places), move=read.view is None)


def default_day(story: Story) -> date:
    """The day the map shows by default: the article's date, else the last event's."""
    if story.article is not None:
        return story.article.date
    return story.events[-1].day if story.events else date.today()


def date_range(story: Story) -> tuple[date, date]:
    """The days the timeline covers: from its first event or the first area of control
    (whichever is earlier) to the later of its last event and the article."""
    days = [e.start for e in story.events] + [e.end for e in story.events]
    days.append(default_day(story))
    control = story.dataset.layer("control")
    if not control.empty and "valid_from" in control:
        days += [iso_span(v)[0] for v in control["valid_from"] if isinstance(v, str) and v]
    return min(days), max(days)


def event_of(story: Story, event_id: str | None) -> Event | None:
    return next((e for e in story.events if e.id == event_id), None)


def select_event(story: Story, event_id: str | None) -> None:
    """Show the map as it was at an event: its day, its places outlined, its passages in the
    panel (clearing a selected place or passage)."""
    event = event_of(story, event_id)
    _choose("event", event.id if event else None)
    if event is None:
        return
    set_day(story, event.day, keep_event=True)
    if event.places:
        _frame(story, list(event.places))


def set_day(story: Story, day: date, keep_event: bool = False) -> None:
    """Show the map as of a day (``?asof=``); a day chosen by itself clears the event."""
    st.session_state["asof"] = day
    st.query_params["asof"] = day.isoformat()
    if not keep_event:
        st.session_state["event"] = None
        st.query_params.pop("event", None)


def select_place(story: Story, place_id: str | None, move: bool = False) -> None:
    """Select a feature (clearing a chosen passage); ``move`` also brings it into view.
    The id may come from the browser (a map click, an article chip): one the story does not
    have changes nothing."""
    if place_id is not None and story.dataset.feature(place_id) is None:
        return
    _choose("place", place_id)
    if place_id is not None and move:
        _frame(story, [place_id])


def select_passage(story: Story, passage_id: str | None) -> None:
    """Show one passage and its places on the map (clearing a selected place)."""
    _choose("passage", passage_id)
    if passage_id is None:
        return
    _frame(story, place_ids_of_passage(story, passage_id))


# What the panel shows is one of these at a time: URL parameter -> session key.
_CHOICES = {"place": "selected", "passage": "passage", "event": "event"}


def _choose(param: str, value: str | None) -> None:
    """Make ``value`` the one chosen thing (or clear it), in the session and the URL."""
    for other, key in _CHOICES.items():
        chosen = value if other == param else None
        st.session_state[key] = chosen
        if chosen is None:
            st.query_params.pop(other, None)
        else:
            st.query_params[other] = chosen


def place_ids_of_passage(story: Story, passage_id: str) -> list[str]:
    if story.links is None:
        return []
    return list(dict.fromkeys(link.place_id for link in story.links.links_for(passage_id)))


def highlighted(story: Story) -> list[str]:
    """The features the map outlines: the selected place, the chosen passage's places, or
    the chosen event's places."""
    if st.session_state.get("selected"):
        return [st.session_state["selected"]]
    if st.session_state.get("passage"):
        return place_ids_of_passage(story, st.session_state["passage"])
    event = event_of(story, st.session_state.get("event"))
    return list(event.places) if event else []


def _frame(story: Story, place_ids: list[str], move: bool = True) -> None:
    """Ask the map to show these features: their bounds at a zoom that fits, capped."""
    bounds = geomap.features_bounds(story.dataset, place_ids)
    if bounds is None or not move:
        return
    view = state.fit_view(bounds, max_zoom=PLACE_MAX_ZOOM)
    # streamlit-folium moves the map only when `center`/`zoom` change: a tiny per-request
    # offset (1e-7 degrees, about 1 cm) moves it again to a place chosen twice.
    st.session_state["nonce"] = st.session_state.get("nonce", 0) + 1
    jitter = 1e-7 * (st.session_state["nonce"] % 2)
    st.session_state["view"] = state.View(view.lat, view.lon + jitter, view.zoom)


def _feature_ids(story: Story) -> set[str]:
    return {str(i) for frame in story.dataset.layers.values() for i in frame["id"]}
