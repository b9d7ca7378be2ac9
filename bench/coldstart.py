"""A cold start, timed from Python: the server launched (the Streamlit variants), the page
opened in a fresh browser context (empty cache), until the first Leaflet path is in the map's
DOM; with the first load's bytes, counted until the page has settled."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from bench.harness import map_frame, new_page, settle, wait_network_idle, wait_painted
from bench.meters import ByteMeter
from bench.servers import Sites, environment, page_url, served
from bench.variants import Facts, Variant


def nothing_saved(folder: Path, start: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """A cold start whose server saves its story in an empty FOLDER (ui/prepared.py): the
    first start after the story or the code changed, which `make bench` otherwise skips
    (it prepares the story first, as `make run` does)."""
    with environment({"DZM_PREPARED_DIR": str(folder)}):
        return start()


def attempt(
    label: str, raw: dict[str, Any], start: Callable[[], dict[str, Any]]
) -> dict[str, Any] | None:
    """One cold start, printed; a failure is printed and counted in RAW, not raised."""
    print(f"cold start {label}", flush=True)
    try:
        return start()
    except (PlaywrightError, RuntimeError) as exc:
        print(f"  failed: {exc}", flush=True)
        raw["cold_failed"].append(str(exc))
        return None


def cold_start(
    browser: Browser, variant: Variant, workdir: Path, sites: Sites, facts: Facts
) -> dict[str, Any]:
    """One cold start: launch (not for the floor) → navigate → first path in the DOM.

    Also the first load's bytes, counted until the page has settled, and the map size.
    """
    context, page = new_page(browser, variant)
    meter = ByteMeter()
    meter.attach(context, page)
    t_launch = time.perf_counter()
    try:
        with served(variant, workdir, sites) as base:
            t_healthy = time.perf_counter()
            page.goto(page_url(variant, base, facts.actor_ids), wait_until="commit")
            wait_painted(page, variant)
            t_painted = time.perf_counter()
            idle = wait_network_idle(page)
            settle(page, variant)
            size = map_frame(page, variant).evaluate(
                "() => { const s = window.map.getSize(); return [s.x, s.y]; }"
            )
    finally:
        context.close()
    launched = variant.streamlit
    return {
        "ms": (t_painted - t_launch) * 1000,
        "launch_to_healthy_ms": (t_healthy - t_launch) * 1000 if launched else None,
        "navigation_to_painted_ms": (t_painted - t_healthy) * 1000,
        "network_idle": idle,
        "bytes": meter.summary(),
        "files": meter.breakdown(),
        "map_size": size,
    }
