"""What is counted in the browser beside the in-page timings: the bytes a page receives (Chrome
DevTools Protocol network events) and the websocket frames it sends (decoded as Streamlit
``BackMsg``s: a rerun request is one whose ``type`` is ``rerun_script``)."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from google.protobuf.message import DecodeError
from playwright.sync_api import BrowserContext, Page, WebSocket
from streamlit.proto.BackMsg_pb2 import BackMsg


@dataclass
class ByteMeter:
    """Bytes a page receives, from Chrome DevTools Protocol network events.

    ``http_wire``: Network.loadingFinished encodedDataLength (on the wire: headers and
    compressed bodies); ``http_body``: decoded bodies (Network.dataReceived dataLength);
    ``ws_in``/``ws_out``: websocket message payloads (after permessage-deflate, if any).
    ``files``: per response, its URL, CDP resource type, MIME type, wire and decoded bytes
    (``bench.first_load`` breaks the first load down by file and by kind from these).
    """

    http_wire: int = 0
    http_body: int = 0
    ws_in: int = 0
    ws_out: int = 0
    ws_in_frames: int = 0
    requests: dict[str, str] = field(default_factory=dict)
    per_url: dict[str, int] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def attach(self, context: BrowserContext, page: Page) -> None:
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._on_request)
        cdp.on("Network.responseReceived", self._on_response)
        cdp.on("Network.loadingFinished", self._on_finished)
        cdp.on("Network.dataReceived", self._on_data)
        cdp.on("Network.webSocketFrameReceived", lambda p: self._on_ws(p, inbound=True))
        cdp.on("Network.webSocketFrameSent", lambda p: self._on_ws(p, inbound=False))
        cdp.send("Network.enable")

    def _file(self, request_id: str) -> dict[str, Any]:
        return self.files.setdefault(
            request_id,
            {"url": self.requests.get(request_id, request_id), "type": "", "mime": "",
             "wire": 0, "decoded": 0},
        )  # fmt: skip

    def _on_request(self, params: dict[str, Any]) -> None:
        self.requests[params["requestId"]] = params["request"]["url"]
        f = self._file(params["requestId"])
        f["url"] = params["request"]["url"]
        f["type"] = params.get("type", "") or f["type"]

    def _on_response(self, params: dict[str, Any]) -> None:
        f = self._file(params["requestId"])
        f["type"] = params.get("type", "") or f["type"]
        f["mime"] = params.get("response", {}).get("mimeType", "")

    def _on_finished(self, params: dict[str, Any]) -> None:
        size = int(params.get("encodedDataLength", 0))
        self.http_wire += size
        url = self.requests.get(params["requestId"], params["requestId"])
        self.per_url[url] = self.per_url.get(url, 0) + size
        self._file(params["requestId"])["wire"] += size

    def _on_data(self, params: dict[str, Any]) -> None:
        size = int(params.get("dataLength", 0))
        self.http_body += size
        self._file(params["requestId"])["decoded"] += size

    def _on_ws(self, params: dict[str, Any], inbound: bool) -> None:
        frame = params["response"]
        data = frame.get("payloadData", "")
        size = len(base64.b64decode(data)) if frame.get("opcode") == 2 else len(data.encode())
        if inbound:
            self.ws_in += size
            self.ws_in_frames += 1
        else:
            self.ws_out += size

    def summary(self) -> dict[str, Any]:
        return {
            "total_wire_bytes": self.http_wire + self.ws_in,
            "http_wire_bytes": self.http_wire,
            "http_decoded_body_bytes": self.http_body,
            "ws_received_payload_bytes": self.ws_in,
            "ws_sent_payload_bytes": self.ws_out,
            "http_requests": len(self.per_url),
            "largest": sorted(self.per_url.items(), key=lambda kv: -kv[1])[:8],
        }

    def breakdown(self) -> list[dict[str, Any]]:
        """Every HTTP response (the websocket as one row), largest decoded first."""
        rows = [dict(f) for f in self.files.values() if f["wire"] or f["decoded"]]
        if self.ws_in:
            rows.append({"url": "websocket (messages received)", "type": "WebSocket",
                         "mime": "", "wire": self.ws_in, "decoded": self.ws_in,
                         "frames": self.ws_in_frames})  # fmt: skip
        return sorted(rows, key=lambda r: -r["decoded"])


class FrameLog:
    """Every websocket frame the page sends, decoded as Streamlit BackMsgs.

    A rerun request is a BackMsg whose ``type`` oneof is ``rerun_script``; other sent
    frames (heartbeats, file-URL requests) are kept by kind, so nothing is guessed
    from frame sizes or timing.
    """

    def __init__(self, page: Page) -> None:
        self.kinds: list[str] = []
        page.on("websocket", self._on_socket)

    def _on_socket(self, ws: WebSocket) -> None:
        ws.on("framesent", self._on_sent)

    def _on_sent(self, payload: bytes | str) -> None:
        if isinstance(payload, str):
            self.kinds.append("text")
            return
        try:
            kind = BackMsg.FromString(payload).WhichOneof("type") or "empty"
        except DecodeError:
            kind = "undecodable"
        self.kinds.append(kind)

    def mark(self) -> int:
        return len(self.kinds)

    def since(self, mark: int) -> dict[str, int]:
        out: dict[str, int] = {}
        for kind in self.kinds[mark:]:
            out[kind] = out.get(kind, 0) + 1
        return out
