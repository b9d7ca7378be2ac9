"""The reader's choices as the app knows them. The reader (geo/reader, ui/reader.py) answers
every choice in the page and keeps it in the URL; it tells the app its state where the app
needs it (before the printable brief is made), and the app keeps it here, checked. The app's
own widgets (the Places table, the Timeline tab) ask the reader for a choice.

Session keys: ``told`` (the last state the reader told, each value checked against the
story, and the report's number: what the brief's fragment draws), ``command`` (``{n, place |
event}``: the last choice the app asked the reader for, numbered), ``synthetic_event_count``
(the benchmark's number of synthetic events, from ``?events=`` with ``--bench``), ``notices``
(what the app says of a link's ``events=`` when it is not the benchmark's).
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from geo.story import Story
from geo.synthetic import SIZES

TOLD = "told"  # not "reader": that is the reader component's key (ui/reader.py)
COMMAND = "command"
SYNTHETIC_COUNT = "synthetic_event_count"
NOTICES = "notices"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_ID = 200  # longer ids are no id the story has


def init(bench: bool) -> None:
    """First run of a session: the benchmark's synthetic events, when it asks for them; a
    reader's link that asks for them is told it cannot."""
    if SYNTHETIC_COUNT in st.session_state:
        return
    st.session_state[SYNTHETIC_COUNT] = 0
    st.session_state[NOTICES] = []
    asked = st.query_params.get("events")
    if asked is None:
        return
    if bench and asked in {str(n) for n in SIZES}:
        st.session_state[SYNTHETIC_COUNT] = int(asked)
    else:
        st.session_state[NOTICES] = [
            f"The link's events={asked[:40]!r} is for the benchmark only; ignored."
        ]


def notices() -> list[str]:
    """What the app says of a link's values the reader does not read (the reader names its
    own: geo/reader)."""
    return list(st.session_state.get(NOTICES) or [])


def reported(story: Story, value: object) -> dict[str, Any]:
    """The reader's state as the browser sent it, checked: an id the story does not have, a
    value of the wrong type or a day that is not one is dropped (any JSON may arrive)."""
    got = value if isinstance(value, dict) else {}
    passages = {p.id for p in story.article.passages} if story.article else set()
    events = {e.id for e in story.events}
    actors = [a.id for a in story.actors]

    def known(key: str, ids: set[str] | None) -> str | None:
        item = got.get(key)
        if not isinstance(item, str) or len(item) > MAX_ID:
            return None
        if ids is None:
            return item if story.dataset.feature(item) is not None else None
        return item if item in ids else None

    day = got.get("day")
    layers = got.get("layers")
    return {
        "place": known("place", None),
        "passage": known("passage", passages),
        "event": known("event", events),
        "day": day if isinstance(day, str) and _DAY.fullmatch(day) else None,
        "layers": tuple(a for a in actors if a in layers) if isinstance(layers, list) else None,
    }


def told() -> dict[str, Any]:
    """The reader's last state as told (nothing chosen before it has told any): the
    session's one record, which each report updates in place."""
    if TOLD not in st.session_state:
        st.session_state[TOLD] = {}
    return st.session_state[TOLD]


def take_report(story: Story, value: object) -> None:
    """A report from the reader, checked, into the session's record."""
    record = told()
    number = value.get("n") if isinstance(value, dict) else None
    record.clear()
    record.update(reported(story, value))
    record["n"] = number if isinstance(number, int) and not isinstance(number, bool) else 0


def ask(kind: str, item_id: str) -> None:
    """Ask the reader to choose a place or an event (it does so in the page, and tells)."""
    number = (st.session_state.get(COMMAND) or {}).get("n", 0) + 1
    st.session_state[COMMAND] = {"n": number, kind: item_id}


def command() -> dict[str, Any] | None:
    return st.session_state.get(COMMAND)
