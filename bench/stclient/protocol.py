"""One reader's session over Streamlit's websocket protocol: connecting (and
reconnecting), reading the server's messages, sending requests, and the page as the
client last saw it (the package docstring describes the protocol)."""

from __future__ import annotations

import asyncio
import json
import time
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from bench.stclient.loopback import LOOPBACK, HttpError, http_get
from bench.stclient.messages import FINISHED, Disconnected, Found, MessageCache, ProtocolError, Run

STREAM = "_stcore/stream"
MAP_COMPONENT = "streamlit_folium.st_folium"
REPORT_COMPONENT = "dz_report"  # the reader's report to the app (ui/reader.py)


class StreamlitSession:
    """One reader's session: its cookies, its URL, its websocket and what it last got.

    ``base`` is the app's root URL (``http://127.0.0.1:PORT``), ``query`` the query string
    the reader opens it with. Every wait is bounded by ``timeout`` seconds.
    """

    def __init__(
        self,
        base: str,
        query: str = "",
        *,
        timeout: float = 30.0,
        cache: bool = True,
        name: str = "",
    ) -> None:
        parts = urlsplit(base)
        if parts.hostname not in LOOPBACK:
            raise ValueError(f"loopback only: {base}")
        self.base = base.rstrip("/")
        self.query = query.lstrip("?")
        self.timeout = timeout
        self.use_cache = cache
        self.name = name
        self.cookies: dict[str, str] = {}
        self.cache = MessageCache()
        self.session_id: str | None = None
        self.last_session_id: str | None = None
        self.ws: ClientConnection | None = None
        self.reader: asyncio.Task | None = None
        self.run: Run | None = None
        # The page as the client last saw it: delta path -> (element kind, element proto,
        # fragment id); blocks: delta path -> block id.
        self.page: dict[tuple[int, ...], tuple[str, Any, str]] = {}
        self.fragment_ids_this_run: list[str] = []
        self.closed_reason: str | None = None
        self.closed = asyncio.Event()  # set when the websocket closes
        self.connections = 0
        self.unsolicited: list[str] = []
        # Backend operations in flight (a deferred download's file): request id -> answer.
        self.operations: dict[str, asyncio.Future] = {}
        self._operation_ids = 0

    # --- connection ------------------------------------------------------------------
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

    async def _connect(self) -> None:
        status, _ = await http_get(f"{self.base}/_stcore/health", self.cookies, self.timeout)
        if status != 200:
            raise HttpError(f"health answered {status}")
        status, _ = await http_get(f"{self.base}/_stcore/host-config", self.cookies, self.timeout)
        if status != 200:
            raise HttpError(f"host-config answered {status}")
        token = self.cookies.get("_streamlit_xsrf") or "PLACEHOLDER_AUTH_TOKEN"
        protocols = ["streamlit", token, *([self.last_session_id] if self.last_session_id else [])]
        ws_url = "ws" + self.base[len("http") :] + "/" + STREAM
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.ws = await connect(
            ws_url,
            subprotocols=protocols,  # type: ignore[arg-type]
            origin=self.base,  # type: ignore[arg-type]
            additional_headers=headers,
            proxy=None,
            open_timeout=self.timeout,
            max_size=None,
            user_agent_header="dz-load (bench/stclient)",
        )
        for value in self.ws.response.headers.get_all("Set-Cookie") if self.ws.response else ():
            jar = SimpleCookie()
            jar.load(value)
            for key, morsel in jar.items():
                self.cookies[key] = morsel.value
        self.connections += 1
        self.closed_reason = None
        self.closed.clear()
        self.reader = asyncio.create_task(self._read(self.ws), name=f"stclient-read-{self.name}")

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

    async def close_ws(self) -> None:
        ws, self.ws = self.ws, None
        if ws is not None:
            try:
                await asyncio.wait_for(ws.close(), 5)
            except Exception:  # noqa: BLE001 - closing a dead socket
                pass
        if self.reader is not None:
            self.reader.cancel()
            try:
                await self.reader
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass
            self.reader = None

    async def close(self) -> None:
        await self.close_ws()

    # --- reading ---------------------------------------------------------------------
    async def _read(self, ws: ClientConnection) -> None:
        try:
            async for raw in ws:
                if isinstance(raw, str):
                    raise ProtocolError("text frame from the server")
                self._handle(raw)
        except ConnectionClosed as exc:
            self.closed_reason = (
                f"websocket closed ({exc.rcvd.code if exc.rcvd else 'no close frame'})"
            )
        except ProtocolError as exc:
            self.closed_reason = f"protocol: {exc}"
        except Exception as exc:  # noqa: BLE001 - reported through the run
            self.closed_reason = f"{type(exc).__name__}: {exc}"
        else:
            self.closed_reason = "websocket closed"
        self.closed.set()
        run = self.run
        if run is not None and run.finished_at is None:
            run.done.set()

    def _handle(self, raw: bytes) -> None:
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        run = self.run
        if run is not None and run.finished_at is None:
            run.messages += 1
            run.bytes += len(raw)
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            msg = self.cache.resolve(msg)
            kind = msg.WhichOneof("type")
            if run is not None:
                run.cache_hits += 1
        elif self.use_cache:
            self.cache.keep(msg, raw)
        if kind == "new_session":
            self.session_id = self.last_session_id = msg.new_session.initialize.session_id
            self.cache.max_age = msg.new_session.config.max_cached_message_age or 2
            self.fragment_ids_this_run = list(msg.metadata.run.fragment_ids)
            if not self.fragment_ids_this_run:
                # A full run: the frontend drops what the run does not draw again; a
                # simplification here: forget the page and take what this run sends.
                self.page.clear()
            if run is not None:
                run.runs += 1
        elif kind == "delta":
            self._delta(msg, run)
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
            if run is not None:
                run.query_strings.append(self.query)
        elif kind == "script_finished":
            status = msg.script_finished
            if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                self.cache.finished_run(self.fragment_ids_this_run)
            if run is None or run.finished_at is not None:
                self.unsolicited.append(f"script_finished {status} with no request")
                return
            if status in FINISHED:
                run.status = status
                run.finished_at = time.perf_counter()
                run.done.set()
        elif kind == "backend_operation_response":
            answer = msg.backend_operation_response
            waiting = self.operations.pop(answer.request_id, None)
            if waiting is not None and not waiting.done():
                waiting.set_result(answer)
        elif kind == "session_event":
            event = msg.session_event.WhichOneof("type")
            if event == "script_compilation_exception" and run is not None:
                run.exceptions.append(msg.session_event.script_compilation_exception.message)

    def _delta(self, msg: ForwardMsg, run: Run | None) -> None:
        path = tuple(msg.metadata.delta_path)
        delta = msg.delta
        which = delta.WhichOneof("type")
        if which == "new_element":
            element = delta.new_element
            kind = element.WhichOneof("type") or ""
            self.page[path] = (kind, getattr(element, kind) if kind else None, delta.fragment_id)
            if run is not None:
                run.elements.append((path, kind, getattr(element, kind) if kind else None))
                if kind == "exception":
                    run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif which == "add_block":
            self.page[path] = ("block", delta.add_block, delta.fragment_id)
            if run is not None:
                run.blocks.append((path, delta.add_block.id))

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
