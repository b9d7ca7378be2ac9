"""The reader in headless Chromium, on its static host (the published edition, served by a
plain static file server): what a reader does on a desktop and on a phone, offline, and with
hostile data. The reader is the app's too (tests/test_reader_parity.py runs a table of the
same scenarios in both hosts); the app's own wiring is tested in tests/test_app_browser.py."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from geo.publish import write_edition
from geo.story import load_story
from tests.browser import (
    ATTRIBUTION_JS,
    DESKTOP,
    PHONE,
    assert_plain_credit,
    axe_violations,
    describe,
)
from tests.conftest import ARTIFACTS, DATA
from tests.hostile_data import (
    PAYLOAD_IDS,
    build_hostile_edition_data,
    hostile_event_id,
    payload,
    visible_text,
)
from tests.hosts import serve_edition
from tests.payload_watch import Watch

pytestmark = pytest.mark.e2e

# The published page's Leaflet map: folium's global, named in <body data-dz-map>.
MAP = "window[document.body.dataset.dzMap]"
# Where a feature's named (keyboard-labelled) point is, in the map container's pixels.
POINT_OF_JS = f"""(id) => {{
  const map = {MAP}; let out = null;
  map.eachLayer(l => {{ const p = l.feature && l.feature.properties;
    if (p && p.id === id && typeof p.label === 'string' && l.getLatLng && !out) {{
      const pt = map.latLngToContainerPoint(l.getLatLng()); out = [pt.x, pt.y]; }} }});
  return out;
}}"""
IN_VIEW_JS = f"(at) => {MAP}.getBounds().contains(at)"
FIT_JS = f"""(ids) => {{
  const map = {MAP}; const pts = [];
  map.eachLayer(l => {{ const p = l.feature && l.feature.properties;
    if (p && ids.includes(p.id) && typeof p.label === 'string' && l.getLatLng)
      pts.push(l.getLatLng()); }});
  map.fitBounds(L.latLngBounds(pts), {{padding: [60, 60], animate: false}});
  return pts.length;
}}"""
HEADING_BELOW_MAP_JS = """() => {
  const heading = document.querySelector('#dz-panel-title').getBoundingClientRect();
  const map = document.querySelector('.dz-map').getBoundingClientRect();
  return heading.top >= map.bottom - 1 && heading.top <= map.bottom + 24;
}"""
TOOLTIP_TEXT_JS = """() => [...document.querySelectorAll('.leaflet-tooltip')]
  .map(t => t.textContent.replace(/\\s+/g, ' ').trim()).join('\\n')"""


MAP_DAY_JS = "() => window.dzTime ? window.dzTime.get() : 'no dzTime'"
SCREENSHOTS = Path("/tmp/ptl-check")


@pytest.fixture(scope="module")
def edition_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published")
    write_edition(load_story(DATA), out)
    return out


@pytest.fixture(scope="module")
def site(edition_dir: Path) -> Iterator[str]:
    yield from serve_edition(edition_dir)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = build_hostile_edition_data(tmp_path_factory.mktemp("hostile-published") / "data")
    out = tmp_path_factory.mktemp("hostile-edition")
    write_edition(load_story(data), out)
    yield from serve_edition(out)


def new_context(browser: Browser, **options):
    return browser.new_context(**options)


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def audit_page(request, browser: Browser) -> Iterator[Page]:
    """A page for an axe audit, at each width. The page's policy would refuse axe's injected
    script: bypassed for the audit only."""
    context = new_context(browser, viewport=request.param, bypass_csp=True)
    yield context.new_page()
    context.close()


def assert_axe_clean(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    context = new_context(browser, viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    # Reduced motion: the panel jumps into view instead of scrolling smoothly, so the
    # screenshot shows where it settles.
    context = new_context(
        browser, viewport=PHONE, has_touch=True, is_mobile=True, reduced_motion="reduce"
    )
    yield context.new_page()
    context.close()


def screenshot(page: Page, name: str, **options) -> None:
    """Into test-results/ and /tmp/ptl-check/ (pytest-playwright empties test-results)."""
    path = ARTIFACTS / name
    page.screenshot(path=str(path), **options)
    SCREENSHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SCREENSHOTS / name)


def open_edition(page: Page, url: str) -> Watch:
    """Open the page and wait until the panel has its data and the URL is applied."""
    watch = Watch(page)
    page.goto(url)
    expect(page.locator(".dz-reader")).to_have_attribute("data-dz-ready", "1", timeout=20_000)
    expect(page.locator("path.leaflet-interactive").first).to_be_attached()
    return watch


def click_place(page: Page, place_id: str) -> None:
    point = page.evaluate(POINT_OF_JS, place_id)
    assert point is not None, f"{place_id} is not drawn as a point"
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def place_at(edition_dir: Path, place_id: str) -> list[float]:
    data = json.loads((edition_dir / "reader.json").read_text(encoding="utf-8"))
    return data["places"][place_id]["at"]


def expect_lheiban(page: Page) -> None:
    """The panel shows Lheiban: facts, its nine passages, the five mentions marked."""
    panel = page.locator("#dz-panel")
    expect(panel.get_by_role("heading", level=2)).to_have_text("Lheiban")
    expect(panel.locator(".dz-passage")).to_have_count(9)
    expect(panel.locator(".dz-passage mark")).to_have_count(5)
    for mark in panel.locator(".dz-passage mark").all_text_contents():
        assert mark == "Lheiban"
    expect(panel.locator(".dz-facts")).to_contain_text("approximate (researched estimate)")
    expect(panel.locator(".dz-facts")).to_contain_text("Researched estimate from public reporting")
    expect(page.locator("path.dz-selection")).to_have_count(1)
    assert "place=lheiban" in page.url


def test_desktop_click_a_place_then_a_passage_chip(desktop: Page, site: str, edition_dir) -> None:
    """Click Lheiban on the map: its passages, mentions marked, facts, outline, URL. A
    passage's chip then selects Debaga: panel, outline, and the map pans to it."""
    page = desktop
    watch = open_edition(page, site)
    click_place(page, "lheiban")
    expect_lheiban(page)
    page.screenshot(path=str(ARTIFACTS / "published-desktop.png"))
    assert_plain_credit(page.evaluate(ATTRIBUTION_JS))

    page.evaluate(f"() => {MAP}.setView([33.0, 40.5], 9, {{animate: false}})")  # Debaga away
    assert not page.evaluate(IN_VIEW_JS, place_at(edition_dir, "debaga"))
    page.locator(".dz-passage").filter(has_text="Debaga").get_by_role(
        "button", name="Debaga"
    ).first.click()
    expect(page.locator("#dz-panel-title")).to_have_text("Debaga")
    expect(page.locator("#dz-panel-title")).to_be_focused()
    expect(page.locator("path.dz-selection")).to_have_count(1)
    page.wait_for_function(IN_VIEW_JS, arg=place_at(edition_dir, "debaga"))
    assert "place=debaga" in page.url
    watch.assert_clean("clicking a place and a chip")
    assert watch.errors == []


def test_search_by_name_and_in_arabic_opens_the_place(desktop: Page, site: str) -> None:
    """Type a name, Enter opens the first hit; arrows pick a hit (Arabic alias)."""
    page = desktop
    watch = open_edition(page, site)
    box = page.get_by_role("combobox", name="Search places, passages and events")
    box.focus()
    page.keyboard.type("Qaraqosh")
    expect(page.get_by_role("option").first).to_contain_text("Qaraqosh")
    page.keyboard.press("Enter")
    expect(page.locator("#dz-panel-title")).to_have_text("Qaraqosh")
    expect(page.locator("#dz-panel-title")).to_be_focused()
    assert "place=qaraqosh" in page.url

    # Back to the box from the keyboard (past the timeline: its one event stop, the As-of
    # day's fields), an Arabic alias with harakat, arrow, Enter.
    for _ in range(12):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.id === 'dz-search-input'"):
            break
    expect(box).to_be_focused()
    box.fill("")
    page.keyboard.type("لَهيبان")
    option = page.get_by_role("option").first
    expect(option).to_contain_text("Lheiban")
    expect(option).to_contain_text("also written لهيبان")
    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "dz-result-0")
    page.keyboard.press("Enter")
    expect_lheiban(page)
    watch.assert_clean("searching")


def test_the_hash_restores_the_place_and_the_view(desktop: Page, site: str) -> None:
    """#place=lheiban opens on Lheiban; #view=...&place=... keeps the view asked for."""
    page = desktop
    watch = open_edition(page, f"{site}#place=lheiban")
    expect_lheiban(page)
    page.goto("about:blank")
    open_edition(page, f"{site}#view=35.9,43.5,9&place=debaga")
    expect(page.locator("#dz-panel-title")).to_have_text("Debaga")
    centre = page.evaluate(f"() => {{ const c = {MAP}.getCenter(); return [c.lat, c.lng, "
                           f"{MAP}.getZoom()]; }}")  # fmt: skip
    assert [round(centre[0], 1), round(centre[1], 1), centre[2]] == [35.9, 43.5, 9]
    # An unknown place in the link: a notice, as text; nothing selected.
    page.goto("about:blank")
    open_edition(page, f"{site}#place=nowhere-village")
    expect(page.locator(".dz-notice")).to_contain_text("“nowhere-village”; ignored")
    expect(page.locator("path.dz-selection")).to_have_count(0)
    watch.assert_clean("opening links")


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


def test_axe_finds_no_violations_with_a_place_selected(audit_page: Page, site: str) -> None:
    """WCAG 2.2 A/AA (axe-core) on the page with Lheiban's passages open."""
    open_edition(audit_page, f"{site}#place=lheiban")
    expect(audit_page.locator("#dz-panel .dz-passage")).to_have_count(9)
    assert_axe_clean(audit_page)


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


# Type each name into the box (as the input event does) and collect the hits' ids.
SEARCH_EACH_JS = """(names) => {
  const box = document.getElementById('dz-search-input');
  return names.map(name => {
    box.value = name;
    box.dispatchEvent(new Event('input'));
    return [...document.querySelectorAll('#dz-search-results [data-place]')]
      .map(li => li.dataset.place);
  });
}"""


def test_every_name_and_alias_finds_its_place(desktop: Page, hostile_site: str) -> None:
    """The reader folds the query as geo.search folds the names (Python): every name and alias
    in the data, Arabic and hostile ones included, finds its own place."""
    page = desktop
    watch = open_edition(page, hostile_site)
    data = page.evaluate("() => fetch('reader.json').then(r => r.json())")
    limits = data["search"]
    cases = [
        (entry[0], name)
        for entry in data["search"]["places"]
        for key, name in zip(entry[1], entry[2], strict=True)
        if len(key) >= limits["min"] and len(name) <= limits["max"]
    ]
    assert any("\u0600" <= ch <= "\u06ff" for _, name in cases for ch in name)  # Arabic too
    found = page.evaluate(SEARCH_EACH_JS, [name for _, name in cases])
    missed = [(pid, name) for (pid, name), ids in zip(cases, found, strict=True) if pid not in ids]
    assert missed == []
    watch.assert_clean("searching every name")


def test_enter_on_a_focused_place_opens_it(desktop: Page, site: str) -> None:
    """From the keyboard: a place on the map is a button; Enter opens its passages."""
    page = desktop
    watch = open_edition(page, site)
    target = page.get_by_role("button", name="Lheiban, village", exact=False).first
    target.focus()
    page.keyboard.press("Enter")
    expect_lheiban(page)
    watch.assert_clean("keyboard")


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


# --- the timeline ----------------------------------------------------------------------


def edition_data(edition_dir: Path) -> dict:
    return json.loads((edition_dir / "reader.json").read_text(encoding="utf-8"))


def event_label(event: dict) -> str:
    return f"{event['when']} · {event['title']}"


def expect_day(page: Page, day: str) -> None:
    """The map shows `day` (dzTime.get()), and the As-of box and the page say so."""
    expect(page.locator("#dz-asof")).to_have_value(day)
    expect(page.locator(".dz-reader")).to_have_attribute("data-dz-day", day)
    page.wait_for_function(f"() => window.dzTime && window.dzTime.get() === {json.dumps(day)}")


def expect_event_card(page: Page, event: dict) -> None:
    panel = page.locator("#dz-panel")
    expect(panel.get_by_role("heading", level=2)).to_have_text(event["title"])
    expect(panel.locator(".dz-when")).to_contain_text(event["when"])
    expect(panel).to_contain_text(event["summary"])
    expect(panel.locator(".dz-source")).to_have_text(event["source"])
    expect(page.locator(".dz-reader")).to_have_attribute("data-dz-event", event["id"])
    assert f"event={event['id']}" in page.url


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


def move_id() -> str:
    return "joint-move-into-lheiban"


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


def test_axe_finds_no_violations_with_an_event_chosen(audit_page: Page, site: str) -> None:
    """WCAG 2.2 A/AA (axe-core) with the joint move's card open, and with the search's three
    groups of results open."""
    open_edition(audit_page, f"{site}#event=joint-move-into-lheiban")
    expect(audit_page.locator("#dz-panel .dz-passage")).to_have_count(2)
    assert_axe_clean(audit_page)
    audit_page.get_by_role("combobox", name="Search places, passages and events").fill("Lheiban")
    expect(audit_page.locator("#dz-search-results [role=group]")).to_have_count(3)
    assert_axe_clean(audit_page)


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


# --- passages, Escape, every layer's cards, the article, what is said ---------------------


def test_a_passage_found_by_its_words_opens_its_card(desktop: Page, site: str) -> None:
    """ "thermal night vision" finds one passage, the words marked in the hit; Enter shows
    the passage, the words marked, its places as chips and outlined, in the URL; the live
    region says so."""
    page = desktop
    watch = open_edition(page, site)
    box = page.get_by_role("combobox", name="Search places, passages and events")
    box.fill("thermal night vision")
    hit = page.locator("#dz-search-results [data-passage]")
    expect(hit).to_have_count(1)
    expect(hit.locator("mark")).to_have_text(["thermal night vision"])
    box.press("Enter")
    title = page.locator("#dz-panel-title")
    expect(title).to_have_text("Passage 12 of 38")
    expect(title).to_be_focused()
    panel = page.locator("#dz-panel")
    expect(panel.locator("mark")).to_have_text(["thermal night vision"])
    chips = panel.locator(".dz-chip")
    assert chips.count() >= 1
    assert page.locator("path.dz-selection").count() == chips.count()
    assert "passage=p12-4e8d" in page.url
    expect(page.locator("#dz-announce")).to_have_text(
        re.compile(r"^Passage 12 of 38 shown; \d+ places? outlined on the map\.$")
    )
    expect(page.locator(".dz-article .dz-passage-chosen")).to_have_attribute(
        "data-passage", "p12-4e8d"
    )
    screenshot(page, "reader-desktop-passage.png")
    watch.assert_clean("a passage")


def test_escape_clears_a_place_an_event_and_a_passage(desktop: Page, site: str) -> None:
    """Escape, wherever the focus is but a text field, clears the choice: the card, the
    outline and the URL; in the search box it only closes its list and empties it."""
    page = desktop
    watch = open_edition(page, f"{site}#place=lheiban")
    for link in ("place=lheiban", "event=iraqi-army-collapse", "passage=p03-a91e"):
        page.evaluate(f"() => {{ location.hash = '{link}'; }}")
        expect(page.locator("path.dz-selection").first).to_be_attached()
        page.locator("#dz-panel-title").focus()
        page.keyboard.press("Escape")
        expect(page.locator("#dz-panel-title")).to_have_text(
            "What the article says, place by place"
        )
        expect(page.locator("path.dz-selection")).to_have_count(0)
        expect(page.locator("#dz-announce")).to_have_text("Selection cleared.")
        assert link.split("=")[0] + "=" not in page.url, link
    # Escape on the map (a place focused there): the same.
    click_place(page, "debaga")
    page.locator('path[aria-label^="Debaga,"]').focus()
    page.keyboard.press("Escape")
    expect(page.locator("#dz-panel-title")).to_have_text("What the article says, place by place")
    # In the search box: the list closes first, then the text goes; the choice stays.
    click_place(page, "debaga")
    box = page.get_by_role("combobox", name="Search places, passages and events")
    box.fill("Lheiban")
    expect(page.locator("#dz-search-results")).to_be_visible()
    box.press("Escape")
    expect(page.locator("#dz-search-results")).to_be_hidden()
    box.press("Escape")
    expect(box).to_have_value("")
    expect(page.locator("#dz-panel-title")).to_have_text("Debaga")
    watch.assert_clean("Escape")


def test_areas_of_control_districts_and_force_claims_open_cards(desktop: Page, site: str) -> None:
    """Every layer a reader can click has its card (the edition used to open nothing for an
    area of control or a district): from a link, and a district from its square on the map
    (Enter on it: it sits on its town's point) once its switch is on."""
    page = desktop
    watch = open_edition(page, f"{site}#place=control-krg-2014")
    facts = page.locator("#dz-panel .dz-facts")
    expect(facts).to_contain_text("area held (who held what)")
    expect(page.locator("path.dz-selection")).to_have_count(1)
    page.evaluate("() => { location.hash = 'place=force-jcc-makhmur'; }")
    expect(facts).to_contain_text("joint co-ordination centre")
    page.locator(".dz-layer-panel .dz-layer-switch").filter(has_text="Disputed districts").click()
    expect(page.locator(".dz-label", has_text="Sinjar district")).to_be_visible()
    square = page.evaluate(
        f"""() => {{ let label = null; {MAP}.eachLayer(l => {{ const p = l.feature &&
          l.feature.properties;
          if (p && p.id === 'district-sinjar' && p.label) label = p.label; }});
          return label; }}"""
    )
    page.get_by_role("button", name=square).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#dz-panel-title")).to_have_text(re.compile("Sinjar"))
    expect(facts).to_contain_text("district UNAMI reported on (2009)")
    watch.assert_clean("cards of every layer")


def test_the_article_is_read_passage_by_passage(desktop: Page, site: str, edition_dir) -> None:
    """Under the panel: the article's credit and every passage in order with its places'
    chips; a chip chooses its place (marked current in the article too)."""
    page = desktop
    watch = open_edition(page, site)
    article = page.get_by_role("region", name="The article, passage by passage")
    passages = article.locator(".dz-passage")
    expect(passages).to_have_count(len(edition_data(edition_dir)["passages"]))
    expect(article.locator("#dz-article-credit")).to_contain_text("Associated Press")
    expect(article).to_contain_text("Named in the text but not drawn on the map:")
    passage = passages.filter(has_text="moved his family to Debaga")
    passage.get_by_role("button", name="Debaga").click()
    expect(page.locator("#dz-panel-title")).to_have_text("Debaga")
    expect(page.locator("#dz-panel-title")).to_be_focused()
    current = article.locator(".dz-chip[aria-current='true']")
    assert current.count() >= 1 and set(current.all_text_contents()) == {"Debaga"}
    watch.assert_clean("the article")
