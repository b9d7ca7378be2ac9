"""The probe: one reader in Chromium, in its own process (``python -m bench.load
--probe-run``)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.load import ROOT
from geo.atomic import write_atomically

# The two story places: both in the opening view (a click lands on what is drawn there).
PROBE_PLACES = (("lheiban", "Lheiban"), ("debaga", "Debaga"))
# The reader's panel (in its component's shadow root) shows the place and its passages.
PANEL_SHOWS_JS = """(name) => {
  const r = window.dzReader;
  if (!r) return false;
  const root = r.panel.title.getRootNode();
  return r.panel.title.textContent.trim() === name
    && root.querySelectorAll('#dz-panel .dz-passage').length > 0;
}"""


async def probe_main(url: str, window_file: Path, think: tuple[float, float], out: Path) -> None:
    """Open the app in Chromium; once ``window_file`` names the window (epoch seconds
    ``start`` and ``until``), click places in it, pausing ``think``; write {"clicks_ms",
    "clicks_at" (epoch seconds), "errors", "opened_ms"} to ``out``."""
    from playwright.async_api import async_playwright

    from browsing.chromium import CHROMIUM, CHROMIUM_ARGS

    result: dict[str, Any] = {
        "clicks_ms": [], "clicks_at": [], "errors": [], "errors_at": [], "exceptions": [],
        "map_waits": [],
        "opened_ms": None,
    }  # fmt: skip
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            await context.route("**/*", _loopback_only)
            page = await context.new_page()
            page.on("pageerror", lambda e: result["errors"].append(f"page error: {e}"[:300]))
            result["opened_ms"] = await _open(page, url)
            out.with_name("cookies.json").write_text(json.dumps(await context.cookies()))
            start, until = await _window(window_file)
            await asyncio.sleep(max(0.0, start - time.time()))
            rng, step = random.Random(7), 0
            while time.time() < until:
                place_id, name = PROBE_PLACES[step % len(PROBE_PLACES)]
                step += 1
                await _click(page, place_id, name, result)
                await _note_exception(page, result)
                await asyncio.sleep(rng.uniform(*think))
            await browser.close()
    except Exception as exc:  # noqa: BLE001
        result["errors"].append(f"probe: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    out.write_text(json.dumps(result), encoding="utf-8")


async def _loopback_only(route, request) -> None:  # noqa: ANN001
    host = urlsplit(request.url).hostname
    if host in ("127.0.0.1", "localhost") or request.url.startswith("data:"):
        await route.continue_()
    else:
        await route.abort()


async def _open(page, url: str) -> float:  # noqa: ANN001
    """Open the page and wait for the map and the first run; the milliseconds it took."""
    from browsing.mappage import FIRST_RUN_DONE_JS, MAP_IFRAME

    t = time.perf_counter()
    await page.goto(url, timeout=120_000)
    frame = page.frame_locator(MAP_IFRAME)
    await frame.locator("path.leaflet-interactive").first.wait_for(
        state="attached", timeout=120_000
    )
    await page.wait_for_function(FIRST_RUN_DONE_JS, timeout=120_000)
    return round((time.perf_counter() - t) * 1000, 1)


async def _window(window_file: Path) -> tuple[float, float]:
    """The measuring window (epoch seconds), once the load test has written it."""
    give_up = time.time() + 600
    while not window_file.exists() and time.time() < give_up:
        await asyncio.sleep(0.2)
    window = json.loads(window_file.read_text())
    return window["start"], window["until"]


async def _click(page, place_id: str, name: str, result: dict[str, Any]) -> None:  # noqa: ANN001
    """Click a place on the map and time it until the panel shows it; a failure is a
    result (with a screenshot in test-results/)."""
    from browsing.mappage import MAP_IFRAME, POINT_OF_JS

    frame = page.frame_locator(MAP_IFRAME)
    started = time.time()
    try:
        # As a reader does: wait until the map is there (after a reconnect the
        # page re-runs and the map is drawn again), noting how long that took.
        t = time.perf_counter()
        await frame.locator("path.leaflet-interactive").first.wait_for(
            state="attached", timeout=30_000
        )
        handle = await page.locator(MAP_IFRAME).element_handle(timeout=30_000)
        map_frame = await handle.content_frame() if handle else None
        if map_frame is not None:
            await map_frame.wait_for_function("() => !!window.map", timeout=30_000)
        await page.wait_for_function("() => window.dzReader && window.dzReader.map", timeout=30_000)
        waited = (time.perf_counter() - t) * 1000
        if waited > 100:
            result["map_waits"].append((round(time.time(), 2), round(waited, 1)))
        point = await frame.locator("body").evaluate(POINT_OF_JS, place_id)
        box = await page.locator(MAP_IFRAME).bounding_box()
        if point is None or box is None:
            raise RuntimeError(f"{place_id} is not drawn")
        t = time.perf_counter()
        await page.mouse.click(box["x"] + point[0], box["y"] + point[1])
        await page.wait_for_function(PANEL_SHOWS_JS, arg=name, timeout=15_000)
        result["clicks_ms"].append(round((time.perf_counter() - t) * 1000, 1))
        result["clicks_at"].append(round(time.time(), 2))
    except Exception as exc:  # noqa: BLE001 - a result
        with contextlib.suppress(Exception):
            shot = ROOT / "test-results" / f"probe-failed-{int(time.time())}.png"
            await page.screenshot(path=str(shot))
        result["errors"].append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
        result["errors_at"].append(round(started, 2))


async def _note_exception(page, result: dict[str, Any]) -> None:  # noqa: ANN001
    """An exception the app shows in the page, noted once."""
    shown = page.get_by_test_id("stException")
    if await shown.count():
        text = (await shown.first.inner_text())[:300]
        if text not in [t for _, t in result["exceptions"]]:
            result["exceptions"].append((round(time.time(), 2), text))


class Probe:
    """The probe process: it opens the page at once, then waits for its window (a file)."""

    def __init__(self, url: str, think: tuple[float, float]) -> None:
        folder = Path(tempfile.mkdtemp(prefix="dz-probe-"))
        self.out, self.window_file = folder / "probe.json", folder / "window.json"
        cmd = [sys.executable, "-m", "bench.load", "--probe-run", url, str(self.window_file),
               f"{think[0]}-{think[1]}", str(self.out)]  # fmt: skip
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self.deadline = float("inf")

    def replica(self) -> str | None:
        """The probe browser's dz_replica cookie, once it has opened the page."""
        try:
            cookies = json.loads(self.out.with_name("cookies.json").read_text())
        except (OSError, ValueError):
            return None
        return next((c["value"] for c in cookies if c["name"] == "dz_replica"), None)

    def go(self, start_in: float, until_in: float) -> None:
        now = time.time()
        write_atomically(
            self.window_file, json.dumps({"start": now + start_in, "until": now + until_in})
        )
        self.deadline = time.monotonic() + until_in + 60

    async def result(self) -> dict[str, Any]:
        if self.deadline == float("inf"):
            self.go(0, 0)
        while self.proc.poll() is None and time.monotonic() < self.deadline:
            await asyncio.sleep(0.2)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            return {"clicks_ms": [], "errors": ["probe: watchdog"]}
        try:
            return json.loads(self.out.read_text())
        except (OSError, ValueError):
            err = (
                (self.proc.stderr.read() or b"").decode(errors="replace")[-300:]
                if self.proc.stderr
                else ""
            )
            return {"clicks_ms": [], "errors": [f"probe wrote nothing: {err}"]}
