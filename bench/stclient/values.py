"""Widget states as the frontend sends them: the reader's report of its state (JSON text,
through the report component), the map's value after a click (a map that reports clicks:
the naive variant of the bench), the select slider's choice."""

from __future__ import annotations

import json

from streamlit.proto.WidgetStates_pb2 import WidgetState


def click_value(place_id: str, lon: float, lat: float, label: str = "", count: int = 1) -> str:
    """The map component's value after a click on a point, as streamlit-folium sends it
    with the app's ``returned_objects`` (ui/map_panel.RETURNED): the clicked layer's
    ``toGeoJSON()`` (the properties the map gives a feature: id, role, tooltip, accessible
    name) and the page's count of clicks on features so far (``count``)."""
    feature = {
        "type": "Feature",
        "properties": {
            "id": place_id,
            "role": "story",
            "tip": f"<b>{label or place_id}</b>",
            "label": label or place_id,
        },
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }
    value = {"last_active_drawing": feature, "last_object_clicked_count": count}
    return json.dumps(value, separators=(",", ":"))


def report_value(
    place: str | None = None,
    passage: str | None = None,
    event: str | None = None,
    day: str = "2021-12-17",
    layers: list[str] | None = None,
) -> str:
    """The reader's report after a choice, as its component sends it (ui/reader.py:
    ``setStateValue("selection", state)``, the component's whole state as JSON text)."""
    state = {"place": place, "passage": passage, "event": event, "day": day, "layers": layers}
    return json.dumps({"selection": state}, separators=(",", ":"))


def json_state(widget_id: str, value: str) -> WidgetState:
    state = WidgetState()
    state.id = widget_id
    state.json_value = value
    return state


def string_array_state(widget_id: str, values: list[str]) -> WidgetState:
    state = WidgetState()
    state.id = widget_id
    state.string_array_value.data.extend(values)
    return state
