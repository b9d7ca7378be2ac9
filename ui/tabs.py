"""The tabs under the map's panel: the article, the actors, the places table, measurements,
and about (sources and downloads)."""

from __future__ import annotations

import streamlit as st

from geo.story import Story
from ui import about, actors, article, data, measurements, places

TITLES = (
    "The article, passage by passage",
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
        actors.tab(story)
    with tab[2]:
        places.tab(story)
    with tab[3]:
        measurements.tab(story, data.measurements(opts.data_dir))
    with tab[4]:
        about.tab(story.config.about, data.export(opts.data_dir), data.edition(opts.data_dir))
