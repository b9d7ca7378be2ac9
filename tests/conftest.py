"""Shared fixtures: the shipped data, and a real Streamlit server for browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

# The checkout's folders, Chromium and the app's server are shared with the benchmarks
# (browsing/); the tests import the folders' names from here.
from browsing import ARTIFACTS, DATA
from browsing import ROOT as ROOT
from browsing.appserver import start_app, stop_app
from browsing.chromium import CHROMIUM, CHROMIUM_ARGS


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
