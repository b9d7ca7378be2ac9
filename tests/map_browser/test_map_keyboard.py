"""The map page from the keyboard and for assistive technology, in headless Chromium: the
force symbols are named buttons, Space and Enter on a focused place or symbol click it, focus
shows a place's tooltip, and axe-core finds no WCAG A/AA violation in the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.map_browser.map_page import AXE, MAP_JS

pytestmark = pytest.mark.e2e


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
