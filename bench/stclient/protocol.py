"""One reader's session over Streamlit's websocket protocol: the requests it sends (a run,
a widget's change, a file made when asked, a download) and what it reads of the page, on
top of the connection (``connection.Connection``: connecting, reading, the page as last
seen). The package docstring describes the protocol."""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import parse_qsl, urlencode

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.exceptions import ConnectionClosed

from bench.stclient.connection import Connection
from bench.stclient.loopback import HttpError, http_get
from bench.stclient.messages import Disconnected, Found, MessageCache, ProtocolError, Run

MAP_COMPONENT = "streamlit_folium.st_folium"
REPORT_COMPONENT = "dz_report"  # the reader's report to the app (ui/reader.py)


class StreamlitSession(Connection):
    """One reader's session: a connection (``base`` the app's root URL, ``query`` the query
    string the reader opens it with, every wait bounded by ``timeout`` seconds) that sends
    requests and reads the page."""

    # --- opening the page -------------------------------------------------------------
    async def open(self) -> Run:
        """Open the page as a browser does; return the first run (ended)."""
        status, _ = await http_get(f"{self.base}/?{self.query}", self.cookies, self.timeout)
        if status != 200:
            raise HttpError(f"GET / answered {status}")
        await self._connect()
        return await self.rerun_full("open")

    async def reload(self) -> Run:
        """Reload the page at its current URL: a new page keeps the cookies and the address
        bar, and nothing else (no session id, an empty message cache)."""
        await self.close_ws()
        self.last_session_id = None
        self.cache = MessageCache()
        self.page.clear()
        return await self.open()

    async def reconnect(self, deadline: float) -> Run | None:
        """After the websocket closed, what a browser does behind ``deploy.serve``'s nginx:

        1. Streamlit's frontend reconnects by itself (health, host-config, a websocket with
           the last session id), trying again until ``deadline``; through nginx it reaches a
           live replica. It asks for no run: it expects the server to resume its session.
        2. ``deploy/reconnect.js`` (put in the page by nginx) sees the ``dz_replica`` cookie
           name another replica or generation, so the session was lost: it reloads the page
           (``reload()``), whose first run draws the view from the URL.

        Returns that run, or None when ``dz_replica`` did not change (the same server
        resumed the session, or no proxy: nothing reloads and no run is asked for)."""
        before = self.cookies.get("dz_replica")
        await self.close_ws()
        delay = 0.2
        while True:
            try:
                await self._connect()
                break
            except Exception as exc:  # noqa: BLE001 - refused, reset, 502: try again
                if time.monotonic() + delay > deadline:
                    raise Disconnected(f"could not reconnect: {type(exc).__name__}: {exc}") from exc
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
        if before is None or self.cookies.get("dz_replica") == before:
            return None
        return await self.reload()

    # --- requests --------------------------------------------------------------------
    async def _send(self, run: Run, msg: BackMsg) -> Run:
        if self.ws is None:
            raise Disconnected(self.closed_reason or "not connected")
        self.run = run
        run.sent_at = time.perf_counter()
        try:
            await self.ws.send(msg.SerializeToString())
        except ConnectionClosed as exc:
            raise Disconnected(f"send failed: {exc}") from exc
        try:
            await asyncio.wait_for(run.done.wait(), self.timeout)
        except TimeoutError:
            raise TimeoutError(f"{run.kind}: no script_finished in {self.timeout} s") from None
        if run.finished_at is None:
            raise Disconnected(self.closed_reason or "websocket closed during the run")
        return run

    def _client_state(self, msg: BackMsg, widgets: list[WidgetState], fragment_id: str) -> None:
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = ""
        state.page_name = ""
        state.widget_states.widgets.extend(widgets)
        if fragment_id:
            state.fragment_id = fragment_id
        if self.use_cache:
            state.cached_message_hashes.extend(self.cache.hashes())
        info = state.context_info
        info.timezone = "UTC"
        info.timezone_offset = 0
        info.locale = "en-GB"
        info.url = f"{self.base}/" + (f"?{self.query}" if self.query else "")
        info.is_embedded = False
        info.color_scheme = "light"

    async def rerun_full(self, kind: str, widgets: list[WidgetState] | None = None) -> Run:
        msg = BackMsg()
        self._client_state(msg, list(widgets or []), "")
        return await self._send(Run(kind, time.perf_counter()), msg)

    async def deferred_file(self, file_id: str) -> tuple[str, float]:
        """A download button's file, made when asked (``st.download_button`` with a callable:
        the printable brief): the server runs the callable and answers the file's address,
        which a browser then fetches. Returns (the address, seconds until the answer)."""
        if self.ws is None:
            raise Disconnected(self.closed_reason or "not connected")
        self._operation_ids += 1
        request_id = f"op-{self._operation_ids}"
        msg = BackMsg()
        request = msg.backend_operation_request
        request.request_id = request_id
        request.session_id = self.session_id or ""
        request.deferred_file.file_id = file_id
        answer: asyncio.Future = asyncio.get_running_loop().create_future()
        self.operations[request_id] = answer
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        try:
            got = await asyncio.wait_for(answer, self.timeout)
        finally:
            self.operations.pop(request_id, None)
        if got.error_msg:
            raise ProtocolError(f"the file was not made: {got.error_msg}")
        return got.deferred_file.url, time.perf_counter() - started

    async def download(self) -> tuple[int, bytes]:
        """The page's download button's file (the printable brief), as a browser gets it on
        a click: its address as the last run drew it, or, for a file made when asked
        (``data=`` a callable), the file made on the server first. Returns (HTTP status,
        body)."""
        button = self.find("download_button")
        if button is None:
            raise ProtocolError("no download button on the page")
        url = button.element.url
        if button.element.deferred_file_id:
            url, _ = await self.deferred_file(button.element.deferred_file_id)
        return await self.get(url)

    async def get(self, path: str) -> tuple[int, bytes]:
        """An HTTP GET of the app's (a download's file), with the session's cookies."""
        return await http_get(f"{self.base}/{path.lstrip('/')}", self.cookies, self.timeout)

    async def set_widget(self, kind: str, state: WidgetState, fragment_id: str) -> Run:
        """A widget's new value, as the frontend sends it on a change."""
        msg = BackMsg()
        self._client_state(msg, [state], fragment_id)
        return await self._send(Run(kind, time.perf_counter()), msg)

    # --- the page ----------------------------------------------------------------------
    def find(self, kind: str, predicate=lambda element: True) -> Found | None:  # noqa: ANN001
        """The first element of ``kind`` on the page (in delta-path order) that matches."""
        for path in sorted(self.page):
            k, element, fragment = self.page[path]
            if k == kind and element is not None and predicate(element):
                return Found(getattr(element, "id", ""), fragment, element)
        return None

    def map_component(self) -> Found | None:
        return self.find("component_instance", lambda e: e.component_name == MAP_COMPONENT)

    def report_component(self) -> Found | None:
        """The component through which the reader in the page tells the app its state."""
        return self.find("bidi_component", lambda e: e.component_name == REPORT_COMPONENT)

    def report_taken(self) -> int | None:
        """The number of the reader's last report the app has taken (the report component's
        data, ``{"taken": n}``: ui/reader.py)."""
        found = self.report_component()
        if found is None:
            return None
        try:
            return int(json.loads(found.element.json or "{}").get("taken", 0))
        except (ValueError, TypeError, AttributeError):
            return None

    def labels(self, kind: str = "download_button") -> list[str]:
        """The labels of the page's elements of a kind, as a reader reads them (Streamlit's
        markdown escapes undone)."""
        found = (self.page[p] for p in sorted(self.page))
        return [e.label.replace("\\", "") for k, e, _ in found if k == kind]

    def params(self) -> dict[str, str]:
        return dict(parse_qsl(self.query, keep_blank_values=True))

    def set_param(self, key: str, value: str | None) -> None:
        """Change the URL as the page's own script does (``history.replaceState``): the map
        writes ``layers=`` and ``view=`` itself, with no request to the server."""
        params = self.params()
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
        self.query = urlencode(params, safe=",")
