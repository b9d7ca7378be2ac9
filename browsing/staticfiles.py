"""A folder served over HTTP on loopback, as any static host would serve it: the standard
library's file server (``SimpleHTTPRequestHandler``, HTTP/1.0, threads), without a log line
per request.

``serve`` runs it in a thread of this process (the tests' pages, the benchmark's static
LayerControl page); ``serve_apart`` runs the same server in a process of its own
(``python -m browsing.staticfiles FOLDER PORT``), for a page whose timings must not share
the caller's interpreter (the benchmark's published edition)."""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from browsing import ROOT
from deploy.procs import free_port

HOST = "127.0.0.1"


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        return


def server(folder: Path, port: int = 0) -> ThreadingHTTPServer:
    """The server of FOLDER on loopback PORT (0: a free one), not yet serving."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    return ThreadingHTTPServer((HOST, port), handler)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve FOLDER on a free loopback port from a thread of this process; yield the base URL."""
    httpd = server(folder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def serve_apart(folder: Path, timeout: float = 30.0) -> Iterator[str]:
    """Serve FOLDER on a free loopback port from a process of its own; yield the base URL
    once the server answers, stop the process afterwards."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "browsing.staticfiles", str(folder), str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the file server of {folder} did not start") from None
                time.sleep(0.1)  # polling the server's socket, not waiting on a page
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    folder, port = sys.argv[1:]
    server(Path(folder), int(port)).serve_forever()
