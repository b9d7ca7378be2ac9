"""How the app grows with N synthetic point events (``python -m bench.scaling``).

For N in 0, 1k, 5k, 20k (``geo.synthetic``, clustered on a canvas), against one
``streamlit run app.py`` on loopback, in headless Debian Chromium:

- load: navigation start -> the map painted with its event cluster holding N points
  (wall clock in Python around Playwright's wait; fresh browser context each time);
- toggle: an actor layer (ISIS) off or on -> its features gone / back in the map's
  Leaflet layers, timed in Python around the checkbox key press and the wait;
- memory: the page's JS heap (CDP ``Performance.getMetrics`` JSHeapUsedSize, the map
  iframe included: same origin, same process) and the server's RSS (/proc VmRSS).

Medians and min-max over repetitions. Writes bench/results/scaling.json, scaling.md
and scaling.png (matplotlib, from the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

from bench.report import write_results
from browsing import ROOT
from browsing.appserver import start_app, stop_app
from browsing.chromium import CHROMIUM, CHROMIUM_ARGS
from browsing.mappage import MAP_IFRAME, actor_features, set_layer, wait_for_actor_count
from geo.synthetic import SIZES

RESULTS = ROOT / "bench" / "results"
LAYERS = "peshmerga,iraqi-army,jcc,isis"
TOGGLE_ACTOR = "isis"
DRAWN = actor_features()[TOGGLE_ACTOR]  # drawn on the article's day
CLUSTERED_POINTS_JS = """() => {
  let n = 0;
  window.map.eachLayer(l => { if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup)
      n = Math.max(n, l.getLayers().length); });
  return n;
}"""


def server_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def js_heap_mb(page: Page) -> float:
    session = page.context.new_cdp_session(page)
    session.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
    session.detach()
    return metrics["JSHeapUsedSize"] / 2**20


def wait_for_events(page: Page, n: int) -> None:
    frame = page.locator(MAP_IFRAME).element_handle(timeout=60_000).content_frame()
    frame.wait_for_function("() => window.map && document.querySelector('path')", timeout=60_000)
    if n:
        frame.wait_for_function(f"({CLUSTERED_POINTS_JS})() === {n}", timeout=120_000)


def measure(page: Page, url: str, n: int, toggles: int) -> dict[str, Any]:
    started = time.perf_counter()
    page.goto(url)
    wait_for_events(page, n)
    load_ms = (time.perf_counter() - started) * 1000
    # Wait for the force layers too, so toggles start from a settled map.
    wait_for_actor_count(page, TOGGLE_ACTOR, DRAWN)
    toggle_ms = []
    for i in range(toggles):
        on = i % 2 == 1
        t0 = time.perf_counter()
        set_layer(page, TOGGLE_ACTOR, on)
        wait_for_actor_count(page, TOGGLE_ACTOR, DRAWN if on else 0)
        toggle_ms.append((time.perf_counter() - t0) * 1000)
    return {"load_ms": load_ms, "toggle_ms": toggle_ms, "js_heap_mb": js_heap_mb(page)}


def stats(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def run(loads: int, toggles: int) -> dict[str, Any]:
    # --bench: the synthetic events (?events=N) exist only for the benchmark.
    proc, base = start_app(app_args=("--bench",))
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for n in (0, *SIZES):
                samples = []
                for _ in range(loads):
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    page = context.new_page()
                    samples.append(measure(page, f"{base}/?layers={LAYERS}&events={n}", n, toggles))
                    rss = server_rss_mb(proc.pid)
                    context.close()
                rows.append(
                    {
                        "n": n,
                        "load_ms": stats([s["load_ms"] for s in samples]),
                        "toggle_ms": stats([t for s in samples for t in s["toggle_ms"]]),
                        "js_heap_mb": stats([s["js_heap_mb"] for s in samples]),
                        "server_rss_mb": rss,
                        "samples": samples,
                    }
                )
                print(f"N={n}: load {rows[-1]['load_ms']['median']:.0f} ms, "
                      f"toggle {rows[-1]['toggle_ms']['median']:.0f} ms")  # fmt: skip
            browser.close()
    finally:
        stop_app(proc)
    return {"loads_per_n": loads, "toggles_per_load": toggles, "rows": rows}


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"Scaling with N synthetic events (median, min–max; {report['loads_per_n']} loads and "
        f"{report['loads_per_n'] * report['toggles_per_load']} toggles per N)",
        "",
        "| N events | load → painted (ms) | layer toggle (ms) "
        "| page JS heap (MB) | server RSS (MB) |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in report["rows"]:
        cells = [
            f"{r[k]['median']:.0f} ({r[k]['min']:.0f}–{r[k]['max']:.0f})"
            for k in ("load_ms", "toggle_ms")
        ]
        lines.append(
            f"| {r['n']:,} | {cells[0]} | {cells[1]} | {r['js_heap_mb']['median']:.1f} "
            f"| {r['server_rss_mb']:.0f} |"
        )
    return "\n".join(lines) + "\n"


def chart(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ns = [r["n"] for r in report["rows"]]
    fig, (time_ax, mem_ax) = plt.subplots(1, 2, figsize=(10, 3.6))
    for key, label in (("load_ms", "load → painted"), ("toggle_ms", "layer toggle")):
        med = [r[key]["median"] for r in report["rows"]]
        low = [r[key]["median"] - r[key]["min"] for r in report["rows"]]
        high = [r[key]["max"] - r[key]["median"] for r in report["rows"]]
        time_ax.errorbar(ns, med, yerr=[low, high], marker="o", capsize=3, label=label)
    time_ax.set(xlabel="synthetic events N", ylabel="ms (median, min–max)", title="Time")
    time_ax.legend()
    mem_ax.plot(ns, [r["js_heap_mb"]["median"] for r in report["rows"]], "o-", label="page JS heap")
    mem_ax.plot(ns, [r["server_rss_mb"] for r in report["rows"]], "s-", label="server RSS")
    mem_ax.set(xlabel="synthetic events N", ylabel="MB", title="Memory")
    mem_ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", type=int, default=3, help="page loads per N")
    parser.add_argument("--toggles", type=int, default=4, help="layer toggles per load")
    args = parser.parse_args(argv)
    report = run(args.loads, args.toggles)
    write_results(RESULTS, "scaling", report, markdown(report))
    chart(report, RESULTS / "scaling.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
