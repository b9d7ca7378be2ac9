"""What the map page's browser tests (tests/map_browser/) share: how to open the standalone
map page and wait for its labels, the scripts that ask its Leaflet map what it shows, and the
names the pages are built with. The page is the app's base map (``geo.map.build_map``, every
force group) with its assets on a local static file server: no Streamlit, so it is fast."""

from __future__ import annotations

from playwright.sync_api import Browser, Page

from tests.conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

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


def open_map(browser: Browser, base: str, viewport: dict, **context: object) -> Page:
    page = browser.new_context(viewport=viewport, **context).new_page()
    page.goto(f"{base}/map.html")
    page.wait_for_function(f"() => {LABEL_PASS_JS[6:]} > 0")
    return page


def open_panel_map(browser: Browser, base: str, viewport: dict, path: str = "map.html") -> Page:
    page = browser.new_context(viewport=viewport, reduced_motion="reduce").new_page()
    page.goto(f"{base}/{path}")
    page.wait_for_function("() => window.dzLayers !== undefined")
    return page


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
