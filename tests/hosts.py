"""The reader's two hosts in the browser: the published edition (static files) and the app
(Streamlit, the map in streamlit-folium's frame). One way to open each, to click a place on
its map, and to read what the reader shows (``snapshot``), so that a test can do the same
thing in both and compare."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import FrameLocator, Page, expect

from browsing.mappage import FIRST_RUN_DONE_JS, MAP_IFRAME
from browsing.staticfiles import serve
from geo.publish import write_edition
from geo.story import load_story

READY = ".dz-reader[data-dz-ready='1']"
# The edition's Leaflet map: folium's global, named in <body data-dz-map>.
EDITION_MAP = "window[document.body.dataset.dzMap]"

# Where a feature's named (keyboard-labelled) point is, in its map container's pixels; `map`
# is the map (the page's, or the frame's window.map).
POINT_JS = """(map, id) => { let out = null;
  map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && p.id === id && typeof p.label === 'string' && l.getLatLng && !out) {
      const pt = map.latLngToContainerPoint(l.getLatLng()); out = [pt.x, pt.y]; } });
  return out; }"""

# What the reader shows and says, and what it keeps in the URL, the same way in both hosts:
# window.dzReader is the reader (edition.js, app.js); its markup is in the page (edition) or
# a shadow root (app).
SNAPSHOT_JS = """() => {
  const r = window.dzReader;
  const root = r.panel.title.getRootNode();
  const text = (selector) => [...root.querySelectorAll(selector)]
    .map((n) => n.innerText.replace(/\\s+/g, ' ').trim());
  const params = {};
  for (const source of [location.search.slice(1), location.hash.slice(1)]) {
    new URLSearchParams(source).forEach((v, k) => {
      if (['place', 'passage', 'event', 'asof', 'layers', 'view'].includes(k)) params[k] = v; });
  }
  delete params.view;  // the map's own, and pixel-rounded by each map's size
  return {
    title: r.panel.title.textContent,
    panel: text('#dz-panel-body')[0],
    said: r.said(),
    state: {...r.state},
    params,
    outlined: r.map ? r.map.outlined.slice() : null,
    mapDay: r.map && r.map.win.dzTime ? r.map.win.dzTime.get() : null,
    current: text('.dz-event[aria-current]'),
    asof: root.querySelector('#dz-asof').value,
    results: text('#dz-search-results:not([hidden])'),
    chipsCurrent: text('.dz-article .dz-chip[aria-current]').length,
  };
}"""


def edition_folder(out: Path, data_dir: Path) -> Path:
    write_edition(load_story(data_dir), out)
    return out


def serve_edition(folder: Path) -> Iterator[str]:
    """The edition served by a plain static file server; yields its page's URL."""
    with serve(folder) as base:
        yield f"{base}/index.html"


def reader_json(folder: Path) -> dict:
    return json.loads((folder / "reader.json").read_text(encoding="utf-8"))


class Edition:
    """The published edition: reader, map and state in one page; the state in the hash."""

    name = "edition"

    def __init__(self, url: str) -> None:
        self.url = url

    def open(self, page: Page, query: str = "") -> None:
        # A new document each time (going from one hash to another would not load one).
        page.goto("about:blank")
        page.goto(f"{self.url}#{query}" if query else self.url)
        expect(page.locator(".dz-reader")).to_have_attribute("data-dz-ready", "1", timeout=20_000)
        expect(page.locator("path.leaflet-interactive").first).to_be_attached()

    def map_scope(self, page: Page):
        return page

    def map_box(self, page: Page) -> dict:
        return page.locator(".folium-map").bounding_box()

    def point(self, page: Page, place_id: str) -> list[float] | None:
        return page.evaluate(f"(id) => ({POINT_JS})({EDITION_MAP}, id)", place_id)


class App:
    """The app: the reader a component in the page, the map in streamlit-folium's frame;
    the state in the query."""

    name = "app"

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def open(self, page: Page, query: str = "") -> None:
        page.goto(f"{self.url}/?{query}" if query else f"{self.url}/")
        expect(page.locator(READY)).to_be_attached(timeout=30_000)
        frame = page.frame_locator(MAP_IFRAME)
        expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=30_000)
        page.wait_for_function("() => window.dzReader && window.dzReader.map", timeout=30_000)
        page.wait_for_function(FIRST_RUN_DONE_JS, timeout=30_000)

    def map_scope(self, page: Page) -> FrameLocator:
        return page.frame_locator(MAP_IFRAME)

    def map_box(self, page: Page) -> dict:
        return page.locator(MAP_IFRAME).bounding_box()

    def point(self, page: Page, place_id: str) -> list[float] | None:
        body = page.frame_locator(MAP_IFRAME).locator("body")
        return body.evaluate(f"(_b, id) => ({POINT_JS})(window.map, id)", place_id)


def click_place(host: Edition | App, page: Page, place_id: str, tap: bool = False) -> None:
    """A click (or a tap) on a place's point on the host's map."""
    point = host.point(page, place_id)
    assert point is not None, f"{place_id} is not drawn as a point"
    box = host.map_box(page)
    x, y = box["x"] + point[0], box["y"] + point[1]
    if tap:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)


def snapshot(page: Page) -> dict:
    return page.evaluate(SNAPSHOT_JS)
