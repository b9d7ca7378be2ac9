"""Load test: many concurrent reader sessions against one `streamlit run app.py`.

``python -m bench.load`` (``make load``) starts the app once on 127.0.0.1 (via
``tests.conftest.start_app``) and runs two phases:

1. Arrival: ``--sessions`` pages (default 20), spread over ``--browsers`` headless Chromium
   processes (default 3; each page in its own context, so its own Streamlit session), open
   one after another over ``--ramp`` seconds. A session has arrived when its map is drawn
   and Streamlit reports its first script run finished.
2. Reading: when every session has arrived, all of them at once spend ``--duration``
   seconds (default 60) clicking places on the map and toggling force layers, pausing
   ``--think`` seconds (default 1-3, drawn per action from a seeded generator) between
   actions, as a reader who glances at the passages would (a reader who reads them pauses
   longer). ``--think 0`` is a stress run with no pause at all.

Reported:
- errors, which must be none: page errors (uncaught JS), exceptions shown in the app
  (``stException``), failed requests and HTTP responses >= 400, and actions that time out;
- click → passages-visible latency (p50/p95/max): from the mouse click on a place to its
  panel showing its name and at least one passage (read in the page with
  ``requestAnimationFrame`` polling by ``wait_for_function``);
- toggle latency: Space on a layer switch → the actor's features drawn on (or gone
  from) the map;
- the server's RSS (``/proc/PID/status`` VmRSS; psutil is not needed), sampled every second,
  and the CPU used during the reading phase by the server and by the whole machine
  (``/proc/stat``): on 2 cores the 20 browsers compete with the server, so both are shown.

Bounded: every wait has a timeout (page load 120 s, action 30 s), a session stops after
three failed actions, and a watchdog ends the run at ramp + 120 s + duration + ``--grace``;
the server is stopped in all cases. Results go to ``bench/results/load.json`` (raw samples,
summary, machine) and ``bench/results/load.md``. Only loopback traffic: any request to
another host is counted as an error and aborted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shlex
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import WS_QUIET_JS  # noqa: E402
from tests.browser import FIRST_RUN_DONE_JS, MAP_IFRAME, POINT_OF_JS  # noqa: E402
from tests.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, start_app, stop_app  # noqa: E402

RESULTS = ROOT / "bench" / "results"
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

PANEL_SHOWS_JS = """(name) => {
  const panel = document.querySelector('.st-key-place-panel');
  if (!panel) return false;
  const h = panel.querySelector('h1, h2, h3');
  const done = !!h && h.textContent.trim().startsWith(name)
    && panel.querySelectorAll('[class*="st-key-panel-passage-"]').length > 0;
  if (done) window.__loadDone = performance.now();
  return done;
}"""
# Before a click: forget earlier websocket frames (noted by bench.run's WS_QUIET_JS).
MARK_JS = "() => { window.__benchWs = []; window.__loadDone = null; return performance.now(); }"
# After it: split the time at the first frame sent (the rerun request) and the last frame
# received before the passages showed: client before (streamlit-folium's 250 ms debounce
# and event handling), server (+ loopback, + the time the page took to take the frames
# in), client after (rendering). All on the page's clock.
SPLIT_JS = """(t0) => {
  const log = window.__benchWs || [], end = window.__loadDone;
  if (end == null) return null;
  const sent = log.find(([t, d]) => d === 'out' && t >= t0);
  if (!sent || sent[0] > end) return null;
  const got = log.filter(([t, d]) => d === 'in' && t >= sent[0] && t <= end);
  if (!got.length) return null;
  const last = got[got.length - 1][0];
  return {client_before_ms: sent[0] - t0, server_ms: last - sent[0], client_after_ms: end - last};
}"""


@dataclass
class Tally:
    loads_ms: list[float] = field(default_factory=list)
    clicks_ms: list[float] = field(default_factory=list)
    click_splits: list[dict[str, float]] = field(default_factory=list)
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
        # (seconds since start, busy jiffies, all jiffies) of the whole machine
        self.machine: list[tuple[float, int, int]] = []
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

    @staticmethod
    def machine_jiffies() -> tuple[int, int] | None:
        """(busy, total) jiffies of all CPUs together, from the first line of /proc/stat."""
        try:
            values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        except (OSError, ValueError):
            return None
        idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
        return sum(values) - idle, sum(values)

    def now(self) -> float:
        return round(time.monotonic() - self._t0, 1)

    def busy(self, start: float = 0.0, end: float = float("inf")) -> float | None:
        """Share of one core the process used between `start` and `end` (sampler seconds)."""
        window = [(t, c) for t, c in self.cpu if start <= t <= end]
        if len(window) < 2 or window[-1][0] <= window[0][0]:
            return None
        (t0, c0), (t1, c1) = window[0], window[-1]
        return round((c1 - c0) / (t1 - t0), 2)

    def machine_busy(self, start: float = 0.0, end: float = float("inf")) -> float | None:
        """Cores busy (all processes) between `start` and `end`, out of os.cpu_count()."""
        window = [m for m in self.machine if start <= m[0] <= end]
        if len(window) < 2 or window[-1][2] <= window[0][2]:
            return None
        (_, b0, a0), (_, b1, a1) = window[0], window[-1]
        return round((b1 - b0) / (a1 - a0) * (os.cpu_count() or 1), 2)

    def run(self) -> None:
        while not self._halt.is_set():
            value = self.rss_mib()
            now = self.now()
            jiffies = self.machine_jiffies()
            if jiffies is not None:
                self.machine.append((now, *jiffies))
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


async def click_place(
    page: Page, place_id: str, name: str
) -> tuple[float, dict[str, float] | None]:
    """Click a place; (ms until its passages show, that time split at the websocket)."""
    frame = page.frame_locator(MAP_IFRAME)
    point = await frame.locator("body").evaluate(POINT_OF_JS, place_id)
    if point is None:
        raise RuntimeError(f"{place_id} is not drawn")
    box = await page.locator(MAP_IFRAME).bounding_box()
    page_t0 = await page.evaluate(MARK_JS)
    t0 = time.perf_counter()
    await page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    await page.wait_for_function(PANEL_SHOWS_JS, arg=name, timeout=ACTION_TIMEOUT_MS)
    elapsed = (time.perf_counter() - t0) * 1000
    split = await page.evaluate(SPLIT_JS, page_t0)
    return elapsed, split


async def toggle_layer(page: Page, label: str, actor: str) -> float:
    """Switch an actor's layer in the map's own panel (focus + Space), as a reader would."""
    del label  # the switch is found by actor id
    switch = page.frame_locator(MAP_IFRAME).locator(f'.dz-layer-switch[data-actor="{actor}"]')
    before = await switch.get_attribute("aria-checked") == "true"
    await switch.focus()
    t0 = time.perf_counter()
    await page.keyboard.press("Space")
    await expect(switch).to_have_attribute(
        "aria-checked", "false" if before else "true", timeout=ACTION_TIMEOUT_MS
    )
    map_frame = await (await page.locator(MAP_IFRAME).element_handle()).content_frame()
    want = "> 0" if not before else "=== 0"
    await map_frame.wait_for_function(
        f"(a) => ({ACTOR_DRAWN_JS})(a) {want}", arg=actor, timeout=ACTION_TIMEOUT_MS
    )
    return (time.perf_counter() - t0) * 1000


async def arrive(
    index: int, browser: Browser, url: str, tally: Tally, start_at: float
) -> tuple[BrowserContext, Page] | None:
    """Open the app; return once the map is drawn and the first script run has finished."""
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        await context.route("**/*", loopback_only)
        await context.add_init_script(WS_QUIET_JS)
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
        await page.wait_for_function(FIRST_RUN_DONE_JS, timeout=LOAD_TIMEOUT_MS)
        return context, page
    except Exception as exc:  # a timeout or a crash is a result, not a reason to stop
        tally.error(index, f"arrival: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
        await context.close()
        return None


async def read(
    index: int, page: Page, duration: float, think: tuple[float, float], tally: Tally
) -> None:
    """Click places and toggle layers for `duration` seconds, pausing `think` between."""
    rng = random.Random(index)  # the same pauses on every run
    deadline = time.monotonic() + duration
    step = index  # each session starts at a different place and layer
    failures = 0
    while time.monotonic() < deadline and failures < 3:
        try:
            if step % 3 == 2:
                label, actor = LAYERS[(step // 3) % len(LAYERS)]
                tally.toggles_ms.append(await toggle_layer(page, label, actor))
            else:
                place_id, name = PLACES[step % len(PLACES)]
                elapsed, split = await click_place(page, place_id, name)
                tally.clicks_ms.append(elapsed)
                if split:
                    tally.click_splits.append(split)
        except Exception as exc:  # counted; the reader tries the next thing
            failures += 1
            tally.error(index, f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
        if await page.get_by_test_id("stException").count():
            text = await page.get_by_test_id("stException").first.inner_text()
            tally.error(index, f"exception shown in the app: {text[:300]}")
            break
        step += 1
        await asyncio.sleep(rng.uniform(*think))
    if failures == 0:
        tally.sessions_ok += 1


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


def browser_launcher(idle: bool, folder: Path) -> str:
    """Chromium, started by a two-line shell wrapper under SCHED_IDLE (``chrt --idle``).

    The readers' browsers would run on their own machines; here they share 2 cores with
    the server. Under SCHED_IDLE they take only the CPU the server leaves, so the figures
    show what the server can do, and the browsers' own queueing shows in the click split.
    (``nice`` is not enough: Chromium, run as root, sets its renderers' nice levels itself;
    the scheduling class is inherited by every process it starts.)
    """
    if not idle:
        return CHROMIUM
    wrapper = folder / "chromium"
    wrapper.write_text(f'#!/bin/sh\nexec chrt --idle 0 {shlex.quote(CHROMIUM)} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


def actions_summary(tally: Tally) -> dict[str, Any]:
    """Clicks (with their split at the websocket) and toggles of one tally."""
    return {
        "click_to_passages": summary(tally.clicks_ms),
        "click_split": {
            key: summary([x[key] for x in tally.click_splits])
            for key in ("client_before_ms", "server_ms", "client_after_ms")
        },
        "toggle": summary(tally.toggles_ms),
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    ARTIFACTS.mkdir(exist_ok=True)
    proc, url = start_app(data=args.data)
    sampler = RssSampler(proc.pid)
    sampler.start()
    tally, probe_tally = Tally(), Tally()
    phase: dict[str, float] = {}
    t_start = time.monotonic()
    try:
        async with async_playwright() as pw:
            launcher = browser_launcher(
                args.idle_browsers, Path(tempfile.mkdtemp(prefix="dz-load-"))
            )
            browsers = [
                await pw.chromium.launch(executable_path=launcher, args=CHROMIUM_ARGS)
                for _ in range(args.browsers)
            ]
            ramp = args.ramp
            arrivals = [
                arrive(
                    i,
                    browsers[i % len(browsers)],
                    url,
                    tally,
                    time.monotonic() + ramp * i / max(1, args.sessions),
                )
                for i in range(args.sessions)
            ]
            try:
                arrived = await asyncio.wait_for(
                    asyncio.gather(*arrivals), timeout=ramp + LOAD_TIMEOUT_MS / 1000 + 10
                )
            except TimeoutError:
                arrived = []
                tally.errors.append("watchdog: sessions still arriving after the load timeout")
            present = [(i, a) for i, a in enumerate(arrived) if a is not None]
            readers = [read(i, page, args.duration, args.think, tally) for i, (_, page) in present]
            # The probe: one more reader, in its own browser at normal priority, so it gets
            # the CPU a reader's own machine would give it; its latencies are what a reader
            # sees while the others load the server.
            if args.probe:
                browsers.append(
                    await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                )
                opened = await arrive(
                    args.sessions, browsers[-1], url, probe_tally, time.monotonic()
                )
                if opened is not None:
                    present.append((args.sessions, opened))
                    readers.append(
                        read(args.sessions, opened[1], args.duration, args.think, probe_tally)
                    )
            phase["reading_from"] = sampler.now()
            try:
                await asyncio.wait_for(asyncio.gather(*readers), timeout=args.duration + args.grace)
            except TimeoutError:
                tally.errors.append(f"watchdog: sessions still reading {args.grace}s after end")
            phase["reading_to"] = sampler.now()
            phase["reading_sessions"] = len(present)
            for context, _ in (a for _, a in present):
                await context.close()
            for browser in browsers:
                await browser.close()
    finally:
        try:
            sampler.stop()
        finally:
            stop_app(proc)
    elapsed = time.monotonic() - t_start
    rss = [v for _, v in sampler.samples]
    reading = (phase.get("reading_from", 0.0), phase.get("reading_to", 0.0))
    reading_s = reading[1] - reading[0]
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": {
            "sessions": args.sessions,
            "browsers": args.browsers,
            "duration_s": args.duration,
            "ramp_s": args.ramp,
            "think_s": list(args.think),
            "browsers_sched_idle": args.idle_browsers,
            "probe": args.probe,
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
        "errors": tally.errors + [f"probe {e}" for e in probe_tally.errors],
        "first_load_to_map": summary(tally.loads_ms),
        **actions_summary(tally),
        "server_rss_mib": {
            "start": rss[0] if rss else None,
            "peak": max(rss) if rss else None,
            "end": rss[-1] if rss else None,
            "samples": sampler.samples,
        },
        "probe": {
            "arrived": probe_tally.sessions_started > 0 and not probe_tally.errors,
            **actions_summary(probe_tally),
            "raw": {
                "clicks_ms": [round(v, 1) for v in probe_tally.clicks_ms],
                "toggles_ms": [round(v, 1) for v in probe_tally.toggles_ms],
            },
        },
        "reading_phase": {
            "sessions": phase.get("reading_sessions", 0),
            "from_s": phase.get("reading_from"),
            "to_s": phase.get("reading_to"),
            "actions_per_s": (
                round(
                    sum(len(t.clicks_ms) + len(t.toggles_ms) for t in (tally, probe_tally))
                    / reading_s,
                    2,
                )
                if reading_s
                else None
            ),
            # The server is one Python process: near 1.0 means it is the bottleneck (the GIL).
            "server_cpu_cores_busy": sampler.busy(*reading),
            "machine_cpu_cores_busy": sampler.machine_busy(*reading),
        },
        "server_cpu_cores_busy_whole_run": sampler.busy(),
        "raw": {
            "clicks_ms": [round(v, 1) for v in tally.clicks_ms],
            "click_splits": [{k: round(v, 1) for k, v in x.items()} for x in tally.click_splits],
            "toggles_ms": [round(v, 1) for v in tally.toggles_ms],
            "loads_ms": [round(v, 1) for v in tally.loads_ms],
        },
    }


def _row(label: str, x: dict[str, Any]) -> str:
    return f"| {label} | {x['n']} | {x['p50_ms']} ms | {x['p95_ms']} ms | {x['max_ms']} ms |"


def markdown(result: dict[str, Any]) -> str:
    m, f, r = result["server_rss_mib"], result["first_load_to_map"], result["reading_phase"]
    cfg, probe = result["config"], result["probe"]
    think = cfg["think_s"]
    pause = (
        "no pause between actions (stress)"
        if think[1] == 0
        else f"a pause of {think[0]}-{think[1]} s between actions"
    )
    priority = "idle" if cfg["browsers_sched_idle"] else "normal"

    def rows(who: str, part: dict[str, Any]) -> list[str]:
        sp = part["click_split"]
        return [
            _row(f"{who}: click → passages visible", part["click_to_passages"]),
            _row("… in the page before the request", sp["client_before_ms"]),
            _row("… request → last reply frame", sp["server_ms"]),
            _row("… in the page after the reply", sp["client_after_ms"]),
            _row(f"{who}: layer toggle → map updated", part["toggle"]),
        ]

    lines = [
        "# Load test",
        "",
        f"{cfg['sessions']} sessions in {cfg['browsers']} headless Chromium processes at "
        f"{priority} CPU priority open the app one after another over {cfg['ramp_s']} s; "
        f"once all have arrived, all of them together click places and toggle layers for "
        f"{cfg['duration_s']} s, with {pause}, against one `streamlit run app.py` on "
        f"127.0.0.1 ({result['machine']['cpus']} CPUs, shared by server and browsers; "
        f"{result['when']})."
        + (
            " A probe reader in its own browser at normal priority does the same meanwhile: "
            "its figures are what a reader on their own machine would see under this load."
            if cfg.get("probe")
            else ""
        ),
        "",
        "| measure | n | p50 | p95 | max |",
        "|---|---|---|---|---|",
        _row("page open → map drawn (loaders)", f),
        *(rows("probe", probe) if cfg.get("probe") else []),
        *rows(f"{cfg['sessions']} loaders", result),
        "",
        f"Reading phase ({r['sessions']} sessions): {r['actions_per_s']} actions/s in all; "
        f"the server used {r['server_cpu_cores_busy']} of a core, the whole machine "
        f"{r['machine_cpu_cores_busy']} of its {result['machine']['cpus']} cores (the "
        "browsers are the rest).",
        "",
        f"Server RSS: {m['start']} MiB at start, {m['peak']} MiB peak, {m['end']} MiB at the "
        f"end ({len(m['samples'])} samples, 1 s apart).",
        "",
        f"Sessions: {result['sessions_started']} loaders started, "
        f"{result['sessions_completed']} read for the whole time without a failed action. "
        f"Errors: **{len(result['errors'])}**.",
    ]
    lines += [f"- {e}" for e in result["errors"][:50]]
    return "\n".join(lines) + "\n"


def think_range(text: str) -> tuple[float, float]:
    """'1-3' → (1.0, 3.0); '2' → (2.0, 2.0); '0' → no pause."""
    low, _, high = text.partition("-")
    pair = (float(low), float(high or low))
    if pair[0] < 0 or pair[1] < pair[0]:
        raise argparse.ArgumentTypeError(f"not a range of seconds: {text!r}")
    return pair


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--browsers", type=int, default=3)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per session")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds to stagger arrivals")
    parser.add_argument(
        "--think", type=think_range, default=(1.0, 3.0), help="pause between actions, s (1-3)"
    )
    parser.add_argument(
        "--no-idle-browsers",
        dest="idle_browsers",
        action="store_false",
        help="run the browsers at normal priority, competing with the server for CPU",
    )
    parser.add_argument(
        "--no-probe",
        dest="probe",
        action="store_false",
        help="no extra reader at normal priority during the reading phase",
    )
    parser.add_argument("--name", default="load", help="results file name (load)")
    parser.add_argument("--grace", type=float, default=60.0, help="watchdog after the end")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default data/)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    result = asyncio.run(run(args))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    text = markdown(result)
    (args.out / f"{args.name}.md").write_text(text, encoding="utf-8")
    print(text)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
