"""Offline on every path, fallbacks included: a story whose favicon cannot be used and whose
story.json has none of its optional fields makes the app fall back to its defaults (the page
icon among them), and a whole reading session (open, click, search, timeline, every tab)
makes no request to another host."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from browsing.appserver import start_app, stop_app
from browsing.mappage import MAP_IFRAME
from tests.browser import click_feature, open_app, open_tab
from tests.conftest import DATA

pytestmark = pytest.mark.e2e

LOCAL = ("127.0.0.1", "localhost")


@pytest.fixture(scope="module")
def bare_story_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped story with a story.json holding only a favicon it cannot use."""
    data = tmp_path_factory.mktemp("bare") / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("raw"))
    (data / "story.json").write_text(json.dumps({"favicon": "../outside.svg"}), encoding="utf-8")
    proc, url = start_app(data=data)
    yield url
    stop_app(proc)


def foreign(urls: list[str]) -> list[str]:
    """URLs that went to another host (data: and blob: URLs are made in the page)."""
    return [
        u
        for u in urls
        if not u.startswith(("data:", "blob:", "about:")) and urlsplit(u).hostname not in LOCAL
    ]


def test_a_story_with_no_options_and_a_bad_icon_stays_offline(
    page: Page, bare_story_url: str, tmp_path: Path
) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    frame = open_app(page, bare_story_url)
    # The icon is the app's own file, served by the app.
    icon = page.locator('link[rel="shortcut icon"], link[rel="icon"]').first
    href = icon.get_attribute("href") or ""
    assert not href.startswith("http") or urlsplit(href).hostname in LOCAL, href
    expect(page.locator(".dz-reader")).to_have_attribute("data-dz-ready", "1")
    # The data problem is named, and the page goes on.
    expect(page.get_by_text("favicon", exact=False).first).to_be_visible()

    click_feature(page, frame, "lheiban")
    title = page.locator("#dz-panel-title")
    expect(title).to_have_text("Lheiban")
    box = page.get_by_role("combobox", name="Search places, passages and events")
    box.fill("thermal night vision")
    box.press("Enter")
    expect(page.locator("#dz-panel")).to_contain_text("thermal night vision")
    page.locator(".dz-event[tabindex='0']").focus()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    expect(page.locator(".dz-reader")).to_have_attribute("data-dz-event", re.compile("."))
    page.get_by_role("region", name="The article, passage by passage").get_by_role(
        "button", name="Debaga"
    ).first.click()
    expect(title).to_have_text("Debaga")
    for tab in ("Who is where: the actors", "Places table", "Measurements",
                "About and download", "Timeline"):  # fmt: skip
        open_tab(page, tab)
    expect(page.frame_locator(MAP_IFRAME).locator(".dz-label", has_text="Lheiban")).to_be_attached()
    assert len(requests) > 20
    assert foreign(requests) == []
