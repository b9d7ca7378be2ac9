"""Reading the story as a reader would, at a desktop and a phone width: the map opens on
the story and stays in view, search, permalinks, phones (headless Chromium, real app)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import (
    DESKTOP,
    MAP_IFRAME,
    PHONE,
    POINT_OF_JS,
    click_feature,
    map_eval,
    map_frame,
    open_app,
)
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

SCREENS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def phone(browser: Browser):
    """A phone-sized page with touch, as a 390x844 handset reports itself."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True,
                                  device_scale_factor=2)  # fmt: skip
    page = context.new_page()
    yield page
    context.close()


def distance_px(frame, a: str, b: str) -> float:
    pa, pb = map_eval(frame, POINT_OF_JS, a), map_eval(frame, POINT_OF_JS, b)
    assert pa and pb, (a, pb, b, pb)
    return ((pa[0] - pb[0]) ** 2 + (pa[1] - pb[1]) ** 2) ** 0.5


def test_desktop_opens_on_the_story_with_lheiban_and_debaga_apart(page: Page, app_url: str) -> None:
    """The first view frames the story's focus: Lheiban and Debaga at least 40 px apart."""
    frame = open_app(page, app_url)
    assert distance_px(frame, "lheiban", "debaga") >= 40
    bounds = map_eval(frame, "() => window.map.getBounds().toBBoxString()")
    west, south, east, north = (float(v) for v in bounds.split(","))
    assert 0.4 < east - west < 2.0, "the opening view is not the story's focus"
    page.screenshot(path=str(ARTIFACTS / "reading-desktop-open.png"))


def test_phone_opens_on_the_story_with_lheiban_and_debaga_apart(phone: Page, app_url: str) -> None:
    """On a phone the first view still separates Lheiban and Debaga by at least 24 px."""
    frame = open_app(phone, app_url)
    assert distance_px(frame, "lheiban", "debaga") >= 24
    phone.screenshot(path=str(ARTIFACTS / "reading-phone-open.png"))


def test_map_stays_in_view_while_reading_lheibans_passages(page: Page, app_url: str) -> None:
    """After scrolling to Lheiban's last passage, the map is still wholly in the window."""
    frame = open_app(page, app_url)
    click_feature(page, frame, "lheiban")
    passages = page.locator('.st-key-place-panel [class*="st-key-panel-passage-"]')
    expect(passages).to_have_count(9)
    passages.last.scroll_into_view_if_needed()
    expect(passages.last).to_be_in_viewport()
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= DESKTOP["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"], box
    assert box["height"] >= 500
    page.screenshot(path=str(ARTIFACTS / "reading-desktop-last-passage.png"))


def test_phone_has_no_sideways_scroll_and_a_map_of_half_the_height(
    phone: Page, app_url: str
) -> None:
    """At 390 px: no horizontal overflow; the map on top at 40–60 % of the height."""
    open_app(phone, app_url)
    overflow = phone.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " document.querySelector('[data-testid=stMain]').scrollWidth]"
    )
    assert overflow[0] <= overflow[1] and overflow[2] <= PHONE["width"], overflow
    box = phone.locator(MAP_IFRAME).bounding_box()
    share = box["height"] / PHONE["height"]
    assert 0.40 <= share <= 0.60, share
    assert box["y"] <= 1 and box["width"] >= PHONE["width"] - 2, box


def test_phone_selecting_a_place_brings_its_passages_into_view(phone: Page, app_url: str) -> None:
    """Tap Lheiban: its passages come into view below the map."""
    frame = open_app(phone, app_url)
    point = map_eval(frame, POINT_OF_JS, "lheiban")
    box = phone.locator(MAP_IFRAME).bounding_box()
    phone.touchscreen.tap(box["x"] + point[0], box["y"] + point[1])
    heading = phone.locator(".st-key-place-panel").get_by_role("heading", name="Lheiban")
    expect(heading).to_be_in_viewport()
    map_box = phone.locator(MAP_IFRAME).bounding_box()
    assert heading.bounding_box()["y"] >= map_box["y"] + map_box["height"] - 1
    # The tooltip the tap opened closes by itself: it does not cover the selection.
    expect(frame.locator(".leaflet-tooltip-pane .leaflet-tooltip")).to_have_count(0, timeout=6000)
    phone.screenshot(path=str(ARTIFACTS / "reading-phone-lheiban.png"))


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


def test_phone_swipe_on_the_map_scrolls_the_page(phone: Page, app_url: str) -> None:
    """A one-finger swipe up over the map scrolls the page (no scroll trap) and leaves the
    map where it was."""
    frame = open_app(phone, app_url)
    centre = map_eval(frame, "() => window.map.getCenter()")
    box = phone.locator(MAP_IFRAME).bounding_box()
    scrolled = "() => window.scrollY + document.querySelector('[data-testid=stMain]').scrollTop"
    before = phone.evaluate(scrolled)
    swipe(phone, box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.8, box["y"] + 20)
    phone.wait_for_function(f"({scrolled})() > {before} + 100")
    after = map_eval(frame, "() => window.map.getCenter()")
    assert abs(after["lat"] - centre["lat"]) < 1e-6 and abs(after["lng"] - centre["lng"]) < 1e-6
    # The map stays on top while the story scrolls under it.
    assert phone.locator(MAP_IFRAME).bounding_box()["y"] <= 1


def test_phone_controls_and_chips_are_big_enough(phone: Page, app_url: str) -> None:
    """Every button, chip and switch on the phone page is at least 24 px tall."""
    open_app(phone, app_url)
    phone.get_by_role("tab", name="The article, passage by passage").click()
    small = phone.evaluate(
        """() => [...document.querySelectorAll('button, [role=tab], label:has(input)')]
          .filter(e => e.offsetParent !== null)
          .map(e => [e.innerText.slice(0, 30) || e.outerHTML.slice(0, 200),
                     e.getBoundingClientRect().height])
          .filter(([, h]) => h < 24)"""
    )
    assert small == [], small


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_search_finds_places_by_name_and_arabic_alias(
    browser: Browser, app_url: str, screen: str
) -> None:
    """ "Qaraqosh" and "لهيبان" find their places; choosing one opens its panel and shows it."""
    context = browser.new_context(viewport=SCREENS[screen], has_touch=screen == "phone")
    page = context.new_page()
    try:
        open_app(page, app_url)
        box = page.get_by_role("textbox", name="Search places and passages")
        box.fill("Qaraqosh")
        box.press("Enter")
        results = page.locator(".st-key-search-results")
        expect(results.get_by_role("button", name=re.compile("^Qaraqosh"))).to_be_visible()
        box.fill("لهيبان")
        box.press("Enter")
        hit = results.get_by_role("button", name=re.compile("Lheiban"))
        expect(hit).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / f"reading-{screen}-search.png"))
        hit.focus()
        page.keyboard.press("Enter")  # results are reachable and usable from the keyboard
        panel = page.locator(".st-key-place-panel")
        expect(panel.get_by_role("heading", name="Lheiban")).to_be_in_viewport()
        assert "place=lheiban" in page.url
        map_frame(page).wait_for_function(
            "() => { const c = window.map.getCenter();"
            " return Math.abs(c.lng - 43.84) < 0.05 && Math.abs(c.lat - 35.66) < 0.05; }"
        )
    finally:
        context.close()


def test_search_finds_a_passage_by_its_words(page: Page, app_url: str) -> None:
    """ "thermal night vision" finds its passage, match shown; choosing it puts passage= in the
    URL, shows the passage and outlines its places."""
    open_app(page, app_url)
    box = page.get_by_role("textbox", name="Search places and passages")
    box.fill("thermal night vision")
    box.press("Enter")
    hit = page.locator(".st-key-search-results").get_by_role(
        "button", name=re.compile("thermal night vision")
    )
    expect(hit).to_have_count(1)
    hit.click()
    panel = page.locator(".st-key-passage-panel")
    expect(panel).to_contain_text("thermal night vision")
    expect(page).to_have_url(re.compile(r"passage=p\d+-"))
    page.screenshot(path=str(ARTIFACTS / "reading-desktop-passage.png"))


def test_view_link_opens_at_that_centre_and_zoom(page: Page, app_url: str) -> None:
    """?view=35.66,43.84,11 opens the map centred there at zoom 11."""
    frame = open_app(page, f"{app_url}/?view=35.66,43.84,11")
    map_frame(page).wait_for_function("() => window.map.getZoom() === 11")
    c = map_eval(frame, "() => window.map.getCenter()")
    assert abs(c["lat"] - 35.66) < 0.01 and abs(c["lng"] - 43.84) < 0.01


def test_bad_view_link_gets_a_notice(page: Page, app_url: str) -> None:
    """A view that cannot be used is named in a notice; the map opens on the story."""
    open_app(page, f"{app_url}/?view=99,abc,3")
    expect(page.get_by_text("is not LAT,LON,ZOOM")).to_be_visible()


def test_passage_link_restores_the_passage(page: Page, app_url: str) -> None:
    """A ?passage= permalink opens that passage in the panel; a bad one gets a notice."""
    open_app(page, app_url)
    box = page.get_by_role("textbox", name="Search places and passages")
    box.fill("thermal night vision")
    box.press("Enter")
    page.locator(".st-key-search-results").get_by_role("button").first.click()
    expect(page).to_have_url(re.compile(r"passage=p\d+-"))
    other = page.context.new_page()
    open_app(other, page.url)
    expect(other.locator(".st-key-passage-panel")).to_contain_text("thermal night vision")
    open_app(other, f"{page.url.split('?')[0]}?passage=p99-nope")
    expect(other.get_by_text("which the article does not have")).to_be_visible()


def test_moving_the_map_writes_the_view_into_the_link(page: Page, app_url: str) -> None:
    """Pan and zoom the map: the page's URL carries view=LAT,LON,ZOOM, and keeps it when a
    click then changes the place."""
    frame = open_app(page, app_url)
    map_eval(frame, "() => window.map.setView([35.7, 43.9], 10, {animate: false})")
    expect(page).to_have_url(re.compile(r"view=35\.(69|70)\d*(%2C|,)43\.(89|90)\d*(%2C|,)10"))
    click_feature(page, frame, "lheiban")
    expect(page).to_have_url(re.compile(r"place=lheiban"))
    expect(page).to_have_url(re.compile(r"view=35\.(69|70)"))


def test_reader_page_has_no_benchmark_control_and_names_the_story(page: Page, app_url: str) -> None:
    """No synthetic-events control, no ?events= for readers; the tab title names the story."""
    open_app(page, f"{app_url}/?events=1000")
    expect(page.get_by_text("for the benchmark only")).to_be_visible()
    expect(page.get_by_text("synthetic", exact=False)).to_have_count(0)
    assert "Lheiban" in page.title()


def test_printable_brief_downloads_as_a_pdf(page: Page, app_url: str) -> None:
    """The panel's brief button downloads a PDF of the selected place, made on the click."""
    open_app(page, f"{app_url}/?place=debaga")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Printable brief: Debaga").click()
    path = download.value.path()
    assert download.value.suggested_filename == "brief-debaga.pdf"
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
