"""What the app's browser tests (tests/app_browser/) share: the reader's panel title, and
how far apart two places are drawn on the app's map."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.hosts import App

PANEL_TITLE = "#dz-panel-title"


def distance_px(page: Page, app: App, a: str, b: str) -> float:
    pa, pb = app.point(page, a), app.point(page, b)
    assert pa and pb, (a, pa, b, pb)
    return ((pa[0] - pb[0]) ** 2 + (pa[1] - pb[1]) ** 2) ** 0.5
