"""Streamlit entry point: the page, in reading order. Everything else lives in ui/ and geo/.

Run: `make run` (or `streamlit run app.py -- --data PATH` for another story folder).
"""

from __future__ import annotations

import streamlit as st

from ui import about, actors, article, data, map_panel, measurements, page, places, session

opts = data.options()
story = data.story(opts.data_dir)
page.configure(story.config)
session.init(story, bench=opts.bench)

page.header(story)
page.problems(story)
map_panel.show(story, opts)

tabs = st.tabs(
    ["The article, passage by passage", "Who is where: the actors", "Places table",
     "Measurements", "About and download"]
)  # fmt: skip
with tabs[0]:
    article.tab(story)
with tabs[1]:
    actors.tab(story)
with tabs[2]:
    places.tab(story)
with tabs[3]:
    measurements.tab(story, data.measurements(opts.data_dir))
with tabs[4]:
    about.tab(story.config.about, data.export(opts.data_dir))
