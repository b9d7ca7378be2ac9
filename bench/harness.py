"""A variant's page in Chromium, as the benchmark drives it: opened in a fresh context with
the in-page scripts (``bench/js/``: the websocket tracker, the measuring harness, the
published edition's ``window.map``), where its map is, and waiting for it: painted, the app
settled, the network idle; where to point to hover or click a place."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Frame, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bench.variants import PUBLISHED, QUIET_MS, SAMPLE_TIMEOUT_MS, VIEWPORT, Variant
from browsing.mappage import MAP_IFRAME, POINT_OF_JS

JS = Path(__file__).resolve().parent / "js"


def script(name: str) -> str:
    """bench/js/NAME, as the page is given it."""
    return (JS / name).read_text(encoding="utf-8")


WS_QUIET_JS = script("ws_quiet.js")
HARNESS_JS = script("harness.js").replace("__TIMEOUT__", str(SAMPLE_TIMEOUT_MS))
PUBLISHED_MAP_ALIAS_JS = script("published_map.js")
COVERED_JS = script("covered.js")
CENTRE_ON_JS = script("centre_on.js")


def new_page(browser: Browser, variant: Variant) -> tuple[BrowserContext, Page]:
    """A fresh context (empty cache) with the websocket-quiet tracker installed (and, for
    the published edition, ``window.map`` naming its map)."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(WS_QUIET_JS)
    if variant is PUBLISHED:
        context.add_init_script(PUBLISHED_MAP_ALIAS_JS)
    return context, context.new_page()


def install(page: Page, variant: Variant) -> None:
    """The measuring harness (``window.__bench``) in the top page, reaching the map where the
    variant keeps it."""
    page.evaluate(HARNESS_JS, MAP_IFRAME if variant.in_iframe else None)


def map_frame(page: Page, variant: Variant) -> Frame:
    """The frame whose ``window.map`` is the Leaflet map (looked up afresh: it may re-mount)."""
    if not variant.in_iframe:
        return page.main_frame
    handle = page.locator(MAP_IFRAME).element_handle(timeout=SAMPLE_TIMEOUT_MS)
    frame = handle.content_frame() if handle else None
    if frame is None:
        raise RuntimeError("the map iframe has no frame")
    return frame


def wait_painted(page: Page, variant: Variant) -> None:
    """Until the first Leaflet path is in the map's DOM."""
    root = page.frame_locator(MAP_IFRAME) if variant.in_iframe else page
    root.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=60_000)


def settle(page: Page, variant: Variant) -> None:
    """Until a Streamlit app's websocket has been quiet for QUIET_MS (no-op for the floor)."""
    if not variant.streamlit:
        return
    page.wait_for_function(
        "(q) => window.__benchWsLast !== undefined && performance.now() - window.__benchWsLast > q",
        arg=QUIET_MS,
        polling=100,
        timeout=60_000,
    )


def wait_network_idle(page: Page) -> bool:
    """Playwright's network idle (no request for 500 ms); False if not reached in 10 s."""
    try:
        page.wait_for_load_state("networkidle", timeout=10_000)
    except PlaywrightTimeoutError:
        return False
    return True


def page_point(page: Page, variant: Variant, feature_id: str) -> tuple[float, float]:
    """Page coordinates of a point feature (POINT_OF_JS gives map-container coordinates)."""
    frame = map_frame(page, variant)
    point = frame.locator("body").evaluate(POINT_OF_JS, feature_id)
    if point is None:
        raise RuntimeError(f"{feature_id} is not drawn as a point")
    for _ in range(3):
        if not frame.evaluate(COVERED_JS, [*point, feature_id]):
            break
        # On this map's size a control or a neighbour's target lies over the place: centre
        # on it, a zoom level closer, let the app settle (a pan may rerun it), look again.
        frame.locator("body").evaluate(CENTRE_ON_JS, feature_id)
        settle(page, variant)
        frame = map_frame(page, variant)
        point = frame.locator("body").evaluate(POINT_OF_JS, feature_id)
    rect = frame.evaluate(
        "() => { const r = window.map.getContainer().getBoundingClientRect();"
        " return [r.left, r.top]; }"
    )
    x, y = point[0] + rect[0], point[1] + rect[1]
    if variant.in_iframe:
        box = page.locator(MAP_IFRAME).bounding_box()
        assert box is not None
        x, y = x + box["x"], y + box["y"]
    return x, y


def away_point(page: Page, variant: Variant) -> tuple[float, float]:
    """A point just outside the map's bottom-right corner, inside the viewport."""
    frame = map_frame(page, variant)
    w, h = frame.evaluate("() => { const s = window.map.getSize(); return [s.x, s.y]; }")
    x0, y0 = 0.0, 0.0
    if variant.in_iframe:
        box = page.locator(MAP_IFRAME).bounding_box()
        assert box is not None
        x0, y0 = box["x"], box["y"]
    return (
        min(x0 + w + 20, VIEWPORT["width"] - 2),
        min(y0 + h + 20, VIEWPORT["height"] - 2),
    )
