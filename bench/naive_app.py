"""Variant (c), the common naive pattern: rebuild the whole folium map on every rerun.

A sidebar checkbox per actor; each run builds the whole map with the checked actors'
force groups on and hands it to ``st_folium`` with no ``feature_group_to_add``, no
``key`` and no ``returned_objects``. Any change to the
layers changes the map's script, so streamlit-folium re-mounts the map. A minimal
side panel lists the passages of the clicked place, with the same element keys as
the app's (``place-panel``, ``panel-passage-<id>``) so the benchmark reads both alike.

Run by ``bench.run``; by hand: ``streamlit run bench/naive_app.py`` from the repo root
needs ``static/`` next to the script, which ``bench.run`` arranges with a symlink
(``bench.servers.beside_static``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

import geo.map as geomap
from geo import descriptions
from geo.article import highlight_markdown
from geo.safety import escape_markdown, widget_label
from geo.story import Story, load_story

DATA = Path(__file__).resolve().parent.parent / "data"


@st.cache_resource
def _story() -> Story:
    return load_story(DATA)


st.set_page_config(page_title="Naive map (benchmark)", layout="wide")
story = _story()

with st.sidebar:
    st.header("Force presence")
    active = [
        actor.id
        for actor in story.actors
        if st.checkbox(widget_label(actor.name), value=True, key=f"layer-{actor.id}")
    ]

# The whole map rebuilt on every run with the checked actors' layers on: the map's script
# names them, so a change of checkbox changes the script and streamlit-folium re-mounts the
# map. (geo.map puts every actor's group in the base map, switched in the browser; here
# only the checked ones are on, as if the page had built the map with just those.)
m = geomap.build_map(
    story.dataset,
    story.passage_counts,
    actors=story.actors,
    story=replace(story.config, default_layers=tuple(active)),
)

map_col, side_col = st.columns([3, 2], gap="medium")
with map_col:
    value = st_folium(m, height=640, use_container_width=True)
clicked = ((value or {}).get("last_active_drawing") or {}).get("properties") or {}
if clicked.get("id"):
    st.session_state["selected"] = str(clicked["id"])

with side_col:
    selected = st.session_state.get("selected")
    details = descriptions.details(story, selected) if selected else None
    if details is None:
        st.subheader("Click a place on the map")
    else:
        with st.container(key="place-panel"):
            st.subheader(escape_markdown(details.name))
            for passage, spans, _reasons in descriptions.passages_about(story, details.id):
                with st.container(border=True, key=f"panel-passage-{passage.id}"):
                    st.markdown(highlight_markdown(passage, spans, color="orange"))
