"""The map page as it was on a day (geo.map.time, static/time.js) in headless Chromium: it
opens on the article's day, window.dzTime.set moves it through the areas of control, a layer
switched at one day keeps to the day, an area of control is a named edge, the districts'
switch, town labels over district labels, and axe-core at 2014 with the districts on."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import DESKTOP, axe_violations, describe
from tests.map_browser.map_page import (
    ARTICLE_DAY,
    AXE,
    LABEL_PASS_JS,
    MAP_JS,
    VIEW_JS,
    VISIBLE_LABEL_BOXES_JS,
    open_panel_map,
    overlapping,
    same_view,
    set_view,
)

pytestmark = pytest.mark.e2e


CONTROL_DRAWN_JS = f"""() => {{
  const ids = new Set();
  {MAP_JS}.eachLayer(l => {{ const p = l.feature && l.feature.properties;
    if (p && p.id && p.id.startsWith('control-')) ids.add(p.id); }});
  return [...ids].sort();
}}"""

# Force features drawn whose claim starts in December 2021 (the article's own moment).
DEC_2021_DRAWN_JS = f"""() => {{
  const ids = new Set();
  {MAP_JS}.eachLayer(l => {{ const p = l.feature && l.feature.properties;
    if (p && p.actor && (p.from || '') >= '2021-12') ids.add(p.id); }});
  return [...ids].sort();
}}"""

BADGE = ".dz-time-text"


def open_time_map(browser: Browser, base: str) -> Page:
    page = open_panel_map(browser, base, DESKTOP, "time.html")
    page.wait_for_function("() => window.dzTime !== undefined")
    return page


def set_day(page: Page, day: str | None) -> None:
    assert page.evaluate("(day) => window.dzTime.set(day)", day) is True


def test_the_map_opens_on_its_day_with_the_2017_area_and_the_december_claims(
    browser: Browser, site: str
) -> None:
    """as_of 17 December 2021: the badge says so, the area held since October 2017 is drawn
    (alone), the December 2021 claims are drawn (not the attacks of 1-7 December)."""
    page = open_time_map(browser, site)
    assert page.evaluate("() => window.dzTime.get()") == ARTICLE_DAY
    expect(page.locator(BADGE)).to_have_text("As of 17 December 2021")
    expect(page.get_by_role("group", name="Date shown on the map")).to_be_visible()
    expect(page.locator(BADGE)).to_have_attribute("aria-live", "polite")
    assert page.evaluate(CONTROL_DRAWN_JS) == ["control-krg-2017"]
    assert page.evaluate(DEC_2021_DRAWN_JS) == [
        "force-iraqi-army-lheiban",
        "force-peshmerga-lheiban",
        "force-peshmerga-qarachok-ridge",
    ]
    # The panel counts what the day shows.
    expect(page.locator('[data-actor="isis"] .dz-layer-count')).to_have_text("1 of 2")
    expect(page.locator('[data-actor="isis"]')).to_have_accessible_name(
        "ISIS, 1 of 2 features shown on 17 December 2021"
    )
    page.context.close()


def test_set_moves_the_map_through_the_areas_of_control(browser: Browser, site: str) -> None:
    """2014-06-30: the 2014 area, no December 2021 claim; 2003-06-01: the 2003 area;
    2017-10-20 (the line moving): no area. The badge follows, dz-time fires each time."""
    page = open_time_map(browser, site)
    page.evaluate(
        "() => { window.__days = []; "
        "window.addEventListener('dz-time', e => window.__days.push(e.detail.day)); }"
    )
    view = page.evaluate(VIEW_JS)
    for day, areas, words in (
        ("2014-06-30", ["control-krg-2014"], "As of 30 June 2014"),
        ("2003-06-01", ["control-krg-2003"], "As of 1 June 2003"),
        ("2017-10-20", [], "As of 20 October 2017"),
        ("2017-10-27", ["control-krg-2017"], "As of 27 October 2017"),
    ):
        set_day(page, day)
        assert page.evaluate("() => window.dzTime.get()") == day
        assert page.evaluate(CONTROL_DRAWN_JS) == areas, day
        assert page.evaluate(DEC_2021_DRAWN_JS) == [], day
        expect(page.locator(BADGE)).to_have_text(words)
    assert page.evaluate("() => window.__days") == [
        "2014-06-30",
        "2003-06-01",
        "2017-10-20",
        "2017-10-27",
    ]
    # The same day again fires nothing; a bad day changes nothing.
    set_day(page, "2017-10-27")
    assert page.evaluate("() => window.dzTime.set('2017-02-30')") is False
    assert page.evaluate("() => window.dzTime.set('<b>')") is False
    assert page.evaluate("() => window.dzTime.get()") == "2017-10-27"
    assert len(page.evaluate("() => window.__days")) == 4
    assert same_view(page.evaluate(VIEW_JS), view)
    # No day: every area and every claim, the badge hidden.
    set_day(page, None)
    assert page.evaluate(CONTROL_DRAWN_JS) == [
        "control-krg-2003",
        "control-krg-2014",
        "control-krg-2017",
    ]
    expect(page.locator(".dz-time-control")).to_be_hidden()
    page.context.close()


def test_a_layer_switched_off_and_on_at_2014_keeps_the_2021_claims_hidden(
    browser: Browser, site: str
) -> None:
    page = open_time_map(browser, site)
    set_day(page, "2014-06-30")
    switch = page.locator('.dz-layer-panel [data-actor="peshmerga"]')
    expect(page.locator('[data-actor="peshmerga"] .dz-layer-count')).to_have_text("0 of 2")
    for state in ("false", "true"):
        switch.click()
        expect(switch).to_have_attribute("aria-checked", state)
    assert "peshmerga" in page.evaluate("() => window.dzLayers.active()")
    assert page.evaluate(DEC_2021_DRAWN_JS) == []
    # And back to the article's day with the layer on: the claims return.
    set_day(page, ARTICLE_DAY)
    assert "force-peshmerga-lheiban" in page.evaluate(DEC_2021_DRAWN_JS)
    # A layer switched off stays off whatever the day.
    switch.click()
    expect(switch).to_have_attribute("aria-checked", "false")
    set_day(page, "2021-12-20")
    assert not [i for i in page.evaluate(DEC_2021_DRAWN_JS) if "peshmerga" in i]
    page.context.close()


def test_an_area_of_control_is_a_named_edge_with_its_tooltip(browser: Browser, site: str) -> None:
    page = open_time_map(browser, site)
    set_day(page, "2003-06-01")
    edge = page.locator('path[aria-label^="KRG-held area, 19 Mar 2003"]')
    expect(edge).to_have_count(1)
    edge.focus()
    expect(page.locator(".leaflet-tooltip")).to_contain_text(
        "KRG-held area, 19 Mar 2003 – 11 Jun 2014 (schematic, ±15 km)"
    )
    # The band: unclickable, as wide as 2 x 15 km at this zoom.
    band = page.evaluate(
        f"""() => {{ let out = null; {MAP_JS}.eachLayer(l => {{
            if (l.feature && l.feature.properties.id === 'control-krg-2003'
                && !l.options.interactive) out = l.options.weight; }}); return out; }}"""
    )
    zoom = page.evaluate(f"() => {MAP_JS}.getZoom()")
    assert band is not None and band > 20 * 2 ** (zoom - 7)
    page.context.close()


def test_the_districts_switch_shows_fifteen_labelled_points(browser: Browser, site: str) -> None:
    page = open_time_map(browser, site)
    switch = page.get_by_role("switch", name="Disputed districts (UNAMI 2009), 15 districts")
    expect(switch).to_have_attribute("aria-checked", "false")
    expect(page.locator(".dz-district-icon")).to_have_count(0)
    switch.click()
    expect(switch).to_have_attribute("aria-checked", "true")
    expect(page.locator(".dz-district-icon")).to_have_count(15)
    expect(page.locator(".dz-label.dz-district")).to_have_count(15)
    expect(page.locator(".dz-label.dz-district", has_text="Sinjar district")).to_have_count(1)
    expect(page.locator('[aria-label^="Sinjar district, disputed district"]')).to_have_count(1)
    expect(page.locator(".dz-layer-status")).to_have_text(
        "Disputed districts (UNAMI 2009) layer on"
    )
    # The day leaves them alone.
    set_day(page, "2003-06-01")
    expect(page.locator(".dz-district-icon")).to_have_count(15)
    switch.click()
    expect(page.locator(".dz-district-icon")).to_have_count(0)
    page.context.close()


def test_town_labels_win_over_district_labels(browser: Browser, site: str) -> None:
    page = open_time_map(browser, site)
    page.get_by_role("switch", name=re.compile("^Disputed districts")).click()
    set_view(page, 36.0, 44.0, 8)
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('.dz-label')]
          .filter(l => getComputedStyle(l).visibility === 'hidden')
          .map(l => l.classList.contains('dz-district'))"""
    )
    # Whatever collides, only district labels give way to others, never a town's to them.
    boxes = page.evaluate(VISIBLE_LABEL_BOXES_JS)
    assert not [(a, b) for a, b in itertools.combinations(boxes, 2) if overlapping(a, b)]
    assert all(hidden) or not hidden
    page.context.close()


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is installed by npm ci")
def test_axe_finds_nothing_at_2014_with_the_districts_on(browser: Browser, site: str) -> None:
    page = open_time_map(browser, site)
    set_day(page, "2014-06-30")
    page.get_by_role("switch", name=re.compile("^Disputed districts")).click()
    expect(page.locator(".dz-district-icon")).to_have_count(15)
    page.wait_for_function(f"() => {LABEL_PASS_JS[6:]} > 0")
    violations = axe_violations(page)
    page.context.close()
    assert not violations, describe(violations)
