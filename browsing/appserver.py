"""The app as the browser tests and the benchmarks run it: one ``streamlit run`` on a free
loopback port (the command line is ``deploy.replicas``'), its log in ``test-results/``."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from pathlib import Path

from browsing import ARTIFACTS, ROOT
from deploy.procs import free_port
from deploy.replicas import SERVER, streamlit_command

__all__ = ["free_port", "start_app", "stop_app"]


def start_app(
    data: Path | None = None,
    timeout: float = 60.0,
    script: Path | None = None,
    app_args: tuple[str, ...] = (),
) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run SCRIPT` (server.py, which serves app.py, unless given) on a free
    port; return once /_stcore/health answers."""
    port = free_port()
    args = (*(("--data", str(data)) if data is not None else ()), *app_args)
    cmd = streamlit_command(port, script or SERVER, args)
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / f"streamlit-{port}.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.1)  # polling the health endpoint, not waiting on the UI
    proc.kill()
    raise RuntimeError(f"streamlit did not become healthy in {timeout}s")


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
