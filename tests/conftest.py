"""Shared fixtures: the shipped data, and a real Streamlit server for browser tests."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.procs import free_port
from deploy.replicas import SERVER, streamlit_command

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ARTIFACTS = ROOT / "test-results"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's chromium: Playwright cannot download its own browser here."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900}}


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


@pytest.fixture(scope="session")
def node_reader(tmp_path_factory: pytest.TempPathFactory):
    """The reader's pure modules, callable from Python through Node (tests/reader_node.py)."""
    from tests.reader_node import NodeReader, bundle

    return NodeReader(bundle(tmp_path_factory.mktemp("reader-node")))


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    ARTIFACTS.mkdir(exist_ok=True)
    proc, url = start_app()
    yield url
    stop_app(proc)


# `make serve` from a private copy of the checkout, shared by the proxy, failover and fuzz
# tests (tests/serving.py); imported here so that every test module can ask for it.
from tests.serving import proxy  # noqa: E402, F401
