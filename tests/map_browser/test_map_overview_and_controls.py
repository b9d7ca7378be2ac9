"""The map page's controls in headless Chromium: the "Whole zone" and "Story focus" buttons,
the credit line, the overview inset (drawn, named, folded on a phone, never moving the main
map), the view written to the parent page's URL, and the gestures (one finger scrolls the
page on a touch phone, the wheel zooms on a desktop)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from geo.story import Story
from tests.browser import ATTRIBUTION_JS, DESKTOP, PHONE, assert_plain_credit
from tests.map_browser.map_page import LABEL_PASS_JS, MAP_JS, VIEW_JS, open_map

pytestmark = pytest.mark.e2e


def test_view_buttons_are_named_and_frame_zone_and_focus(desktop: Page, story: Story) -> None:
    """ "Whole zone" fits the zone, "Story focus" the focus box; both work from the keyboard."""
    zone = desktop.get_by_role("button", name="Whole zone")
    focus = desktop.get_by_role("button", name=f"Story focus: {story.config.focus_label}")
    for button in (zone, focus):
        box = button.bounding_box()
        assert box and box["width"] >= 24 and box["height"] >= 24
    zone.focus()
    desktop.keyboard.press("Enter")
    west, south, east, north = story.dataset.layer("zone").total_bounds
    assert desktop.evaluate(
        f"(b) => {MAP_JS}.getBounds().contains(b)", [[south, west], [north, east]]
    )
    focus.click()
    fw, fs, fe, fn = story.config.focus_bbox
    zoom = desktop.evaluate(f"(b) => [{MAP_JS}.getZoom(), {MAP_JS}.getBoundsZoom(b)]",
                            [[fs, fw], [fn, fe]])  # fmt: skip
    assert zoom[0] == zoom[1]


def test_the_credit_says_leaflet_plainly_and_keeps_the_tiles_credit(desktop: Page) -> None:
    """The credit line reads "Leaflet" (a link), with no flag or other picture; a web tile
    layer switched on adds its own credit after it (OpenStreetMap's)."""
    assert_plain_credit(desktop.evaluate(ATTRIBUTION_JS))
    desktop.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda r: r.abort())
    desktop.locator(".leaflet-control-layers").hover()
    desktop.get_by_text("OpenStreetMap (online only)").click()
    credit = desktop.evaluate(ATTRIBUTION_JS)
    assert_plain_credit(credit)
    assert "OpenStreetMap contributors" in credit["text"], credit
    desktop.get_by_text("OpenStreetMap (online only)").click()
    expect(desktop.locator(".leaflet-control-attribution")).not_to_contain_text("OpenStreetMap")


def test_overview_inset_is_drawn_named_and_toggles(desktop: Page) -> None:
    """The inset shows the governorates (the story's four emphasised), the zone and the
    view rectangle; its toggle is named."""
    inset = desktop.locator(".leaflet-control-minimap")
    expect(inset).to_be_visible()
    assert inset.locator("path").count() > 18
    expect(inset.locator('path[stroke="#3d3d3d"]')).to_have_count(4)
    expect(inset.locator('path[stroke="#D55E00"]')).to_have_count(1)
    toggle = desktop.get_by_role("button", name="Hide overview map")
    toggle.click()
    expect(desktop.get_by_role("button", name="Show overview map")).to_have_attribute(
        "aria-expanded", "false"
    )
    desktop.get_by_role("button", name="Show overview map").click()
    expect(desktop.get_by_role("button", name="Hide overview map")).to_be_visible()


def test_overview_inset_starts_minimised_on_a_phone(phone: Page) -> None:
    """Below 600 px the inset starts folded to its toggle."""
    toggle = phone.get_by_role("button", name="Show overview map")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    box = toggle.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_overview_never_moves_the_map(browser: Browser, site: str, viewport: dict) -> None:
    """The inset's centre is fixed, so nothing it does moves the main map: not a window
    resize (a phone's address bar folding as the reader scrolls) after the inset changed
    size, nor folding and unfolding it. Its own moves used to re-centre the main map on
    the inset's centre, far south of the story (a flaky published-phone test found it)."""
    page = open_map(browser, site, viewport, reduced_motion="reduce")
    try:
        toggle = page.locator(".leaflet-control-minimap-toggle-display")
        if viewport is DESKTOP:
            toggle.click()  # fold it: the inset's map now has a stale size
        opening = page.evaluate(VIEW_JS)
        for _ in range(2):
            page.evaluate("() => window.dispatchEvent(new Event('resize'))")
            page.wait_for_timeout(400)  # Leaflet's resize waits a frame, moveend 200 ms
            assert page.evaluate(VIEW_JS) == pytest.approx(opening), "a resize moved the map"
            toggle.click()
            page.wait_for_timeout(100)
            assert page.evaluate(VIEW_JS) == pytest.approx(opening), "the toggle moved the map"
        # The inset still follows the main map: its view rectangle shrinks on a zoom in.
        toggle.click()  # unfold
        aim = page.locator('.leaflet-control-minimap path[stroke="#0072B2"]')
        before = aim.bounding_box()
        page.evaluate(f"() => {MAP_JS}.setView([36.0, 43.6], 12, {{animate: false}})")
        page.wait_for_timeout(100)
        after = aim.bounding_box()
        assert after["width"] < before["width"] and after["height"] < before["height"]
    finally:
        page.context.close()


def test_view_is_written_to_the_parent_page_url(browser: Browser, site: str) -> None:
    """Inside a page, a move writes view=LAT,LON,ZOOM to the page's URL, and a later
    history rewrite by the page (as Streamlit does) keeps it."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{site}/page.html?place=lheiban")
    frame = page.frame_locator('iframe[title="map"]')
    expect(frame.locator(".dz-view-button").first).to_be_visible()
    assert "view=" not in page.url
    frame.get_by_role("button", name="Whole zone").click()
    page.wait_for_function("() => new URL(location.href).searchParams.has('view')")
    view = page.evaluate("() => new URL(location.href).searchParams.get('view')")
    lat, lon, zoom = view.split(",")
    assert len(lat.split(".")[1]) == 4 and len(lon.split(".")[1]) == 4 and zoom.isdigit()
    assert "place=lheiban" in page.url
    page.evaluate("() => history.replaceState(null, '', '?place=debaga')")
    kept = view.replace(",", "%2C")
    assert page.evaluate("() => location.search") == f"?place=debaga&view={kept}"
    context.close()


def test_one_finger_scrolls_the_page_on_phones_only(browser: Browser, site: str) -> None:
    """On a touch phone the gesture handler is on (one finger scrolls the page); with a
    mouse it is off and the wheel zooms the map."""
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
    )
    page = context.new_page()
    page.goto(f"{site}/map.html")
    page.wait_for_function(f"() => {LABEL_PASS_JS[6:]} > 0")
    assert page.evaluate(f"() => {MAP_JS}.gestureHandling.enabled()")
    context.close()


def test_mouse_wheel_still_zooms_on_desktop(desktop: Page) -> None:
    """No gesture handler with a mouse: the wheel zooms as Leaflet does by default."""
    assert desktop.evaluate(
        f"() => !{MAP_JS}.gestureHandling.enabled() && {MAP_JS}.scrollWheelZoom.enabled()"
    )
