"""The places table: the map's features as rows (a static text mirror of the map), and a
keyboard-usable choice of a place that opens it on the map with its passages. The table is
markdown (ui/tables.py).
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from geo import descriptions
from geo.story import Story
from ui import session
from ui.tables import markdown_table

CHOICE_KEY = "places_choice"
COLUMNS = ("Name", "Kind", "Province", "Certainty", "Passages")


def tab(story: Story) -> None:
    rows = descriptions.table_rows(story)
    labels = {str(r["id"]): _option(r) for r in rows}
    # A go-to control, not a second selection state: it empties after each choice, so the
    # same place can be chosen again after a click on the map chose another.
    st.selectbox(
        "Show a place on the map, with its passages",
        options=list(labels),
        index=None,
        format_func=labels.__getitem__,
        placeholder="Choose a place (type to filter, Enter to open)",
        key=CHOICE_KEY,
        on_change=partial(_on_choice, story),
    )
    st.markdown(
        markdown_table(COLUMNS, ([r[c] for c in COLUMNS] for r in rows), numeric={"Passages"})
    )


def _option(row: dict[str, object]) -> str:
    """A plain-text option (Streamlit shows options as text): name, kind, province, count."""
    where = f", {row['Province']}" if row["Province"] else ""
    count = int(row["Passages"])  # type: ignore[call-overload]
    return f"{row['Name']} ({row['Kind']}{where}): {count} passage{'s' if count != 1 else ''}"


def _on_choice(story: Story) -> None:
    place_id = st.session_state.get(CHOICE_KEY)
    if place_id and story.dataset.feature(place_id) is not None:
        session.ask("place", place_id)
    st.session_state[CHOICE_KEY] = None
