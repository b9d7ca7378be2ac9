"""WCAG 2.2 AA, checked by axe-core in Chromium, in the page and inside the map's frame,
at a desktop and a phone width, in the states a reader reaches."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import (
    DESKTOP,
    PHONE,
    actor_features,
    axe_violations,
    click_feature,
    describe,
    open_app,
    open_tab,
    wait_for_actor_count,
)
from tests.conftest import ARTIFACTS
from ui.tabs import TITLES

pytestmark = pytest.mark.e2e


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
    assert not found, f"axe, {state} ({page.screen_name}):\n{describe(found)}"  # type: ignore[attr-defined]


def test_opening_view_has_no_violations(screen_page: Page, app_url: str) -> None:
    """The page as it opens passes axe's WCAG 2.2 A/AA rules, page and map."""
    open_app(screen_page, app_url)
    assert_no_violations(screen_page, "opening view")


def test_selected_place_has_no_violations(screen_page: Page, app_url: str) -> None:
    """With Lheiban selected (panel, passages, outline on the map): no violations."""
    frame = open_app(screen_page, f"{app_url}/?place=lheiban")
    expect(screen_page.locator(".st-key-place-panel")).to_contain_text("Lheiban")
    del frame
    assert_no_violations(screen_page, "Lheiban selected")


def test_every_layer_on_has_no_violations(screen_page: Page, app_url: str) -> None:
    """With all six force layers drawn: every symbol named, targets big enough."""
    counts = actor_features()
    open_app(screen_page, f"{app_url}/?layers={','.join(counts)}")
    for actor, n in counts.items():
        wait_for_actor_count(screen_page, actor, n)
    assert_no_violations(screen_page, "every layer on")


def test_every_tab_has_no_violations(screen_page: Page, app_url: str) -> None:
    """Each of the story's tabs, opened (only the open one is sent): no violations."""
    open_app(screen_page, app_url)
    for name in TITLES[1:]:
        open_tab(screen_page, name)
        assert_no_violations(screen_page, f"tab {name!r}")


def test_search_results_have_no_violations(screen_page: Page, app_url: str) -> None:
    """With search results listed: no violations."""
    open_app(screen_page, app_url)
    box = screen_page.get_by_role("textbox", name="Search places and passages")
    box.fill("Kirkuk")
    box.press("Enter")
    expect(screen_page.locator(".st-key-search-results")).to_be_visible()
    assert_no_violations(screen_page, "search results")


def test_keyboard_only_reader_selects_lheiban_and_reads(page: Page, app_url: str) -> None:
    """Without a mouse: Tab into the map, reach Lheiban, press Enter, read its passages."""
    open_app(page, app_url)
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
    panel = page.locator(".st-key-place-panel")
    expect(panel.get_by_role("heading", name="Lheiban")).to_be_visible()
    expect(panel.locator('[class*="st-key-panel-passage-"]')).to_have_count(9)
    page.screenshot(path=str(ARTIFACTS / "a11y-keyboard-lheiban.png"))


def test_axe_check_catches_a_known_violation(page: Page, app_url: str) -> None:
    """The check can fail: an unnamed button added to the map frame is reported."""
    frame = open_app(page, app_url)
    frame.locator("body").evaluate(
        "() => { const b = document.createElement('div'); b.setAttribute('role', 'button');"
        " b.tabIndex = 0; document.body.appendChild(b); }"
    )
    found = axe_violations(page)
    assert any(v["id"] == "aria-command-name" for v in found), describe(found)


def test_selection_is_announced_and_escape_clears_it(page: Page, app_url: str) -> None:
    """Selecting Lheiban is announced in a polite live region; Escape, pressed inside the
    map, clears the selection."""
    frame = open_app(page, app_url)
    click_feature(page, frame, "lheiban")
    region = page.locator(".st-key-dz-announce")
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).to_contain_text("Lheiban selected: 9 passages")
    frame.locator("path.dz-place-target").first.focus()
    page.keyboard.press("Escape")
    expect(page.get_by_role("heading", name="Click a place on the map")).to_be_visible()
    expect(region).to_contain_text("No place selected")
    assert "place=" not in page.url


def test_page_works_at_200_percent_zoom(browser: Browser, app_url: str) -> None:
    """A 1400x900 window at 200 % zoom (700x450 CSS px): no sideways scroll, the map and the
    search stay usable, and search still opens a place."""
    context = browser.new_context(viewport={"width": 700, "height": 450}, device_scale_factor=2)
    page = context.new_page()
    try:
        open_app(page, app_url)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 700
        box = page.get_by_role("textbox", name="Search places and passages")
        box.fill("Debaga")
        box.press("Enter")
        page.locator(".st-key-search-results").get_by_role("button").first.click()
        heading = page.locator(".st-key-place-panel").get_by_role("heading", name="Debaga")
        expect(heading).to_be_in_viewport()
        assert_no_violations_page(page)
        page.screenshot(path=str(ARTIFACTS / "a11y-zoom-200.png"))
    finally:
        context.close()


def assert_no_violations_page(page: Page) -> None:
    found = axe_violations(page)
    assert not found, describe(found)
