"""The map: streamlit-folium's frame, in its column beside the story on wide screens (it stays
in view) and above it on phones (ui/static/page.css).

The map is drawn once and never sent again: the reader (ui/reader.py) hears its clicks,
outlines the choice and sets its day in the page, and the map keeps its own view and layers
in the page's URL (geo/map/static/url.js). It returns nothing to Python, so no pan, zoom or
click reruns the page. Only the benchmark adds to it (synthetic events, ``?events=``).
"""

from __future__ import annotations

import streamlit as st

import geo.map as geomap
from ui import cache, map_component, session

MAP_KEY = "map"


def show(opts: cache.Options) -> None:
    count = st.session_state.get(session.SYNTHETIC_COUNT, 0)
    extra = [geomap.events_group(cache.synthetic_events(opts.data_dir, count))] if count else []
    with st.container(key="map-col"):
        map_component.show(
            cache.rendered_map(opts.data_dir, MAP_KEY),
            extra,
            key=MAP_KEY,
            # Before the page's stylesheet sizes it to the window: about a phone's map, so
            # the story below it on a phone does not move when the stylesheet arrives.
            height=400,
        )
