"""Cached values for one story folder: loaded once per server, shared by every session."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import streamlit as st

import geo.map as geomap
from geo import analysis
from geo.export import export_zip
from geo.publish import DEFAULT_VENDOR_DIR, publish_zip
from geo.search import SearchIndex
from geo.story import Story, load_story
from geo.synthetic import synthetic_events
from ui import map_component

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Options:
    """Command-line options: ``streamlit run app.py -- [--data PATH] [--bench]``.

    ``--bench`` (or DZM_BENCH=1) lets the benchmark add synthetic events with ``?events=N``;
    a reader's page never offers them.
    """

    data_dir: str
    bench: bool


def options() -> Options:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--bench", action="store_true")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return Options(str(args.data), args.bench or os.environ.get("DZM_BENCH") == "1")


@st.cache_resource(show_spinner="Loading the story…")
def story(data_dir: str) -> Story:
    return load_story(Path(data_dir))


@st.cache_resource
def _base_map(data_dir: str) -> geomap.StoryMap:
    s = story(data_dir)
    # The map opens on the story's day; a session's own day reaches it as a small group
    # (geo.map.time_group), so this map is built once per server and never re-mounted.
    day = s.article.date.isoformat() if s.article is not None else None
    return geomap.build_map(s.dataset, s.passage_counts, actors=s.actors, story=s.config, as_of=day)


@st.cache_resource(show_spinner=False)
def rendered_map(data_dir: str, key: str) -> map_component.RenderedBase:
    """The base map's script and assets for the map component: rendered once per server."""
    return map_component.rendered_base(_base_map(data_dir), key)


@st.cache_resource
def search_index(data_dir: str) -> SearchIndex:
    return SearchIndex.build(story(data_dir))


@st.cache_resource
def measurements(data_dir: str) -> analysis.StoryMeasurements:
    s = story(data_dir)
    return analysis.measure_story(s.dataset.layers, s.config.distances, s.config.measurement_note)


@st.cache_resource
def control_changes(data_dir: str) -> tuple[analysis.ControlChange, ...]:
    layers = story(data_dir).dataset
    control, provinces = layers.layer("control"), layers.layer("provinces")
    if control.empty or provinces.empty:
        return ()
    return analysis.control_changes(control, provinces)


@st.cache_resource
def events(data_dir: str, n: int) -> gpd.GeoDataFrame:
    layers = story(data_dir).dataset.layers
    return synthetic_events(n, layers["zone"], layers["provinces"])


@st.cache_data(show_spinner=False)
def export(data_dir: str) -> bytes:
    return export_zip(story(data_dir))


@st.cache_data(max_entries=64, show_spinner=False)
def brief(data_dir: str, place_id: str | None, layers: tuple[str, ...] | None) -> bytes:
    """The printable brief (PDF) for a place, or the whole story; made when asked for."""
    # Imported here: matplotlib costs the page's first run ~0.1-0.3 s, and few readers print.
    from geo.brief import brief_bytes

    return brief_bytes(story(data_dir), place_id, list(layers) if layers is not None else None)


@st.cache_data(show_spinner=False)
def edition(data_dir: str) -> bytes:
    """The published edition as a zip (made when a reader asks for it)."""
    return publish_zip(story(data_dir))


def edition_ready() -> bool:
    """Whether the vendored map files the edition copies are installed (``make assets``)."""
    return (DEFAULT_VENDOR_DIR / "leaflet" / "leaflet.js").is_file()
