"""The reader's timeline on its static host, in headless Chromium: the published map's
window.dzTime, the events listed in order beside the map, an event chosen (its card, the map's
day, its places outlined) and a day by itself, an event and a day restored from the link
(unknown ones named in a notice), and the timeline and the search's events from the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import DESKTOP
from tests.reader_browser.edition_page import (
    IN_VIEW_JS,
    MAP,
    edition_data,
    event_label,
    expect_day,
    expect_event_card,
    expect_lheiban,
    move_id,
    open_edition,
    place_at,
    screenshot,
)

pytestmark = pytest.mark.e2e


MAP_DAY_JS = "() => window.dzTime ? window.dzTime.get() : 'no dzTime'"


def test_the_map_gives_the_page_dz_time(browser: Browser, site: str) -> None:
    """The published map has window.dzTime: it starts at the article's day, set() moves it
    and fires dz-time, and the reader follows the map's own changes."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        watch = open_edition(page, site)
        assert page.evaluate("() => Boolean(window.dzTime)")
        assert page.evaluate(MAP_DAY_JS) == "2021-12-17"
        page.locator(".dz-event").first.click()
        page.wait_for_function("() => window.dzTime.get() === '2009-01-01'")
        page.evaluate("() => window.dzTime.set('2015-03-01')")  # the map's own control
        expect(page.locator("#dz-asof")).to_have_value("2015-03-01")
        assert "asof=2015-03-01" in page.url and "event=" not in page.url
        watch.assert_clean("the map's time")
        assert watch.errors == []
    finally:
        context.close()


def test_the_timeline_lists_every_event_in_order(desktop: Page, site: str, edition_dir) -> None:
    """Beside the map: the As-of day (the article's) and a button per event, oldest first,
    "June 2014 · The Iraqi army collapses"; only one of them is in the Tab order."""
    page = desktop
    watch = open_edition(page, site)
    events = edition_data(edition_dir)["events"]
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline).to_be_visible()
    buttons = timeline.locator(".dz-event")
    expect(buttons).to_have_text([event_label(e) for e in events])
    assert "June 2014 · The Iraqi army collapses" in buttons.all_text_contents()
    expect_day(page, "2021-12-17")
    assert buttons.evaluate_all("bs => bs.map(b => b.tabIndex)") == [0] + [-1] * (len(events) - 1)
    expect(page.locator("#dz-asof-reset")).to_be_hidden()
    assert "event=" not in page.url and "asof=" not in page.url
    watch.assert_clean("the timeline")


def test_choosing_events_sets_the_map_s_day_and_shows_their_cards(
    desktop: Page, site: str, edition_dir
) -> None:
    """June 2014: the map at 30 June 2014, the card (when, title, summary, source, the four
    provinces as chips, its passage), the provinces outlined. The joint move into Lheiban:
    its two passages, Lheiban outlined and in view. A chip then selects the place."""
    page = desktop
    watch = open_edition(page, site)
    events = {e["id"]: e for e in edition_data(edition_dir)["events"]}
    collapse = events["iraqi-army-collapse"]
    page.get_by_role("button", name="June 2014 · The Iraqi army collapses").click()
    expect_day(page, "2014-06-30")
    expect_event_card(page, collapse)
    panel = page.locator("#dz-panel")
    chips = panel.locator(".dz-chips[aria-label='Places of this event'] .dz-chip")
    expect(chips).to_have_text(["Nineveh", "Kirkuk", "Salaheddin", "Diyala"])
    expect(panel.locator(".dz-passage")).to_have_attribute("data-passage", "p26-2104")
    assert page.locator("path.dz-selection").count() >= 4
    expect(page.locator(".dz-event[aria-current='true']")).to_have_text(event_label(collapse))
    screenshot(page, "published-timeline-desktop-june-2014.png")

    # Away from Lheiban first, so the event has to bring it into view.
    page.evaluate(f"() => {MAP}.setView([33.0, 40.5], 9, {{animate: false}})")
    page.get_by_role("button", name="7 Dec 2021 · Peshmerga and Iraqi forces move into").click()
    move = events["joint-move-into-lheiban"]
    expect_event_card(page, move)
    expect_day(page, "2021-12-07")
    passages = panel.locator(".dz-passage")
    expect(passages).to_have_count(2)
    assert passages.evaluate_all("ls => ls.map(l => l.dataset.passage)") == move["passages"]
    expect(passages.first).to_contain_text("Lheiban")
    expect(page.locator("path.dz-selection")).to_have_count(1)
    page.wait_for_function(IN_VIEW_JS, arg=place_at(edition_dir, "lheiban"))
    screenshot(page, "published-timeline-desktop-lheiban.png")

    # A place chip of the card: Lheiban's panel; the day stays, the event goes.
    panel.locator(".dz-chips[aria-label='Places of this event']").get_by_role(
        "button", name="Lheiban"
    ).click()
    expect_lheiban(page)
    expect(page.locator(".dz-reader")).not_to_have_attribute(
        "data-dz-event", "joint-move-into-lheiban"
    )
    assert "event=" not in page.url and "asof=2021-12-07" in page.url
    expect_day(page, "2021-12-07")

    # A day by itself: no event; the article's day again from its button.
    page.locator("#dz-asof").fill("2016-05-04")
    expect_day(page, "2016-05-04")
    assert "asof=2016-05-04" in page.url
    page.locator("#dz-asof-reset").click()
    expect_day(page, "2021-12-17")
    assert "asof=" not in page.url
    watch.assert_clean("choosing events")
    assert watch.errors == []


def test_the_hash_restores_an_event_and_a_day(desktop: Page, site: str, edition_dir) -> None:
    """#event=joint-move-into-lheiban opens on its card and day; #asof=2003-06-01 sets the
    map's day with no event; unknown values are named in a notice and ignored."""
    page = desktop
    watch = open_edition(page, f"{site}#event=joint-move-into-lheiban")
    move = next(e for e in edition_data(edition_dir)["events"] if e["id"] == move_id())
    expect_event_card(page, move)
    expect_day(page, "2021-12-07")
    expect(page.locator("#dz-panel .dz-passage")).to_have_count(2)
    expect(page.locator("path.dz-selection")).to_have_count(1)
    assert page.evaluate(IN_VIEW_JS, place_at(edition_dir, "lheiban"))

    page.goto("about:blank")
    open_edition(page, f"{site}#asof=2003-06-01")
    expect_day(page, "2003-06-01")
    expect(page.locator(".dz-reader")).not_to_have_attribute("data-dz-event", move_id())
    expect(page.locator(".dz-notice")).to_have_count(0)
    expect(page.locator("#dz-asof-reset")).to_be_visible()

    page.goto("about:blank")
    open_edition(page, f"{site}#event=no-such-event&asof=2021-02-30")
    notice = page.locator(".dz-notice")
    expect(notice).to_contain_text("an event this timeline does not have, “no-such-event”")
    expect(notice).to_contain_text(
        "“2021-02-30” is not a day YYYY-MM-DD between 19 Mar 2003 and 31 Dec 2022; ignored"
    )
    expect_day(page, "2021-12-17")
    expect(page.locator("path.dz-selection")).to_have_count(0)

    # A place on a day: both restored, no event.
    page.goto("about:blank")
    open_edition(page, f"{site}#place=lheiban&asof=2014-06-12")
    expect_lheiban(page)
    expect_day(page, "2014-06-12")
    expect(page.locator(".dz-event[aria-current]")).to_have_count(0)

    # Edited in place (hashchange): the event, then back to nothing.
    page.evaluate("() => { location.hash = 'event=iraqi-army-collapse'; }")
    expect(page.locator("#dz-panel-title")).to_have_text("The Iraqi army collapses")
    expect_day(page, "2014-06-30")
    page.evaluate("() => { location.hash = ''; }")
    expect(page.locator("#dz-panel-title")).to_have_text("What the article says, place by place")
    expect_day(page, "2021-12-17")
    watch.assert_clean("timeline links")


def test_the_timeline_and_the_search_work_from_the_keyboard(
    desktop: Page, site: str, edition_dir
) -> None:
    """Tab reaches the list (one stop), arrows/Home/End move, Enter chooses and the focus
    stays; the search box finds events by words of their title and summary, in their own
    group after the places, with the same arrows and Enter."""
    page = desktop
    watch = open_edition(page, site)
    events = edition_data(edition_dir)["events"]
    page.get_by_role("combobox", name="Search places, passages and events").focus()
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('dz-event')"):
            break
    focused = page.locator(".dz-event:focus")
    expect(focused).to_have_text(event_label(events[0]))
    page.keyboard.press("End")
    expect(focused).to_have_text(event_label(events[-1]))
    page.keyboard.press("Home")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(focused).to_have_text("June 2014 · The Iraqi army collapses")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#dz-panel-title")).to_have_text("The Iraqi army collapses")
    expect_day(page, "2014-06-30")
    expect(focused).to_have_text("June 2014 · The Iraqi army collapses")
    expect(focused).to_have_attribute("aria-current", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#dz-panel-title")).to_have_text(events[4]["title"])

    # The search: a word of a summary only, then a name that is a place and in events.
    box = page.get_by_role("combobox", name="Search places, passages and events")
    box.fill("")
    box.type("photo caption")  # no event says so: nothing
    expect(page.get_by_role("option").first).to_have_text(
        "Nothing on this map or in the article matches “photo caption”."
    )
    box.fill("")
    box.type("Lheiban")
    groups = page.locator("#dz-search-results [role=group]")
    expect(groups).to_have_count(3)
    expect(page.locator("#dz-search-status")).to_have_text(
        re.compile(r"^\d+ places? and \d+ events? and \d+ passages? found; arrow keys")
    )
    expect(groups.nth(0)).to_contain_text("Places")
    expect(groups.nth(2)).to_contain_text("Passages")
    expect(groups.nth(1).locator("[data-event]").first).to_have_text(
        "Three ISIS attacks on Lheiban1–7 Dec 2021 · event"
    )
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "dz-result-0")
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "dz-result-1")
    chosen = page.locator("#dz-result-1").get_attribute("data-event")
    page.keyboard.press("Enter")
    expect(page.locator(".dz-reader")).to_have_attribute("data-dz-event", chosen)
    expect(page.locator("#dz-panel-title")).to_be_focused()
    box.fill("")
    box.type("collapses")
    expect(page.get_by_role("option").first).to_contain_text("The Iraqi army collapses")
    page.keyboard.press("Enter")
    expect(page.locator("#dz-panel-title")).to_have_text("The Iraqi army collapses")
    expect_day(page, "2014-06-30")
    watch.assert_clean("keyboard in the timeline")
