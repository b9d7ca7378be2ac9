"""The map page's browser tests (tests/map_browser/) share one site and two pages, made once
a run and not once a module: the standalone map page in three versions (map.html;
time.html, opened on the article's day; hostile.html, an actor named with markup), an outer
page holding the map in a same-origin iframe, and the map opened at a desktop's and at a
phone's size with reduced motion.

The two pages go from test to test of every module here, in the order pytest runs them: a
test that moves a shared page's map leaves it framed on the story's focus again (or opens a
page of its own)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace

import pytest
from playwright.sync_api import Browser, Page

import geo.map as geomap
from browsing.staticfiles import serve
from geo.story import Story
from tests.browser import DESKTOP, PHONE
from tests.conftest import ROOT
from tests.map_browser.map_page import ARTICLE_DAY, HOSTILE_NAME, open_map


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, story: Story) -> Iterator[str]:
    """The map page, an outer page holding it in a same-origin iframe, and the assets."""
    root = tmp_path_factory.mktemp("map-site")
    shutil.copytree(ROOT / "static" / "vendor", root / "vendor")

    def page(name: str, **options) -> None:
        m = geomap.build_map(
            story.dataset,
            **{"passage_counts": story.passage_counts, "actors": story.actors, **options},
            story=story.config,
            assets_base_url="/vendor",
        )
        (root / name).write_text(m.get_root().render(), encoding="utf-8")

    page("map.html")
    # The app's map: opened on the article's day (geo.map.time).
    page("time.html", as_of=ARTICLE_DAY)
    hostile = [replace(a, name=HOSTILE_NAME) if a.id == "pmf" else a for a in story.actors]
    page("hostile.html", passage_counts=None, actors=hostile)
    (root / "page.html").write_text(
        '<!doctype html><html lang="en"><title>Story</title>'
        '<iframe title="map" src="map.html" style="width:900px;height:600px"></iframe></html>',
        encoding="utf-8",
    )
    with serve(root) as base:
        yield base


@pytest.fixture(scope="session")
def desktop(browser: Browser, site: str) -> Iterator[Page]:
    page = open_map(browser, site, DESKTOP, reduced_motion="reduce")
    yield page
    page.context.close()


@pytest.fixture(scope="session")
def phone(browser: Browser, site: str) -> Iterator[Page]:
    page = open_map(browser, site, PHONE, reduced_motion="reduce")
    yield page
    page.context.close()
