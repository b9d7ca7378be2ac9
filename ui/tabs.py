"""The tabs under the map's panel: the article, the timeline, the actors, the places table,
measurements, and about (sources and downloads)."""

from __future__ import annotations

from functools import partial

import streamlit as st

from geo.story import Story
from ui import about, actors, article, data, measurements, places, timeline

TITLES = (
    "The article, passage by passage",
    "Timeline",
    "Who is where: the actors",
    "Places table",
    "Measurements",
    "About and download",
)


def show(story: Story, opts: data.Options) -> None:
    tab = st.tabs(list(TITLES))
    with tab[0]:
        article.tab(story)
    with tab[1]:
        timeline.tab(story)
    with tab[2]:
        actors.tab(story)
    with tab[3]:
        places.tab(story)
    with tab[4]:
        measurements.tab(
            story, data.measurements(opts.data_dir), data.control_changes(opts.data_dir)
        )
    with tab[5]:
        about.tab(
            story.config.about,
            partial(data.export, opts.data_dir),
            partial(data.edition, opts.data_dir) if data.edition_ready() else None,
        )
