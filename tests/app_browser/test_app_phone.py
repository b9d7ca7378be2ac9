"""The app on a phone in headless Chromium (390x844, touch): no sideways scroll, the map on
top, a tap on a place bringing its card into view below the map, a one-finger swipe on the map
scrolling the page, every target at least 24 px tall."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from browsing.mappage import MAP_IFRAME
from tests.app_browser.app_page import PANEL_TITLE, distance_px
from tests.browser import PHONE, map_eval
from tests.conftest import ARTIFACTS
from tests.hosts import App, click_place

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(browser: Browser):
    """A phone-sized page with touch, as a 390x844 handset reports itself."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True,
                                  device_scale_factor=2)  # fmt: skip
    page = context.new_page()
    yield page
    context.close()


def test_phone_layout_tap_and_swipe(phone: Page, app: App) -> None:
    """390 px: no sideways scroll; the map on top at 40-60 % of the height; Lheiban and
    Debaga apart; a tap on Lheiban brings its card into view below the map and the tap's
    tooltip closes by itself; a one-finger swipe on the map scrolls the page; every target
    is at least 24 px tall."""
    app.open(phone)
    overflow = phone.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " document.querySelector('[data-testid=stMain]').scrollWidth]"
    )
    assert overflow[0] <= overflow[1] and overflow[2] <= PHONE["width"], overflow
    box = phone.locator(MAP_IFRAME).bounding_box()
    assert 0.40 <= box["height"] / PHONE["height"] <= 0.60, box
    assert box["y"] <= 1 and box["width"] >= PHONE["width"] - 2, box
    assert distance_px(phone, app, "lheiban", "debaga") >= 24
    phone.screenshot(path=str(ARTIFACTS / "app-phone-open.png"))
    click_place(app, phone, "lheiban", tap=True)
    title = phone.locator(PANEL_TITLE)
    expect(title).to_have_text("Lheiban")
    expect(title).to_be_in_viewport()
    map_box = phone.locator(MAP_IFRAME).bounding_box()
    assert title.bounding_box()["y"] >= map_box["y"] + map_box["height"] - 1
    frame = phone.frame_locator(MAP_IFRAME)
    expect(frame.locator(".leaflet-tooltip-pane .leaflet-tooltip")).to_have_count(0, timeout=6000)
    phone.screenshot(path=str(ARTIFACTS / "app-phone-lheiban.png"))

    centre = map_eval(frame, "() => window.map.getCenter()")
    scrolled = "() => window.scrollY + document.querySelector('[data-testid=stMain]').scrollTop"
    before = phone.evaluate(scrolled)
    swipe(phone, box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.8, box["y"] + 20)
    phone.wait_for_function(f"({scrolled})() > {before} + 100")
    after = map_eval(frame, "() => window.map.getCenter()")
    assert abs(after["lat"] - centre["lat"]) < 1e-6 and abs(after["lng"] - centre["lng"]) < 1e-6
    assert phone.locator(MAP_IFRAME).bounding_box()["y"] <= 1
    small = phone.evaluate(
        """() => {
          const all = [...document.querySelectorAll('button, [role=tab], label:has(input)')];
          const sel = '.st-key-reader [data-testid=stBidiComponentIsolated]';
          const host = document.querySelector(sel);
          all.push(...host.shadowRoot.querySelectorAll('button, input'));
          return all.filter(e => e.offsetParent !== null)
            .map(e => [e.innerText.slice(0, 30) || e.outerHTML.slice(0, 120),
                       e.getBoundingClientRect().height])
            .filter(([, h]) => h < 24); }"""
    )
    assert small == [], small


def swipe(page: Page, x: float, y_from: float, y_to: float) -> None:
    """One finger down at (x, y_from), moved to (x, y_to) in ten steps, lifted."""
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y_from}]}
    )
    for i in range(1, 11):
        y = y_from + (y_to - y_from) * i / 10
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
        )
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()
