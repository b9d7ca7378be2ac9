"""How near the stack's floor is the app's cold start?

`python -m bench.floor [--reps N]` (or `make floor`) times cold starts of two pages,
interleaved so drift on a shared machine hits both alike, with `bench.run`'s own harness
(fresh browser context, server launched, until the first Leaflet path is in the map's
DOM):

- (a) the app, exactly as `make bench` times it;
- (e) the stack's floor: `bench/floor_app.py`, one Streamlit page holding one small folium
  map in streamlit-folium and nothing else, its script already run once when the browser
  navigates (the time that takes is not counted). No app can start faster on this stack.

It prints and writes `bench/results/floor.{json,md}`: medians of each part (launch →
healthy, navigation → painted, the whole) and what the app adds to the floor. The cold
start target of issue 11 (3 s) is compared with both.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

from bench.coldstart import attempt, cold_start
from bench.harness import new_page, wait_painted
from bench.machine import speed_probe
from bench.report import write_results
from bench.servers import Sites, beside_static, environment, page_url
from bench.variants import APP, RESULTS, Variant, story_facts
from browsing import ROOT
from browsing.appserver import start_app, stop_app
from browsing.chromium import CHROMIUM, CHROMIUM_ARGS
from deploy.replicas import SCRIPT_CHECK_ENV, script_check

FLOOR_APP = ROOT / "bench" / "floor_app.py"
STACK_FLOOR = Variant("e", "(e) stack floor", in_iframe=True, streamlit=True)
TARGET_MS = 3_000
PARTS = ("launch_to_healthy_ms", "navigation_to_painted_ms", "ms")


def floor_start(browser: Browser, workdir: Path) -> dict[str, Any]:
    """One cold start of the floor page, as a lower bound: the server's launch to healthy,
    then its script is run once (Streamlit's script check, so its imports are done, as
    ``server.py``'s warm-up does for the app, but here before the clock restarts), then
    navigation to painted. The whole is the sum of the two timed parts; the warm-up is not
    counted. The script runs beside the app's ``static/`` (``bench.servers.beside_static``), so
    it serves the same vendor files, alike."""
    script = beside_static(workdir, FLOOR_APP)
    context, page = new_page(browser, STACK_FLOOR)
    t_launch = time.perf_counter()
    with environment(SCRIPT_CHECK_ENV):
        proc, url = start_app(script=script)
    try:
        t_healthy = time.perf_counter()
        status, text, _took = script_check(f"{url}/")
        if status != 200:
            raise RuntimeError(f"the floor page's script did not run: {status} {text}")
        t_warm = time.perf_counter()
        page.goto(page_url(STACK_FLOOR, url, []), wait_until="commit")
        wait_painted(page, STACK_FLOOR)
        t_painted = time.perf_counter()
    finally:
        context.close()
        stop_app(proc)
    healthy = (t_healthy - t_launch) * 1000
    painted = (t_painted - t_warm) * 1000
    return {"ms": healthy + painted, "launch_to_healthy_ms": healthy,
            "navigation_to_painted_ms": painted}  # fmt: skip


def medians(runs: list[dict[str, Any]]) -> dict[str, float] | None:
    if not runs:
        return None
    return {part: statistics.median(run[part] for run in runs) for part in PARTS}


def markdown(report: dict[str, Any]) -> str:
    app, floor = report["app"], report["floor"]
    rows = [
        "| cold start, median | launch → healthy | navigation → painted | whole |",
        "|---|---:|---:|---:|",
    ]
    for label, m in (("(a) the app", app), ("(e) stack floor (one small map)", floor)):
        if m is None:
            rows.append(f"| {label} | failed | failed | failed |")
            continue
        cells = " | ".join(f"{m[part] / 1000:.2f} s" for part in PARTS)
        rows.append(f"| {label} | {cells} |")
    lines = [
        f"Cold starts, {report['reps']} of each, interleaved; speed probe "
        f"{report['speed_probe_ms']:.0f} ms; {report['finished']}.",
        "",
        *rows,
        "",
    ]
    if app and floor:
        lines.append(
            f"The app adds {(app['ms'] - floor['ms']) / 1000:.2f} s to the floor "
            f"({app['ms'] / floor['ms']:.2f}x). The target is {TARGET_MS / 1000:.0f} s: "
            f"the floor alone is {floor['ms'] / TARGET_MS:.2f}x of it on this machine."
        )
    if report["failed"]:
        lines.append(f"Failed starts: {len(report['failed'])} (in floor.json).")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7, help="cold starts of each page")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"default {RESULTS}")
    args = parser.parse_args(argv)
    if args.reps < 1:
        parser.error("--reps must be at least 1")
    facts = story_facts()
    raw: dict[str, list[Any]] = {"app": [], "floor": [], "cold_failed": []}
    probe = speed_probe()
    with tempfile.TemporaryDirectory(prefix="floor-") as tmp, sync_playwright() as pw:
        workdir = Path(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        sites = Sites(floor="", published="")  # neither static site is started
        for rep in range(args.reps):
            starts = (
                ("app", APP.label, partial(cold_start, browser, APP, workdir, sites, facts)),
                ("floor", STACK_FLOOR.label, partial(floor_start, browser, workdir / "e")),
            )
            for key, label, start in starts:
                result = attempt(f"{label} #{rep + 1}", raw, start)
                if result is not None:
                    raw[key].append({part: result[part] for part in PARTS})
        browser.close()
    report = {
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "reps": args.reps,
        "speed_probe_ms": probe,
        "app": medians(raw["app"]),
        "floor": medians(raw["floor"]),
        "failed": raw["cold_failed"],
        "raw": raw,
    }
    write_results(args.out, "floor", report, markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
