"""Load test: many concurrent reader sessions against one `streamlit run app.py`.

``python -m bench.load`` (``make load``) starts the app once on 127.0.0.1 (via
``tests.conftest.start_app``), opens ``--sessions`` pages (default 20) spread over
``--browsers`` headless Chromium processes (default 3; each page in its own context, so
its own Streamlit session), and has every session, for ``--duration`` seconds (default
60), click places on the map and toggle force layers, as a reader would.

Reported:
- errors, which must be none: page errors (uncaught JS), exceptions shown in the app
  (``stException``), failed requests and HTTP responses >= 400, and actions that time out;
- click → passages-visible latency (p50/p95/max): from the mouse click on a place to its
  panel showing its name and at least one passage (read in the page with
  ``requestAnimationFrame`` polling by ``wait_for_function``);
- toggle latency: Space on a layer switch → the actor's features drawn on (or gone
  from) the map;
- the server's RSS (``/proc/PID/status`` VmRSS; psutil is not needed), sampled every second.

Bounded: each session stops ``--duration`` seconds after its map is drawn, every wait has a
timeout (page load 120 s, action 30 s), and a watchdog ends the run at ramp + 120 s +
duration + ``--grace``; the server is stopped in all cases. Results go to
``bench/results/load.json`` (raw samples, summary, machine) and ``bench/results/load.md``.
Only loopback traffic: any request to another host is counted as an error and aborted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Browser, Page, async_playwright, expect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, start_app, stop_app  # noqa: E402

RESULTS = ROOT / "bench" / "results"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Places with passages, and the name their panel shows; consecutive clicks always differ.
PLACES = (
    ("lheiban", "Lheiban"),
    ("baghdad", "Baghdad"),
    ("debaga", "Debaga"),
    ("erbil", "Irbil"),
    ("sulaymaniyah", "Sulaymaniyah"),
)
# (switch label, actor id): a toggle is done when the map has (or no longer has) the
# actor's features.
LAYERS = (
    ("Kurdish peshmerga", "peshmerga"),
    ("ISIS", "isis"),
    ("Popular Mobilisation Forces (PMF)", "pmf"),
)
ACTOR_DRAWN_JS = """(actor) => {
  let n = 0;
  window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && p.actor === actor) n++; });
  return n;
}"""
ACTION_TIMEOUT_MS = 30_000
LOAD_TIMEOUT_MS = 120_000

POINT_OF_JS = """(id) => {
  let out = null;
  window.map.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.id === id && l.getLatLng
        && l.options.radius < 100) {
      const p = window.map.latLngToContainerPoint(l.getLatLng()); out = [p.x, p.y];
    }
  });
  return out;
}"""
PANEL_SHOWS_JS = """(name) => {
  const panel = document.querySelector('.st-key-place-panel');
  if (!panel) return false;
  const h = panel.querySelector('h1, h2, h3');
  return !!h && h.textContent.trim().startsWith(name)
    && panel.querySelectorAll('[class*="st-key-panel-passage-"]').length > 0;
}"""


@dataclass
class Tally:
    loads_ms: list[float] = field(default_factory=list)
    clicks_ms: list[float] = field(default_factory=list)
    toggles_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sessions_started: int = 0
    sessions_ok: int = 0

    def error(self, session: int, what: str) -> None:
        self.errors.append(f"session {session}: {what}"[:500])


class RssSampler(threading.Thread):
    """Samples VmRSS of a process (KiB from /proc) every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, float]] = []  # (seconds since start, MiB)
        self.cpu: list[tuple[float, float]] = []  # (seconds since start, CPU seconds used)
        self._tick = os.sysconf("SC_CLK_TCK")
        self._halt = threading.Event()
        self._t0 = time.monotonic()

    def rss_mib(self) -> float | None:
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def cpu_seconds(self) -> float | None:
        """utime + stime of the process, from /proc/PID/stat."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / self._tick

    def busy(self) -> float | None:
        """Share of one core the process used between the first and last sample."""
        if len(self.cpu) < 2 or self.cpu[-1][0] <= self.cpu[0][0]:
            return None
        (t0, c0), (t1, c1) = self.cpu[0], self.cpu[-1]
        return round((c1 - c0) / (t1 - t0), 2)

    def run(self) -> None:
        while not self._halt.is_set():
            value = self.rss_mib()
            now = round(time.monotonic() - self._t0, 1)
            if value is not None:
                self.samples.append((now, round(value, 1)))
            cpu = self.cpu_seconds()
            if cpu is not None:
                self.cpu.append((now, cpu))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


def watch_page(page: Page, session: int, tally: Tally) -> None:
    page.on("pageerror", lambda e: tally.error(session, f"page error: {e}"))
    page.on(
        "requestfailed",
        lambda r: tally.error(session, f"request failed: {r.url} ({r.failure})"),
    )

    def on_response(response) -> None:
        if response.status >= 400:
            tally.error(session, f"HTTP {response.status}: {response.url}")

    page.on("response", on_response)


async def loopback_only(route, request) -> None:
    if urlsplit(request.url).hostname in ("127.0.0.1", "localhost") or request.url.startswith(
        "data:"
    ):
        await route.continue_()
    else:
        await route.abort()


async def click_place(page: Page, place_id: str, name: str) -> float:
    frame = page.frame_locator(MAP_IFRAME)
    point = await frame.locator("body").evaluate(f"(_b, id) => ({POINT_OF_JS})(id)", place_id)
    if point is None:
        raise RuntimeError(f"{place_id} is not drawn")
    box = await page.locator(MAP_IFRAME).bounding_box()
    t0 = time.perf_counter()
    await page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    await page.wait_for_function(PANEL_SHOWS_JS, arg=name, timeout=ACTION_TIMEOUT_MS)
    return (time.perf_counter() - t0) * 1000


async def toggle_layer(page: Page, label: str, actor: str) -> float:
    # The layer switches: in the sidebar or beside the map, depending on the app's version.
    box = page.get_by_role("checkbox", name=label, exact=True)
    before = await box.is_checked()
    await box.focus()
    t0 = time.perf_counter()
    await page.keyboard.press("Space")
    await expect(box).to_be_checked(checked=not before, timeout=ACTION_TIMEOUT_MS)
    map_frame = await (await page.locator(MAP_IFRAME).element_handle()).content_frame()
    want = "> 0" if not before else "=== 0"
    await map_frame.wait_for_function(
        f"(a) => ({ACTOR_DRAWN_JS})(a) {want}", arg=actor, timeout=ACTION_TIMEOUT_MS
    )
    return (time.perf_counter() - t0) * 1000


async def session(
    index: int, browser: Browser, url: str, duration: float, tally: Tally, start_gate: float
) -> None:
    # Stagger arrivals over the first seconds so the first page loads do not all collide.
    await asyncio.sleep(max(0.0, start_gate - time.monotonic()))
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        await context.route("**/*", loopback_only)
        page = await context.new_page()
        watch_page(page, index, tally)
        tally.sessions_started += 1
        t0 = time.perf_counter()
        await page.goto(url, timeout=LOAD_TIMEOUT_MS)
        frame = page.frame_locator(MAP_IFRAME)
        await frame.locator("path.leaflet-interactive").first.wait_for(
            state="attached", timeout=LOAD_TIMEOUT_MS
        )
        tally.loads_ms.append((time.perf_counter() - t0) * 1000)
        # The session's minute of reading starts once its map is drawn.
        deadline = time.monotonic() + duration
        step = index  # each session starts at a different place and layer
        while time.monotonic() < deadline:
            if step % 3 == 2:
                label, actor = LAYERS[(step // 3) % len(LAYERS)]
                tally.toggles_ms.append(await toggle_layer(page, label, actor))
            else:
                place_id, name = PLACES[step % len(PLACES)]
                tally.clicks_ms.append(await click_place(page, place_id, name))
            if await page.get_by_test_id("stException").count():
                text = await page.get_by_test_id("stException").first.inner_text()
                tally.error(index, f"exception shown in the app: {text[:300]}")
                break
            step += 1
        tally.sessions_ok += 1
    except Exception as exc:  # a timeout or a crash is a result, not a reason to stop
        tally.error(index, f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
    finally:
        await context.close()


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return round(ordered[rank], 1)


def summary(values: list[float]) -> dict[str, Any]:
    return {
        "n": len(values),
        "p50_ms": percentile(values, 50),
        "p95_ms": percentile(values, 95),
        "max_ms": round(max(values), 1) if values else None,
        "mean_ms": round(statistics.fmean(values), 1) if values else None,
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    ARTIFACTS.mkdir(exist_ok=True)
    proc, url = start_app(data=args.data)
    sampler = RssSampler(proc.pid)
    sampler.start()
    tally = Tally()
    t_start = time.monotonic()
    try:
        async with async_playwright() as pw:
            browsers = [
                await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for _ in range(args.browsers)
            ]
            ramp = args.ramp
            tasks = [
                session(
                    i,
                    browsers[i % len(browsers)],
                    url,
                    args.duration,
                    tally,
                    time.monotonic() + ramp * i / max(1, args.sessions),
                )
                for i in range(args.sessions)
            ]
            try:
                await asyncio.wait_for(
                    asyncio.gather(*tasks),
                    timeout=ramp + LOAD_TIMEOUT_MS / 1000 + args.duration + args.grace,
                )
            except TimeoutError:
                tally.errors.append(f"watchdog: sessions still running {args.grace}s after end")
            for browser in browsers:
                await browser.close()
    finally:
        try:
            sampler.stop()
        finally:
            stop_app(proc)
    elapsed = time.monotonic() - t_start
    rss = [v for _, v in sampler.samples]
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": {
            "sessions": args.sessions,
            "browsers": args.browsers,
            "duration_s": args.duration,
            "ramp_s": args.ramp,
            "data": str(args.data) if args.data else "data/ (shipped)",
            "places": [p for p, _ in PLACES],
            "layers": [actor for _, actor in LAYERS],
        },
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "chromium": CHROMIUM,
        },
        "elapsed_s": round(elapsed, 1),
        "sessions_started": tally.sessions_started,
        "sessions_completed": tally.sessions_ok,
        "errors": tally.errors,
        "first_load_to_map": summary(tally.loads_ms),
        "click_to_passages": summary(tally.clicks_ms),
        "toggle": summary(tally.toggles_ms),
        "server_rss_mib": {
            "start": rss[0] if rss else None,
            "peak": max(rss) if rss else None,
            "end": rss[-1] if rss else None,
            "samples": sampler.samples,
        },
        # The server is one Python process: near 1.0 means it is the bottleneck (the GIL).
        "server_cpu_cores_busy": sampler.busy(),
        "raw": {
            "clicks_ms": [round(v, 1) for v in tally.clicks_ms],
            "toggles_ms": [round(v, 1) for v in tally.toggles_ms],
            "loads_ms": [round(v, 1) for v in tally.loads_ms],
        },
    }


def markdown(result: dict[str, Any]) -> str:
    c, t, m = result["click_to_passages"], result["toggle"], result["server_rss_mib"]
    f = result["first_load_to_map"]
    cfg = result["config"]
    lines = [
        "# Load test",
        "",
        f"{cfg['sessions']} concurrent sessions in {cfg['browsers']} headless Chromium "
        f"processes, each {cfg['duration_s']} s of clicks and layer toggles once its map "
        f"is drawn (arrivals staggered over {cfg['ramp_s']} s), against one "
        "`streamlit run app.py` on 127.0.0.1; "
        f"{result['machine']['cpus']} CPUs; {result['when']}.",
        "",
        "| measure | n | p50 | p95 | max |",
        "|---|---|---|---|---|",
        f"| page open → map drawn | {f['n']} | {f['p50_ms']} ms | {f['p95_ms']} ms "
        f"| {f['max_ms']} ms |",
        f"| click → passages visible | {c['n']} | {c['p50_ms']} ms | {c['p95_ms']} ms "
        f"| {c['max_ms']} ms |",
        f"| layer toggle → map updated | {t['n']} | {t['p50_ms']} ms | {t['p95_ms']} ms "
        f"| {t['max_ms']} ms |",
        "",
        f"Server RSS: {m['start']} MiB at start, {m['peak']} MiB peak, {m['end']} MiB at the "
        f"end ({len(m['samples'])} samples, 1 s apart). Server CPU: "
        f"{result['server_cpu_cores_busy']} of a core on average over the run.",
        "",
        f"Sessions: {result['sessions_started']} started, {result['sessions_completed']} "
        f"completed. Errors: **{len(result['errors'])}**.",
    ]
    lines += [f"- {e}" for e in result["errors"][:50]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--browsers", type=int, default=3)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per session")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds to stagger arrivals")
    parser.add_argument("--grace", type=float, default=60.0, help="watchdog after the end")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default data/)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    result = asyncio.run(run(args))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "load.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    text = markdown(result)
    (args.out / "load.md").write_text(text, encoding="utf-8")
    print(text)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
