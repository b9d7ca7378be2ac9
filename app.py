"""Streamlit entry point: wiring only. Parsing, geometry and HTML live in geo/.

Run: `make run` (or `streamlit run app.py -- --data PATH` for another story).
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import analysis, mapview, places
from geo.article import highlight_markdown, passage_markdown
from geo.export import export_zip
from geo.safety import escape_markdown, widget_label
from geo.story import Story, load_story
from geo.synthetic import SIZES, synthetic_events

DEFAULT_DATA = Path(__file__).resolve().parent / "data"
MAP_KEY = "map"
TABLE_KEY = "places_table"
# Shown on first load when the URL names no layers: the actors drawn at positions.
# The PMF and coalition layers are whole-zone / whole-region schematic areas.
DEFAULT_LAYERS = ("peshmerga", "iraqi-army", "jcc", "isis")
MAX_URL_VALUE = 200


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
    return mapview.build_map(story.dataset, story.passage_counts, actors=story.actors)


@st.cache_resource
def _force_layers(data_dir: str) -> tuple[mapview.ForceLayer, ...]:
    story = _story(data_dir)
    return mapview.force_layers(story.dataset, story.actors)


@st.cache_resource
def _measurements(data_dir: str) -> analysis.StoryMeasurements:
    return analysis.measure_story(_story(data_dir).dataset.layers)


@st.cache_resource
def _events(data_dir: str, n: int) -> gpd.GeoDataFrame:
    layers = _story(data_dir).dataset.layers
    return synthetic_events(n, layers["zone"], layers["provinces"])


@st.cache_data
def _export(data_dir: str) -> bytes:
    return export_zip(_story(data_dir))


def _base_map(data_dir: str) -> mapview.folium.Map:
    # st_folium mutates the map it renders (it re-parents children while
    # generating the script), so each run gets its own copy of the cached map.
    return copy.deepcopy(_cached_map(data_dir))


def _select(place_id: str | None, centre: bool = False) -> None:
    """Select a place; from the text (centre=True) also bring it into view."""
    st.session_state["selected"] = place_id
    if place_id is None:
        st.query_params.pop("place", None)
    else:
        st.query_params["place"] = place_id
    if centre and place_id is not None:
        where = mapview.feature_centre(_story(_data_dir()).dataset, place_id)
        if where is not None:
            # streamlit-folium pans only when `center` changes; a tiny per-request
            # offset (1e-7 degrees, about 1 cm) re-centres on a place chosen twice.
            st.session_state["nonce"] = st.session_state.get("nonce", 0) + 1
            lat, lon = where.leaflet()
            st.session_state["centre"] = [lat, lon + 1e-7 * (st.session_state["nonce"] % 2)]


def _clicked_id(value: dict | None) -> str | None:
    drawing = (value or {}).get("last_active_drawing") or {}
    place_id = (drawing.get("properties") or {}).get("id")
    return str(place_id) if place_id else None


def _on_map_change() -> None:
    """A click on the map: select what was clicked, keep the reader's view."""
    place_id = _clicked_id(st.session_state.get(MAP_KEY))
    if place_id:
        st.session_state["last_click"] = place_id
        _select(place_id)


def _on_table_change() -> None:
    rows = st.session_state[TABLE_KEY].selection.rows
    if rows:
        _select(st.session_state["table_ids"][rows[0]], centre=True)


def _active_layers() -> list[str]:
    return [a.id for a in _story(_data_dir()).actors if st.session_state.get(f"layer-{a.id}")]


def _on_layers_change() -> None:
    st.query_params["layers"] = ",".join(_active_layers())


def _on_events_change() -> None:
    if st.session_state["events"]:
        st.query_params["events"] = str(st.session_state["events"])
    else:
        st.query_params.pop("events", None)


def _init_state(story: Story) -> None:
    """First run of a session: read the view from the URL, ignoring what it cannot use."""
    if "selected" in st.session_state:
        return
    st.session_state["selected"] = None
    st.session_state["centre"] = None
    notices: list[str] = []
    wanted = st.query_params.get("place")
    if wanted is not None:
        if story.dataset.feature(wanted) is not None:
            st.session_state["selected"] = wanted
        else:
            notices.append(
                f"The link asks for place {wanted[:80]!r}, which this map does not have; ignored."
            )
            st.query_params.pop("place", None)
    known = [a.id for a in story.actors]
    raw = st.query_params.get("layers")
    if raw is None:
        active = [a for a in DEFAULT_LAYERS if a in known]
    else:
        asked = [v.strip() for v in raw[:MAX_URL_VALUE].split(",") if v.strip()]
        active = [a for a in known if a in asked]
        unknown = [v for v in asked if v not in known]
        if unknown or len(raw) > MAX_URL_VALUE:
            shown = ", ".join(repr(v[:40]) for v in unknown[:5]) or "an over-long value"
            notices.append(f"The link names unknown layers ({shown}); ignored.")
            st.query_params["layers"] = ",".join(active)
    for actor_id in known:
        st.session_state[f"layer-{actor_id}"] = actor_id in active
    events = st.query_params.get("events", "0")
    st.session_state["events"] = int(events) if events in {str(n) for n in (0, *SIZES)} else 0
    if str(st.session_state["events"]) != events:
        notices.append(f"The link asks for {events[:40]!r} synthetic events; use one of {SIZES}.")
        st.query_params.pop("events", None)
    st.session_state["notices"] = notices


def _problems_panel(story: Story) -> None:
    for notice in st.session_state["notices"]:
        st.info(escape_markdown(notice), icon="ℹ️")
    if not story.problems:
        return
    skipped = story.skipped_count
    label = f"Data problems: {len(story.problems)} ({skipped} skipped, the rest repaired)"
    with st.expander(label, expanded=True):
        st.markdown("\n".join(f"- {escape_markdown(str(p))}" for p in story.problems))


def _place_panel(story: Story, place_id: str | None) -> None:
    details = places.details(story, place_id) if place_id else None
    if details is None:
        st.subheader("Click a place on the map")
        st.markdown(
            "Or choose one in the article or the places table below. Every feature says where "
            "it comes from and how certain its position is; dashed lines and hatched areas are "
            "approximate."
        )
        return
    with st.container(key="place-panel"):
        st.subheader(escape_markdown(details.name))
        st.markdown("\n".join(f"- **{k}:** {escape_markdown(v)}" for k, v in details.facts))
        if not details.passage_ids:
            st.markdown("_The article does not mention this place; it is drawn for context._")
        for passage, spans, reasons in places.passages_about(story, details.id):
            with st.container(border=True, key=f"panel-passage-{passage.id}"):
                st.markdown(highlight_markdown(passage, spans, color="orange"))
                st.caption(escape_markdown(f"{passage.id} · linked by {reasons}"))
        st.button("Clear selection", on_click=_select, args=(None,))


def _article_tab(story: Story) -> None:
    if story.article is None:
        st.warning("The article could not be loaded; see the data problems above.")
        return
    a = story.article
    st.markdown(
        f"**{escape_markdown(a.title)}** · {escape_markdown(a.publisher)}, "
        f"{a.date:%d %B %Y} · {escape_markdown(a.attribution)}"
    )
    st.caption(escape_markdown(a.licence))
    missing = places.unmapped_names(story)
    if missing:
        st.caption(escape_markdown("Named in the text but not drawn on the map: " + missing + "."))
    for passage in a.passages:
        with st.container(key=f"passage-{passage.id}"):
            st.markdown(passage_markdown(passage))
            chips = places.passage_places(story, passage.id)
            if chips:
                cols = st.columns(len(chips) + 1)
                for col, (pid, name) in zip(cols, chips, strict=False):
                    col.button(
                        widget_label(f"📍 {name}"),
                        key=f"chip-{passage.id}-{pid}",
                        on_click=_select,
                        args=(pid, True),
                        help=escape_markdown(f"Show {name} on the map"),
                        type="primary" if pid == st.session_state["selected"] else "secondary",
                    )


def _actors_tab(story: Story) -> None:
    for actor, drawn, passages in places.actor_cards(story):
        with st.container(border=True, key=f"actor-{actor.id}"):
            st.markdown(f"**{escape_markdown(actor.name)}**")
            st.markdown(escape_markdown(actor.description))
            st.caption(
                escape_markdown(
                    f"Drawn as {drawn} map feature{'s' if drawn != 1 else ''}. "
                    f"Named in {len(passages)} passage{'s' if len(passages) != 1 else ''} "
                    f"(as {', '.join(actor.aliases)})."
                )
            )
            with st.expander(f"The {len(passages)} passages"):
                for passage, spans in passages:
                    st.markdown(highlight_markdown(passage, spans, color="orange"))


def _measurements_tab(story: Story, data_dir: str) -> None:
    m = _measurements(data_dir)
    st.caption(escape_markdown(m.uncertainty_note))
    if m.areas is not None:
        st.markdown(f"**The zone's area by province** ({escape_markdown(m.areas.method)})")
        st.dataframe(
            [
                {
                    "Province": r.name,
                    "Area (km²)": round(r.area_km2),
                    "Share of zone (%)": round(r.pct_of_zone, 1),
                }
                for r in m.areas.rows
            ]
            + [
                {
                    "Province": "Whole zone",
                    "Area (km²)": round(m.areas.total_km2),
                    "Share of zone (%)": 100.0,
                }
            ],
            hide_index=True,
            key="zone-areas",
        )
    rows = []
    if m.length is not None:
        rows.append(("Zone length", f"{m.length.km:,.0f} km", m.length.method))
    if m.widest is not None:
        rows.append(
            (
                "Zone's widest point",
                f"{m.widest.width_km:.1f} km, at {m.widest.lat:.3f}°N {m.widest.lon:.3f}°E",
                m.widest.method,
            )
        )
    rows += [(label, f"{length.km:.1f} km", length.method) for label, length in m.distances]
    if m.inside is not None:
        names = [str((story.dataset.feature(i) or {}).get("name", i)) for i in m.inside.ids]
        rows.append(("Places inside the zone", ", ".join(names) or "none", m.inside.method))
    # A static table: long values (the places inside the zone) wrap instead of being cut.
    st.table(
        pd.DataFrame([{"Measure": a, "Value": b, "Method": c} for a, b, c in rows]).set_index(
            "Measure"
        )
    )


def _places_tab(story: Story) -> None:
    rows = places.table_rows(story)
    st.session_state["table_ids"] = [r["id"] for r in rows]
    st.caption(
        "Select a row to show the place on the map and its passages: click it, or Tab into the "
        "table, move with the arrow keys and press Shift+Space."
    )
    st.dataframe(
        [{k: v for k, v in r.items() if k != "id"} for r in rows],
        key=TABLE_KEY,
        on_select=_on_table_change,
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
    )


@st.fragment
def _map_and_panel(story: Story, data_dir: str) -> None:
    """The map, its layer switches and the side panel: a fragment, so a click on the map
    or a layer switch reruns only this part, not the article, tables and measurements."""
    map_col, side_col = st.columns([3, 2], gap="medium")
    with side_col, st.container(key="layer-switches"):
        st.markdown("**Force presence**: switch layers on and off")
        for actor in story.actors:
            st.checkbox(
                widget_label(actor.name),
                key=f"layer-{actor.id}",
                on_change=_on_layers_change,
                help=escape_markdown(actor.description),
            )
    active = _active_layers()
    with map_col:
        value = st_folium(
            _base_map(data_dir),
            key=MAP_KEY,
            height=640,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
            feature_group_to_add=[
                *mapview.force_groups(_force_layers(data_dir), active),
                *(
                    [mapview.events_group(_events(data_dir, st.session_state["events"]))]
                    if st.session_state["events"]
                    else []
                ),
                mapview.selection_group(story.dataset, st.session_state["selected"]),
            ],
            center=st.session_state["centre"],
            on_change=_on_map_change,
            # The map is a fresh copy, rendered once by st_folium itself; render=True would
            # render it twice (every marker's icon set twice) for the same script.
            render=False,
        )
        # A click that lands while the page's first full run is still going can reach
        # the app without its on_change callback; catch it from the returned value.
        clicked = _clicked_id(value)
        if clicked and clicked != st.session_state.get("last_click"):
            st.session_state["last_click"] = clicked
            _select(clicked)
            st.rerun(scope="fragment")
        st.caption(escape_markdown(mapview.MAP_NOTE))
        legend_col, forces_col = st.columns(2)
        with legend_col:
            st.html(mapview.legend_html())
        with forces_col:
            st.html(mapview.force_legend_html(story.actors, active))
    with side_col:
        _place_panel(story, st.session_state["selected"])


st.set_page_config(page_title="Disputed zone map: Lheiban, December 2021", layout="wide")
data_dir = _data_dir()
story = _story(data_dir)
_init_state(story)

st.title("Iraq's disputed zone: Lheiban, December 2021")
st.caption(escape_markdown(places.attribution(story)))
_problems_panel(story)

_map_and_panel(story, data_dir)

article_tab, actors_tab, table_tab, measures_tab = st.tabs(
    ["The article, passage by passage", "Who is where: the actors", "Places table", "Measurements"]
)
with article_tab:
    _article_tab(story)
with actors_tab:
    _actors_tab(story)
with table_tab:
    _places_tab(story)
with measures_tab:
    _measurements_tab(story, data_dir)

with st.sidebar:
    with st.expander("Benchmark: synthetic events"):
        st.selectbox(
            "Synthetic point events (not real: for measuring how the map scales)",
            options=(0, *SIZES),
            key="events",
            on_change=_on_events_change,
            format_func=lambda n: "none" if n == 0 else f"{n:,} synthetic events",
        )
    st.header("About this map")
    st.markdown(
        "A reader's map of one news story. Governorates: Natural Earth (public domain). "
        "Towns: GeoNames (CC BY 4.0). Lheiban, Debaga, the Qarachok ridge and the disputed "
        "zone are researched estimates or schematic drawings, and are drawn as such."
    )
    st.download_button(
        "Download all layers (GeoJSON + passages.json, zip)",
        data=_export(data_dir),
        file_name="disputed-zone-map-export.zip",
        mime="application/zip",
    )
