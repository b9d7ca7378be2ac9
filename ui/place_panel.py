"""The side panel: the selected place and its passages, or the chosen passage and its places."""

from __future__ import annotations

from functools import partial

import streamlit as st

from geo import places
from geo.article import highlight_markdown
from geo.events import Event
from geo.safety import escape_markdown, widget_label
from geo.story import Story
from ui import data, session
from ui.timeline import when as timeline_when

PIN = ":material/location_on:"


def show(story: Story, opts: data.Options) -> None:
    passage_id = st.session_state.get("passage")
    place_id = st.session_state.get("selected")
    _announce(story, place_id, passage_id)
    _brief_button(story, opts, place_id if not passage_id else None)
    if passage_id and story.article is not None:
        _passage(story, passage_id)
    elif place_id and places.details(story, place_id) is not None:
        _place(story, place_id)
    elif (event := session.event_of(story, st.session_state.get("event"))) is not None:
        _event(story, event)
    else:
        with st.container(key="place-panel"):
            st.subheader("Click a place on the map")
            st.markdown(
                "Or search above, or choose a place in the article or the places table. Every "
                "feature says where it comes from and how certain its position is; dashed lines "
                "and hatched areas are approximate."
            )


def place_chips(story: Story, passage_id: str, key_prefix: str) -> None:
    """One button per mapped place a passage names: selects it and shows it on the map."""
    chip_row(story, places.passage_places(story, passage_id), f"{key_prefix}-{passage_id}")


def chip_help(name: str) -> str:
    """What a place chip does, as plain text (the panel's chips and the article's)."""
    return f"Show {name} on the map and its passages"


def chip_row(story: Story, chips: list[tuple[str, str]], key_prefix: str) -> None:
    """A row of place chips, (id, name) each: a chip selects its place and moves the map
    onto it; the selected place's chip is the primary one."""
    if not chips:
        return
    with st.container(horizontal=True, gap="small"):
        for pid, name in chips:
            st.button(
                widget_label(name),
                icon=PIN,
                key=f"{key_prefix}-{pid}",
                on_click=session.select_place,
                args=(story, pid, True),
                help=escape_markdown(chip_help(name)),
                type="primary" if pid == st.session_state.get("selected") else "secondary",
            )


def _place(story: Story, place_id: str) -> None:
    details = places.details(story, place_id)
    assert details is not None
    with st.container(key="place-panel"):
        st.subheader(escape_markdown(details.name))
        st.markdown("\n".join(f"- **{k}:** {escape_markdown(v)}" for k, v in details.facts))
        if not details.passage_ids:
            st.markdown("_The article does not mention this place; it is drawn for context._")
        for passage, spans, reasons in places.passages_about(story, details.id):
            with st.container(border=True, key=f"panel-passage-{passage.id}"):
                st.markdown(highlight_markdown(passage, spans, color="orange"))
                st.caption(escape_markdown(f"{passage.id} · linked by {reasons}"))
        st.button(
            "Clear selection", key="clear-place", on_click=session.select_place, args=(story, None)
        )


def _event(story: Story, event: Event) -> None:
    """An event: when, what, on what it rests; its places (outlined) and its passages."""
    with st.container(key="event-panel"):
        st.subheader(escape_markdown(event.title))
        origin = "the article" if event.origin == "article" else "context from outside the article"
        st.markdown(
            f"**{escape_markdown(timeline_when(event))}** · {escape_markdown(event.summary)}"
        )
        st.caption(escape_markdown(f"From {origin}. Source: {event.source}."))
        names = [
            (pid, str((story.dataset.feature(pid) or {}).get("name", pid)))
            for pid in event.places
            if story.dataset.feature(pid) is not None
        ]
        if names:
            st.markdown("**Its places**, outlined on the map:")
            chip_row(story, names, f"event-chip-{event.id}")
        by_id = {p.id: p for p in story.article.passages} if story.article else {}
        for passage_id in event.passages:
            if passage_id in by_id:
                with st.container(border=True, key=f"event-passage-{passage_id}"):
                    st.markdown(highlight_markdown(by_id[passage_id], (), color="orange"))
                    st.caption(escape_markdown(passage_id))
        st.button(
            "Clear selection", key="clear-event", on_click=session.select_event, args=(story, None)
        )


def _passage(story: Story, passage_id: str) -> None:
    assert story.article is not None
    order = [p.id for p in story.article.passages]
    passage = story.article.passages[order.index(passage_id)]
    with st.container(key="passage-panel"):
        st.subheader(f"Passage {order.index(passage_id) + 1} of {len(order)}")
        with st.container(border=True):
            st.markdown(highlight_markdown(passage, (), color="orange"))
            st.caption(escape_markdown(passage.id))
        if places.passage_places(story, passage_id):
            st.markdown("**Its places**, outlined on the map:")
            place_chips(story, passage_id, "panel-chip")
        else:
            st.markdown("_This passage names no place the map draws._")
        st.button(
            "Clear selection",
            key="clear-passage",
            on_click=session.select_passage,
            args=(story, None),
        )


def _announce(story: Story, place_id: str | None, passage_id: str | None) -> None:
    """What a screen reader hears after a selection (a polite live region, see keys.js)."""
    text = ""
    if passage_id and story.article is not None:
        order = [p.id for p in story.article.passages]
        if passage_id in order:
            n = len(places.passage_places(story, passage_id))
            text = (
                f"Passage {order.index(passage_id) + 1} of {len(order)} shown; "
                f"{n} place{'s' if n != 1 else ''} outlined on the map."
            )
    elif place_id:
        details = places.details(story, place_id)
        if details is not None:
            n = len(details.passage_ids)
            text = f"{details.name} selected: {n} passage{'s' if n != 1 else ''}."
    elif (event := session.event_of(story, st.session_state.get("event"))) is not None:
        text = f"The map as of {st.session_state['asof']:%d %B %Y}: {event.title}."
    with st.container(key="dz-announce"):
        st.markdown(escape_markdown(text) if text else "No place selected.")


def _brief_button(story: Story, opts: data.Options, place_id: str | None) -> None:
    """A printable A4 brief of the place (or the whole story): map, key, scale, sources and
    the cited passages. Made only when clicked (it takes a second or two)."""
    layers = tuple(st.session_state.get("layers") or ()) or None
    name = (story.dataset.feature(place_id) or {}).get("name") if place_id else None
    st.download_button(
        widget_label(f"Printable brief: {name}" if name else "Printable brief: the story"),
        data=partial(data.brief, opts.data_dir, place_id, layers),
        file_name=f"brief-{place_id or 'story'}.pdf",
        mime="application/pdf",
        icon=":material/print:",
        on_click="ignore",
        key="brief",
        help="An A4 page to print or share: the map at this place (or the story's focus), "
        "its key, scale and north arrow, the place's certainty and source, the passages "
        "it rests on, the article's credit and the date it was made. The force layers "
        "drawn are those the link opened with.",
    )
