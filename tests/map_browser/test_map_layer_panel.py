"""The map page's layer panel in headless Chromium: a switch per actor named with its count,
the story's default layers, Space on a switch (the map kept), the keyboard's reach and the
switches' sizes (mouse and touch), the folded panel on a phone, window.dzLayers, the layers
and the view in the URL (the page's hash, the parent page's query inside an iframe), a hostile
actor name shown as text, and axe-core with the panel open and every layer on."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from geo.story import Story
from tests.browser import DESKTOP, PHONE, axe_violations, describe
from tests.map_browser.map_page import (
    AXE,
    HOSTILE_NAME,
    LABEL_PASS_JS,
    MAP_JS,
    VIEW_JS,
    open_panel_map,
    same_view,
)

pytestmark = pytest.mark.e2e


DRAWN_BY_ACTOR_JS = f"""() => {{
  const ids = {{}};
  {MAP_JS}.eachLayer(l => {{ const p = l.feature && l.feature.properties;
    if (p && p.actor) (ids[p.actor] = ids[p.actor] || new Set()).add(p.id); }});
  return Object.fromEntries(Object.entries(ids).map(([a, s]) => [a, s.size]));
}}"""

EVERY_ACTOR = ("peshmerga", "iraqi-army", "jcc", "pmf", "isis", "coalition")


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
