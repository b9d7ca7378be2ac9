"""What the reader's browser tests on its static host (tests/reader_browser/) share: the
published page's map and the scripts that ask it, how to open the edition and wait for its
reader, a click on a place, what the panel shows for Lheiban and for an event, the map's day,
the edition's reader.json, screenshots and axe-core."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser import axe_violations, describe
from tests.conftest import ARTIFACTS
from tests.payload_watch import Watch

# The published page's Leaflet map: folium's global, named in <body data-dz-map>.
MAP = "window[document.body.dataset.dzMap]"

# Where a feature's named (keyboard-labelled) point is, in the map container's pixels.
POINT_OF_JS = f"""(id) => {{
  const map = {MAP}; let out = null;
  map.eachLayer(l => {{ const p = l.feature && l.feature.properties;
    if (p && p.id === id && typeof p.label === 'string' && l.getLatLng && !out) {{
      const pt = map.latLngToContainerPoint(l.getLatLng()); out = [pt.x, pt.y]; }} }});
  return out;
}}"""

IN_VIEW_JS = f"(at) => {MAP}.getBounds().contains(at)"

HEADING_BELOW_MAP_JS = """() => {
  const heading = document.querySelector('#dz-panel-title').getBoundingClientRect();
  const map = document.querySelector('.dz-map').getBoundingClientRect();
  return heading.top >= map.bottom - 1 && heading.top <= map.bottom + 24;
}"""

SCREENSHOTS = Path("/tmp/ptl-check")


def assert_axe_clean(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def screenshot(page: Page, name: str, **options) -> None:
    """Into test-results/ and /tmp/ptl-check/ (pytest-playwright empties test-results)."""
    path = ARTIFACTS / name
    page.screenshot(path=str(path), **options)
    SCREENSHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SCREENSHOTS / name)


def open_edition(page: Page, url: str) -> Watch:
    """Open the page and wait until the panel has its data and the URL is applied."""
    watch = Watch(page)
    page.goto(url)
    expect(page.locator(".dz-reader")).to_have_attribute("data-dz-ready", "1", timeout=20_000)
    expect(page.locator("path.leaflet-interactive").first).to_be_attached()
    return watch


def click_place(page: Page, place_id: str) -> None:
    point = page.evaluate(POINT_OF_JS, place_id)
    assert point is not None, f"{place_id} is not drawn as a point"
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def place_at(edition_dir: Path, place_id: str) -> list[float]:
    data = json.loads((edition_dir / "reader.json").read_text(encoding="utf-8"))
    return data["places"][place_id]["at"]


def expect_lheiban(page: Page) -> None:
    """The panel shows Lheiban: facts, its nine passages, the five mentions marked."""
    panel = page.locator("#dz-panel")
    expect(panel.get_by_role("heading", level=2)).to_have_text("Lheiban")
    expect(panel.locator(".dz-passage")).to_have_count(9)
    expect(panel.locator(".dz-passage mark")).to_have_count(5)
    for mark in panel.locator(".dz-passage mark").all_text_contents():
        assert mark == "Lheiban"
    expect(panel.locator(".dz-facts")).to_contain_text("approximate (researched estimate)")
    expect(panel.locator(".dz-facts")).to_contain_text("Researched estimate from public reporting")
    expect(page.locator("path.dz-selection")).to_have_count(1)
    assert "place=lheiban" in page.url


def edition_data(edition_dir: Path) -> dict:
    return json.loads((edition_dir / "reader.json").read_text(encoding="utf-8"))


def event_label(event: dict) -> str:
    return f"{event['when']} · {event['title']}"


def expect_day(page: Page, day: str) -> None:
    """The map shows `day` (dzTime.get()), and the As-of box and the page say so."""
    expect(page.locator("#dz-asof")).to_have_value(day)
    expect(page.locator(".dz-reader")).to_have_attribute("data-dz-day", day)
    page.wait_for_function(f"() => window.dzTime && window.dzTime.get() === {json.dumps(day)}")


def expect_event_card(page: Page, event: dict) -> None:
    panel = page.locator("#dz-panel")
    expect(panel.get_by_role("heading", level=2)).to_have_text(event["title"])
    expect(panel.locator(".dz-when")).to_contain_text(event["when"])
    expect(panel).to_contain_text(event["summary"])
    expect(panel.locator(".dz-source")).to_have_text(event["source"])
    expect(page.locator(".dz-reader")).to_have_attribute("data-dz-event", event["id"])
    assert f"event={event['id']}" in page.url


def move_id() -> str:
    return "joint-move-into-lheiban"
