"""What a reader does, in headless Chromium against the real app: open, click, read, choose."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser import (
    ATTRIBUTION_JS,
    DESKTOP,
    FEATURE_IDS_JS,
    IS_SAME_MOUNT_JS,
    MAP_IFRAME,
    MARK_MOUNT_JS,
    POINT_OF_JS,
    SELECTION_RING_JS,
    actor_features,
    assert_plain_credit,
    click_feature,
    layer_switch,
    map_eval,
    map_frame,
    open_app,
    set_layer,
    wait_for_actor_count,
)
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e


def test_loads_offline_and_draws_the_story(page: Page, app_url: str) -> None:
    """The page loads with no request to another host and draws provinces, zone and Lheiban."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    frame = open_app(page, app_url)
    ids = map_eval(frame, FEATURE_IDS_JS)
    for wanted in ("prov-nineveh", "prov-kirkuk", "prov-salaheddin", "prov-diyala",
                   "disputed-zone", "qarachok", "lheiban", "debaga"):  # fmt: skip
        assert wanted in ids
    assert len([i for i in ids if i.startswith("prov-")]) == 18
    expect(frame.locator(".dz-label", has_text="Lheiban")).to_be_visible()
    expect(frame.locator(".dz-label.dz-story", has_text="Nineveh")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "app-loaded.png"))
    assert_plain_credit(map_eval(frame, ATTRIBUTION_JS))
    # data: and blob: URLs are made in the page (the article component's script is loaded
    # from a blob), never fetched from a host.
    foreign = [u for u in requests if urlsplit(u).hostname not in ("127.0.0.1", "localhost")
               and not u.startswith(("data:", "blob:"))]  # fmt: skip
    assert foreign == []


def test_web_tiles_fail_quietly_offline(page: Page, app_url: str) -> None:
    """Turning on the OpenStreetMap overlay offline leaves the vector map drawn."""
    frame = open_app(page, app_url)
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda route: route.abort())
    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_text("OpenStreetMap (online only)").click()
    expect(frame.locator(".leaflet-tile-pane img").first).to_be_attached()
    assert "disputed-zone" in map_eval(frame, FEATURE_IDS_JS)
    expect(frame.locator(".dz-label", has_text="Lheiban")).to_be_visible()


def test_click_lheiban_shows_its_passages(page: Page, app_url: str) -> None:
    """Clicking Lheiban opens its panel: kind, certainty, source, and every passage about it."""
    frame = open_app(page, app_url)
    click_feature(page, frame, "lheiban")
    panel = page.locator(".st-key-place-panel")
    expect(panel.get_by_role("heading", name="Lheiban")).to_be_visible()
    expect(panel).to_contain_text("Once numbering 65 families")
    expect(panel).to_contain_text("Passages in the article: 9")
    expect(panel).to_contain_text("approximate")
    expect(panel).to_contain_text("Kurdistan24")
    expect(panel.locator('[class*="st-key-panel-passage-"]')).to_have_count(9)
    page.screenshot(path=str(ARTIFACTS / "app-lheiban.png"))


# Counts Leaflet's animated pans in every frame: wraps PosAnimation.run (the animator of
# panBy/setView glides) the moment Leaflet assigns window.L.
COUNT_GLIDES_JS = """(() => {
  let leaflet;
  window.__glides = 0;
  Object.defineProperty(window, 'L', {configurable: true, get: () => leaflet, set: (value) => {
    leaflet = value;
    if (value && value.PosAnimation && !value.PosAnimation.prototype.__counted) {
      const run = value.PosAnimation.prototype.run;
      value.PosAnimation.prototype.run = function () {
        window.__glides += 1; return run.apply(this, arguments); };
      value.PosAnimation.prototype.__counted = true;
    }
  }});
})();"""


def test_the_map_does_not_glide_after_it_is_drawn(page: Page, app_url: str) -> None:
    """The first view is set without animation: a reader's (or a test's) first click lands
    where the place was drawn, not on whatever a quarter-second pan slid under it."""
    page.add_init_script(COUNT_GLIDES_JS)
    frame = open_app(page, app_url)
    assert map_eval(frame, "() => window.__glides") == 0, "the map glided into its first view"
    # The counter works: a pan the reader asks for glides.
    map_eval(frame, "() => window.map.panBy([40, 0])")
    assert map_eval(frame, "() => window.__glides") == 1


# Opens every point feature's tooltip whose anchor is well inside the view (40 px from
# each edge) and returns those whose tooltip sticks out of the map.
TOOLTIPS_OUTSIDE_JS = """() => {
  const map = window.map, box = map.getContainer().getBoundingClientRect(), out = [];
  const size = map.getSize();
  let n = 0;
  map.eachLayer(l => {
    if (!l.feature || !l.getLatLng) return;
    const p = map.latLngToContainerPoint(l.getLatLng());
    if (p.x < 40 || p.y < 40 || p.x > size.x - 40 || p.y > size.y - 40) return;
    // As a hover does: the event reaches the GeoJSON group, which opens its tooltip.
    l.fire('mouseover', {latlng: l.getLatLng(), containerPoint: p}, true);
    for (const tip of document.querySelectorAll('.leaflet-tooltip')) {
      n++;
      const r = tip.getBoundingClientRect();
      if (r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom)
        out.push(tip.textContent.slice(0, 80));
    }
    l.fire('mouseout', {latlng: l.getLatLng(), containerPoint: p}, true);
  });
  return {n, out};
}"""


def test_tooltips_stay_inside_the_map(page: Page, app_url: str) -> None:
    """Long tooltips (force positions: name, actor, origin, date, count) wrap, so none of a
    point well inside the view is cut off by the map's edge."""
    frame = open_app(page, app_url)
    result = map_eval(frame, TOOLTIPS_OUTSIDE_JS)
    assert result["n"] >= 10, result
    assert result["out"] == [], result


def test_hover_shows_name_and_passage_count(page: Page, app_url: str) -> None:
    """Hovering a place shows its name and passage count before any click."""
    frame = open_app(page, app_url)
    point = map_eval(frame, POINT_OF_JS, "debaga")
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.move(box["x"] + point[0], box["y"] + point[1])
    tooltip = frame.locator(".leaflet-tooltip", has_text="Debaga")
    expect(tooltip).to_have_text("Debaga · town · approximate (±6 km) · 1 passage")


def test_passage_chip_selects_place_without_remount(page: Page, app_url: str) -> None:
    """A passage's place chip highlights the place and moves the map onto it (at most zoom
    11); the map is not re-mounted."""
    frame = open_app(page, app_url)
    map_eval(frame, MARK_MOUNT_JS)
    page.get_by_role("tab", name="The article, passage by passage").click()
    passage = page.locator("section.dz-passage").filter(has_text="moved his family to Debaga")
    chip = passage.get_by_role("button", name="Debaga")
    chip.click()
    expect(
        page.locator(".st-key-place-panel").get_by_role("heading", name="Debaga")
    ).to_be_visible()
    frame_ = map_frame(page)
    frame_.wait_for_function(f"({SELECTION_RING_JS})() !== null")
    lon, lat = map_eval(frame, SELECTION_RING_JS)
    assert abs(lon - 43.79) < 0.01 and abs(lat - 35.865) < 0.01
    frame_.wait_for_function(
        "() => { const c = window.map.getCenter();"
        " return Math.abs(c.lng - 43.79) < 0.05 && Math.abs(c.lat - 35.865) < 0.05; }"
    )
    assert map_eval(frame, IS_SAME_MOUNT_JS), "the map iframe was re-mounted"
    assert map_eval(frame, "() => window.map.getZoom()") <= 11
    # The map the reader acts on is in view, beside the article they are reading.
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= DESKTOP["height"]
    page.screenshot(path=str(ARTIFACTS / "app-chip.png"))


def test_places_table_works_from_the_keyboard(page: Page, app_url: str) -> None:
    """Tab from the Places table tab to its place chooser, type, Enter: Lheiban opens."""
    open_app(page, app_url)
    tab = page.get_by_role("tab", name="Places table")
    tab.click()
    expect(page.get_by_role("table").filter(has_text="Passages").first).to_be_visible()
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
    expect(
        page.locator(".st-key-place-panel").get_by_role("heading", name="Lheiban")
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]place=lheiban\b"))


def test_url_with_place_reopens_it_and_bad_place_gets_a_notice(page: Page, app_url: str) -> None:
    """?place=debaga opens Debaga; an unknown place is ignored with a notice."""
    open_app(page, f"{app_url}/?place=debaga")
    expect(
        page.locator(".st-key-place-panel").get_by_role("heading", name="Debaga")
    ).to_be_visible()
    open_app(page, f"{app_url}/?place=atlantis")
    expect(page.get_by_text("which this map does not have; ignored")).to_be_visible()
    expect(page.get_by_role("heading", name="Click a place on the map")).to_be_visible()


RERUNS_JS = """() => { window.__runs = 0; const app = document.querySelector('[data-testid=stApp]');
  new MutationObserver(() => { if (app.dataset.testScriptState === 'running') window.__runs++; })
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }"""


def test_toggling_each_actor_layer_keeps_map_and_zoom(page: Page, app_url: str, data_dir) -> None:
    """Each actor layer toggles off and on in the map's own panel: the features drawn follow,
    the script never reruns, the map is never re-mounted and the reader's zoom is kept."""
    expected = actor_features(data_dir)
    assert len(expected) == 6
    frame = open_app(page, f"{app_url}/?layers={','.join(expected)}")
    for actor, count in expected.items():
        wait_for_actor_count(page, actor, count)
    map_eval(frame, "() => window.map.setZoom(8, {animate: false})")
    map_eval(frame, MARK_MOUNT_JS)
    page.evaluate(RERUNS_JS)
    for actor, count in expected.items():
        set_layer(page, actor, False)
        wait_for_actor_count(page, actor, 0)
        set_layer(page, actor, True)
        wait_for_actor_count(page, actor, count)
    assert map_eval(frame, IS_SAME_MOUNT_JS), "the map iframe was re-mounted"
    assert map_eval(frame, "() => window.map.getZoom()") == 8
    assert page.evaluate("() => window.__runs") == 0, "a toggle reran the script"
    page.screenshot(path=str(ARTIFACTS / "app-all-layers.png"))


def test_copied_url_restores_layers(page: Page, app_url: str, data_dir) -> None:
    """Switch a layer off, click a place (a rerun), copy the URL the page now shows: the
    same layers come back in a new page."""
    frame = open_app(page, app_url)
    set_layer(page, "isis", False)
    layers = re.compile(r"layers=peshmerga(%2C|,)iraqi-army(%2C|,)jcc(&|$)")
    expect(page).to_have_url(layers)
    wait_for_actor_count(page, "isis", 0)
    click_feature(page, frame, "debaga")
    expect(
        page.locator(".st-key-place-panel").get_by_role("heading", name="Debaga")
    ).to_be_visible()
    expect(page).to_have_url(layers)
    expect(page).to_have_url(re.compile(r"place=debaga"))
    copied = page.url
    other = page.context.new_page()
    open_app(other, copied)
    expect(layer_switch(other, "isis")).to_have_attribute("aria-checked", "false")
    expect(layer_switch(other, "jcc")).to_have_attribute("aria-checked", "true")
    wait_for_actor_count(other, "isis", 0)
    wait_for_actor_count(other, "jcc", actor_features(data_dir)["jcc"])


def test_unknown_layer_in_url_is_ignored_with_a_notice(page: Page, app_url: str, data_dir) -> None:
    """?layers=pmf,martians shows PMF only and names the unknown layer."""
    open_app(page, f"{app_url}/?layers=pmf,martians")
    expect(page.get_by_text("The link names unknown layers")).to_be_visible()
    wait_for_actor_count(page, "pmf", actor_features(data_dir)["pmf"])
    wait_for_actor_count(page, "isis", 0)
