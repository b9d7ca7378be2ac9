"""Widget states as the frontend sends them: the map's value after a click (JSON text),
the select slider's choice."""

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
