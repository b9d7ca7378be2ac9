"""bench/stclient/, the load test's reader, against the real app: one session opens the
page, reports the reader's choices (a place, then an event) over Streamlit's own websocket
protocol, as the reader in a browser does, and the answers are what a browser would get."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.stclient import StreamlitSession, json_state, report_value


async def _read(url: str) -> None:
    session = StreamlitSession(url, "layers=peshmerga,isis", timeout=60)
    try:
        opened = await session.open()
        assert opened.status == ForwardMsg.FINISHED_SUCCESSFULLY
        assert not opened.exceptions
        assert session.cookies.get("_streamlit_xsrf"), "the health check sets the XSRF cookie"
        assert session.map_component() is not None
        found = session.report_component()
        assert found is not None and found.id and found.fragment_id, "the report, in its fragment"
        assert "Printable brief: the story" in session.labels()

        # The reader chose Lheiban in the page (and wrote it in the URL): it tells the app.
        session.set_param("place", "lheiban")
        told = await session.set_widget(
            "report", json_state(found.id, report_value(place="lheiban")), found.fragment_id
        )
        # Only the fragment reran, and its brief names the place; the map was not sent.
        assert told.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
        assert not told.exceptions
        assert "Printable brief: Lheiban" in session.labels()
        assert not [k for _, k, _ in told.elements if k == "component_instance"]
        assert told.bytes < 5_000, told.bytes
        # Python writes nothing into the URL: the reader's and the map's are kept as sent.
        assert told.query_strings == []
        assert session.params() == {"layers": "peshmerga,isis", "place": "lheiban"}

        session.set_param("place", None)
        session.set_param("event", "iraqi-army-collapse")
        chosen = await session.set_widget(
            "report",
            json_state(found.id, report_value(event="iraqi-army-collapse", day="2014-06-30")),
            found.fragment_id,
        )
        assert not chosen.exceptions
        assert "Printable brief: the story" in session.labels()

        # A reload (what deploy/reconnect.js does after a replica is lost) keeps the URL.
        again = await session.reload()
        assert again.status == ForwardMsg.FINISHED_SUCCESSFULLY and not again.exceptions
        assert session.params().get("event") == "iraqi-army-collapse"
    finally:
        await session.close()


def test_one_session_reports_the_reader_s_choices(app_url: str) -> None:
    # In a thread of its own: Playwright's sync API, used by earlier tests in the same
    # session, leaves an event loop running in this one (asyncio.run would refuse).
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, asyncio.wait_for(_read(app_url), 90)).result()
