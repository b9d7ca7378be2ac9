"""The article, passage by passage, each with chips for the places it names."""

from __future__ import annotations

import streamlit as st

from geo import places
from geo.article import passage_markdown
from geo.safety import escape_markdown
from geo.story import Story
from ui.place_panel import place_chips


def tab(story: Story) -> None:
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
    chosen = st.session_state.get("passage")
    for number, passage in enumerate(a.passages, start=1):
        with st.container(key=f"passage-{passage.id}", border=passage.id == chosen):
            st.markdown(f"{number}\\. " + passage_markdown(passage))
            place_chips(story, passage.id, "chip")
