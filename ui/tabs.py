"""The tabs under the reader: the timeline, the actors, the places table, measurements, and
about (sources and downloads). The article itself is the reader's (ui/reader.py)."""

from __future__ import annotations

from functools import partial

import streamlit as st

from geo.story import Story
from ui import about, actors, cache, measurements, places_table, timeline

TITLES = (
    "Timeline",
    "Who is where: the actors",
    "Places table",
    "Measurements",
    "About and download",
)
TABS_KEY = "story-tabs"


def show(story: Story, opts: cache.Options) -> None:
    """Only the open tab is run and sent (the timeline when the page opens): the others
    cost the first load nothing, and a reader's switch runs the script for the tab they
    chose."""
    panels = (
        partial(timeline.tab, story),
        partial(actors.tab, story),
        partial(places_table.tab, story),
        partial(_measurements, story, opts),
        partial(
            about.tab,
            story.config.about,
            partial(cache.export, opts.data_dir),
            partial(cache.edition, opts.data_dir) if cache.edition_ready() else None,
        ),
    )
    tabs = st.tabs(list(TITLES), key=TABS_KEY, on_change="rerun")
    for tab, panel in zip(tabs, panels, strict=True):
        if tab.open:
            with tab:
                panel()


def _measurements(story: Story, opts: cache.Options) -> None:
    measurements.tab(story, cache.measurements(opts.data_dir), cache.control_changes(opts.data_dir))
