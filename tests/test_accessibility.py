"""WCAG 2.2 AA in the app, checked by axe-core in Chromium, in the page, inside the reader's
shadow root and inside the map's frame, at a desktop and a phone width, in the states a
reader reaches; the keyboard alone; 200 % zoom. (The reader on its static host is audited in
tests/reader_browser/test_reader_phone_and_axe.py.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from browsing.mappage import MAP_IFRAME, actor_features, wait_for_actor_count
from tests.browser import DESKTOP, PHONE, axe_violations, describe, open_tab
from tests.conftest import ARTIFACTS
from tests.hosts import App
from ui.tabs import TITLES

pytestmark = pytest.mark.e2e

PANEL_TITLE = "#dz-panel-title"


@pytest.fixture(scope="module")
def app(app_url: str) -> App:
    return App(app_url)


@pytest.fixture(params=["desktop", "phone"])
def screen_page(request, browser: Browser):
    size = DESKTOP if request.param == "desktop" else PHONE
    context = browser.new_context(viewport=size, has_touch=request.param == "phone")
    page = context.new_page()
    page.screen_name = request.param  # type: ignore[attr-defined]
    yield page
    context.close()


def assert_no_violations(page: Page, state: str) -> None:
    found = axe_violations(page)
    where = getattr(page, "screen_name", "")
    assert not found, f"axe, {state} ({where}):\n{describe(found)}"


def test_every_state_a_reader_reaches_has_no_violations(screen_page: Page, app: App) -> None:
    """Lheiban chosen with all six force layers drawn (every symbol named, targets big
    enough), the search's results listed, an event's card, then each of the story's tabs:
    no violations of axe's WCAG 2.2 A/AA rules, in the page, the reader and the map."""
    page = screen_page
    counts = actor_features()
    app.open(page, f"place=lheiban&layers={','.join(counts)}")
    expect(page.locator("#dz-panel .dz-passage")).to_have_count(9)
    for actor, n in counts.items():
        wait_for_actor_count(page, actor, n)
    assert_no_violations(page, "Lheiban chosen, every layer on")
    page.get_by_role("combobox", name="Search places, passages and events").fill("Kirkuk")
    expect(page.locator("#dz-search-results [role=group]").first).to_be_visible()
    assert_no_violations(page, "search results")
    page.keyboard.press("Escape")  # the list closes (it lies over the timeline)
    page.locator(".dz-event").first.click()
    expect(page.locator(".dz-reader")).to_have_attribute(
        "data-dz-event", "joint-security-2009-2014"
    )
    assert_no_violations(page, "an event chosen")
    for name in TITLES:
        open_tab(page, name)
        assert_no_violations(page, f"tab {name!r}")


def test_keyboard_only_reader_selects_lheiban_and_hears_it(page: Page, app: App) -> None:
    """Without a mouse: Tab into the map, reach Lheiban, press Enter: its passages, said in
    the reader's polite live region; Escape, pressed inside the map, clears the choice."""
    app.open(page)
    page.keyboard.press("Tab")
    for _ in range(150):
        label = page.evaluate(
            """() => { let e = document.activeElement;
              while (e && e.tagName === 'IFRAME') e = e.contentDocument.activeElement;
              return e ? (e.getAttribute('aria-label') || '') : ''; }"""
        )
        if label.startswith("Lheiban"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Lheiban cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(page.locator(PANEL_TITLE)).to_have_text("Lheiban")
    expect(page.locator("#dz-panel .dz-passage")).to_have_count(9)
    region = page.locator("#dz-announce")
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).to_have_text("Lheiban: 9 passages, shown in the panel.")
    page.screenshot(path=str(ARTIFACTS / "a11y-keyboard-lheiban.png"))
    page.keyboard.press("Escape")  # the focus is still on Lheiban, inside the map's frame
    expect(page.locator(PANEL_TITLE)).to_have_text("What the article says, place by place")
    expect(region).to_have_text("Selection cleared.")
    assert "place=" not in page.url


def test_axe_check_catches_known_violations(page: Page, app: App) -> None:
    """The check can fail: an unnamed button added to the map frame, and one added inside
    the reader's shadow root, are both reported."""
    app.open(page)
    page.frame_locator(MAP_IFRAME).locator("body").evaluate(
        "() => { const b = document.createElement('div'); b.setAttribute('role', 'button');"
        " b.tabIndex = 0; document.body.appendChild(b); }"
    )
    page.evaluate(
        "() => { const b = document.createElement('div'); b.setAttribute('role', 'button');"
        " b.tabIndex = 0; b.id = 'unnamed-in-reader';"
        " window.dzReader.panel.body.appendChild(b); }"
    )
    found = axe_violations(page)
    names = [n["target"] for v in found if v["id"] == "aria-command-name" for n in v["nodes"]]
    assert len(names) == 2 and any("unnamed-in-reader" in t for t in names), describe(found)


def test_page_works_at_200_percent_zoom(browser: Browser, app: App) -> None:
    """A 1400x900 window at 200 % zoom (700x450 CSS px): no sideways scroll, the map and the
    search stay usable, and search still opens a place."""
    context = browser.new_context(viewport={"width": 700, "height": 450}, device_scale_factor=2)
    page = context.new_page()
    try:
        app.open(page)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 700
        box = page.get_by_role("combobox", name="Search places, passages and events")
        box.fill("Debaga")
        box.press("Enter")
        expect(page.locator(PANEL_TITLE)).to_have_text("Debaga")
        expect(page.locator(PANEL_TITLE)).to_be_in_viewport()
        assert_no_violations(page, "200 % zoom")
        page.screenshot(path=str(ARTIFACTS / "a11y-zoom-200.png"))
    finally:
        context.close()


@pytest.fixture(params=["desktop", "phone"])
def dark_page(request, browser: Browser):
    size = DESKTOP if request.param == "desktop" else PHONE
    context = browser.new_context(
        viewport=size, has_touch=request.param == "phone", color_scheme="dark"
    )
    page = context.new_page()
    page.screen_name = request.param  # type: ignore[attr-defined]
    yield page
    context.close()


# The relative luminance of an element's background (WCAG's formula), 0 black to 1 white.
LUMINANCE_JS = """(el) => {
  const [r, g, b] = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g).map(Number);
  const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}"""


def test_dark_mode_follows_the_system_and_passes_axe(dark_page: Page, app: App) -> None:
    """With the system set to dark, the app (Streamlit's theme follows it: no theme is set),
    the reader in its shadow root and the map's layer panel are dark, the map's own ground
    stays light; axe finds nothing in the page, the reader or the map."""
    page = dark_page
    app.open(page, "place=lheiban")
    expect(page.locator("#dz-panel .dz-passage")).to_have_count(9)
    assert page.locator("[data-testid=stApp]").evaluate(LUMINANCE_JS) < 0.05
    assert page.locator(".dz-reader").evaluate(LUMINANCE_JS) < 0.05
    frame = page.frame_locator(MAP_IFRAME)
    assert frame.locator(".dz-layer-panel").evaluate(LUMINANCE_JS) < 0.05
    assert frame.locator(".leaflet-container").first.evaluate(LUMINANCE_JS) > 0.5
    assert_no_violations(page, "dark, Lheiban chosen")
    page.screenshot(path=str(ARTIFACTS / f"dark-app-{page.screen_name}.png"))
