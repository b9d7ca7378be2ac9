"""bench/stclient/, the load test's reader, against the real app: one session opens the
page, sends the reader's report (its place and layers, as the reader in a browser sends it
when the pointer reaches the printable brief) over Streamlit's own websocket protocol, then
asks for the brief, and the answers are what a browser would get."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.stclient import StreamlitSession, json_state, pdf_title, report_value

BRIEF = "Printable brief of the place chosen"


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
        assert BRIEF in session.labels()
        assert session.report_taken() == 0, "no report taken before the reader sends one"

        # Before any report the brief is the story's.
        status, body = await session.download()
        assert status == 200 and body.startswith(b"%PDF-"), (status, body[:8])
        assert pdf_title(body).endswith(": The whole story"), pdf_title(body)

        # The reader chose Lheiban in the page (and wrote it in the URL); as the pointer
        # reaches the brief, it tells the app (report 1).
        session.set_param("place", "lheiban")
        value = report_value(place="lheiban", layers=["peshmerga", "isis"], n=1)
        told = await session.set_widget("report", json_state(found.id, value), found.fragment_id)
        # Only the fragment reran, and it answers the report's number; the map was not sent.
        assert told.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
        assert not told.exceptions
        assert session.report_taken() == 1
        assert not [k for _, k, _ in told.elements if k == "component_instance"]
        assert told.bytes < 5_000, told.bytes
        # Python writes nothing into the URL: the reader's and the map's are kept as sent.
        assert told.query_strings == []
        assert session.params() == {"layers": "peshmerga,isis", "place": "lheiban"}
        # The brief, made on the click, is Lheiban's.
        status, body = await session.download()
        assert status == 200 and pdf_title(body).endswith(": Lheiban (village)"), pdf_title(body)

        session.set_param("place", None)
        session.set_param("event", "iraqi-army-collapse")
        value = report_value(event="iraqi-army-collapse", day="2014-06-30", n=2)
        chosen = await session.set_widget("report", json_state(found.id, value), found.fragment_id)
        assert not chosen.exceptions
        assert session.report_taken() == 2
        status, body = await session.download()
        assert status == 200 and pdf_title(body).endswith(": The whole story"), pdf_title(body)

        # A reload (what deploy/reconnect.js does after a replica is lost) keeps the URL.
        again = await session.reload()
        assert again.status == ForwardMsg.FINISHED_SUCCESSFULLY and not again.exceptions
        assert session.params().get("event") == "iraqi-army-collapse"
    finally:
        await session.close()


def test_one_session_reports_the_reader_s_state_and_gets_its_brief(app_url: str) -> None:
    # In a thread of its own: Playwright's sync API, used by earlier tests in the same
    # session, leaves an event loop running in this one (asyncio.run would refuse).
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, asyncio.wait_for(_read(app_url), 90)).result()
