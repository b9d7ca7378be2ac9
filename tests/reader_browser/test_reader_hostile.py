"""The reader on its static host with hostile data, in headless Chromium: every payload in
every field of the places, the force features and the events (hovered, clicked, read,
searched, opened from a link) stays text, with no flag set, no dialog, no request off
loopback and no page error (tests/test_hostile.py's payloads and Watch)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ARTIFACTS
from tests.hostile_data import PAYLOAD_IDS, hostile_event_id, payload, visible_text
from tests.reader_browser.edition_page import (
    MAP,
    POINT_OF_JS,
    click_place,
    open_edition,
    screenshot,
)

pytestmark = pytest.mark.e2e


FIT_JS = f"""(ids) => {{
  const map = {MAP}; const pts = [];
  map.eachLayer(l => {{ const p = l.feature && l.feature.properties;
    if (p && ids.includes(p.id) && typeof p.label === 'string' && l.getLatLng)
      pts.push(l.getLatLng()); }});
  map.fitBounds(L.latLngBounds(pts), {{padding: [60, 60], animate: false}});
  return pts.length;
}}"""

TOOLTIP_TEXT_JS = """() => [...document.querySelectorAll('.leaflet-tooltip')]
  .map(t => t.textContent.replace(/\\s+/g, ' ').trim()).join('\\n')"""

HOSTILE_CLICKED = ("P02", "P08", "P17", "P31", "P37")


def test_hostile_data_stays_text_everywhere(desktop: Page, hostile_site: str) -> None:
    """Every payload in every field: hover and click hostile places, read their passages
    (links too), search for one, open hostile links: no flag set, no dialog, no request
    off loopback, no page error; payloads shown as text."""
    page = desktop
    watch = open_edition(page, hostile_site)
    expect(page.get_by_role("heading", level=1)).to_have_text(visible_text(payload("P02", "title")))
    assert page.title() == payload("P10", "page_title")
    expect(page.locator(".dz-standfirst")).to_have_text(visible_text(payload("P17", "standfirst")))
    expect(page.locator(".dz-foot")).to_contain_text(visible_text(payload("P09", "map_note")))
    ids = [f"hostile-p{n:02d}" for n in range(1, 47)]
    assert page.evaluate(FIT_JS, ids) == len(ids)
    for place_id in ids:
        point = page.evaluate(POINT_OF_JS, place_id)
        box = page.locator(".folium-map").bounding_box()
        page.mouse.move(box["x"] + point[0], box["y"] + point[1])
    assert "__pwned=/P" in page.evaluate(TOOLTIP_TEXT_JS)
    watch.assert_clean("hovering hostile places")

    panel = page.locator("#dz-panel")
    for number in HOSTILE_CLICKED:
        click_place(page, f"hostile-{number.lower()}")
        expect(panel.locator("h2")).to_have_text(visible_text(payload(number, "name")))
        expect(panel.locator(".dz-facts")).to_contain_text(visible_text(payload(number, "source")))
        expect(panel.locator(".dz-facts")).to_contain_text(visible_text(payload(number, "note")))
        passage = panel.locator(".dz-passage").filter(has_text=f"Hostileville {number} and")
        expect(passage.locator("mark").first).to_have_text(f"Hostileville {number}")
        passage.get_by_role("button").first.hover()
    watch.assert_clean("clicking hostile places and reading their passages")
    # Only the article's http(s) links are links: the hostile ones are text.
    hrefs = panel.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert all(h.startswith(("https://", "http://")) for h in hrefs), hrefs

    # A hostile place from the search box; its passages include a link that survived.
    box = page.get_by_role("combobox", name="Search places, passages and events")
    box.fill("Hostileville P28")
    expect(page.get_by_role("option").first).to_contain_text("P28")
    box.press("Enter")
    expect(panel.locator("h2")).to_have_text(visible_text(payload("P28", "name")))
    expect(panel.get_by_role("link", name="handler link")).to_have_attribute(
        "href", "https://example.org/"
    )
    watch.assert_clean("searching a hostile place")

    # Hostile values in the URL's hash: a notice quoting them, as text.
    for value in (payload("P02", "hashplace"), payload("P08", "hashplace")):
        page.goto(f"{hostile_site}#place={quote(value, safe='')}&view={quote(value, safe='')}")
        expect(page.locator(".dz-reader")).to_have_attribute("data-dz-ready", "1")
        expect(page.locator(".dz-notice")).to_contain_text("ignored")
    watch.assert_clean("opening hostile links")
    assert watch.errors == []
    page.screenshot(path=str(ARTIFACTS / "published-hostile.png"))


def test_a_hostile_force_feature_shows_its_actor_as_text(desktop: Page, hostile_site: str) -> None:
    """A force feature from the link: its hostile actor name and note are text in the panel."""
    page = desktop
    watch = open_edition(page, f"{hostile_site}#place=force-h17")
    facts = page.locator("#dz-panel .dz-facts")
    expect(facts).to_contain_text(visible_text(payload("P17", "actor")))
    expect(facts).to_contain_text(visible_text(payload("P17", "forcenote")))
    expect(page.locator("#dz-panel-title")).to_have_text(visible_text(payload("P17", "force")))
    watch.assert_clean("a hostile force feature")
    assert watch.errors == []


def test_hostile_event_texts_stay_text(desktop: Page, hostile_site: str) -> None:
    """Every payload in an event's title, summary and source: listed, chosen, searched and
    linked, with no flag, dialog, foreign request or page error; titles shown as text."""
    page = desktop
    watch = open_edition(page, hostile_site)
    titles = page.locator(".dz-event").all_text_contents()
    for number in PAYLOAD_IDS:
        assert any(t.endswith(" · " + payload(number, "eventtitle")) for t in titles), number
    panel = page.locator("#dz-panel")
    for number in ("P02", "P08", "P10", "P17", "P28", "P31", "P37", "P45"):
        page.locator(f".dz-event[data-event='{hostile_event_id(number)}']").click()
        expect(panel.locator("h2")).to_have_text(visible_text(payload(number, "eventtitle")))
        expect(panel.locator(".dz-source")).to_contain_text(
            visible_text(payload(number, "eventsource"))
        )
        expect(page.locator("path.dz-selection")).to_have_count(1)
    watch.assert_clean("choosing hostile events")
    box = page.get_by_role("combobox", name="Search places, passages and events")
    box.fill("Hostile event P20 says")
    option = page.locator("#dz-search-results [data-event]").first
    expect(option).to_have_attribute("data-event", hostile_event_id("P20"))
    box.press("ArrowDown")
    box.press("Enter")
    expect(panel.locator("h2")).to_have_text(visible_text(payload("P20", "eventtitle")))
    expect(panel).to_contain_text(visible_text(payload("P20", "eventsummary")))
    for value in (payload("P02", "hashevent"), payload("P10", "hashevent")):
        page.goto(f"{hostile_site}#event={quote(value, safe='')}&asof={quote(value, safe='')}")
        expect(page.locator(".dz-reader")).to_have_attribute("data-dz-ready", "1")
        expect(page.locator(".dz-notice")).to_contain_text("ignored")
    watch.assert_clean("hostile events")
    assert watch.errors == []
    screenshot(page, "published-timeline-hostile.png")
