"""The published edition behind nginx, as a CDN serves it (gzip; the edition's own .gz files
sent as they are), on a free loopback port, for as long as the ``with`` lasts."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from deploy.nginx import NGINX, TEMP_DIRS, ConfTemplate

HERE = Path(__file__).resolve().parent
MIME_TYPES = Path("/etc/nginx/mime.types")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(root: Path) -> Iterator[str]:
    """nginx serving ``root``; yields its URL. nginx's workers run as nobody when started as
    root: the folder must be readable by all (a temporary folder is not by default)."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="dz-lighthouse-") as prefix:
        for name in TEMP_DIRS:
            Path(prefix, "tmp", name).mkdir(parents=True)
        conf = ConfTemplate((HERE / "nginx.conf.in").read_text(encoding="utf-8")).substitute(
            user="user root;" if os.geteuid() == 0 else "",
            mime_types=str(MIME_TYPES),
            port=port,
            root=str(root),
        )
        Path(prefix, "nginx.conf").write_text(conf, encoding="utf-8")
        proc = subprocess.Popen(
            [NGINX, "-p", prefix, "-c", "nginx.conf"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            _wait(url, proc)
            yield url
        finally:
            proc.terminate()
            proc.wait(10)


def _wait(url: str, proc: subprocess.Popen, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nginx did not answer {url} within {seconds:g} s")
