"""The app's browser tests (tests/app_browser/) share the app, started once a run
(tests/conftest.py's ``app_url``) and opened as a reader's host (tests/hosts.App); each test
opens pages of its own."""

from __future__ import annotations

import pytest

from tests.hosts import App


@pytest.fixture(scope="session")
def app(app_url: str) -> App:
    return App(app_url)
