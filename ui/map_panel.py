"""The map, the search and the side panel: one fragment.

A click on the map or a search choice reruns only this part of the page, not the article,
tables and measurements below it. The force-presence switches and the key live inside the
map (geo/map: switched in the browser, no rerun; the map writes ``layers=`` and ``view=``
into the page's URL itself). The map container is fixed beside the story on wide screens
and above it on phones (ui/static/page.css).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

import geo.map as geomap
from geo.safety import escape_markdown
from geo.story import Story
from ui import data, map_component, place_panel, search, session, timeline

MAP_KEY = "map"
# What the map sends back: the clicked feature, and the count of clicks on features.
# streamlit-folium sends a value only when it changes; with the count, the same place
# clicked again (after an event or a passage was chosen) still reaches the app.
RETURNED = ("last_active_drawing", "last_object_clicked_count")
SCROLL_JS = Path(__file__).resolve().parent / "static" / "scroll_to_panel.js"


@st.fragment
def show(story: Story, opts: data.Options) -> None:
    with st.container(key="map-col"):
        _map(story, opts)
    search.box(story, data.search_index(opts.data_dir))
    timeline.show(story)
    if story.config.map_note:
        st.caption(escape_markdown(story.config.map_note))
    place_panel.show(story, opts)
    _scroll_to_panel()


def _map(story: Story, opts: data.Options) -> None:
    view = st.session_state.get("view")
    events = st.session_state.get("events", 0)
    value = map_component.show(
        data.rendered_map(opts.data_dir, MAP_KEY),
        [
            *([geomap.events_group(data.events(opts.data_dir, events))] if events else []),
            geomap.selection_group(story.dataset, session.highlighted(story)),
            geomap.time_group(st.session_state["asof"].isoformat()),
        ],
        key=MAP_KEY,
        height=600,
        returned_objects=RETURNED,
        center=[view.lat, view.lon] if view else None,
        zoom=view.zoom if view else None,
        on_change=partial(_on_map_change, story),
    )
    # A click that lands while the page's first full run is still going can reach the app
    # without its on_change callback; catch it from the returned value.
    clicked = _clicked_id(value)
    if clicked and clicked != st.session_state.get("last_click"):
        st.session_state["last_click"] = clicked
        session.select_place(story, clicked)
        # The whole page: the map is also drawn by full runs, where a fragment-scoped
        # rerun is refused (and this path is rare: a click during the first full run).
        st.rerun()


def _on_map_change(story: Story) -> None:
    """A click on the map: select what was clicked, keep the reader's view."""
    place_id = _clicked_id(st.session_state.get(MAP_KEY))
    if place_id:
        st.session_state["last_click"] = place_id
        session.select_place(story, place_id)
        st.session_state["scroll_to_panel"] = st.session_state.get("scroll_to_panel", 0) + 1


def _clicked_id(value: object) -> str | None:
    """The clicked feature's id in the component's value; None for anything else (the
    value comes from the browser: any JSON may arrive)."""
    drawing = value.get("last_active_drawing") if isinstance(value, dict) else None
    props = drawing.get("properties") if isinstance(drawing, dict) else None
    place_id = props.get("id") if isinstance(props, dict) else None
    return place_id if isinstance(place_id, str) and place_id else None


def _scroll_to_panel() -> None:
    """After a choice on the map or in the search, bring the panel into view (phones: the
    panel is below the map; wide screens: the reader may be deep in the article)."""
    asked = st.session_state.get("scroll_to_panel", 0)
    if asked and asked != st.session_state.get("scrolled_to_panel"):
        st.session_state["scrolled_to_panel"] = asked
        script = SCROLL_JS.read_text(encoding="utf-8")
        # A static script (no data in it); the counter makes each request a new element.
        st.html(f"<script>/* {int(asked)} */\n{script}</script>", unsafe_allow_javascript=True)
