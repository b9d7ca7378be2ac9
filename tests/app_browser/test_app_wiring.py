"""The app in headless Chromium: what the app adds around the reader (the reader's own
behaviour is tested on the static host, tests/reader_browser/, and in both hosts by
tests/test_reader_parity.py). The page opens offline on the story with the reader mounted in
its own shadow root; a click on the map is answered in the page and nothing reaches the
server, the map neither sent again nor re-mounted; the app is told the reader's place only
as the pointer reaches the printable brief (once per change); layer switches rerun nothing;
the URL holds the reader's and the map's state across the app's reruns, and a copy of it opens
the same view."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from bench.stclient import pdf_title
from browsing.mappage import (
    MAP_IFRAME,
    actor_features,
    layer_switch,
    map_frame,
    set_layer,
    wait_for_actor_count,
)
from tests.app_browser.app_page import PANEL_TITLE, distance_px
from tests.browser import (
    ATTRIBUTION_JS,
    DESKTOP,
    FEATURE_IDS_JS,
    IS_SAME_MOUNT_JS,
    MARK_MOUNT_JS,
    SELECTION_RING_JS,
    assert_plain_credit,
    map_eval,
    open_tab,
)
from tests.conftest import ARTIFACTS
from tests.hosts import App, click_place

pytestmark = pytest.mark.e2e


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

# Script runs of the page, counted from Streamlit's own run state on its root element: each
# run ends when the state leaves "running" (a quick run may be over before the observer
# reads the attribute, so the old values are counted).
RERUNS_JS = """() => { window.__runs = 0; const app = document.querySelector('[data-testid=stApp]');
  new MutationObserver((records) => { for (const r of records)
      if (r.oldValue === 'running') window.__runs++; })
    .observe(app, {attributes: true, attributeOldValue: true,
                   attributeFilter: ['data-test-script-state']}); }"""


def test_the_app_opens_offline_on_the_story_with_the_reader(page: Page, app: App) -> None:
    """No request to another host; the four provinces, the zone, the ridge, Lheiban and
    Debaga drawn and labelled, apart; the first view framed without a glide; every tooltip
    inside the map; the plain credit; the reader in a shadow root of its own, its map
    attached."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.add_init_script(COUNT_GLIDES_JS)
    app.open(page)
    frame = page.frame_locator(MAP_IFRAME)
    ids = map_eval(frame, FEATURE_IDS_JS)
    for wanted in ("prov-nineveh", "prov-kirkuk", "prov-salaheddin", "prov-diyala",
                   "disputed-zone", "qarachok", "lheiban", "debaga"):  # fmt: skip
        assert wanted in ids
    assert len([i for i in ids if i.startswith("prov-")]) == 18
    expect(frame.locator(".dz-label", has_text="Lheiban")).to_be_visible()
    expect(frame.locator(".dz-label.dz-story", has_text="Nineveh")).to_be_visible()
    assert distance_px(page, app, "lheiban", "debaga") >= 40
    bounds = map_eval(frame, "() => window.map.getBounds().toBBoxString()")
    west, _south, east, _north = (float(v) for v in bounds.split(","))
    assert 0.4 < east - west < 2.0, "the opening view is not the story's focus"
    assert map_eval(frame, "() => window.__glides") == 0, "the map glided into its first view"
    map_eval(frame, "() => window.map.panBy([40, 0])")  # the counter counts a glide
    assert map_eval(frame, "() => window.__glides") == 1
    tips = map_eval(frame, TOOLTIPS_OUTSIDE_JS)
    assert tips["n"] >= 10 and tips["out"] == [], tips
    assert_plain_credit(map_eval(frame, ATTRIBUTION_JS))
    host = page.locator(".st-key-reader [data-testid=stBidiComponentIsolated]")
    assert host.evaluate("e => !!e.shadowRoot && !!e.shadowRoot.querySelector('.dz-reader')")
    assert "Lheiban" in page.title()
    page.screenshot(path=str(ARTIFACTS / "app-desktop-open.png"))
    foreign = [u for u in requests if urlsplit(u).hostname not in ("127.0.0.1", "localhost")
               and not u.startswith(("data:", "blob:"))]  # fmt: skip
    assert foreign == []


def test_a_click_is_answered_in_the_page_and_told_at_the_brief(page: Page, app: App) -> None:
    """A click on Lheiban: its card, passages and outline, and no message to the server; the
    map is neither sent again nor re-mounted. The app is told the place when the pointer
    reaches the printable brief (one message, once per change). Hovering shows a place's
    name. A chip moves the map to its place (zoom 11 at most); the map stays in view while
    the reader reads on; from the keyboard, the brief is the place's too."""
    sent: list[float] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda _f: sent.append(1)))
    app.open(page)
    frame = page.frame_locator(MAP_IFRAME)
    map_eval(frame, MARK_MOUNT_JS)
    point = app.point(page, "debaga")
    box = app.map_box(page)
    page.mouse.move(box["x"] + point[0], box["y"] + point[1])
    expect(frame.locator(".leaflet-tooltip", has_text="Debaga")).to_have_text(
        "Debaga · town · approximate (±6 km) · 1 passage"
    )
    before = len(sent)
    click_place(app, page, "lheiban")
    title = page.locator(PANEL_TITLE)
    expect(title).to_have_text("Lheiban", timeout=2_000)
    expect(page.locator("#dz-panel .dz-passage")).to_have_count(9)
    map_frame(page).wait_for_function(f"({SELECTION_RING_JS})() !== null")
    expect(page).to_have_url(re.compile(r"[?&]place=lheiban\b"))
    page.wait_for_timeout(300)  # time for a message, were one to go
    assert len(sent) == before, f"{len(sent) - before} messages to the server for a click"
    assert map_eval(frame, IS_SAME_MOUNT_JS), "the map was re-mounted"
    brief = page.get_by_role("button", name="Printable brief of the place chosen")
    for _ in range(2):  # the second time, nothing changed: no report
        brief.hover()
        page.wait_for_function("() => document.querySelector('.st-key-brief') !== null")
        page.wait_for_timeout(300)
        page.mouse.move(5, 5)
    assert len(sent) - before == 1, f"{len(sent) - before} messages: one report"

    page.locator("#dz-panel-body").get_by_role("button", name="Debaga").first.click()
    expect(title).to_have_text("Debaga")
    map_frame(page).wait_for_function(
        "() => { const c = window.map.getCenter();"
        " return Math.abs(c.lng - 43.79) < 0.3 && Math.abs(c.lat - 35.865) < 0.3; }"
    )
    assert map_eval(frame, "() => window.map.getZoom()") <= 11
    page.locator(".dz-article .dz-passage").last.scroll_into_view_if_needed()
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= DESKTOP["height"], box
    assert box["height"] >= 500
    assert map_eval(frame, IS_SAME_MOUNT_JS), "the map was re-mounted"
    page.screenshot(path=str(ARTIFACTS / "app-desktop-debaga.png"))
    # From the keyboard: the focus on the brief tells the app Debaga; Enter makes its brief.
    told = len(sent)
    brief.focus()
    with page.expect_download(timeout=60_000) as download:
        page.keyboard.press("Enter")
    assert len(sent) > told, "the focus on the brief sent no report"
    with open(download.value.path(), "rb") as pdf:
        assert pdf_title(pdf.read()).endswith(": Debaga (town)")


def test_layers_switch_in_the_map_and_the_url_survives_reruns(
    page: Page, app: App, data_dir
) -> None:
    """Each actor's layer switches off and on in the map's panel with no rerun, the map
    kept and its zoom; the URL keeps the layers, the view and the place through the app's
    own reruns (a tab), and a copy of it opens the same view in a new page."""
    expected = actor_features(data_dir)
    assert len(expected) == 6
    app.open(page, f"layers={','.join(expected)}")
    frame = page.frame_locator(MAP_IFRAME)
    for actor, count in expected.items():
        wait_for_actor_count(page, actor, count)
    map_eval(frame, "() => window.map.setView([35.7, 43.9], 10, {animate: false})")
    map_eval(frame, MARK_MOUNT_JS)
    page.evaluate(RERUNS_JS)
    for actor, count in expected.items():
        set_layer(page, actor, False)
        wait_for_actor_count(page, actor, 0)
        set_layer(page, actor, True)
        wait_for_actor_count(page, actor, count)
    assert map_eval(frame, IS_SAME_MOUNT_JS), "the map was re-mounted"
    assert map_eval(frame, "() => window.map.getZoom()") == 10
    assert page.evaluate("() => window.__runs") == 0, "a switch reran the script"
    set_layer(page, "isis", False)
    click_place(app, page, "debaga")
    expect(page.locator(PANEL_TITLE)).to_have_text("Debaga")
    open_tab(page, "Measurements")  # a full rerun of the page
    for part in (r"place=debaga", r"layers=peshmerga(%2C|,)iraqi-army(%2C|,)jcc(%2C|,)pmf",
                 r"view=35\.(69|70)\d*(%2C|,)43\.(89|90)\d*(%2C|,)10"):  # fmt: skip
        expect(page).to_have_url(re.compile(part))
    assert map_eval(frame, IS_SAME_MOUNT_JS), "the map was re-mounted by a tab"
    copied = page.url
    other = page.context.new_page()
    app.open(other, copied.split("?", 1)[1])
    expect(other.locator(PANEL_TITLE)).to_have_text("Debaga")
    expect(layer_switch(other, "isis")).to_have_attribute("aria-checked", "false")
    expect(layer_switch(other, "jcc")).to_have_attribute("aria-checked", "true")
    wait_for_actor_count(other, "isis", 0)
    map_frame(other).wait_for_function("() => window.map.getZoom() === 10")
    other.close()
    page.screenshot(path=str(ARTIFACTS / "app-all-layers.png"))
