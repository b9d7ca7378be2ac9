"""Widget states as the frontend sends them: the reader's report of its state (JSON text,
through the report component)."""

from __future__ import annotations

import json
import re

from streamlit.proto.WidgetStates_pb2 import WidgetState


def report_value(
    place: str | None = None,
    passage: str | None = None,
    event: str | None = None,
    day: str = "2021-12-17",
    layers: list[str] | None = None,
    n: int = 1,
) -> str:
    """The reader's report, as its component sends it (ui/reader.py, geo/reader app.js:
    ``setStateValue("selection", state)``, the component's whole state as JSON text), ``n``
    the report's number in the page."""
    state = {
        "place": place,
        "passage": passage,
        "event": event,
        "day": day,
        "layers": layers,
        "n": n,
    }
    return json.dumps({"selection": state}, separators=(",", ":"))


def json_state(widget_id: str, value: str) -> WidgetState:
    state = WidgetState()
    state.id = widget_id
    state.json_value = value
    return state


def pdf_title(body: bytes) -> str | None:
    """The title a PDF names in its metadata (the printable brief's: "<story>: <subject>"),
    its string escapes undone; None if it names none."""
    found = re.search(rb"/Title \(((?:\\.|[^\\)])*)\)", body)
    if found is None:
        return None
    return re.sub(rb"\\(.)", rb"\1", found.group(1)).decode("latin-1")
