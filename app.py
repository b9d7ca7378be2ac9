"""Streamlit entry point: wiring only. Parsing, geometry and HTML live in geo/.

Run: `make run` (or `streamlit run app.py -- --data PATH` for another story).
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from geo import mapview, places
from geo.safety import escape_markdown
from geo.story import Story, load_story

DEFAULT_DATA = Path(__file__).resolve().parent / "data"
MAP_KEY = "map"


def _data_dir() -> str:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args, _ = parser.parse_known_args(sys.argv[1:])
    return str(args.data)


@st.cache_resource(show_spinner="Loading the story…")
def _story(data_dir: str) -> Story:
    return load_story(Path(data_dir))


@st.cache_resource
def _cached_map(data_dir: str) -> mapview.folium.Map:
    story = _story(data_dir)
    return mapview.build_map(story.dataset, story.passage_counts)


def _base_map(data_dir: str) -> mapview.folium.Map:
    # st_folium mutates the map it renders (it re-parents children while
    # generating the script), so each run gets its own copy of the cached map.
    return copy.deepcopy(_cached_map(data_dir))


def _select(place_id: str | None, centre: bool) -> None:
    st.session_state["selected"] = place_id
    if centre and place_id is not None:
        where = mapview.feature_centre(_story(_data_dir()).dataset, place_id)
        st.session_state["centre"] = where.leaflet() if where else None


def _on_map_change() -> None:
    """A click on the map: select what was clicked, keep the reader's view."""
    value = st.session_state.get(MAP_KEY) or {}
    drawing = value.get("last_active_drawing") or {}
    place_id = (drawing.get("properties") or {}).get("id")
    if place_id:
        _select(str(place_id), centre=False)


def _problems_panel(story: Story) -> None:
    if not story.problems:
        return
    skipped = [p for p in story.problems if p.severity == "error"]
    label = f"Data problems: {len(story.problems)} ({len(skipped)} skipped, the rest repaired)"
    with st.expander(label, expanded=True):
        st.markdown("\n".join(f"- {escape_markdown(str(p))}" for p in story.problems))


def _place_panel(story: Story, place_id: str | None) -> None:
    details = places.details(story, place_id) if place_id else None
    if details is None:
        st.subheader("Click a place on the map")
        st.markdown(
            "Every feature says where it comes from and how certain its position is. "
            "Dashed lines and hatched areas are approximate."
        )
        return
    st.subheader(escape_markdown(details.name))
    st.markdown("\n".join(f"- **{k}:** {escape_markdown(v)}" for k, v in details.facts))


st.set_page_config(page_title="Disputed zone map: Lheiban, December 2021", layout="wide")
data_dir = _data_dir()
story = _story(data_dir)
st.session_state.setdefault("selected", None)
st.session_state.setdefault("centre", None)

st.title("Iraq's disputed zone: Lheiban, December 2021")
st.caption(escape_markdown(places.attribution(story)))
_problems_panel(story)

map_col, side_col = st.columns([3, 2], gap="medium")
with map_col:
    st_folium(
        _base_map(data_dir),
        key=MAP_KEY,
        height=640,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        feature_group_to_add=[mapview.selection_group(story.dataset, st.session_state["selected"])],
        center=st.session_state["centre"],
        on_change=_on_map_change,
    )
    st.caption(escape_markdown(mapview.MAP_NOTE))
    st.html(mapview.legend_html())
with side_col:
    _place_panel(story, st.session_state["selected"])
