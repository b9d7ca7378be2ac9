"""The Timeline tab: every event in order with its source, each a button that asks the
reader to show the map as it was (ui/session.ask), and who held what. The timeline beside
the map is the reader's (geo/reader)."""

from __future__ import annotations

import streamlit as st

from geo import descriptions
from geo.reader.dates import when
from geo.safety import escape_markdown
from geo.story import Story
from ui import session
from ui.tables import markdown_table


def tab(story: Story) -> None:
    """Every event in order, each a button that shows the map as it was."""
    if not story.events:
        st.markdown("_This story has no timeline._")
        return
    st.caption(
        "Events from the article, and dated context from other reporting (each with its "
        "source). Choose one to see the map as it was that day."
    )
    held = descriptions.layer_rows(story, "control")
    if held:
        st.markdown("**Who held what** (schematic areas, drawn for the day the map shows)")
        st.markdown(markdown_table(list(held[0]), [r.values() for r in held]))
    for event in story.events:
        st.button(
            escape_markdown(f"{when(event)} · {event.title}"),
            key=f"timeline-{event.id}",
            on_click=session.ask,
            args=("event", event.id),
            width="stretch",
        )
