"""A reader's websocket to Streamlit: connecting as a browser does, reading the server's
messages, and keeping the page as the client last saw it (the package docstring describes
the protocol). ``protocol.StreamlitSession`` adds opening, reloading and reconnecting, the
requests a reader sends and its questions about the page."""

from __future__ import annotations

import asyncio
import time
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from bench.stclient.loopback import LOOPBACK, HttpError, http_get
from bench.stclient.messages import FINISHED, MessageCache, ProtocolError, Run

STREAM = "_stcore/stream"


class Connection:
    """One reader's connection: its cookies, its URL, its websocket and what it last got.

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
