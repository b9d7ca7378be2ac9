"""A place clicked again after something else was chosen opens again (the map's component
sends a value only when it changes: the same place twice in a row would be silent)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import click_feature, open_app, open_tab

pytestmark = pytest.mark.e2e


def test_the_same_place_clicked_after_an_event_opens_again(page: Page, app_url: str) -> None:
    frame = open_app(page, app_url)
    panel = page.locator(".st-key-place-panel")
    click_feature(page, frame, "lheiban")
    expect(panel.get_by_role("heading", name="Lheiban")).to_be_visible()
    open_tab(page, "Timeline")
    page.get_by_role("tabpanel", name="Timeline").get_by_role("button").first.click()
    expect(page.locator(".st-key-event-panel")).to_be_visible()
    expect(panel).to_have_count(0)
    # The event frames its places: click once the map has moved there (it writes view=).
    page.wait_for_url(re.compile(r"[?&]view="))
    click_feature(page, frame, "lheiban")
    expect(panel.get_by_role("heading", name="Lheiban")).to_be_visible()
    assert "place=lheiban" in page.url
