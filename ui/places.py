"""The places table: the map's features as rows, usable from the keyboard."""

from __future__ import annotations

from functools import partial

import streamlit as st

from geo import places
from geo.story import Story
from ui import session

TABLE_KEY = "places_table"


def tab(story: Story) -> None:
    rows = places.table_rows(story)
    st.session_state["table_ids"] = [r["id"] for r in rows]
    st.caption(
        "Select a row to show the place on the map and its passages: click it, or Tab into the "
        "table, move with the arrow keys and press Shift+Space."
    )
    st.dataframe(
        [{k: v for k, v in r.items() if k != "id"} for r in rows],
        key=TABLE_KEY,
        on_select=partial(_on_change, story),
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
    )


def _on_change(story: Story) -> None:
    rows = st.session_state[TABLE_KEY].selection.rows
    if rows:
        session.select_place(story, st.session_state["table_ids"][rows[0]], move=True)
