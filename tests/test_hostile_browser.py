"""Hostile input in the browser: every payload stays text in the map, the panels, the
article, the actors and the URL.

The app runs on the hostile copy of the data (tests/hostile_data.py: every payload in every
text field a reader sees). The tests do what a reader does (hover, click, read the article
and the actors, toggle layers, follow links with hostile parameters), then assert that no
payload's flag is set anywhere, that no dialog opened, that nothing left loopback
(tests/payload_watch.py), and that a sample of payloads is shown literally as text. The
same payloads at the unit level: tests/test_hostile.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Frame, FrameLocator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from browsing.appserver import start_app, stop_app
from browsing.mappage import MAP_IFRAME, POINT_OF_JS, layer_switch, set_layer
from tests.browser import FEATURE_IDS_JS, open_app
from tests.conftest import ARTIFACTS
from tests.hostile_data import PAYLOAD_IDS, actor_id, marker, payload, place_id, visible_text
from tests.payload_watch import Watch

pytest_e2e = pytest.mark.e2e

FIT_HOSTILE_JS = """(_body, ids) => {
  const pts = [];
  window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && ids.includes(p.id) && l.getLatLng && l.options.radius < 100)
      pts.push(l.getLatLng()); });
  // Clear of the map's controls: zoom and view buttons (top left), layer panel (top right,
  // folded by the test first), overview inset (bottom right).
  window.map.fitBounds(L.latLngBounds(pts),
    {paddingTopLeft: [150, 110], paddingBottomRight: [190, 190], animate: false});
  return pts.length;
}"""
# Any tooltip's text, as the reader sees it (Leaflet fills it with innerHTML).
TOOLTIP_TEXT_JS = """() => [...document.querySelectorAll('.leaflet-tooltip')]
  .map(t => t.textContent.replace(/\\s+/g, ' ').trim()).join('\\n')"""


@pytest.fixture(scope="session")
def hostile_url(hostile_dir: Path) -> Iterator[str]:
    ARTIFACTS.mkdir(exist_ok=True)
    proc, url = start_app(data=hostile_dir)
    yield url
    stop_app(proc)


@pytest.fixture
def hostile_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def map_point(page: Page, frame, feature_id: str) -> tuple[float, float]:
    point = frame.locator("body").evaluate(POINT_OF_JS, feature_id)
    assert point is not None, f"{feature_id} is not drawn"
    box = page.locator(MAP_IFRAME).bounding_box()
    return box["x"] + point[0], box["y"] + point[1]


# Hostile actors whose force layers are on from the start (each layer costs a rerun's
# worth of rendering; these cover markup, template literals, directives and templates).
LAYERS_ON = ("P02", "P08", "P17", "P31", "P45")
CLICKED = ("P02", "P08", "P17", "P37")
PANEL_TIMEOUT = 20_000


# The reader's steps in test_no_payload_runs_anywhere_a_reader_goes, in order; after each
# the test checks that no payload ran.


def open_hostile_map(page: Page, hostile_url: str) -> tuple[FrameLocator, Frame]:
    """Open the app with the hostile layers on; check story.json's texts and the map labels
    show as text; fit the map to the hostile places. Returns the map's frame locator and
    frame."""
    layers = ",".join(actor_id(n) for n in LAYERS_ON)
    frame = open_app(page, f"{hostile_url}/?layers={layers}")
    # story.json's texts: the title, the tab's title and the standfirst shown as text.
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        visible_text(payload("P02", "title"))
    )
    expect(page.locator("body")).to_contain_text(visible_text(payload("P17", "standfirst")))
    assert page.title() == payload("P10", "page_title")
    ids = frame.locator("body").evaluate(FEATURE_IDS_JS)
    assert {place_id(n) for n in PAYLOAD_IDS} <= set(ids)
    map_frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    # The hostile actors' force symbols are drawn (their tooltips carry payload names).
    map_frame.wait_for_function(
        "(n) => document.querySelectorAll('.dz-force-icon').length >= n", arg=len(LAYERS_ON)
    )
    fold = frame.locator(".dz-layer-fold")
    if fold.get_attribute("aria-expanded") == "true":
        fold.click()
    frame.locator("body").evaluate(FIT_HOSTILE_JS, [place_id(n) for n in PAYLOAD_IDS])
    # Map labels: the payload name as text, never as markup.
    label = frame.locator(".dz-label", has_text='<img src=x onerror="window.__pwned=/P02-name/')
    expect(label).to_have_count(1)
    expect(frame.locator(".dz-label", has_text="{{ range(7*191)|length }}SSTI")).to_have_count(1)
    return frame, map_frame


def hover_every_hostile_place(page: Page, frame: FrameLocator, map_frame: Frame) -> None:
    """Hover every hostile place: the tooltip shows the name literally."""
    for number in PAYLOAD_IDS:
        x, y = map_point(page, frame, place_id(number))
        page.mouse.move(x, y)
        expected = visible_text(payload(number, "name"))
        try:
            map_frame.wait_for_function(
                f"(want) => ({TOOLTIP_TEXT_JS})().includes(want)", arg=expected, timeout=5_000
            )
        except PlaywrightTimeoutError:
            shown = map_frame.evaluate(TOOLTIP_TEXT_JS)
            pytest.fail(f"{number}: tooltip shows {shown!r}, not {expected!r}")


def hover_the_force_symbols(frame: FrameLocator, map_frame: Frame) -> None:
    """Hover the hostile force symbols: their tooltips name the hostile actor, as text."""
    icons = frame.locator(".dz-force-icon")
    for i in range(icons.count()):
        icons.nth(i).hover(force=True)
    tips = map_frame.evaluate(TOOLTIP_TEXT_JS)
    assert "__pwned=/P" in tips or "SSTI" in tips, tips


def click_hostile_places(page: Page, frame: FrameLocator) -> None:
    """Click hostile places on the map: the panel shows name, source, aliases and note as
    text. (The map reaches below the window here: clicks must not scroll the page.)"""
    panel = page.locator("#dz-panel")
    for number in CLICKED:
        x, y = map_point(page, frame, place_id(number))
        page.mouse.click(x, y)
        expect(panel.locator("#dz-panel-title")).to_contain_text(
            visible_text(payload(number, "name"))[:60], timeout=PANEL_TIMEOUT
        )
        expect(panel).to_contain_text(visible_text(payload(number, "source")))
        expect(panel).to_contain_text(visible_text(payload(number, "note")))
        expect(panel).to_contain_text(marker(number))


def read_the_article(page: Page, story) -> None:
    """The article (the reader's): every hostile paragraph is there, as text."""
    article = page.get_by_role("region", name="The article, passage by passage")
    expect(article).to_contain_text(f"End of {PAYLOAD_IDS[-1]}.")
    # Each hostile passage reads exactly as the loaded (sanitised) text: entities decoded,
    # look-alikes, directives, LaTeX and templates shown literally, nothing dropped.
    for number in ("P12", "P13", "P14", "P15", "P17", "P18", "P23", "P31", "P35", "P45"):
        passage = next(p for p in story.article.passages if f"End of {number}." in p.text)
        expect(article).to_contain_text(visible_text(passage.text))
    # The article's hostile links are not links at all; only the https one is.
    for name in ("js link", "data link", "protocol-relative", "tab link", "space link"):
        expect(article.get_by_role("link", name=name)).to_have_count(0)
    expect(article.get_by_role("link", name="handler link")).to_have_attribute(
        "href", "https://example.org/"
    )
    # A hostile place's chip: its label and its help (title) hold the name, literally.
    chip = article.locator(".dz-passage").filter(has_text="End of P17.").get_by_role("button").first
    expect(chip).to_contain_text(":red[")
    assert ":red[" in (chip.get_attribute("title") or "")
    chip.hover()


def read_the_story_notes(page: Page, frame: FrameLocator) -> None:
    """The About tab and the map key: story.json's notes as text."""
    page.get_by_role("tab", name="About and download").click()
    expect(page.get_by_role("tabpanel", name="About and download")).to_contain_text(
        "window.__pwned=/P37-about/"
    )
    fold = frame.locator(".dz-layer-fold")
    if fold.get_attribute("aria-expanded") == "false":
        fold.click()  # the layer panel, folded by open_hostile_map to hover the places
    key = page.frame_locator(MAP_IFRAME).locator(".dz-key-fold")
    key.click()
    expect(page.frame_locator(MAP_IFRAME).locator(".dz-key-body")).to_contain_text(
        visible_text(payload("P09", "map_note"))
    )
    expect(page.locator("body")).to_contain_text(visible_text(payload("P09", "map_note")))


def read_the_actors(page: Page) -> None:
    """The actors tab: hostile names and descriptions as text; open a card's passages."""
    page.get_by_role("tab", name="Who is where: the actors").click()
    card = page.locator(".st-key-actor-h17")
    expect(card).to_contain_text(visible_text(payload("P17", "actor")))
    expect(card).to_contain_text(visible_text(payload("P17", "description")))
    card.get_by_text("passages").first.click()
    expect(card).to_contain_text("End of P17.")


def toggle_a_hostile_layer(page: Page, map_frame: Frame) -> None:
    """Toggle a hostile layer off and on in the map's own panel (its switch is keyed by actor
    id; its name is the payload, shown as text)."""
    switch = layer_switch(page, actor_id("P02"))
    expect(switch).to_contain_text(visible_text(payload("P02", "actor")))
    expect(switch).to_have_attribute("aria-checked", "true")
    for on in (False, True):
        set_layer(page, actor_id("P02"), on)
    switch.hover()
    # The force symbols are drawn again after the toggle.
    map_frame.wait_for_function(
        "(n) => document.querySelectorAll('.dz-force-icon').length >= n", arg=len(LAYERS_ON)
    )


@pytest_e2e
def test_no_payload_runs_anywhere_a_reader_goes(
    hostile_page: Page, hostile_url: str, hostile_story
) -> None:
    """Load, hover every hostile place and some force symbols, click places, read the
    article and the actors, toggle a layer: no payload runs, no dialog opens, nothing leaves
    loopback, no page error, and payloads show as literal text."""
    page, story = hostile_page, hostile_story
    watch = Watch(page)
    frame, map_frame = open_hostile_map(page, hostile_url)
    hover_every_hostile_place(page, frame, map_frame)
    watch.assert_clean("hovering places")
    hover_the_force_symbols(frame, map_frame)
    watch.assert_clean("hovering force symbols")
    click_hostile_places(page, frame)
    watch.assert_clean("clicking places")
    read_the_article(page, story)
    watch.assert_clean("reading the article")
    read_the_story_notes(page, frame)
    watch.assert_clean("reading the story's notes")
    read_the_actors(page)
    watch.assert_clean("reading the actors")
    toggle_a_hostile_layer(page, map_frame)
    watch.assert_clean("toggling layers")
    assert watch.errors == []
    page.screenshot(path=str(ARTIFACTS / "hostile.png"))


@pytest_e2e
@pytest.mark.parametrize(
    "place, layers",
    [
        (payload("P02", "urlplace"), payload("P08", "urllayers") + ",isis"),
        (payload("P17", "urlplace"), payload("P10", "urllayers") + "," + payload("P45", "x")),
    ],
    ids=["img-and-template-literal", "directive-and-breakout"],
)
def test_url_parameters_are_shown_as_text_never_run(
    hostile_page: Page, hostile_url: str, place: str, layers: str
) -> None:
    """?place=, ?layers=, ?passage= and ?view= with payloads: ignored with notices that show
    them literally."""
    page = hostile_page
    watch = Watch(page)
    passage, view = payload("P19", "urlpassage"), payload("P08", "urlview")
    open_app(
        page,
        f"{hostile_url}/?place={quote(place, safe='')}&layers={quote(layers, safe='')}"
        f"&passage={quote(passage, safe='')}&view={quote(view, safe='')}",
    )
    notice = page.locator("#dz-panel .dz-notice")
    expect(notice).to_contain_text("The link names a place this map does not have, “")
    expect(notice).to_contain_text("The link names a passage the article does not have, “")
    expect(notice).to_contain_text("is not LAT,LON,ZOOM inside the map's region")
    expect(notice).to_contain_text("The link names layers this map does not have, “")
    # The notices quote (a prefix of) each value, literally.
    expect(notice).to_contain_text(visible_text(place[:60]))
    expect(notice).to_contain_text(visible_text(layers.split(",")[0][:30]))
    watch.assert_clean("opening a hostile URL")
    assert watch.errors == []
