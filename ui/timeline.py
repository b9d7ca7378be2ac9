"""The timeline beside the map: what changed when. Choosing an event, or a day, shows the
map as it was (force claims and areas of control valid that day), the event's places
outlined and its passages in the panel."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from geo import places
from geo.events import Event
from geo.safety import escape_markdown
from geo.story import Story
from ui import session
from ui.places import markdown_table

SLIDER_KEY = "timeline-event"
DAY_KEY = "timeline-day"
ARTICLE = "article"  # the slider's last stop: the article's own date


def show(story: Story) -> None:
    if not story.events:
        return
    by_id = {e.id: e for e in story.events}
    options = [e.id for e in story.events] + [ARTICLE]
    day = st.session_state["asof"]
    chosen = st.session_state.get("event")
    st.session_state[SLIDER_KEY] = chosen if chosen in by_id else _stop_for(story, day)
    st.session_state[DAY_KEY] = day
    low, high = session.date_range(story)
    with st.container(key="timeline"):
        st.markdown("**Time**: the map as it was")
        st.select_slider(
            "Event (arrow keys move through the timeline)",
            options=options,
            key=SLIDER_KEY,
            format_func=partial(_label, by_id, session.default_day(story)),
            on_change=_on_slide,
            args=(story,),
        )
        st.date_input(
            "As of",
            key=DAY_KEY,
            min_value=low,
            max_value=high,
            format="YYYY-MM-DD",
            on_change=_on_day,
            args=(story,),
        )


def tab(story: Story) -> None:
    """Every event in order, each a button that shows the map as it was."""
    if not story.events:
        st.markdown("_This story has no timeline._")
        return
    st.caption(
        "Events from the article, and dated context from other reporting (each with its "
        "source). Choose one to see the map as it was that day."
    )
    held = places.layer_rows(story, "control")
    if held:
        st.markdown("**Who held what** (schematic areas, drawn for the day the map shows)")
        st.markdown(markdown_table(list(held[0]), [r.values() for r in held]))
    for event in story.events:
        st.button(
            escape_markdown(f"{when(event)} · {event.title}"),
            key=f"timeline-{event.id}",
            on_click=session.select_event,
            args=(story, event.id),
            type="primary" if event.id == st.session_state.get("event") else "secondary",
            width="stretch",
        )


def when(event: Event) -> str:
    """An event's date at its own precision: "June 2014", "16 Oct 2017", "2009–2014"."""
    if event.precision == "year":
        return f"{event.start:%Y}"
    if event.precision == "month":
        return f"{event.start:%B %Y}"
    if event.precision == "day":
        return f"{event.start.day} {event.start:%b %Y}"
    if event.start.year != event.end.year:
        return f"{event.start:%Y}–{event.end:%Y}"
    return f"{event.start:%b %Y}–{event.end:%b %Y}"


def _label(by_id: dict[str, Event], article_day: date, option: str) -> str:
    if option == ARTICLE:
        return f"{article_day.day} {article_day:%b %Y} · the article"
    event = by_id[option]
    return f"{when(event)} · {event.title}"


def _stop_for(story: Story, day: date) -> str:
    """The slider's stop for a day: the article's date, else the last event by then."""
    if day == session.default_day(story):
        return ARTICLE
    before = [e for e in story.events if e.day <= day]
    return before[-1].id if before else story.events[0].id


def _on_slide(story: Story) -> None:
    value = st.session_state[SLIDER_KEY]
    if value == ARTICLE:
        session.set_day(story, session.default_day(story))
    else:
        session.select_event(story, value)


def _on_day(story: Story) -> None:
    day = st.session_state[DAY_KEY]
    if isinstance(day, date):
        session.set_day(story, day)
