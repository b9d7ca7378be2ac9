"""The reader on its static host on a phone and for assistive technology, in headless
Chromium: at 390 px the map on top and nothing wider than the screen, a tap on a place and an
event's card shown below the map; axe-core (WCAG 2.2 A/AA) at a desktop's and a phone's width
with a place's passages open, with an event's card open and with the search's results open;
at 360 px no symbol of the opening view under a control."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

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


# Each force symbol in view that one of the map's controls covers: its label and the
# covered corners of its 24 px target.
COVERED_SYMBOLS_JS = """() => {
  const out = [];
  const box = document.querySelector('.folium-map').getBoundingClientRect();
  for (const icon of document.querySelectorAll('.dz-force-icon')) {
    if (icon.closest('.leaflet-control')) continue;  // the overview inset's own copy
    const r = icon.getBoundingClientRect();
    if (r.right < box.left || r.left > box.right || r.bottom < box.top || r.top > box.bottom
        || r.width === 0) continue;
    const corners = [[r.left + 1, r.top + 1], [r.right - 1, r.top + 1],
                     [r.left + 1, r.bottom - 1], [r.right - 1, r.bottom - 1]];
    const hidden = corners.filter(([x, y]) => x > box.left && x < box.right && y > box.top
      && y < box.bottom && document.elementFromPoint(x, y).closest('.leaflet-control'));
    if (hidden.length) out.push([icon.getAttribute('aria-label'), hidden]);
  }
  return out;
}"""


def test_on_a_small_phone_no_symbol_is_under_the_view_buttons(browser: Browser, site: str) -> None:
    """At 360 px (a common phone, and an embed's column on a 390 px one) the opening view's
    symbols keep clear of the map's controls: the federal forces' symbol at Makhmur, near the
    focus's west edge, sat half under "Story focus" (axe: target-size)."""
    context = browser.new_context(viewport={"width": 360, "height": 780}, has_touch=True)
    page = context.new_page()
    try:
        open_edition(page, site)
        # Below 600 px the overview inset folds to its toggle once the map is laid out.
        toggle = page.get_by_role("button", name="Show overview map")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        page.wait_for_function(  # and its fold (a CSS transition) has ended
            "() => document.querySelector('.leaflet-control-minimap')"
            ".getBoundingClientRect().width < 60"
        )
        covered = page.evaluate(COVERED_SYMBOLS_JS)
    finally:
        context.close()
    assert not covered, covered
