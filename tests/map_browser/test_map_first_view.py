"""The map page's first view in headless Chromium (the standalone page of
tests/map_browser/): nothing asked of another machine, a viewport the reader can zoom, the
story's focus framed clear of the layer panel, the click targets around Lheiban (24 px, apart,
each taking its own click), labels that never overlap at zooms 7 to 12 and the story's that
win, and a tooltip kept inside the map."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Browser, Page, expect

from geo.story import Story
from tests.browser import DESKTOP, PHONE
from tests.map_browser.map_page import (
    LABEL_PASS_JS,
    MAP_JS,
    VISIBLE_LABEL_BOXES_JS,
    open_map,
    overlapping,
    set_view,
)

pytestmark = pytest.mark.e2e


LHEIBAN_CLAIMS = ("Peshmerga at the joint", "Iraqi forces at the joint", "Three ISIS attacks")

LHEIBAN_TARGETS_JS = """(claims) => {
  const box = e => { const r = e.getBoundingClientRect();
    return {name: e.getAttribute('aria-label'), left: r.left, top: r.top, right: r.right,
            bottom: r.bottom, width: r.width, height: r.height}; };
  const place = document.querySelector('path[aria-label^="Lheiban,"]');
  const symbols = [...document.querySelectorAll('.dz-force-icon')]
    .filter(e => claims.some(c => e.getAttribute('aria-label').includes(c)));
  return [place, ...symbols].map(box);
}"""


def opening_view(page: Page, story: Story) -> None:
    west, south, east, north = story.config.focus_bbox
    page.evaluate(
        f"(b) => void {MAP_JS}.fitBounds(b, {{animate: false}})", [[south, west], [north, east]]
    )


def test_no_request_leaves_the_machine(browser: Browser, site: str) -> None:
    """Loading the map asks only the local server: no CDN, no tiles."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{site}/map.html")
    page.wait_for_function(f"() => {LABEL_PASS_JS[6:]} > 0")
    context.close()
    assert requests and all(u.startswith(site) or u.startswith("data:") for u in requests)


def test_viewport_meta_lets_the_reader_zoom(desktop: Page) -> None:
    """No maximum-scale / user-scalable=no in the page's viewport meta."""
    content = desktop.evaluate("() => document.querySelector('meta[name=viewport]').content")
    assert "width=device-width" in content and "maximum-scale" not in content


# The app's map beside the story on a 1400x900 screen (measured: 788x816).
APP_MAP = {"width": 788, "height": 816}

FOCUS_CLEAR_JS = """(names) => {
  const p = document.querySelector('.dz-layer-panel').getBoundingClientRect();
  const over = r => r.left < p.right && p.left < r.right && r.top < p.bottom && p.top < r.bottom;
  const boxes = [...document.querySelectorAll('.dz-label')]
    .filter(l => names.includes(l.textContent.replace(' (approx.)', '')))
    .map(l => [l.textContent, l.getBoundingClientRect()]);
  for (const n of names) {
    const r = document.querySelector(`path[aria-label^="${n},"]`).getBoundingClientRect();
    boxes.push([n + ' (point)', r]);
  }
  return boxes.filter(([, r]) => r.width > 0).map(([t, r]) => [t, over(r)]);
}"""


@pytest.mark.parametrize("viewport", [APP_MAP, PHONE])
def test_the_opening_view_keeps_the_focus_clear_of_the_layer_panel(
    browser: Browser, site: str, story: Story, viewport: dict
) -> None:
    """The panel starts unfolded over a wide map's top right: the focus opens whole, at the
    zoom that fits it, moved left so that no focus place or its label is under the panel.
    On a phone the panel is a button and the focus is centred as fitBounds centres it (at
    390 px no point of it is under the view buttons: nothing moves it)."""
    page = open_map(browser, site, viewport)
    west, south, east, north = story.config.focus_bbox
    bounds = [[south, west], [north, east]]
    zoom, fit, whole, centre = page.evaluate(
        f"(b) => {{ const m = {MAP_JS}; return [m.getZoom(), m.getBoundsZoom(b),"
        " m.getBounds().contains(b), m.getCenter()]; }",
        bounds,
    )
    folded = page.evaluate(
        "() => document.querySelector('.dz-layer-panel').classList.contains('dz-folded')"
    )
    page.context.close()
    assert zoom == fit and whole
    if viewport is PHONE:
        assert folded
        assert abs(centre["lng"] - (west + east) / 2) < 1e-3
        return
    assert not folded
    assert centre["lng"] > (west + east) / 2 + 0.05, "the focus did not move left"


def test_no_focus_place_is_under_the_unfolded_panel(browser: Browser, site: str) -> None:
    """At the app's map size, no focus place (its point or its label) is under the panel."""
    page = open_map(browser, site, APP_MAP)
    covered = page.evaluate(FOCUS_CLEAR_JS, ["Lheiban", "Debaga", "Makhmur"])
    page.context.close()
    assert len(covered) >= 3, covered
    assert not [name for name, over in covered if over], covered


@pytest.mark.parametrize(("viewport", "apart"), [("desktop", 40), ("phone", 24)])
def test_opening_view_shows_lheiban_and_debaga_apart(
    request: pytest.FixtureRequest, viewport: str, apart: int
) -> None:
    """The first view is the story's focus: both places inside it and far enough apart."""
    page: Page = request.getfixturevalue(viewport)
    centres = page.evaluate(
        """() => ['Lheiban,', 'Debaga,'].map(n => {
             const r = document.querySelector(`path[aria-label^="${n}"]`).getBoundingClientRect();
             return [r.left + r.width / 2, r.top + r.height / 2]; })"""
    )
    size = page.viewport_size
    for x, y in centres:
        assert 0 < x < size["width"] and 0 < y < size["height"]
    (x1, y1), (x2, y2) = centres
    assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= apart


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_targets_around_lheiban_are_24px_and_do_not_overlap(
    request: pytest.FixtureRequest, viewport: str
) -> None:
    """Three claims and the place itself: four 24x24 click targets, none over another."""
    page: Page = request.getfixturevalue(viewport)
    targets = page.evaluate(LHEIBAN_TARGETS_JS, list(LHEIBAN_CLAIMS))
    assert len(targets) == 4
    for t in targets:
        assert t["width"] >= 24 and t["height"] >= 24, t
    for a, b in itertools.combinations(targets, 2):
        assert not overlapping(a, b), (a["name"], b["name"])


def test_each_target_around_lheiban_receives_its_own_click(desktop: Page) -> None:
    """What is under the centre of each target is that target (places pane on top)."""
    hits = desktop.evaluate(
        """(claims) => [document.querySelector('path[aria-label^="Lheiban,"]'),
             ...[...document.querySelectorAll('.dz-force-icon')]
                .filter(e => claims.some(c => e.getAttribute('aria-label').includes(c)))]
           .map(e => { const r = e.getBoundingClientRect();
                       const hit = document.elementFromPoint(r.left + r.width / 2,
                                                             r.top + r.height / 2);
                       return e === hit || e.contains(hit); })""",
        list(LHEIBAN_CLAIMS),
    )
    assert hits == [True, True, True, True]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_visible_labels_never_overlap_at_zooms_7_to_12(
    request: pytest.FixtureRequest, viewport: str, story: Story
) -> None:
    """At every zoom from 7 to 12 the shown labels' boxes are disjoint; hidden ones exist."""
    page: Page = request.getfixturevalue(viewport)
    west, south, east, north = story.config.focus_bbox
    seen = 0
    try:
        for zoom in range(7, 13):
            set_view(page, (south + north) / 2, (west + east) / 2, zoom)
            boxes = page.evaluate(VISIBLE_LABEL_BOXES_JS)
            seen += len(boxes)
            for a, b in itertools.combinations(boxes, 2):
                assert not overlapping(a, b), (zoom, a["text"], b["text"])
        assert seen
    finally:
        opening_view(page, story)


def test_story_labels_win_collisions(desktop: Page, story: Story) -> None:
    """At zoom 7 Lheiban's label is shown whatever it meets (highest priority)."""
    try:
        set_view(desktop, 35.75, 43.75, 7)
        shown = [b["text"] for b in desktop.evaluate(VISIBLE_LABEL_BOXES_JS)]
        assert "Lheiban (approx.)" in shown
    finally:
        opening_view(desktop, story)


def test_tooltip_stays_inside_the_map(desktop: Page, story: Story) -> None:
    """A long tooltip opened at the map's bottom edge is moved back inside the map."""
    size = desktop.viewport_size
    try:
        desktop.evaluate(
            f"""([x, y]) => {{ const map = {MAP_JS};
                 const at = document.querySelector('path[aria-label^="Lheiban,"]')
                   .getBoundingClientRect();
                 map.panBy([at.left + 12 - x, at.top + 12 - y], {{animate: false}}); }}""",
            [size["width"] / 2, size["height"] - 8],
        )
        box = desktop.locator('path[aria-label^="Lheiban,"]').bounding_box()
        desktop.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 - 4)
        tip = desktop.locator(".leaflet-tooltip")
        expect(tip).to_be_visible()
        r = tip.bounding_box()
        assert r["y"] >= 0 and r["y"] + r["height"] <= size["height"]
        assert r["x"] >= 0 and r["x"] + r["width"] <= size["width"]
    finally:
        desktop.mouse.move(5, 5)
        opening_view(desktop, story)
