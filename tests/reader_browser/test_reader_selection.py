"""Choosing in the reader on its static host (the published edition, served by a plain
static file server), in headless Chromium: a place clicked on the map, then a passage's chip;
a place from the keyboard; a place and a view from the link; Escape clearing a place, an event
or a passage; the cards of every layer (areas of control, districts, force claims); the
article read passage by passage. The reader is the app's too: tests/test_reader_parity.py runs
a table of the same scenarios in both hosts, and tests/app_browser/ tests the app's wiring."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import ATTRIBUTION_JS, assert_plain_credit
from tests.conftest import ARTIFACTS
from tests.reader_browser.edition_page import (
    IN_VIEW_JS,
    MAP,
    click_place,
    edition_data,
    expect_lheiban,
    open_edition,
    place_at,
)

pytestmark = pytest.mark.e2e


def test_desktop_click_a_place_then_a_passage_chip(desktop: Page, site: str, edition_dir) -> None:
    """Click Lheiban on the map: its passages, mentions marked, facts, outline, URL. A
    passage's chip then selects Debaga: panel, outline, and the map pans to it."""
    page = desktop
    watch = open_edition(page, site)
    click_place(page, "lheiban")
    expect_lheiban(page)
    page.screenshot(path=str(ARTIFACTS / "published-desktop.png"))
    assert_plain_credit(page.evaluate(ATTRIBUTION_JS))

    page.evaluate(f"() => {MAP}.setView([33.0, 40.5], 9, {{animate: false}})")  # Debaga away
    assert not page.evaluate(IN_VIEW_JS, place_at(edition_dir, "debaga"))
    page.locator(".dz-passage").filter(has_text="Debaga").get_by_role(
        "button", name="Debaga"
    ).first.click()
    expect(page.locator("#dz-panel-title")).to_have_text("Debaga")
    expect(page.locator("#dz-panel-title")).to_be_focused()
    expect(page.locator("path.dz-selection")).to_have_count(1)
    page.wait_for_function(IN_VIEW_JS, arg=place_at(edition_dir, "debaga"))
    assert "place=debaga" in page.url
    watch.assert_clean("clicking a place and a chip")
    assert watch.errors == []


def test_enter_on_a_focused_place_opens_it(desktop: Page, site: str) -> None:
    """From the keyboard: a place on the map is a button; Enter opens its passages."""
    page = desktop
    watch = open_edition(page, site)
    target = page.get_by_role("button", name="Lheiban, village", exact=False).first
    target.focus()
    page.keyboard.press("Enter")
    expect_lheiban(page)
    watch.assert_clean("keyboard")


def test_the_hash_restores_the_place_and_the_view(desktop: Page, site: str) -> None:
    """#place=lheiban opens on Lheiban; #view=...&place=... keeps the view asked for."""
    page = desktop
    watch = open_edition(page, f"{site}#place=lheiban")
    expect_lheiban(page)
    page.goto("about:blank")
    open_edition(page, f"{site}#view=35.9,43.5,9&place=debaga")
    expect(page.locator("#dz-panel-title")).to_have_text("Debaga")
    centre = page.evaluate(f"() => {{ const c = {MAP}.getCenter(); return [c.lat, c.lng, "
                           f"{MAP}.getZoom()]; }}")  # fmt: skip
    assert [round(centre[0], 1), round(centre[1], 1), centre[2]] == [35.9, 43.5, 9]
    # An unknown place in the link: a notice, as text; nothing selected.
    page.goto("about:blank")
    open_edition(page, f"{site}#place=nowhere-village")
    expect(page.locator(".dz-notice")).to_contain_text("“nowhere-village”; ignored")
    expect(page.locator("path.dz-selection")).to_have_count(0)
    watch.assert_clean("opening links")


def test_escape_clears_a_place_an_event_and_a_passage(desktop: Page, site: str) -> None:
    """Escape, wherever the focus is but a text field, clears the choice: the card, the
    outline and the URL; in the search box it only closes its list and empties it."""
    page = desktop
    watch = open_edition(page, f"{site}#place=lheiban")
    for link in ("place=lheiban", "event=iraqi-army-collapse", "passage=p03-a91e"):
        page.evaluate(f"() => {{ location.hash = '{link}'; }}")
        expect(page.locator("path.dz-selection").first).to_be_attached()
        page.locator("#dz-panel-title").focus()
        page.keyboard.press("Escape")
        expect(page.locator("#dz-panel-title")).to_have_text(
            "What the article says, place by place"
        )
        expect(page.locator("path.dz-selection")).to_have_count(0)
        expect(page.locator("#dz-announce")).to_have_text("Selection cleared.")
        assert link.split("=")[0] + "=" not in page.url, link
    # Escape on the map (a place focused there): the same.
    click_place(page, "debaga")
    page.locator('path[aria-label^="Debaga,"]').focus()
    page.keyboard.press("Escape")
    expect(page.locator("#dz-panel-title")).to_have_text("What the article says, place by place")
    # In the search box: the list closes first, then the text goes; the choice stays.
    click_place(page, "debaga")
    box = page.get_by_role("combobox", name="Search places, passages and events")
    box.fill("Lheiban")
    expect(page.locator("#dz-search-results")).to_be_visible()
    box.press("Escape")
    expect(page.locator("#dz-search-results")).to_be_hidden()
    box.press("Escape")
    expect(box).to_have_value("")
    expect(page.locator("#dz-panel-title")).to_have_text("Debaga")
    watch.assert_clean("Escape")


def test_areas_of_control_districts_and_force_claims_open_cards(desktop: Page, site: str) -> None:
    """Every layer a reader can click has its card (the edition used to open nothing for an
    area of control or a district): from a link, and a district from its square on the map
    (Enter on it: it sits on its town's point) once its switch is on."""
    page = desktop
    watch = open_edition(page, f"{site}#place=control-krg-2014")
    facts = page.locator("#dz-panel .dz-facts")
    expect(facts).to_contain_text("area held (who held what)")
    expect(page.locator("path.dz-selection")).to_have_count(1)
    page.evaluate("() => { location.hash = 'place=force-jcc-makhmur'; }")
    expect(facts).to_contain_text("joint co-ordination centre")
    page.locator(".dz-layer-panel .dz-layer-switch").filter(has_text="Disputed districts").click()
    expect(page.locator(".dz-label", has_text="Sinjar district")).to_be_visible()
    square = page.evaluate(
        f"""() => {{ let label = null; {MAP}.eachLayer(l => {{ const p = l.feature &&
          l.feature.properties;
          if (p && p.id === 'district-sinjar' && p.label) label = p.label; }});
          return label; }}"""
    )
    page.get_by_role("button", name=square).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#dz-panel-title")).to_have_text(re.compile("Sinjar"))
    expect(facts).to_contain_text("district UNAMI reported on (2009)")
    watch.assert_clean("cards of every layer")


def test_the_article_is_read_passage_by_passage(desktop: Page, site: str, edition_dir) -> None:
    """Under the panel: the article's credit and every passage in order with its places'
    chips; a chip chooses its place (marked current in the article too)."""
    page = desktop
    watch = open_edition(page, site)
    article = page.get_by_role("region", name="The article, passage by passage")
    passages = article.locator(".dz-passage")
    expect(passages).to_have_count(len(edition_data(edition_dir)["passages"]))
    expect(article.locator("#dz-article-credit")).to_contain_text("Associated Press")
    expect(article).to_contain_text("Named in the text but not drawn on the map:")
    passage = passages.filter(has_text="moved his family to Debaga")
    passage.get_by_role("button", name="Debaga").click()
    expect(page.locator("#dz-panel-title")).to_have_text("Debaga")
    expect(page.locator("#dz-panel-title")).to_be_focused()
    current = article.locator(".dz-chip[aria-current='true']")
    assert current.count() >= 1 and set(current.all_text_contents()) == {"Debaga"}
    watch.assert_clean("the article")
