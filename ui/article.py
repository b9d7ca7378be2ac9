"""The article, passage by passage, each with chips for the places it names."""

from __future__ import annotations

import streamlit as st

from geo import places
from geo.safety import escape_markdown
from geo.story import Story
from ui.place_panel import place_chips


def tab(story: Story) -> None:
    """The passages' text goes in as HTML (``Passage.html``: sanitised with nh3 when the
    story is loaded, text and http(s) links only; Streamlit sanitises st.html again and runs
    no script in it), not as markdown: this tab opens with the page, and the browser's
    markdown renderer for its 38 passages held the map's first draw back by about 0.2 s
    (bench/README.md)."""
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
            st.html(f'<p class="dz-passage">{number}. {passage.html}</p>')
            place_chips(story, passage.id, "chip")
