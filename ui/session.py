"""The reader's choices in the session, mirrored to the URL so every view is a permalink.

Session keys: ``selected`` (a feature id), ``passage`` (a passage id), ``layers`` (the
force layers the link asked for, as read when the session started), ``view`` (where the map
should go next: lat, lon, zoom), ``notices``. Which layers are on is the map's own state:
it switches them in the browser and writes ``layers=`` into the URL (geo/map/static/url.js).
"""

from __future__ import annotations

import streamlit as st

import geo.map as geomap
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
    )
    st.session_state["selected"] = read.place
    st.session_state["passage"] = read.passage if read.place is None else None
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


def select_place(story: Story, place_id: str | None, move: bool = False) -> None:
    """Select a feature (clearing a chosen passage); ``move`` also brings it into view."""
    st.session_state["selected"] = place_id
    st.session_state["passage"] = None
    st.query_params.pop("passage", None)
    if place_id is None:
        st.query_params.pop("place", None)
        return
    st.query_params["place"] = place_id
    if move:
        _frame(story, [place_id])


def select_passage(story: Story, passage_id: str | None) -> None:
    """Show one passage and its places on the map (clearing a selected place)."""
    st.session_state["passage"] = passage_id
    st.session_state["selected"] = None
    st.query_params.pop("place", None)
    if passage_id is None:
        st.query_params.pop("passage", None)
        return
    st.query_params["passage"] = passage_id
    _frame(story, place_ids_of_passage(story, passage_id))


def place_ids_of_passage(story: Story, passage_id: str) -> list[str]:
    if story.links is None:
        return []
    return list(dict.fromkeys(link.place_id for link in story.links.links_for(passage_id)))


def highlighted(story: Story) -> list[str]:
    """The features the map outlines: the selected place, or the chosen passage's places."""
    if st.session_state.get("selected"):
        return [st.session_state["selected"]]
    if st.session_state.get("passage"):
        return place_ids_of_passage(story, st.session_state["passage"])
    return []


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
