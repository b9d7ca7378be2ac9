"""The app's own widgets and links in headless Chromium: the Places table's chooser (from the
keyboard) and the Timeline tab's buttons choose in the reader; the links the app reads
(?view=, ?asof=, the benchmark's ?events= refused to readers) and the printable brief of the
place they chose, a PDF made on the click."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from bench.stclient import pdf_title
from browsing.mappage import MAP_IFRAME, map_frame
from tests.app_browser.app_page import PANEL_TITLE
from tests.browser import map_eval, open_tab
from tests.hosts import App

pytestmark = pytest.mark.e2e


def test_the_app_s_widgets_ask_the_reader(page: Page, app: App) -> None:
    """The Places table's chooser (from the keyboard) and the Timeline tab's buttons choose
    in the reader: its card, the map's day and outline, the URL; the brief follows."""
    app.open(page)
    tab = page.get_by_role("tab", name="Places table")
    open_tab(page, "Places table")
    chooser = page.get_by_role("combobox", name="Show a place on the map, with its passages")
    tab.focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if chooser.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the place chooser cannot be reached with Tab")
    page.keyboard.type("Lheib")
    expect(page.get_by_role("option", name=re.compile(r"^Lheiban \("))).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator(PANEL_TITLE)).to_have_text("Lheiban")
    expect(page).to_have_url(re.compile(r"[?&]place=lheiban\b"))

    open_tab(page, "Timeline")
    page.get_by_role("tabpanel", name="Timeline").get_by_role(
        "button", name=re.compile("The Iraqi army collapses")
    ).click()
    expect(page.locator(PANEL_TITLE)).to_have_text("The Iraqi army collapses")
    map_frame(page).wait_for_function("() => window.dzTime.get() === '2014-06-30'")
    expect(page).to_have_url(re.compile(r"[?&]event=iraqi-army-collapse\b"))
    # The same place, chosen again after the event, opens again.
    open_tab(page, "Places table")
    chooser.click()
    page.keyboard.type("Lheib")
    page.keyboard.press("Enter")
    expect(page.locator(PANEL_TITLE)).to_have_text("Lheiban")


def test_links_the_app_reads_and_its_brief(page: Page, app: App) -> None:
    """?view= opens the map there; ?asof= shows the map as it was (that day's area held);
    ?events= (the benchmark's) is refused to readers with a notice; the brief of the place
    the link chose downloads as a PDF made on the click (the click waits for the reader's
    report, which the pointer's arrival sent a moment before)."""
    app.open(page, "place=debaga&view=35.66,43.84,11&asof=2003-06-01&events=1000")
    frame = page.frame_locator(MAP_IFRAME)
    map_frame(page).wait_for_function("() => window.map.getZoom() === 11")
    c = map_eval(frame, "() => window.map.getCenter()")
    assert abs(c["lat"] - 35.66) < 0.01 and abs(c["lng"] - 43.84) < 0.01
    map_frame(page).wait_for_function("() => window.dzTime.get() === '2003-06-01'")
    drawn = map_eval(
        frame,
        """() => { const ids = new Set(); window.map.eachLayer(l => { const p = l.feature &&
          l.feature.properties; if (p && p.id && p.id.startsWith('control-')) ids.add(p.id); });
          return [...ids]; }""",
    )
    assert drawn == ["control-krg-2003"]
    expect(page.get_by_text("for the benchmark only")).to_be_visible()
    expect(page.get_by_text("synthetic", exact=False)).to_have_count(0)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Printable brief of the place chosen").click()
    assert download.value.suggested_filename == "disputed-zone-map-brief.pdf"
    with open(download.value.path(), "rb") as pdf:
        body = pdf.read()
    assert body.startswith(b"%PDF-")
    assert pdf_title(body).endswith(": Debaga (town)"), pdf_title(body)
