"""The map page itself in headless Chromium: opening view, targets, labels, controls, names,
and the layer panel (switches in the browser, state in the URL).

A standalone page (the app's base map, which holds every force group, ``build_map`` with
assets served from a local ``http.server``) is enough here: no Streamlit server, so it is
fast.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace

import pytest
from playwright.sync_api import Browser, Page, expect

import geo.map as geomap
from browsing.staticfiles import serve
from geo.story import Story
from tests.browser import ATTRIBUTION_JS, assert_plain_credit, axe_violations, describe
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LHEIBAN_CLAIMS = ("Peshmerga at the joint", "Iraqi forces at the joint", "Three ISIS attacks")

HOSTILE_NAME = "<img src=x onerror=window.__pwned=1>${window.__pwned=2}"
ARTICLE_DAY = "2021-12-17"

# folium names the map `map_<id>`; the tests find it by type.
MAP_JS = "Object.values(window).find(v => v instanceof L.Map)"
LABEL_PASS_JS = "() => Number(document.querySelector('.leaflet-container').dataset.dzLabelPass)"
VISIBLE_LABEL_BOXES_JS = """() => {
  const frame = document.querySelector('.leaflet-container').getBoundingClientRect();
  return [...document.querySelectorAll('.dz-label')]
    .filter(l => getComputedStyle(l).visibility !== 'hidden')
    .map(l => { const r = l.getBoundingClientRect();
                return {text: l.textContent, left: r.left, top: r.top, right: r.right,
                        bottom: r.bottom}; })
    .filter(r => r.right > frame.left && r.left < frame.right && r.bottom > frame.top
                 && r.top < frame.bottom);
}"""
LHEIBAN_TARGETS_JS = """(claims) => {
  const box = e => { const r = e.getBoundingClientRect();
    return {name: e.getAttribute('aria-label'), left: r.left, top: r.top, right: r.right,
            bottom: r.bottom, width: r.width, height: r.height}; };
  const place = document.querySelector('path[aria-label^="Lheiban,"]');
  const symbols = [...document.querySelectorAll('.dz-force-icon')]
    .filter(e => claims.some(c => e.getAttribute('aria-label').includes(c)));
  return [place, ...symbols].map(box);
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, story: Story) -> Iterator[str]:
    """The map page, an outer page holding it in a same-origin iframe, and the assets."""
    root = tmp_path_factory.mktemp("map-site")
    shutil.copytree(ROOT / "static" / "vendor", root / "vendor")

    def page(name: str, **options) -> None:
        m = geomap.build_map(
            story.dataset,
            **{"passage_counts": story.passage_counts, "actors": story.actors, **options},
            story=story.config,
            assets_base_url="/vendor",
        )
        (root / name).write_text(m.get_root().render(), encoding="utf-8")

    page("map.html")
    # The app's map: opened on the article's day (geo.map.time).
    page("time.html", as_of=ARTICLE_DAY)
    hostile = [replace(a, name=HOSTILE_NAME) if a.id == "pmf" else a for a in story.actors]
    page("hostile.html", passage_counts=None, actors=hostile)
    (root / "page.html").write_text(
        '<!doctype html><html lang="en"><title>Story</title>'
        '<iframe title="map" src="map.html" style="width:900px;height:600px"></iframe></html>',
        encoding="utf-8",
    )
    with serve(root) as base:
        yield base


def open_map(browser: Browser, base: str, viewport: dict, **context: object) -> Page:
    page = browser.new_context(viewport=viewport, **context).new_page()
    page.goto(f"{base}/map.html")
    page.wait_for_function(f"() => {LABEL_PASS_JS[6:]} > 0")
    return page


@pytest.fixture(scope="module")
def desktop(browser: Browser, site: str) -> Iterator[Page]:
    page = open_map(browser, site, DESKTOP, reduced_motion="reduce")
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def phone(browser: Browser, site: str) -> Iterator[Page]:
    page = open_map(browser, site, PHONE, reduced_motion="reduce")
    yield page
    page.context.close()


def set_view(page: Page, lat: float, lon: float, zoom: int) -> None:
    """Jump to a view and wait until the labels have been laid out for it."""
    before = page.evaluate(LABEL_PASS_JS)
    page.evaluate(
        f"([lat, lon, zoom]) => void {MAP_JS}.setView([lat, lon], zoom, {{animate: false}})",
        [lat, lon, zoom],
    )
    page.wait_for_function(f"(before) => {LABEL_PASS_JS[6:]} > before", arg=before)


def overlapping(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


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
    On a phone the panel is a button and the focus is centred as fitBounds centres it."""
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


def test_force_symbols_are_named_buttons(desktop: Page) -> None:
    """Every force symbol: role=button, a tab stop, a name saying who and what, no title."""
    symbols = desktop.evaluate(
        """() => [...document.querySelectorAll('.dz-force-icon')].map(e => ({
             role: e.getAttribute('role'), tab: e.tabIndex, name: e.getAttribute('aria-label'),
             title: e.getAttribute('title')}))"""
    )
    assert len(symbols) == 12  # every point of the default layers
    for s in symbols:
        assert s["role"] == "button" and s["tab"] == 0 and not s["title"]
        assert s["name"] and ": " in s["name"]
    assert any(
        s["name"] == "Iraqi army / federal forces: Federal forces hold Makhmur town, context, "
        "approximate"
        for s in symbols
    )


def test_space_on_a_focused_place_clicks_it(desktop: Page) -> None:
    """Keyboard: Space or Enter on a focused place or symbol fires a mouse's click event."""
    desktop.evaluate(
        f"""() => {{ window.__clicked = [];
             {MAP_JS}.eachLayer(l => {{ if (l instanceof L.GeoJSON) l.on('click', e => {{
               if (e.layer && e.layer.feature) window.__clicked.push(e.layer.feature.properties.id);
             }}); }}); }}"""
    )
    target = desktop.locator('path[aria-label^="Lheiban,"]')
    target.focus()
    desktop.keyboard.press("Space")
    desktop.keyboard.press("Enter")
    symbol = desktop.locator('.dz-force-icon[aria-label*="Three ISIS attacks"]')
    symbol.focus()
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("() => window.__clicked") == [
        "lheiban",
        "lheiban",
        "force-isis-lheiban-attacks",
    ]


def test_focus_on_a_place_shows_its_tooltip(desktop: Page) -> None:
    """Keyboard focus shows what a mouse hover shows."""
    tip = desktop.locator(".leaflet-tooltip", has_text="Debaga")
    desktop.locator('path[aria-label^="Debaga,"]').focus()
    expect(tip).to_be_visible()
    desktop.locator('path[aria-label^="Debaga,"]').blur()
    expect(tip).to_have_count(0)


def test_view_buttons_are_named_and_frame_zone_and_focus(desktop: Page, story: Story) -> None:
    """ "Whole zone" fits the zone, "Story focus" the focus box; both work from the keyboard."""
    zone = desktop.get_by_role("button", name="Whole zone")
    focus = desktop.get_by_role("button", name=f"Story focus: {story.config.focus_label}")
    for button in (zone, focus):
        box = button.bounding_box()
        assert box and box["width"] >= 24 and box["height"] >= 24
    zone.focus()
    desktop.keyboard.press("Enter")
    west, south, east, north = story.dataset.layer("zone").total_bounds
    assert desktop.evaluate(
        f"(b) => {MAP_JS}.getBounds().contains(b)", [[south, west], [north, east]]
    )
    focus.click()
    fw, fs, fe, fn = story.config.focus_bbox
    zoom = desktop.evaluate(f"(b) => [{MAP_JS}.getZoom(), {MAP_JS}.getBoundsZoom(b)]",
                            [[fs, fw], [fn, fe]])  # fmt: skip
    assert zoom[0] == zoom[1]


def test_the_credit_says_leaflet_plainly_and_keeps_the_tiles_credit(desktop: Page) -> None:
    """The credit line reads "Leaflet" (a link), with no flag or other picture; a web tile
    layer switched on adds its own credit after it (OpenStreetMap's)."""
    assert_plain_credit(desktop.evaluate(ATTRIBUTION_JS))
    desktop.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda r: r.abort())
    desktop.locator(".leaflet-control-layers").hover()
    desktop.get_by_text("OpenStreetMap (online only)").click()
    credit = desktop.evaluate(ATTRIBUTION_JS)
    assert_plain_credit(credit)
    assert "OpenStreetMap contributors" in credit["text"], credit
    desktop.get_by_text("OpenStreetMap (online only)").click()
    expect(desktop.locator(".leaflet-control-attribution")).not_to_contain_text("OpenStreetMap")


def test_overview_inset_is_drawn_named_and_toggles(desktop: Page) -> None:
    """The inset shows the governorates (the story's four emphasised), the zone and the
    view rectangle; its toggle is named."""
    inset = desktop.locator(".leaflet-control-minimap")
    expect(inset).to_be_visible()
    assert inset.locator("path").count() > 18
    expect(inset.locator('path[stroke="#3d3d3d"]')).to_have_count(4)
    expect(inset.locator('path[stroke="#D55E00"]')).to_have_count(1)
    toggle = desktop.get_by_role("button", name="Hide overview map")
    toggle.click()
    expect(desktop.get_by_role("button", name="Show overview map")).to_have_attribute(
        "aria-expanded", "false"
    )
    desktop.get_by_role("button", name="Show overview map").click()
    expect(desktop.get_by_role("button", name="Hide overview map")).to_be_visible()


def test_overview_inset_starts_minimised_on_a_phone(phone: Page) -> None:
    """Below 600 px the inset starts folded to its toggle."""
    toggle = phone.get_by_role("button", name="Show overview map")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    box = toggle.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24


VIEW_JS = f"""() => {{ const m = {MAP_JS}; const c = m.getCenter();
  return [c.lat, c.lng, m.getZoom()]; }}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_overview_never_moves_the_map(browser: Browser, site: str, viewport: dict) -> None:
    """The inset's centre is fixed, so nothing it does moves the main map: not a window
    resize (a phone's address bar folding as the reader scrolls) after the inset changed
    size, nor folding and unfolding it. Its own moves used to re-centre the main map on
    the inset's centre, far south of the story (a flaky published-phone test found it)."""
    page = open_map(browser, site, viewport, reduced_motion="reduce")
    try:
        toggle = page.locator(".leaflet-control-minimap-toggle-display")
        if viewport is DESKTOP:
            toggle.click()  # fold it: the inset's map now has a stale size
        opening = page.evaluate(VIEW_JS)
        for _ in range(2):
            page.evaluate("() => window.dispatchEvent(new Event('resize'))")
            page.wait_for_timeout(400)  # Leaflet's resize waits a frame, moveend 200 ms
            assert page.evaluate(VIEW_JS) == pytest.approx(opening), "a resize moved the map"
            toggle.click()
            page.wait_for_timeout(100)
            assert page.evaluate(VIEW_JS) == pytest.approx(opening), "the toggle moved the map"
        # The inset still follows the main map: its view rectangle shrinks on a zoom in.
        toggle.click()  # unfold
        aim = page.locator('.leaflet-control-minimap path[stroke="#0072B2"]')
        before = aim.bounding_box()
        page.evaluate(f"() => {MAP_JS}.setView([36.0, 43.6], 12, {{animate: false}})")
        page.wait_for_timeout(100)
        after = aim.bounding_box()
        assert after["width"] < before["width"] and after["height"] < before["height"]
    finally:
        page.context.close()


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


def test_view_is_written_to_the_parent_page_url(browser: Browser, site: str) -> None:
    """Inside a page, a move writes view=LAT,LON,ZOOM to the page's URL, and a later
    history rewrite by the page (as Streamlit does) keeps it."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{site}/page.html?place=lheiban")
    frame = page.frame_locator('iframe[title="map"]')
    expect(frame.locator(".dz-view-button").first).to_be_visible()
    assert "view=" not in page.url
    frame.get_by_role("button", name="Whole zone").click()
    page.wait_for_function("() => new URL(location.href).searchParams.has('view')")
    view = page.evaluate("() => new URL(location.href).searchParams.get('view')")
    lat, lon, zoom = view.split(",")
    assert len(lat.split(".")[1]) == 4 and len(lon.split(".")[1]) == 4 and zoom.isdigit()
    assert "place=lheiban" in page.url
    page.evaluate("() => history.replaceState(null, '', '?place=debaga')")
    kept = view.replace(",", "%2C")
    assert page.evaluate("() => location.search") == f"?place=debaga&view={kept}"
    context.close()


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is installed by npm ci")
def test_axe_finds_no_wcag_aa_violation_in_the_map(desktop: Page) -> None:
    """axe-core, WCAG 2.0-2.2 A and AA rules, inside the map page."""
    desktop.add_script_tag(path=str(AXE))
    result = desktop.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
           .then(r => r.violations.map(v => [v.id, v.nodes.length,
                 v.nodes.slice(0, 3).map(n => n.target.join(' '))]))"""
    )
    assert result == []


def test_one_finger_scrolls_the_page_on_phones_only(browser: Browser, site: str) -> None:
    """On a touch phone the gesture handler is on (one finger scrolls the page); with a
    mouse it is off and the wheel zooms the map."""
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
    )
    page = context.new_page()
    page.goto(f"{site}/map.html")
    page.wait_for_function(f"() => {LABEL_PASS_JS[6:]} > 0")
    assert page.evaluate(f"() => {MAP_JS}.gestureHandling.enabled()")
    context.close()


def test_mouse_wheel_still_zooms_on_desktop(desktop: Page) -> None:
    """No gesture handler with a mouse: the wheel zooms as Leaflet does by default."""
    assert desktop.evaluate(
        f"() => !{MAP_JS}.gestureHandling.enabled() && {MAP_JS}.scrollWheelZoom.enabled()"
    )


# --- the layer panel: switches in the browser, state in the URL ------------------------
DRAWN_BY_ACTOR_JS = f"""() => {{
  const ids = {{}};
  {MAP_JS}.eachLayer(l => {{ const p = l.feature && l.feature.properties;
    if (p && p.actor) (ids[p.actor] = ids[p.actor] || new Set()).add(p.id); }});
  return Object.fromEntries(Object.entries(ids).map(([a, s]) => [a, s.size]));
}}"""
VIEW_JS = f"""() => {{ const m = {MAP_JS}; const c = m.getCenter();
  return [c.lat, c.lng, m.getZoom()]; }}"""
# A move the map makes (a pan to an area, a fit to bounds) is kilometres; a late resize of the
# page can shift the centre by a few metres (seen once on a slow machine: 9 m).
VIEW_TOLERANCE_DEG = 1e-3  # about 100 m


def same_view(now: list, before: list) -> bool:
    """The same zoom and, within VIEW_TOLERANCE_DEG, the same centre."""
    return now[2] == before[2] and all(
        abs(a - b) < VIEW_TOLERANCE_DEG for a, b in zip(now[:2], before[:2], strict=True)
    )


EVERY_ACTOR = ("peshmerga", "iraqi-army", "jcc", "pmf", "isis", "coalition")


def open_panel_map(browser: Browser, base: str, viewport: dict, path: str = "map.html") -> Page:
    page = browser.new_context(viewport=viewport, reduced_motion="reduce").new_page()
    page.goto(f"{base}/{path}")
    page.wait_for_function("() => window.dzLayers !== undefined")
    return page


def test_panel_lists_every_actor_with_its_count(desktop: Page, story: Story) -> None:
    """Six switches in the actors' order, each named by the actor and its feature count."""
    ids = desktop.evaluate(
        "() => [...document.querySelectorAll('.dz-layer-panel [data-actor]')]"
        ".map(e => e.dataset.actor)"
    )
    assert ids == [a.id for a in story.actors] == list(EVERY_ACTOR)
    expect(desktop.get_by_role("switch", name="Kurdish peshmerga, 2 features")).to_be_visible()
    expect(
        desktop.get_by_role("switch", name="Iraqi army / federal forces, 5 features")
    ).to_be_visible()
    for actor in story.actors:
        count = len(story.dataset.layer("forces").query("actor == @actor.id"))
        switch = desktop.locator(f'.dz-layer-panel [data-actor="{actor.id}"]')
        expect(switch).to_have_attribute("role", "switch")
        noun = "feature" if count == 1 else "features"
        expect(switch).to_have_accessible_name(f"{actor.name}, {count} {noun}")


def test_panel_starts_with_the_story_default_layers(desktop: Page, story: Story) -> None:
    """No layers= in the URL: the story's default layers are on, the others drawn nowhere."""
    assert desktop.evaluate("() => window.dzLayers.active()") == list(story.config.default_layers)
    drawn = desktop.evaluate(DRAWN_BY_ACTOR_JS)
    assert set(drawn) == set(story.config.default_layers)
    for actor in EVERY_ACTOR:
        checked = "true" if actor in story.config.default_layers else "false"
        expect(desktop.locator(f'[data-actor="{actor}"]')).to_have_attribute(
            "aria-checked", checked
        )


def test_space_on_a_switch_toggles_its_features_and_keeps_the_map(
    browser: Browser, site: str
) -> None:
    """Space on the focused ISIS switch hides its features and shows them again: same map
    (a flag on window survives), same centre and zoom, the hash follows, the live region
    says so."""
    page = open_panel_map(browser, site, DESKTOP)
    page.evaluate("() => { window.__sameMap = true; }")
    view = page.evaluate(VIEW_JS)
    switch = page.get_by_role("switch", name="ISIS, 2 features")
    switch.focus()
    page.keyboard.press("Space")
    expect(switch).to_have_attribute("aria-checked", "false")
    assert "isis" not in page.evaluate(DRAWN_BY_ACTOR_JS)
    page.wait_for_function("() => location.hash === '#layers=peshmerga,iraqi-army,jcc'")
    expect(page.locator(".dz-layer-status")).to_have_text("ISIS layer off")
    page.keyboard.press("Space")
    expect(switch).to_have_attribute("aria-checked", "true")
    assert page.evaluate(DRAWN_BY_ACTOR_JS)["isis"] == 2
    page.wait_for_function("() => location.hash === '#layers=peshmerga,iraqi-army,jcc,isis'")
    expect(page.locator(".dz-layer-status")).to_have_text("ISIS layer on")
    assert page.evaluate("() => window.__sameMap") is True
    assert same_view(page.evaluate(VIEW_JS), view)
    page.context.close()


def test_tab_reaches_the_panel_and_switches_are_big_enough(browser: Browser, site: str) -> None:
    """The keyboard reaches the fold button and every switch; each is at least 24x24 with a
    mouse and 44 px tall on a touch screen, and shows a focus outline."""
    page = open_panel_map(browser, site, DESKTOP)
    reached = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                "() => document.activeElement.getAttribute('data-actor') || "
                "document.activeElement.getAttribute('class')"
            )
        )
        if set(EVERY_ACTOR) <= reached:
            break
    assert set(EVERY_ACTOR) <= reached and "dz-layer-fold" in reached
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    for box in page.locator(".dz-layer-switch, .dz-layer-fold, .dz-key-fold").all():
        b = box.bounding_box()
        assert b and b["width"] >= 24 and b["height"] >= 24
    page.context.close()
    touch = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    touch.goto(f"{site}/map.html")
    touch.wait_for_function("() => window.dzLayers !== undefined")
    touch.get_by_role("button", name="Layers and key").click()
    for box in touch.locator(".dz-layer-switch").all():
        assert box.bounding_box()["height"] >= 44
    touch.context.close()


def test_hash_layers_open_the_map_with_those_layers_only(browser: Browser, site: str) -> None:
    """#layers=pmf,martians: PMF only (the unknown id is ignored); #layers= none at all."""
    page = open_panel_map(browser, site, DESKTOP, "map.html#layers=pmf,martians")
    assert page.evaluate("() => window.dzLayers.active()") == ["pmf"]
    assert page.evaluate(DRAWN_BY_ACTOR_JS) == {"pmf": 1}
    expect(page.locator('[data-actor="pmf"]')).to_have_attribute("aria-checked", "true")
    page.goto(f"{site}/map.html#layers=")
    page.reload()  # a new hash alone is no new page
    page.wait_for_function("() => window.dzLayers !== undefined")
    assert page.evaluate("() => window.dzLayers.active()") == []
    assert page.evaluate(DRAWN_BY_ACTOR_JS) == {}
    page.context.close()


def test_hash_view_opens_the_map_there_and_moves_write_it(browser: Browser, site: str) -> None:
    """Standalone, #view=LAT,LON,ZOOM opens the map there; a move rewrites it, keeping layers."""
    page = open_panel_map(browser, site, DESKTOP, "map.html#layers=isis&view=35.5000,43.5000,9")
    lat, lon, zoom = page.evaluate(VIEW_JS)
    assert (round(lat, 2), round(lon, 2), zoom) == (35.5, 43.5, 9)
    page.evaluate(f"() => {MAP_JS}.setView([35.6, 43.7], 10, {{animate: false}})")
    assert page.evaluate("() => location.hash") == "#layers=isis&view=35.6000,43.7000,10"
    page.context.close()


def test_narrow_map_folds_the_panel_into_one_named_button(phone: Page) -> None:
    """Below 600 px the panel is one button, "Layers and key", that opens and folds it."""
    fold = phone.get_by_role("button", name="Layers and key")
    expect(fold).to_have_attribute("aria-expanded", "false")
    expect(phone.locator(".dz-layer-switch").first).to_be_hidden()
    box = fold.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24
    fold.click()
    expect(fold).to_have_attribute("aria-expanded", "true")
    expect(phone.locator(".dz-layer-switch").first).to_be_visible()
    fold.click()
    expect(fold).to_have_attribute("aria-expanded", "false")


def test_js_api_sets_layers(browser: Browser, site: str) -> None:
    """window.dzLayers.set(id, on) switches a layer as the panel does; unknown ids refused."""
    page = open_panel_map(browser, site, DESKTOP, "map.html#layers=")
    assert page.evaluate("() => window.dzLayers.set('coalition', true)") is True
    assert page.evaluate("() => window.dzLayers.set('martians', true)") is False
    assert page.evaluate("() => window.dzLayers.active()") == ["coalition"]
    assert page.evaluate(DRAWN_BY_ACTOR_JS) == {"coalition": 2}
    expect(page.locator('[data-actor="coalition"]')).to_have_attribute("aria-checked", "true")
    page.context.close()


def test_layers_are_read_from_and_written_to_the_parent_page_url(
    browser: Browser, site: str
) -> None:
    """Inside a page, ?layers=pmf opens with PMF only; a toggle writes layers= to the page's
    URL, and a later history rewrite by the page (as Streamlit does) keeps the map's layers
    and view."""
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(f"{site}/page.html?place=lheiban&layers=pmf")
    frame = page.frame_locator('iframe[title="map"]')
    switch = frame.locator('[data-actor="isis"]')
    expect(switch).to_have_attribute("aria-checked", "false")
    expect(frame.locator('[data-actor="pmf"]')).to_have_attribute("aria-checked", "true")
    switch.focus()
    switch.press("Space")
    page.wait_for_function("() => new URL(location.href).searchParams.get('layers') === 'pmf,isis'")
    frame.get_by_role("button", name="Whole zone").click()
    page.wait_for_function("() => new URL(location.href).searchParams.has('view')")
    # Streamlit writes back the query it read at session start (layers=pmf): the map's wins.
    page.evaluate("() => history.replaceState(null, '', '?place=debaga&layers=pmf')")
    params = page.evaluate("() => Object.fromEntries(new URL(location.href).searchParams)")
    assert params["place"] == "debaga" and params["layers"] == "pmf,isis" and params["view"]
    assert "#" not in page.url
    page.context.close()


def test_hostile_actor_name_shows_as_text_in_the_panel(browser: Browser, site: str) -> None:
    """An actor name with markup and a template is the switch's text; nothing runs."""
    page = open_panel_map(browser, site, DESKTOP, "hostile.html#layers=pmf")
    name = page.locator('[data-actor="pmf"] .dz-layer-name')
    expect(name).to_have_text(HOSTILE_NAME)
    assert page.locator(".dz-layer-panel img").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    page.context.close()


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is installed by npm ci")
def test_axe_finds_nothing_with_the_panel_open_and_every_layer_on(
    browser: Browser, site: str
) -> None:
    """axe-core (WCAG 2.0-2.2 A and AA) in the standalone map: every layer on, the key open."""
    page = open_panel_map(browser, site, DESKTOP, f"map.html#layers={','.join(EVERY_ACTOR)}")
    page.get_by_role("button", name="Key", exact=True).click()
    expect(page.locator(".dz-key-note").first).to_be_visible()
    page.wait_for_function(f"() => {LABEL_PASS_JS[6:]} > 0")
    violations = axe_violations(page)
    page.context.close()
    assert not violations, describe(violations)


# --- time: the map as it was on a day (geo.map.time, static/time.js) -------------------
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
