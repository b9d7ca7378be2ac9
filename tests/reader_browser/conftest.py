"""The reader's browser tests on its static host (tests/reader_browser/) share two editions,
each built and served once a run and not once a module: the shipped story's
(``edition_dir``, served at ``site``) and one with every hostile payload in every field
(``hostile_site``). Each test has pages of its own: a desktop's, a touch phone's, and an
audit page at each width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from geo.publish import write_edition
from geo.story import load_story
from tests.browser import DESKTOP, PHONE
from tests.conftest import DATA
from tests.hostile_data import build_hostile_edition_data
from tests.hosts import serve_edition


@pytest.fixture(scope="session")
def edition_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published")
    write_edition(load_story(DATA), out)
    return out


@pytest.fixture(scope="session")
def site(edition_dir: Path) -> Iterator[str]:
    yield from serve_edition(edition_dir)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = build_hostile_edition_data(tmp_path_factory.mktemp("hostile-published") / "data")
    out = tmp_path_factory.mktemp("hostile-edition")
    write_edition(load_story(data), out)
    yield from serve_edition(out)


def new_context(browser: Browser, **options):
    return browser.new_context(**options)


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def audit_page(request, browser: Browser) -> Iterator[Page]:
    """A page for an axe audit, at each width. The page's policy would refuse axe's injected
    script: bypassed for the audit only."""
    context = new_context(browser, viewport=request.param, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    context = new_context(browser, viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    # Reduced motion: the panel jumps into view instead of scrolling smoothly, so the
    # screenshot shows where it settles.
    context = new_context(
        browser, viewport=PHONE, has_touch=True, is_mobile=True, reduced_motion="reduce"
    )
    yield context.new_page()
    context.close()
