"""The places table: the map's features as rows (a static text mirror of the map), and a
keyboard-usable choice of a place that opens it on the map with its passages.

Both tables on the page's tabs are markdown (``markdown_table``): a static table needs
none of Streamlit's data-grid or Arrow bundles (about 1.5 MB of JavaScript), which the
page would otherwise load on first view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial

import streamlit as st

from geo import descriptions
from geo.safety import escape_markdown
from geo.story import Story
from ui import session

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


def markdown_table(
    columns: Sequence[str], rows: Iterable[Sequence[object]], numeric: set[str] = frozenset()
) -> str:
    """A markdown table whose every cell shows its value as literal text (escaped: a pipe,
    a link or HTML in the data stays text); ``numeric`` columns are right-aligned."""
    head = "| " + " | ".join(escape_markdown(c) for c in columns) + " |"
    rule = "|" + "|".join("---:" if c in numeric else "---" for c in columns) + "|"
    body = ["| " + " | ".join(escape_markdown(str(v)) for v in row) + " |" for row in rows]
    return "\n".join([head, rule, *body])


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
