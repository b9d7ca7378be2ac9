"""Cached values for one story folder (st.cache_*: the prepared story, base map, reader model
file, measurements, exports, briefs, edition): made once per server, shared by every session;
and the command-line options that name the folder."""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import streamlit as st

from geo import analysis, synthetic
from geo.atomic import write_atomically
from geo.export import export_zip
from geo.publish import DEFAULT_VENDOR_DIR, publish_zip
from geo.reader import assets as reader_assets
from geo.story import Story
from ui import map_component
from ui.prepared import Prepared, load_or_build

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
def prepared(data_dir: str) -> Prepared:
    """The story and what the server derives from it: saved on disk (ui.prepared), made once."""
    return load_or_build(Path(data_dir))


def story(data_dir: str) -> Story:
    return prepared(data_dir).story


@st.cache_resource(show_spinner=False)
def rendered_map(data_dir: str, key: str) -> map_component.RenderedBase:
    """The base map's script and assets for the map component, under the component's key."""
    return prepared(data_dir).base_map.keyed(key)


@st.cache_resource(show_spinner=False)
def model_url(data_dir: str) -> str:
    """Where the reader fetches this story's model: a file the app serves (static/reader/),
    named by its digest (so a browser never keeps an old one), written once per server."""
    text = prepared(data_dir).reader_model.encode("utf-8")
    name = f"model-{hashlib.sha256(text).hexdigest()[:16]}.json"
    path = reader_assets.APP_DIR / name
    if not path.is_file() or path.read_bytes() != text:
        write_atomically(path, text)
    return f"{reader_assets.APP_URL}/{name}"


# Measured when a reader first opens the Measurements tab (tabs run only when open), and a
# story whose geometry cannot be measured costs that tab only: not saved with the story.
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
def synthetic_events(data_dir: str, n: int) -> gpd.GeoDataFrame:
    layers = story(data_dir).dataset.layers
    return synthetic.synthetic_events(n, layers["zone"], layers["provinces"])


@st.cache_data(show_spinner=False)
def export(data_dir: str) -> bytes:
    return export_zip(story(data_dir))


def brief(data_dir: str, place_id: str | None, layers: tuple[str, ...] | None) -> bytes:
    """The printable brief (PDF) for a place, or the whole story; made when asked for, and
    kept for the day it names as made (a brief costs 0.25-0.5 s of a core: most readers ask
    for the same few places, with the story's layers). Today's date is part of the cache's
    key, so a brief made yesterday is not handed out today."""
    return _brief(data_dir, place_id, layers, datetime.date.today().isoformat())


@st.cache_resource(max_entries=64, show_spinner=False)
def _brief(data_dir: str, place_id: str | None, layers: tuple[str, ...] | None, day: str) -> bytes:
    # Imported here: matplotlib costs the page's first run ~0.1-0.3 s, and few readers print.
    from geo.brief import brief_bytes

    chosen = list(layers) if layers is not None else None
    return brief_bytes(story(data_dir), place_id, chosen, today=datetime.date.fromisoformat(day))


@st.cache_data(show_spinner=False)
def edition(data_dir: str) -> bytes:
    """The published edition as a zip (made when a reader asks for it)."""
    return publish_zip(story(data_dir))


def edition_ready() -> bool:
    """Whether the vendored map files the edition copies are installed (``make assets``)."""
    return (DEFAULT_VENDOR_DIR / "leaflet" / "leaflet.js").is_file()
