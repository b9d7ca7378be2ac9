"""A minimal HTTP GET, loopback only, keeping cookies as a browser does."""

from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class HttpError(RuntimeError):
    pass


async def http_get(url: str, cookies: dict[str, str], timeout: float = 30.0) -> tuple[int, bytes]:
    """A minimal HTTP/1.1 GET on loopback (no proxies), keeping Set-Cookie in ``cookies``."""
    parts = urlsplit(url)
    if parts.hostname not in LOOPBACK or parts.scheme != "http":
        raise ValueError(f"loopback http only: {url}")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host = parts.netloc
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(parts.hostname, parts.port or 80), timeout
    )
    try:
        head = [f"GET {path} HTTP/1.1", f"Host: {host}", "Connection: close", "Accept: */*"]
        if cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    header, _, body = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    if not lines or len(lines[0].split()) < 2:
        raise HttpError(f"no HTTP status from {url}")
    status = int(lines[0].split()[1])
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "set-cookie":
            jar = SimpleCookie()
            jar.load(value.strip())
            for key, morsel in jar.items():
                cookies[key] = morsel.value
        elif name.strip().lower() == "transfer-encoding" and "chunked" in value.lower():
            body = _unchunk(body)
    return status, body


def _unchunk(body: bytes) -> bytes:
    out, at = bytearray(), 0
    while True:
        end = body.find(b"\r\n", at)
        if end < 0:
            return bytes(out)
        size = int(body[at:end].split(b";")[0] or b"0", 16)
        if size == 0:
            return bytes(out)
        out += body[end + 2 : end + 2 + size]
        at = end + 2 + size + 2
