"""Benchmark the app against the static-page floor and the naive Streamlit pattern.

``python -m bench.run`` (``make bench``) measures four variants on the same layers (the
story's base map plus all six actor force layers), in one run, in headless Debian Chromium
(``bench.variants``; their servers: ``bench.servers``):

- (a) the app, ``streamlit run server.py``, started by ``browsing.appserver.start_app``;
- (b) the floor, a static folium page with a client-side ``LayerControl``
  (``bench.static_page``), served by ``browsing.staticfiles`` on 127.0.0.1;
- (c) the naive pattern, ``bench/naive_app.py``: rebuild the map on every rerun;
- (d) the published edition, ``python -m geo publish``, served as static files.

Every timing runs from the DOM event of the action to the observable result, both read
with ``performance.now()`` in the page (``bench/js/harness.js``, installed by
``bench.harness``; the interactions: ``bench.interactions``); cold starts are timed in
Python from process launch to the first Leaflet path in the DOM (``bench.coldstart``). Raw
samples, a summary (``bench.summary``) and the machine (``bench.machine``) go to
``bench/results/latest.json``; a markdown table (``bench.report``) goes to
``bench/results/latest.md`` and to stdout. Method: ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

from bench import static_page
from bench.coldstart import attempt, cold_start, nothing_saved
from bench.interactions import interactions
from bench.machine import CpuLog, machine
from bench.report import markdown, write_results
from bench.servers import Sites, static_sites
from bench.summary import summarise, targets
from bench.variants import (
    APP,
    FLOOR,
    NAIVE,
    PUBLISHED,
    QUIET_MS,
    RESULTS,
    VARIANTS,
    VIEWPORT,
    Facts,
    story_facts,
)
from browsing import DATA
from browsing.chromium import CHROMIUM, CHROMIUM_ARGS

# A smoke run never overwrites the full run's figures.
QUICK_RESULTS = RESULTS / "quick"
# --quick: a smoke run of the harness (about 2 minutes).
QUICK_REPS = 3
QUICK_TOGGLE_PAIRS = 3


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=None, help="cold starts, hovers, clicks")
    parser.add_argument("--toggle-pairs", type=int, default=None, help="off+on toggles")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a smoke run: {QUICK_REPS} reps and {QUICK_TOGGLE_PAIRS} toggle pairs "
        "(unless given); its figures are for checking the harness, not for the README",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help=f"default {RESULTS} ({QUICK_RESULTS} if --quick)"
    )
    args = parser.parse_args(argv)
    if args.out is None:
        args.out = QUICK_RESULTS if args.quick else RESULTS
    if args.reps is None:
        args.reps = QUICK_REPS if args.quick else 10
    if args.toggle_pairs is None:
        args.toggle_pairs = QUICK_TOGGLE_PAIRS if args.quick else 12
    if args.reps < 1 or args.toggle_pairs < 1:
        parser.error("--reps and --toggle-pairs must be at least 1")
    return args


def cold_starts(
    browser: Browser, workdir: Path, sites: Sites, facts: Facts, raw: dict[str, Any], reps: int
) -> None:
    """REPS cold starts of each variant into RAW, interleaved so drift hits all four alike.
    The app's first start gives the map size the static page is built with; after each of
    the app's starts, one more with nothing saved."""
    site = workdir / "site"
    for rep in range(reps):
        for v in (APP, NAIVE, FLOOR, PUBLISHED):
            start = partial(cold_start, browser, v, workdir, sites, facts)
            result = attempt(f"{v.label} #{rep + 1}", raw[v.key], start)
            if result is None:
                continue
            raw[v.key]["cold"].append(result)
            if v is APP and not site.exists():
                width, height = result["map_size"]
                static_page.write_site(site, DATA, width, height)
            if v is APP:
                empty = partial(nothing_saved, workdir / f"prepared-{rep}", start)
                result = attempt(f"{v.label}, nothing saved #{rep + 1}", raw[v.key], empty)
                if result is not None:
                    raw[v.key]["cold_unprepared"].append(result)


def measure(args: argparse.Namespace, facts: Facts, cpu: CpuLog) -> tuple[dict, dict]:
    """Every variant's cold starts, then its interactions; the raw samples and the machine."""
    raw: dict[str, Any] = {
        v.key: {"cold": [], "cold_unprepared": [], "cold_failed": [], "interactions": {}}
        for v in VARIANTS
    }
    with (
        tempfile.TemporaryDirectory(prefix="bench-") as tmp,
        sync_playwright() as pw,
    ):
        workdir = Path(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        info = machine(browser)
        with static_sites(workdir) as sites:
            cold_starts(browser, workdir, sites, facts, raw, args.reps)
            cpu.note("cold starts")
            for v in VARIANTS:
                print(f"interactions {v.label}", flush=True)
                raw[v.key]["interactions"] = interactions(
                    browser, v, workdir, sites, facts, args.toggle_pairs, args.reps
                )
                cpu.note(f"interactions {v.key}")
        browser.close()
    return raw, info


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    cpu = CpuLog()
    cpu.note("before")
    facts = story_facts()
    data_bytes = sum(p.stat().st_size for p in DATA.glob("*.geojson"))
    raw, info = measure(args, facts, cpu)
    summary = summarise(raw)
    report = {
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_s": time.perf_counter() - started,
        "machine": info,
        "settings": {
            "quick": args.quick,
            "reps": args.reps,
            "toggle_pairs": args.toggle_pairs,
            "viewport": VIEWPORT,
            "quiet_ms": QUIET_MS,
            "chromium_args": CHROMIUM_ARGS,
        },
        "cpu": cpu.phases,
        "data_geojson_bytes": data_bytes,
        "summary": summary,
        "targets": targets(summary, data_bytes),
        "raw": raw,
    }
    write_results(args.out, "latest", report, markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
