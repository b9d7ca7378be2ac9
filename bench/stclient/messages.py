"""What the server sends back: a run's record, the forward-message cache, and the errors
a reader can meet."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
}


class ProtocolError(RuntimeError):
    """The server answered something a browser could not use."""


class Disconnected(ConnectionError):
    """The websocket closed while a run was awaited (the server or its proxy went away)."""


@dataclass
class Run:
    """One request and what it brought back, up to the run's end."""

    kind: str
    sent_at: float  # time.perf_counter() when the rerun_script was sent
    finished_at: float | None = None
    status: int | None = None
    messages: int = 0
    bytes: int = 0
    runs: int = 0  # script runs in the chain (a callback or st.rerun() adds one)
    elements: list[tuple[tuple[int, ...], str, Any]] = field(default_factory=list)
    blocks: list[tuple[tuple[int, ...], str]] = field(default_factory=list)  # (path, block id)
    query_strings: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    cache_hits: int = 0
    done: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def ms(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.sent_at) * 1000

    def texts(self) -> list[str]:
        """Headings', markdown's and captions' text in the run's deltas."""
        out = []
        for _, kind, element in self.elements:
            if kind in ("heading", "markdown", "text") and element is not None:
                out.append(element.body)
        return out


@dataclass
class Found:
    """A widget the client can drive: its id and the fragment it belongs to ('' if none)."""

    id: str
    fragment_id: str
    element: Any


class MessageCache:
    """The frontend's forward-message cache (see the package docstring)."""

    def __init__(self) -> None:
        self.messages: dict[str, tuple[bytes, int, str]] = {}  # hash -> (raw, run, fragment)
        self.run_count = 0
        self.max_age = 2

    def keep(self, msg: ForwardMsg, raw: bytes) -> None:
        if msg.WhichOneof("type") != "ref_hash" and msg.metadata.cacheable and msg.hash:
            fragment = msg.delta.fragment_id if msg.WhichOneof("type") == "delta" else ""
            self.messages[msg.hash] = (raw, self.run_count, fragment)

    def resolve(self, msg: ForwardMsg) -> ForwardMsg:
        entry = self.messages.get(msg.ref_hash)
        if entry is None:
            raise ProtocolError(f"cached ForwardMsg miss: {msg.ref_hash}")
        raw, _, fragment = entry
        self.messages[msg.ref_hash] = (raw, self.run_count, fragment)
        full = ForwardMsg()
        full.ParseFromString(raw)
        full.metadata.CopyFrom(msg.metadata)
        return full

    def finished_run(self, fragment_ids: list[str]) -> None:
        self.run_count += 1
        for key, (_, run, fragment) in list(self.messages.items()):
            if fragment_ids and (not fragment or fragment not in fragment_ids):
                continue
            if self.run_count - run > self.max_age:
                del self.messages[key]

    def hashes(self) -> list[str]:
        return list(self.messages)
