"""The reader on its static host on a phone and for assistive technology, in headless
Chromium: at 390 px the map on top and nothing wider than the screen, a tap on a place and an
event's card shown below the map; axe-core (WCAG 2.2 A/AA) at a desktop's and a phone's width
with a place's passages open, with an event's card open and with the search's results open."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import PHONE
from tests.conftest import ARTIFACTS
from tests.reader_browser.edition_page import (
    HEADING_BELOW_MAP_JS,
    assert_axe_clean,
    click_place,
    expect_day,
    expect_lheiban,
    open_edition,
    screenshot,
)

pytestmark = pytest.mark.e2e


def test_phone_map_on_top_no_sideways_scroll_and_a_click(phone: Page, site: str) -> None:
    """390 px: the map on top at about 45 % of the height, nothing wider than the screen,
    a tap on Lheiban shows its passages below the map."""
    page = phone
    watch = open_edition(page, site)
    box = page.locator(".dz-map").bounding_box()
    assert box["y"] == 0 and box["width"] == PHONE["width"]
    assert 0.4 <= box["height"] / PHONE["height"] <= 0.5, box
    click_place(page, "lheiban")
    expect_lheiban(page)
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], wide
    # The panel's heading scrolls into view below the map, not under it.
    page.wait_for_function(HEADING_BELOW_MAP_JS)
    page.screenshot(path=str(ARTIFACTS / "published-phone.png"))
    page.screenshot(path=str(ARTIFACTS / "published-phone-full.png"), full_page=True)
    watch.assert_clean("on a phone")


def test_phone_timeline_event_card(phone: Page, site: str) -> None:
    """390 px: the timeline under the map, an event chosen, its card below; nothing wider
    than the screen."""
    page = phone
    watch = open_edition(page, site)
    page.get_by_role("button", name="7 Dec 2021 · Peshmerga and Iraqi forces move into").click()
    expect(page.locator("#dz-panel-title")).to_have_text(
        "Peshmerga and Iraqi forces move into Lheiban"
    )
    expect_day(page, "2021-12-07")
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], wide
    page.wait_for_function(HEADING_BELOW_MAP_JS)
    screenshot(page, "published-timeline-phone.png")
    screenshot(page, "published-timeline-phone-full.png", full_page=True)
    watch.assert_clean("the timeline on a phone")


def test_axe_finds_no_violations_with_a_place_selected(audit_page: Page, site: str) -> None:
    """WCAG 2.2 A/AA (axe-core) on the page with Lheiban's passages open."""
    open_edition(audit_page, f"{site}#place=lheiban")
    expect(audit_page.locator("#dz-panel .dz-passage")).to_have_count(9)
    assert_axe_clean(audit_page)


def test_axe_finds_no_violations_with_an_event_chosen(audit_page: Page, site: str) -> None:
    """WCAG 2.2 A/AA (axe-core) with the joint move's card open, and with the search's three
    groups of results open."""
    open_edition(audit_page, f"{site}#event=joint-move-into-lheiban")
    expect(audit_page.locator("#dz-panel .dz-passage")).to_have_count(2)
    assert_axe_clean(audit_page)
    audit_page.get_by_role("combobox", name="Search places, passages and events").fill("Lheiban")
    expect(audit_page.locator("#dz-search-results [role=group]")).to_have_count(3)
    assert_axe_clean(audit_page)
