"""One search box: places by any name or alias, passages by their words, matches shown."""

from __future__ import annotations

import streamlit as st

from geo.safety import escape_markdown, markdown_highlight, widget_label
from geo.search import SearchIndex
from geo.story import Story
from ui import session

BOX_KEY = "search"


def box(story: Story, index: SearchIndex) -> None:
    query = st.text_input(
        "Search places and passages",
        key=BOX_KEY,
        placeholder="A place (Lheiban, لهيبان, Qaraqosh) or words (thermal night vision)",
        max_chars=100,
    )
    if not query or not query.strip():
        return
    results = index.search(query)
    with st.container(key="search-results"):
        if results.empty:
            st.caption(escape_markdown(f"Nothing matches {query.strip()!r}."))
            return
        if results.places:
            st.markdown(f"**Places** ({len(results.places)})")
            for hit in results.places:
                also = "" if hit.matched == hit.name else f" (as “{hit.matched}”)"
                st.button(
                    widget_label(f"{hit.name}{also} · {hit.kind} · {_count(hit.passage_count)}"),
                    key=f"search-place-{hit.id}",
                    icon=":material/location_on:",
                    on_click=_choose_place,
                    args=(story, hit.id),
                    width="stretch",
                )
        if results.events:
            st.markdown(f"**Timeline** ({len(results.events)})")
            for hit in results.events:
                st.button(
                    _marked("", hit.snippet, hit.spans),
                    key=f"search-event-{hit.id}",
                    icon=":material/event:",
                    on_click=_choose_event,
                    args=(story, hit.id),
                    width="stretch",
                )
        if results.passages:
            st.markdown(f"**Passages** ({len(results.passages)})")
            for hit in results.passages:
                st.button(
                    _marked(f"Passage {hit.number}: ", hit.snippet, hit.spans),
                    key=f"search-passage-{hit.id}",
                    icon=":material/format_quote:",
                    on_click=_choose_passage,
                    args=(story, hit.id),
                    width="stretch",
                )


def _choose_event(story: Story, event_id: str) -> None:
    session.select_event(story, event_id)
    st.session_state["scroll_to_panel"] = st.session_state.get("scroll_to_panel", 0) + 1


def _choose_place(story: Story, place_id: str) -> None:
    session.select_place(story, place_id, move=True)
    st.session_state["scroll_to_panel"] = st.session_state.get("scroll_to_panel", 0) + 1


def _choose_passage(story: Story, passage_id: str) -> None:
    session.select_passage(story, passage_id)
    st.session_state["scroll_to_panel"] = st.session_state.get("scroll_to_panel", 0) + 1


def _marked(prefix: str, text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The snippet as button label markdown, each match highlighted (escaped pieces)."""
    out, at = [escape_markdown(prefix)], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        out.append(escape_markdown(text[at:start]))
        out.append(markdown_highlight(escape_markdown(text[start:end]), "orange"))
        at = end
    out.append(escape_markdown(text[at:]))
    return "".join(out)


def _count(n: int) -> str:
    return f"{n} passage{'s' if n != 1 else ''}"
