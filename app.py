"""Streamlit entry point: the page, in reading order. Everything else lives in ui/ and geo/.

Run: `make run`, which serves this page through server.py (or `streamlit run server.py --
--data PATH` for another story folder; `streamlit run app.py` serves it too, without the
warm-up at start).
"""

from __future__ import annotations

from ui import cache, map_panel, page, reader, session, tabs

opts = cache.options()
story = cache.story(opts.data_dir)
page.configure(story.config)
session.init(bench=opts.bench)

map_column, story_column = page.columns()
with map_column:
    map_panel.show(opts)
    page.style()
with story_column:
    page.header(story)
    page.problems(story)
    brief_row = reader.brief_row()
    reader.show(opts)
    reader.brief(story, opts, brief_row)  # drawn above the reader, made after it
    page.map_note(story)
    tabs.show(story, opts)
