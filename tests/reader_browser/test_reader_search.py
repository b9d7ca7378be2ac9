"""The reader's search box on its static host, in headless Chromium: a name, then an Arabic
alias with harakat, from the keyboard; every name and alias in the data (Arabic and hostile
ones too) finding its own place, the query folded as geo.search folds the names; a passage
found by its words opening its card."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.reader_browser.edition_page import expect_lheiban, open_edition, screenshot

pytestmark = pytest.mark.e2e


# Type each name into the box (as the input event does) and collect the hits' ids.
SEARCH_EACH_JS = """(names) => {
  const box = document.getElementById('dz-search-input');
  return names.map(name => {
    box.value = name;
    box.dispatchEvent(new Event('input'));
    return [...document.querySelectorAll('#dz-search-results [data-place]')]
      .map(li => li.dataset.place);
  });
}"""


def test_search_by_name_and_in_arabic_opens_the_place(desktop: Page, site: str) -> None:
    """Type a name, Enter opens the first hit; arrows pick a hit (Arabic alias)."""
    page = desktop
    watch = open_edition(page, site)
    box = page.get_by_role("combobox", name="Search places, passages and events")
    box.focus()
    page.keyboard.type("Qaraqosh")
    expect(page.get_by_role("option").first).to_contain_text("Qaraqosh")
    page.keyboard.press("Enter")
    expect(page.locator("#dz-panel-title")).to_have_text("Qaraqosh")
    expect(page.locator("#dz-panel-title")).to_be_focused()
    assert "place=qaraqosh" in page.url

    # Back to the box from the keyboard (past the timeline: its one event stop, the As-of
    # day's fields), an Arabic alias with harakat, arrow, Enter.
    for _ in range(12):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.id === 'dz-search-input'"):
            break
    expect(box).to_be_focused()
    box.fill("")
    page.keyboard.type("لَهيبان")
    option = page.get_by_role("option").first
    expect(option).to_contain_text("Lheiban")
    expect(option).to_contain_text("also written لهيبان")
    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "dz-result-0")
    page.keyboard.press("Enter")
    expect_lheiban(page)
    watch.assert_clean("searching")


def test_every_name_and_alias_finds_its_place(desktop: Page, hostile_site: str) -> None:
    """The reader folds the query as geo.search folds the names (Python): every name and alias
    in the data, Arabic and hostile ones included, finds its own place."""
    page = desktop
    watch = open_edition(page, hostile_site)
    data = page.evaluate("() => fetch('reader.json').then(r => r.json())")
    limits = data["search"]
    cases = [
        (entry[0], name)
        for entry in data["search"]["places"]
        for key, name in zip(entry[1], entry[2], strict=True)
        if len(key) >= limits["min"] and len(name) <= limits["max"]
    ]
    assert any("\u0600" <= ch <= "\u06ff" for _, name in cases for ch in name)  # Arabic too
    found = page.evaluate(SEARCH_EACH_JS, [name for _, name in cases])
    missed = [(pid, name) for (pid, name), ids in zip(cases, found, strict=True) if pid not in ids]
    assert missed == []
    watch.assert_clean("searching every name")


def test_a_passage_found_by_its_words_opens_its_card(desktop: Page, site: str) -> None:
    """ "thermal night vision" finds one passage, the words marked in the hit; Enter shows
    the passage, the words marked, its places as chips and outlined, in the URL; the live
    region says so."""
    page = desktop
    watch = open_edition(page, site)
    box = page.get_by_role("combobox", name="Search places, passages and events")
    box.fill("thermal night vision")
    hit = page.locator("#dz-search-results [data-passage]")
    expect(hit).to_have_count(1)
    expect(hit.locator("mark")).to_have_text(["thermal night vision"])
    box.press("Enter")
    title = page.locator("#dz-panel-title")
    expect(title).to_have_text("Passage 12 of 38")
    expect(title).to_be_focused()
    panel = page.locator("#dz-panel")
    expect(panel.locator("mark")).to_have_text(["thermal night vision"])
    chips = panel.locator(".dz-chip")
    assert chips.count() >= 1
    assert page.locator("path.dz-selection").count() == chips.count()
    assert "passage=p12-4e8d" in page.url
    expect(page.locator("#dz-announce")).to_have_text(
        re.compile(r"^Passage 12 of 38 shown; \d+ places? outlined on the map\.$")
    )
    expect(page.locator(".dz-article .dz-passage-chosen")).to_have_attribute(
        "data-passage", "p12-4e8d"
    )
    screenshot(page, "reader-desktop-passage.png")
    watch.assert_clean("a passage")
