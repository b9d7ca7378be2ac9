"""bench/stclient/, the load test's reader, against the real app: one session opens the
page, clicks a place and chooses an event over Streamlit's own websocket protocol, and the
answers are what a browser would get."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.stclient import (
    StreamlitSession,
    click_value,
    json_state,
    string_array_state,
)
from tests.conftest import DATA


def _place(place_id: str) -> tuple[str, float, float]:
    for feature in json.loads((DATA / "places.geojson").read_text())["features"]:
        if feature["properties"]["id"] == place_id:
            return feature["properties"]["name"], *feature["geometry"]["coordinates"][:2]
    raise KeyError(place_id)


def _headings(run) -> list[str]:
    return [e.body.replace("\\", "") for _, kind, e in run.elements if kind == "heading"]


async def _read(url: str) -> None:
    session = StreamlitSession(url, "layers=peshmerga,isis", timeout=60)
    try:
        opened = await session.open()
        assert opened.status == ForwardMsg.FINISHED_SUCCESSFULLY
        assert not opened.exceptions
        assert session.cookies.get("_streamlit_xsrf"), "the health check sets the XSRF cookie"
        found = session.map_component()
        assert found is not None and found.id and found.fragment_id, "the map, in its fragment"

        name, lon, lat = _place("lheiban")
        click = await session.set_widget(
            "click", json_state(found.id, click_value("lheiban", lon, lat, name)), found.fragment_id
        )
        # Only the fragment reran, and it drew the place's panel with its passages.
        assert click.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
        assert not click.exceptions
        assert name in _headings(click)
        passages = [b for _, b in click.blocks if "-panel-passage-" in b]
        assert len(passages) >= 2, passages
        # The URL a browser would show: the place added, the reader's layers kept.
        assert session.params().get("place") == "lheiban"
        assert session.params().get("layers") == "peshmerga,isis"

        slider = session.find("slider", lambda e: "timeline-event" in e.id)
        assert slider is not None and slider.fragment_id == found.fragment_id
        events = json.loads((DATA / "events.json").read_text())["events"]
        event = next(e for e in events if e["id"] == "iraqi-army-collapse")
        label = next(o for o in slider.element.options if o.endswith(" · " + event["title"]))
        chosen = await session.set_widget(
            "event", string_array_state(slider.id, [label]), slider.fragment_id
        )
        assert not chosen.exceptions
        assert event["title"] in _headings(chosen)
        assert session.params().get("event") == "iraqi-army-collapse"
        assert "place" not in session.params()

        # A reload (what deploy/reconnect.js does after a replica is lost) gets the view back
        # from the URL alone.
        again = await session.reload()
        assert again.status == ForwardMsg.FINISHED_SUCCESSFULLY and not again.exceptions
        assert event["title"] in _headings(again)
        assert session.params().get("layers") == "peshmerga,isis"
    finally:
        await session.close()


def test_one_session_clicks_a_place_and_gets_its_passages(app_url: str) -> None:
    # In a thread of its own: Playwright's sync API, used by earlier tests in the same
    # session, leaves an event loop running in this one (asyncio.run would refuse).
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, asyncio.wait_for(_read(app_url), 90)).result()
