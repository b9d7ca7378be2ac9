"""Shared fixtures: the shipped data (its folder, story, geography and story.json, and a
copy to change), the hostile copy of the data (tests/hostile_data.py) and its story, and a
real Streamlit server for browser tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# The checkout's folders, Chromium and the app's server are shared with the benchmarks
# (browsing/); the tests import the folders' names from here.
from browsing import ARTIFACTS, DATA
from browsing import ROOT as ROOT
from browsing.appserver import start_app, stop_app
from browsing.chromium import CHROMIUM, CHROMIUM_ARGS
from geo.loading import Dataset, load_dataset
from geo.story import Story, load_story
from geo.storyconfig import StoryConfig, load_story_config
from tests.hostile_data import build_hostile_data


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


# The shipped story, loaded once for the whole run: tests read these and never change them
# (a test that needs a changed layer copies it).
@pytest.fixture(scope="session")
def story(data_dir: Path) -> Story:
    return load_story(data_dir)


@pytest.fixture(scope="session")
def dataset(data_dir: Path) -> Dataset:
    """The shipped geography alone (geo.loading), as the map's tests build from it."""
    return load_dataset(data_dir)


@pytest.fixture(scope="session")
def story_config(data_dir: Path) -> StoryConfig:
    """The shipped story.json alone (geo.storyconfig)."""
    return load_story_config(data_dir)


@pytest.fixture
def story_copy(tmp_path: Path, data_dir: Path) -> Path:
    """A copy of the shipped data folder (without raw/) for a test to change or break."""
    target = tmp_path / "data"
    shutil.copytree(data_dir, target, ignore=shutil.ignore_patterns("raw"))
    return target


# The hostile copy, built and loaded once for the whole run: tests/test_hostile.py reads it,
# tests/test_hostile_browser.py serves it.
@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_data(tmp_path_factory.mktemp("hostile") / "data")


@pytest.fixture(scope="session")
def hostile_story(hostile_dir: Path) -> Story:
    return load_story(hostile_dir)


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
