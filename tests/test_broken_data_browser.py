"""Broken data in the app: on a folder with many faults at once, the app lists every
problem in its "Data problems" panel and still draws, and lets a reader click, the valid
features."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browsing.appserver import start_app, stop_app
from browsing.mappage import MAP_IFRAME, POINT_OF_JS
from tests.breaking import edit_feature
from tests.conftest import ARTIFACTS, DATA

# --- the app, on a folder with many faults ------------------------------------------------------


def break_many(folder: Path) -> list[str]:
    """Break one thing in each of several files; return text the problems panel must show."""
    (folder / "qarachok.geojson").write_text('{"type": "FeatureCollection", "features": [',
                                             encoding="utf-8")  # fmt: skip
    edit_feature(folder, "places.geojson", "hawija",
                 geometry={"type": "Point", "coordinates": [35.4, 44.1]})  # fmt: skip
    edit_feature(folder, "places.geojson", "kifri", id='<img src=x onerror="window.__pwned=1">')
    edit_feature(folder, "provinces.geojson", "prov-diyala", certainty=None)
    edit_feature(folder, "forces.geojson", "force-isis-lheiban-attacks", actor="martians")
    shutil.copy(folder / "zone.geojson", folder / "zones-old.geojson")
    return [
        "qarachok.geojson",
        "invalid JSON",
        "hawija",
        "look swapped",
        '<img src=x onerror="window.__pwned=1">',
        "must be a slug",
        "prov-diyala",
        "certainty",
        "force-isis-lheiban-attacks",
        "martians",
        "zones-old.geojson",
    ]


@pytest.fixture(scope="module")
def broken_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    folder = tmp_path_factory.mktemp("broken") / "data"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("raw"))
    shown = break_many(folder)
    ARTIFACTS.mkdir(exist_ok=True)
    proc, url = start_app(data=folder)
    yield url, shown
    stop_app(proc)


@pytest.mark.e2e
def test_app_lists_the_problems_and_draws_the_rest(page: Page, broken_app) -> None:
    """On a broken folder the app opens a "Data problems" panel naming each fault, and the
    map still draws the valid features: Lheiban is there and clickable."""
    url, shown = broken_app
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=30_000)
    panel = page.get_by_test_id("stExpander").filter(has_text="Data problems")
    expect(panel).to_contain_text("skipped")
    for text in shown:
        expect(panel).to_contain_text(text)
    # The open problems panel pushes the map down: bring it into view to click it.
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    point = frame.locator("body").evaluate(POINT_OF_JS, "lheiban")
    assert point is not None, "Lheiban is not drawn"
    assert frame.locator("body").evaluate(POINT_OF_JS, "hawija") is None
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    expect(page.locator("#dz-panel-title")).to_have_text("Lheiban", timeout=15_000)
    assert page.evaluate("() => window.__pwned || null") is None
    assert errors == []
    page.screenshot(path=str(ARTIFACTS / "broken-data.png"), full_page=True)
