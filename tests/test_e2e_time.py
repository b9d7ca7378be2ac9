"""Time, as a reader uses it in the app: the timeline beside the map shows the map as it was
(force claims and the area of control valid that day), an event's places and passages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import SELECTION_RING_JS, map_eval, map_frame, open_app
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

# Drawn (on the map) feature ids of a layer whose properties match a test, in the map frame.
DRAWN_JS = """(_body, prefix) => {
  const ids = new Set();
  window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && p.id && p.id.startsWith(prefix)) ids.add(p.id); });
  return [...ids].sort();
}"""
# Force features drawn whose claim starts in December 2021 (the article's own moment).
DEC_2021_JS = """() => {
  const ids = new Set();
  window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && p.actor && (p.from || '') >= '2021-12') ids.add(p.id); });
  return ids.size;
}"""


def day_shown(page: Page) -> str:
    return map_eval(page.frame_locator("iframe[title='streamlit_folium.st_folium']"),
                    "() => window.dzTime && window.dzTime.get()")  # fmt: skip


def choose_event(page: Page, title: str) -> None:
    page.get_by_role("tab", name="Timeline").click()
    page.get_by_role("tabpanel", name="Timeline").get_by_role(
        "button", name=re.compile(re.escape(title))
    ).click()


def test_opens_at_the_articles_date_with_its_claims(page: Page, app_url: str) -> None:
    """By default the map shows 17 December 2021: the post-2017 area and the article's claims."""
    frame = open_app(page, app_url)
    map_frame(page).wait_for_function("() => window.dzTime && window.dzTime.get() === '2021-12-17'")
    assert map_eval(frame, DRAWN_JS, "control-") == ["control-krg-2017"]
    assert map_eval(frame, DEC_2021_JS) > 0
    page.screenshot(path=str(ARTIFACTS / "time-2021-12.png"))


def test_june_2014_shows_the_2014_extent_and_hides_december_2021(page: Page, app_url: str) -> None:
    """Choosing the June 2014 collapse: the 2014 peshmerga extent, no December 2021 claims,
    the event's card, ?event= and ?asof= in the URL."""
    frame = open_app(page, app_url)
    choose_event(page, "The Iraqi army collapses")
    map_frame(page).wait_for_function("() => window.dzTime && window.dzTime.get() === '2014-06-30'")
    assert map_eval(frame, DRAWN_JS, "control-") == ["control-krg-2014"]
    assert map_eval(frame, DEC_2021_JS) == 0
    expect(page.locator(".st-key-event-panel")).to_contain_text("The Iraqi army collapses")
    expect(page).to_have_url(re.compile(r"event=iraqi-army-collapse"))
    expect(page).to_have_url(re.compile(r"asof=2014-06-30"))


def test_7_december_2021_highlights_lheiban_and_shows_its_passage(page: Page, app_url: str) -> None:
    """Choosing the move into Lheiban outlines Lheiban and shows the passage that tells it."""
    frame = open_app(page, app_url)
    choose_event(page, "move into Lheiban")
    panel = page.locator(".st-key-event-panel")
    expect(panel).to_contain_text("7 Dec 2021")
    expect(panel.locator('[class*="st-key-event-passage-"]')).to_have_count(2)
    map_frame(page).wait_for_function(f"({SELECTION_RING_JS})() !== null")
    lon, lat = map_eval(frame, SELECTION_RING_JS)
    assert abs(lon - 43.84) < 0.01 and abs(lat - 35.66) < 0.01
    assert day_shown(page) == "2021-12-07"


def test_timeline_works_from_the_keyboard(page: Page, app_url: str) -> None:
    """Focus the timeline's slider, press Home: the first event (2009) is shown and the map
    goes back to 2009; End returns to the article's date."""
    open_app(page, app_url)
    slider = page.locator(".st-key-timeline").get_by_role("slider")
    slider.focus()
    page.keyboard.press("Home")
    expect(page.locator(".st-key-event-panel")).to_contain_text("Joint security")
    map_frame(page).wait_for_function("() => window.dzTime && window.dzTime.get() === '2009-01-01'")
    slider.focus()
    page.keyboard.press("End")
    map_frame(page).wait_for_function("() => window.dzTime && window.dzTime.get() === '2021-12-17'")


@pytest.mark.parametrize(("day", "area"), [("2003-06-01", "control-krg-2003"),
                                           ("2016-05-01", "control-krg-2014")])  # fmt: skip
def test_asof_link_shows_the_map_as_it_was(page: Page, app_url: str, day: str, area: str) -> None:
    """?asof=DAY opens the map on that day, with that day's area of control."""
    frame = open_app(page, f"{app_url}/?asof={day}")
    map_frame(page).wait_for_function(f"() => window.dzTime && window.dzTime.get() === '{day}'")
    assert map_eval(frame, DRAWN_JS, "control-") == [area]
    map_eval(frame, "() => window.map.setView([35.4, 44.0], 7, {animate: false})")
    page.screenshot(path=str(ARTIFACTS / f"time-{day[:4]}.png"))
