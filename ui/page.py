"""Page set-up, the story's header, and the notices and data problems above everything."""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

from geo.descriptions import attribution
from geo.reader.model import change_notes
from geo.safety import escape_markdown
from geo.story import Story
from geo.storyconfig import StoryConfig
from ui import session

STATIC = Path(__file__).resolve().parent / "static"
CSS = STATIC / "page.css"
# The page's icon when the story names none (or one that cannot be used): a local file.
# Not a ":material/...:" icon: Streamlit's frontend fetches that favicon from Google's font
# CDN, and the app makes no request to another host on any path.
DEFAULT_ICON = STATIC / "favicon.svg"


def configure(config: StoryConfig) -> None:
    """The browser tab names the story; the page is wide and carries its own layout."""
    st.set_page_config(
        page_title=config.page_title,
        page_icon=str(config.favicon or DEFAULT_ICON),
        layout="wide",
        initial_sidebar_state="collapsed",
    )


def style() -> None:
    """The page's stylesheet (a file of ours, no data in it). It arrives after the page's
    first elements are drawn (an element that holds markup waits for a code chunk of its
    own), so nothing it does may move them: the columns are Streamlit's own, and it goes
    last in the map's column, where its own room moves nothing."""
    st.markdown(f"<style>{_css()}</style>", unsafe_allow_html=True)


@functools.cache
def _css() -> str:
    """The stylesheet's text, read once per server (not on every rerun)."""
    return CSS.read_text(encoding="utf-8")


def columns():
    """The map's column and the story's: the map beside the story on wide screens (about
    three fifths of the width), above it on phones (ui/static/page.css)."""
    return st.columns([0.6, 0.4], gap="medium")


def header(story: Story) -> None:
    st.title(escape_markdown(story.config.title))
    if story.config.standfirst:
        st.markdown(escape_markdown(story.config.standfirst))
    st.caption(escape_markdown(attribution(story)))
    for note in change_notes(story):
        st.caption(escape_markdown(note))


def map_note(story: Story) -> None:
    if story.config.map_note:
        st.caption(escape_markdown(story.config.map_note))


def problems(story: Story) -> None:
    """Every data problem, named; the rest of the page still draws. (What a link asks that
    the story cannot give is named by the reader, ui/reader.py.)"""
    for notice in session.notices():
        st.info(escape_markdown(notice), icon=":material/info:")
    if not story.problems:
        return
    label = (
        f"Data problems: {len(story.problems)} ({story.skipped_count} skipped, the rest repaired)"
    )
    with st.expander(label, expanded=True):
        st.markdown("\n".join(f"- {escape_markdown(str(p))}" for p in story.problems))
