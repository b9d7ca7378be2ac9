"""Load test without browsers: readers that speak Streamlit's websocket protocol.

``python -m bench.load`` (``make load``) measures how many readers the app serves, with one
Streamlit process (``--replicas 1``: ``tests.conftest.start_app`` on loopback) and with two
behind nginx (``--replicas 2``: ``python -m deploy.serve``), in steps of 20, 50, 100 and 200
sessions (``--steps``). Each step starts the server afresh, warms it with one reader, then
opens its sessions one after another over the ramp; once all are open it measures for
``--duration`` seconds while every session keeps reading. Each session (``bench/stclient.py``,
no browser) opens the page, then, pausing 1-3 s between actions (seeded), clicks places on
the map (the map component's value, as streamlit-folium sends it), chooses events on the
timeline (the select slider), or switches a force layer (a change of ``layers=`` in its URL
only: the map switches layers in the browser without a request). Every answer is checked
(the place's name and passages, or the event's title, and the URL's ``place=`` /
``event=``); a wrong answer counts as an error.

Per step: errors; request → script finished p50/p95/max for the actions sent in the
measuring window; server actions per second; CPU of the server processes (utime + stime of
the process tree, /proc/PID/stat) as a share of one core and of the machine, the load
client's own, the probe's and the whole machine's (/proc/stat: what is left is other
people's work); RSS of the server processes (VmRSS, summed) before the step and at its end,
and per session. A probe reader in a real Chromium (``--no-probe`` to skip; its own
process) clicks places in the measuring window: click → passages visible, end to end.

The fault test (``--fault``; also part of the default run, ``--no-fault`` skips it): two
replicas behind nginx, ``--fault-sessions`` readers; mid-run one replica is killed (SIGKILL).
Counted: actions that failed (only those in flight on the dead replica may), the sessions
that lost their websocket, the time until each is back (reconnected through nginx and,
as deploy/reconnect.js does, the page reloaded: its view re-run from its URL and checked:
place, event, layers) and whether every session reads on afterwards.

Bounded: every request waits at most ``--timeout`` s; a step ends at ramp + duration +
timeout + 30 s whatever happens (a watchdog); servers are stopped in all cases. Loopback
only. Results: ``bench/results/load.{json,md}`` (``--quick``: a short smoke run, written to
``bench/results/load-quick.*``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stclient import (  # noqa: E402
    Disconnected,
    HttpError,
    ProtocolError,
    Run,
    StreamlitSession,
    click_value,
    json_state,
    string_array_state,
)

RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "data"
SATURATION_MS = 1000.0
NOISY_CORES = 0.2  # other processes' CPU in a window above which a step is marked noisy
# Places with passages (their panel lists them); consecutive clicks always differ.
PLACES = ("lheiban", "debaga", "baghdad", "erbil", "sulaymaniyah")
# How a session opens: a quarter each with a permalink to a place, an event, layers, or none.
OPENINGS = (
    "",
    "place=lheiban",
    "event=iraqi-army-collapse&asof=2014-06-30",
    "layers=peshmerga,isis",
)
ARTICLE_STOP = "the article"
TICK = os.sysconf("SC_CLK_TCK")


# --- the story, read from the data files (no geo import: the client stays light) -------
@dataclass(frozen=True)
class Story:
    places: dict[str, tuple[str, float, float]]  # id -> (name, lon, lat)
    events: dict[str, str]  # title -> id
    actors: tuple[str, ...]
    default_layers: tuple[str, ...]


def read_story(data: Path = DATA) -> Story:
    places = {}
    for feature in json.loads((data / "places.geojson").read_text())["features"]:
        props, geom = feature["properties"], feature["geometry"]
        if geom and geom["type"] == "Point":
            places[props["id"]] = (props["name"], *geom["coordinates"][:2])
    events = {e["title"]: e["id"] for e in json.loads((data / "events.json").read_text())["events"]}
    actors = tuple(a["id"] for a in json.loads((data / "actors.json").read_text())["actors"])
    config = json.loads((data / "story.json").read_text())
    return Story(places, events, actors, tuple(config.get("default_layers") or actors))


def unescape(text: str) -> str:
    """Markdown escapes off: 'Lheiban selected\\: 9' -> 'Lheiban selected: 9'."""
    return re.sub(r"\\(.)", r"\1", text)


# --- measuring the processes ------------------------------------------------------------
def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds: utime + stime) from /proc/PID/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _tree(roots: list[int], parents: dict[int, int]) -> set[int]:
    out, todo = set(), [r for r in roots if r in parents]
    while todo:
        pid = todo.pop()
        if pid in out:
            continue
        out.add(pid)
        todo += [c for c, p in parents.items() if p == pid]
    return out


def machine_jiffies() -> tuple[int, int]:
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


class Sampler(threading.Thread):
    """Every second: cumulative CPU seconds and summed RSS of named process groups (each a
    set of root pids and all their descendants, looked up afresh), and the machine's busy
    share. CPU is accumulated per pid, so a process that dies takes nothing back."""

    def __init__(self, groups: dict[str, Callable[[], list[int]]], interval: float = 1.0):
        super().__init__(daemon=True)
        self.groups, self.interval = groups, interval
        self.t0 = time.monotonic()
        self.samples: list[dict[str, Any]] = []
        self._last: dict[int, float] = {}
        self._cum = {name: 0.0 for name in groups}
        self._halt = threading.Event()

    def now(self) -> float:
        return time.monotonic() - self.t0

    def sample(self) -> None:
        stats = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                got = _stat(int(entry))
                if got is not None:
                    stats[int(entry)] = got
        parents = {pid: ppid for pid, (ppid, _) in stats.items()}
        row: dict[str, Any] = {"t": round(self.now(), 2)}
        claimed: set[int] = set()
        for name, roots in self.groups.items():
            pids = _tree(roots(), parents) - claimed
            claimed |= pids
            for pid in pids:
                cpu = stats[pid][1]
                self._cum[name] += cpu - self._last.get(pid, 0.0 if self.samples else cpu)
                self._last[pid] = cpu
            row[f"{name}_cpu_s"] = round(self._cum[name], 3)
            row[f"{name}_rss_mib"] = round(sum(_rss_mib(p) for p in pids), 1)
            row[f"{name}_pids"] = len(pids)
        busy, total = machine_jiffies()
        row["machine_busy"], row["machine_total"] = busy, total
        row["loadavg"] = os.getloadavg()[0]
        self.samples.append(row)

    def run(self) -> None:
        while not self._halt.is_set():
            with contextlib.suppress(Exception):
                self.sample()
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)

    def window(self, start: float, end: float) -> list[dict[str, Any]]:
        return [s for s in self.samples if start - 0.6 <= s["t"] <= end + 0.6]

    def cores(self, name: str, start: float, end: float) -> float | None:
        """Cores the group used on average between start and end (1.0 = one core)."""
        w = self.window(start, end)
        if len(w) < 2 or w[-1]["t"] <= w[0]["t"]:
            return None
        return (w[-1][f"{name}_cpu_s"] - w[0][f"{name}_cpu_s"]) / (w[-1]["t"] - w[0]["t"])

    def machine_cores(self, start: float, end: float) -> float | None:
        w = self.window(start, end)
        if len(w) < 2 or w[-1]["machine_total"] <= w[0]["machine_total"]:
            return None
        share = (w[-1]["machine_busy"] - w[0]["machine_busy"]) / (
            w[-1]["machine_total"] - w[0]["machine_total"]
        )
        return share * (os.cpu_count() or 1)

    def rss(self, name: str, at: float) -> float | None:
        """The group's RSS in the last sample taken at or before ``at``."""
        before = [s for s in self.samples if s["t"] <= at + 0.6]
        return before[-1][f"{name}_rss_mib"] if before else None


# --- the servers -------------------------------------------------------------------------
class Target:
    """A running app: its URL, the pids of its processes (roots of the server's tree)."""

    url: str
    replicas: list[dict[str, Any]]

    def roots(self) -> list[int]:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


class Direct(Target):
    """One ``streamlit run app.py``, started as the tests start it."""

    def __init__(self, data: Path | None) -> None:
        from tests.conftest import start_app

        self.proc, self.url = start_app(data=data, timeout=90)
        self.replicas = [{"pid": self.proc.pid, "url": self.url}]

    def roots(self) -> list[int]:
        return [self.proc.pid]

    def stop(self) -> None:
        from tests.conftest import stop_app

        stop_app(self.proc)


class Proxied(Target):
    """nginx + N replicas: ``python -m deploy.serve --port P --replicas N --state FILE``."""

    def __init__(self, replicas: int, data: Path | None, timeout: float = 150.0) -> None:
        from tests.conftest import ARTIFACTS, free_port

        if not (ROOT / "deploy" / "serve.py").exists():
            raise RuntimeError("deploy/serve.py is missing: no proxied target")
        ARTIFACTS.mkdir(exist_ok=True)
        port = free_port()
        self.state_file = Path(tempfile.mkdtemp(prefix="dz-load-")) / "state.json"
        cmd = [
            sys.executable, "-m", "deploy.serve", "--port", str(port),
            "--replicas", str(replicas), "--state", str(self.state_file),
            *(["--data", str(data)] if data else []),
        ]  # fmt: skip
        self.log = open(ARTIFACTS / f"deploy-serve-{port}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"deploy.serve exited with {self.proc.returncode}; see {self.log.name}"
                )
            state = self.state()
            if state is not None:
                self.url = state["url"].rstrip("/")
                self.replicas = state["replicas"]
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"deploy.serve wrote no state in {timeout} s; see {self.log.name}")

    def state(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            return None

    def roots(self) -> list[int]:
        return [self.proc.pid]

    def stop(self) -> None:
        state = self.state() or {}
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        # Anything it started and left behind (it should leave nothing): our processes.
        pids = [state.get("nginx", {}).get("pid")] + [
            r.get("pid") for r in state.get("replicas", [])
        ]
        for pid in pids:
            if pid and _stat(pid) is not None:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        self.log.close()


def start_target(replicas: int, data: Path | None) -> Target:
    return Direct(data) if replicas == 1 else Proxied(replicas, data)


# --- a reader ------------------------------------------------------------------------
@dataclass
class Action:
    session: int
    kind: str  # open, click, event, reconnect
    sent: float  # sampler clock
    ms: float | None = None
    ok: bool = False
    error: str | None = None
    in_flight_when_lost: bool = False
    replica: str | None = None
    view_ok: bool | None = None  # reconnects: the view came back (URL and panel)
    app_exception: str | None = None  # an exception the app showed in this run


@dataclass
class Tally:
    actions: list[Action] = field(default_factory=list)
    url_changes: int = 0
    errors: list[str] = field(default_factory=list)
    disconnects: list[dict[str, Any]] = field(default_factory=list)
    sessions_opened: int = 0
    sessions_failed: int = 0
    bytes_received: int = 0
    cache_hits: int = 0


class Verify(AssertionError):
    pass


class Reader:
    """One session: opens the page, then reads until ``stop_at`` (sampler clock)."""

    def __init__(
        self,
        index: int,
        url: str,
        story: Story,
        tally: Tally,
        clock: Callable[[], float],
        args: argparse.Namespace,
    ) -> None:
        self.index, self.url, self.story, self.tally, self.clock = index, url, story, tally, clock
        self.args = args
        self.rng = random.Random(args.seed * 100_003 + index)
        self.session = StreamlitSession(
            url, OPENINGS[index % len(OPENINGS)], timeout=args.timeout, name=str(index)
        )
        self.lost = asyncio.Event()
        self.place: str | None = None
        # The map's last value: clicking that place again sends nothing (streamlit-folium
        # sends only a changed value), so a reader clicks another one.
        self.last_clicked: str | None = None
        # The page's count of clicks on map features (part of the map's value: ui/map_panel).
        self.clicks = 0
        self.recovered_at: list[float] = []
        self.history: list[str] = []  # what the reader did, for error messages

    # the reader's view, from its URL
    def view(self) -> dict[str, str]:
        p = self.session.params()
        return {k: p[k] for k in ("place", "passage", "event", "layers") if k in p}

    def replica(self) -> str | None:
        return self.session.cookies.get("dz_replica")

    async def _timed(self, kind: str, request) -> tuple[Action, Run | None]:  # noqa: ANN001
        action = Action(self.index, kind, self.clock(), replica=self.replica())
        self.tally.actions.append(action)
        try:
            run = await request()
        except Disconnected as exc:
            action.error = f"{kind}: lost the connection: {exc}"
            action.in_flight_when_lost = True
            self.lost.set()
            return action, None
        except (TimeoutError, HttpError, ProtocolError, OSError) as exc:
            action.error = f"{kind}: {type(exc).__name__}: {exc}"
            return action, None
        if run is None:
            return action, None
        action.ms = run.ms
        self.tally.bytes_received += run.bytes
        self.tally.cache_hits += run.cache_hits
        return action, run

    def _check(self, action: Action, run: Run | None, check: Callable[[Run], None]) -> None:
        if run is None:
            return
        try:
            if run.exceptions:
                raise Verify(f"exception in the app: {run.exceptions[0][:200]}")
            check(run)
            action.ok = True
        except Verify as exc:
            action.error = (
                f"{action.kind}: wrong outcome: {exc} (session {self.index}, after "
                f"{' > '.join(self.history[-4:-1]) or 'opening'})"
            )

    def _expect_place(self, run: Run, place: str) -> None:
        name = self.story.places[place][0]
        if self.session.params().get("place") != place:
            raise Verify(f"URL {self.session.query!r} lacks place={place}")
        headings = [unescape(e.body) for _, k, e in run.elements if k == "heading"]
        if name not in headings:
            raise Verify(f"no heading {name!r} (got {headings[:4]})")
        if not any("-panel-passage-" in b for _, b in run.blocks):
            raise Verify(f"no passage shown for {place}")

    def _expect_event(self, run: Run, event_id: str, title: str) -> None:
        if self.session.params().get("event") != event_id:
            raise Verify(f"URL {self.session.query!r} lacks event={event_id}")
        headings = [unescape(e.body) for _, k, e in run.elements if k == "heading"]
        if title not in headings:
            raise Verify(f"no heading {title!r} (got {headings[:4]})")

    def _expect_view(self, run: Run, view: dict[str, str]) -> None:
        now = self.view()
        if now != view:
            raise Verify(f"view {view} came back as {now}")
        if "place" in view:
            self._expect_place(run, view["place"])
        elif "event" in view:
            title = next((t for t, i in self.story.events.items() if i == view["event"]), "")
            self._expect_event(run, view["event"], title)

    # actions
    async def open(self) -> bool:
        self.history.append(f"open ?{self.session.query}")
        action, run = await self._timed("open", self.session.open)

        def check(run: Run) -> None:
            if self.session.map_component() is None:
                raise Verify("no map component in the first run")
            opening = OPENINGS[self.index % len(OPENINGS)]
            if opening.startswith("place="):
                self._expect_place(run, opening.split("=", 1)[1])

        self._check(action, run, check)
        if action.ok:
            self.tally.sessions_opened += 1
            self.place = self.session.params().get("place")
        else:
            self.tally.sessions_failed += 1
        return action.ok

    async def click(self) -> None:
        found = self.session.map_component()
        if found is None:
            raise Verify("no map on the page")
        place = self.rng.choice(
            [
                p
                for p in PLACES
                if p not in (self.place, self.last_clicked) and p in self.story.places
            ]
        )
        name, lon, lat = self.story.places[place]
        self.clicks += 1
        state = json_state(found.id, click_value(place, lon, lat, name, self.clicks))
        self.history.append(f"click {place}")
        action, run = await self._timed(
            "click", lambda: self.session.set_widget("click", state, found.fragment_id)
        )
        self.last_clicked = place
        self._check(action, run, lambda r: self._expect_place(r, place))
        if action.ok:
            self.place = place

    async def event(self) -> None:
        found = self.session.find("slider", lambda e: "timeline-event" in e.id)
        if found is None:
            raise Verify("no timeline slider on the page")
        # The stop the slider shows now (the app sets it each run): choosing it again is no
        # change, and the browser sends nothing.
        options = list(found.element.options)
        current = set(found.element.raw_value)
        if not current:
            shown = [int(i) for i in (list(found.element.value) or list(found.element.default))]
            current = {options[i] for i in shown if 0 <= i < len(options)}
        choices = []
        for label in options:
            title = label.split(" · ", 1)[-1]
            if title in self.story.events and label not in current:
                choices.append((label, title))
        label, title = self.rng.choice(choices)
        state = string_array_state(found.id, [label])
        self.history.append(f"event {self.story.events[title]}")
        action, run = await self._timed(
            "event", lambda: self.session.set_widget("event", state, found.fragment_id)
        )
        self._check(action, run, lambda r: self._expect_event(r, self.story.events[title], title))
        if action.ok:
            self.place = None

    def switch_layer(self) -> None:
        """The map's own switch: only the URL changes (``layers=``), no request."""
        raw = self.session.params().get("layers")
        on = [a for a in (raw.split(",") if raw else self.story.default_layers) if a]
        actor = self.rng.choice(self.story.actors)
        if actor in on and len(on) > 1:
            on.remove(actor)
        elif actor not in on:
            on.append(actor)
        self.session.set_param("layers", ",".join(a for a in self.story.actors if a in on))
        self.history.append(f"layers {self.session.params()['layers']}")
        self.tally.url_changes += 1

    async def recover(self) -> None:
        """The websocket closed: reconnect as a browser does behind deploy.serve (the
        frontend reconnects, deploy/reconnect.js reloads the page) and check the view."""
        view = self.view()
        lost_at = self.clock()
        self.tally.disconnects.append(
            {
                "session": self.index,
                "at": round(lost_at, 2),
                "replica": self.replica(),
                "reason": self.session.closed_reason,
            }  # fmt: skip
        )
        deadline = time.monotonic() + self.args.timeout * 2
        self.history.append(f"reconnect {view}")
        action, run = await self._timed("reconnect", lambda: self._reconnect(deadline))
        if run is None and action.error is None:
            action.error = (
                f"reconnect: dz_replica unchanged, so no reload and no run (session {self.index})"
            )
        if run is not None:
            try:
                self._expect_view(run, view)
                action.view_ok = True
                self.recovered_at.append(self.clock())
            except Verify as exc:
                action.view_ok = False
                action.error = f"reconnect: view not back: {exc} (session {self.index})"
            if run.exceptions:
                action.app_exception = run.exceptions[0][:300]
                action.error = (
                    action.error or f"reconnect: exception in the app: {run.exceptions[0][:200]}"
                )
            action.ok = bool(action.view_ok) and not run.exceptions
        self.lost.clear()
        self.place = self.session.params().get("place")

    async def _reconnect(self, deadline: float) -> Run | None:
        return await self.session.reconnect(deadline)

    async def read(self, start_at: float, window: Window) -> None:
        """Open at ``start_at``, then read until the window's end (known once every
        session has opened)."""
        await asyncio.sleep(max(0.0, start_at - self.clock()))
        try:
            opened = await self.open()
            window.opened()
            if not opened:
                return
            while self.clock() < window.end:
                pause = self.rng.uniform(*self.args.think)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.session.closed.wait(), pause)
                if self.session.ws is None or self.session.closed.is_set() or self.lost.is_set():
                    await self.recover()
                    continue
                if self.clock() >= window.end:
                    break
                roll = self.rng.random()
                try:
                    if roll < 0.6:
                        await self.click()
                    elif roll < 0.85:
                        await self.event()
                    else:
                        self.switch_layer()
                except Verify as exc:
                    self.tally.errors.append(f"session {self.index}: {exc}")
                    break
        finally:
            await self.session.close()


class Window:
    """The measuring window of a step: it starts ``settle`` s after the last session has
    opened (or failed to), and lasts ``duration`` s; ``end`` is infinite until then."""

    def __init__(self, sessions: int, settle: float, duration: float, clock: Callable[[], float]):
        self.left, self.settle, self.duration, self.clock = sessions, settle, duration, clock
        self.start = self.end = float("inf")
        self.all_open = asyncio.Event()

    def opened(self) -> None:
        self.left -= 1
        if self.left == 0:
            self.start = self.clock() + self.settle
            self.end = self.start + self.duration
            self.all_open.set()


# --- the probe: one reader in Chromium, in its own process ---------------------------------
# The two story places: both in the opening view (a click lands on what is drawn there).
PROBE_PLACES = (("lheiban", "Lheiban"), ("debaga", "Debaga"))
PANEL_SHOWS_JS = """(name) => {
  const panel = document.querySelector('.st-key-place-panel');
  if (!panel) return false;
  const h = panel.querySelector('h1, h2, h3');
  return !!h && h.textContent.trim().startsWith(name)
    && panel.querySelectorAll('[class*="st-key-panel-passage-"]').length > 0;
}"""


async def probe_main(url: str, window_file: Path, think: tuple[float, float], out: Path) -> None:
    """Open the app in Chromium; once ``window_file`` names the window (epoch seconds
    ``start`` and ``until``), click places in it, pausing ``think``; write {"clicks_ms",
    "clicks_at" (epoch seconds), "errors", "opened_ms"} to ``out``."""
    from playwright.async_api import async_playwright

    from tests.browser import FIRST_RUN_DONE_JS, MAP_IFRAME, POINT_OF_JS
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    result: dict[str, Any] = {
        "clicks_ms": [], "clicks_at": [], "errors": [], "errors_at": [], "exceptions": [],
        "map_waits": [],
        "opened_ms": None,
    }  # fmt: skip

    async def loopback_only(route, request) -> None:  # noqa: ANN001
        host = urlsplit(request.url).hostname
        if host in ("127.0.0.1", "localhost") or request.url.startswith("data:"):
            await route.continue_()
        else:
            await route.abort()

    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            await context.route("**/*", loopback_only)
            page = await context.new_page()
            page.on("pageerror", lambda e: result["errors"].append(f"page error: {e}"[:300]))
            t = time.perf_counter()
            await page.goto(url, timeout=120_000)
            frame = page.frame_locator(MAP_IFRAME)
            await frame.locator("path.leaflet-interactive").first.wait_for(
                state="attached", timeout=120_000
            )
            await page.wait_for_function(FIRST_RUN_DONE_JS, timeout=120_000)
            result["opened_ms"] = round((time.perf_counter() - t) * 1000, 1)
            out.with_name("cookies.json").write_text(json.dumps(await context.cookies()))
            give_up = time.time() + 600
            while not window_file.exists() and time.time() < give_up:
                await asyncio.sleep(0.2)
            window = json.loads(window_file.read_text())
            start, until = window["start"], window["until"]
            await asyncio.sleep(max(0.0, start - time.time()))
            rng, step = random.Random(7), 0
            while time.time() < until:
                place_id, name = PROBE_PLACES[step % len(PROBE_PLACES)]
                step += 1
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
                    result["errors"].append(
                        f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
                    )
                    result["errors_at"].append(round(started, 2))
                shown = page.get_by_test_id("stException")
                if await shown.count():
                    text = (await shown.first.inner_text())[:300]
                    if text not in [t for _, t in result["exceptions"]]:
                        result["exceptions"].append((round(time.time(), 2), text))
                await asyncio.sleep(rng.uniform(*think))
            await browser.close()
    except Exception as exc:  # noqa: BLE001
        result["errors"].append(f"probe: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    out.write_text(json.dumps(result), encoding="utf-8")


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
        tmp = self.window_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"start": now + start_in, "until": now + until_in}))
        tmp.replace(self.window_file)
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


# --- statistics ----------------------------------------------------------------------
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


def _r(x: float | None, n: int = 2) -> float | None:
    return None if x is None else round(x, n)


# --- a step --------------------------------------------------------------------------
def ramp_for(sessions: int, args: argparse.Namespace) -> float:
    return min(args.ramp_max, max(args.ramp_min, sessions * args.ramp_per_session))


async def warm(url: str, story: Story, args: argparse.Namespace) -> None:
    """One reader opens the page and clicks once: caches warm, first-run imports done."""
    tally = Tally()
    reader = Reader(-1, url, story, tally, time.monotonic, args)
    try:
        if await reader.open():
            await reader.click()
    finally:
        await reader.session.close()


async def run_step(
    replicas: int, sessions: int, args: argparse.Namespace, story: Story, fault: bool = False
) -> dict[str, Any]:
    target = start_target(replicas, args.data)
    probe: Probe | None = None
    me = os.getpid()
    groups: dict[str, Callable[[], list[int]]] = {
        "server": target.roots,
        "probe": lambda: [probe.proc.pid] if probe else [],
        "client": lambda: [me],
    }
    sampler = Sampler(groups)
    sampler.start()
    tally = Tally()
    ramp = ramp_for(sessions, args)
    duration = args.fault_duration if fault else args.duration
    result: dict[str, Any] = {"replicas": replicas, "sessions": sessions, "fault": fault}
    try:
        # Every replica directly (each has its own caches and first-run imports), then
        # through the proxy.
        for url in [r["url"] for r in target.replicas if replicas > 1] + [target.url]:
            await warm(url, story, args)
        await asyncio.sleep(1.0)
        t_begin = sampler.now()
        result["load_before"] = os.getloadavg()[0]
        if args.probe:
            probe = Probe(target.url, args.think)
        window = Window(sessions, args.settle, duration, sampler.now)
        readers = [Reader(i, target.url, story, tally, sampler.now, args) for i in range(sessions)]
        tasks = [
            asyncio.create_task(r.read(t_begin + ramp * i / max(1, sessions), window))
            for i, r in enumerate(readers)
        ]
        try:
            await asyncio.wait_for(window.all_open.wait(), ramp + args.timeout * 2 + 10)
        except TimeoutError:
            tally.errors.append("watchdog: sessions still opening; the window starts anyway")
            window.left = 1
            window.opened()
        result["all_open_after_s"] = round(window.start - args.settle - t_begin, 1)
        if probe is not None:
            probe.go(window.start - sampler.now(), window.end - sampler.now())
        killed: dict[str, Any] | None = None
        if fault:
            await asyncio.sleep(max(0.0, window.start + args.kill_after - sampler.now()))
            killed = kill_one(target, readers, probe)
            killed["at"] = round(sampler.now(), 2)
            killed["epoch"] = time.time()
        watchdog = window.end - sampler.now() + args.timeout * 2 + 30
        done, pending = await asyncio.wait(tasks, timeout=max(1.0, watchdog))
        for task in pending:
            task.cancel()
        if pending:
            tally.errors.append(f"watchdog: {len(pending)} sessions still going; cancelled")
            await asyncio.wait(pending, timeout=10)
        for task in done:
            if task.exception() is not None:
                exc = task.exception()
                tally.errors.append(f"session crashed: {type(exc).__name__}: {exc}"[:300])
        probe_result = await probe.result() if probe else None
        await asyncio.sleep(1.1)
    finally:
        sampler.stop()
        target.stop()
    span = (window.start, window.end)
    split: dict[str, int] = {}
    for r in readers:
        name = replica_name(r.replica())
        if name:
            split[name] = split.get(name, 0) + 1
    result["sessions_by_replica"] = dict(sorted(split.items()))
    result.update(
        step_figures(tally, sampler, span, t_begin, sessions, ramp, duration, probe_result)
    )
    if fault and killed is not None:
        result["fault"] = fault_figures(tally, readers, killed, probe_result)
    return result


def replica_name(cookie: str | None) -> str | None:
    """``dz_replica`` is NAME.GENERATION ("r0.1", "r0.2" after a restart): the name."""
    return cookie.split(".", 1)[0] if cookie else None


def kill_one(target: Target, readers: list[Reader], probe: Probe | None) -> dict[str, Any]:
    """SIGKILL one replica: the probe's (so a real browser goes through the fault too), else
    the one that holds the most sessions. A session's replica is the proxy's ``dz_replica``
    cookie: ``r0``, ``r1``, ... in the order of deploy.serve's state file."""
    state = target.state() if isinstance(target, Proxied) else None
    replicas = (state or {}).get("replicas") or target.replicas
    names = {f"r{i}": rep for i, rep in enumerate(replicas)}
    counts: dict[str, int] = {}
    for r in readers:
        rep = replica_name(r.replica())
        if rep:
            counts[rep] = counts.get(rep, 0) + 1
    probe_on = replica_name(probe.replica()) if probe else None
    victim = probe_on if probe_on in names else max(names, key=lambda n: counts.get(n, 0))
    os.kill(int(names[victim]["pid"]), signal.SIGKILL)
    going = [r for r in readers if r.session.run is not None and r.session.run.finished_at is None]
    return {
        "replica": victim,
        "port": names[victim].get("port"),
        "pid": names[victim]["pid"],
        "chosen_as": "the probe's replica" if victim == probe_on else "most sessions",
        "sessions_by_replica": counts,
        "sessions_on_victim": counts.get(victim, 0),
        "in_flight": len(going),
        "in_flight_on_victim": sum(1 for r in going if replica_name(r.replica()) == victim),
    }


def step_figures(
    tally: Tally,
    sampler: Sampler,
    window: tuple[float, float],
    t_begin: float,
    sessions: int,
    ramp: float,
    duration: float,
    probe: dict[str, Any] | None,
) -> dict[str, Any]:
    start, end = window
    server_actions = [a for a in tally.actions if a.kind in ("click", "event")]
    in_window = [a for a in server_actions if start <= a.sent <= end]
    ok = [a for a in in_window if a.ok and a.ms is not None]
    completed = [
        a
        for a in server_actions
        if a.ok and a.ms is not None and start <= a.sent + a.ms / 1000 <= end
    ]
    opens = [a for a in tally.actions if a.kind == "open"]
    errors = [a.error for a in tally.actions if a.error] + tally.errors
    cores = os.cpu_count() or 1
    server = sampler.cores("server", start, end)
    client = sampler.cores("client", start, end)
    probe_cpu = sampler.cores("probe", start, end)
    machine = sampler.machine_cores(start, end)
    rss_end = sampler.rss("server", end)
    rss_before = sampler.rss("server", t_begin)
    loads = [s["loadavg"] for s in sampler.window(start, end)]
    return {
        "ramp_s": ramp,
        "window_s": [round(start, 1), round(end, 1)],
        "duration_s": duration,
        "sessions_opened": tally.sessions_opened,
        "sessions_failed": tally.sessions_failed,
        "open": summary([a.ms for a in opens if a.ok and a.ms is not None]),
        "actions": summary([a.ms for a in ok]),
        "clicks": summary([a.ms for a in ok if a.kind == "click"]),
        "events": summary([a.ms for a in ok if a.kind == "event"]),
        "actions_sent_in_window": len(in_window),
        "actions_per_s": _r(len(completed) / duration if duration else None),
        "url_changes": tally.url_changes,
        "errors": len(errors),
        "error_samples": errors[:20],
        "disconnects": len(tally.disconnects),
        "server_cpu_cores": _r(server),
        "server_cpu_pct_machine": _r(server / cores * 100 if server is not None else None, 1),
        "client_cpu_cores": _r(client),
        "probe_cpu_cores": _r(probe_cpu),
        "machine_cpu_cores": _r(machine),
        "others_cpu_cores": _r(
            machine - (server or 0) - (client or 0) - (probe_cpu or 0)
            if machine is not None
            else None
        ),
        "loadavg_in_window": [round(min(loads), 2), round(max(loads), 2)] if loads else None,
        "server_rss_before_mib": rss_before,
        "server_rss_end_mib": rss_end,
        "server_rss_per_session_mib": _r(
            (rss_end - rss_before) / sessions
            if rss_end is not None and rss_before is not None
            else None
        ),
        "bytes_received_mib": round(tally.bytes_received / 2**20, 1),
        "cache_hits": tally.cache_hits,
        "probe": None
        if probe is None
        else {
            "click_to_passages": summary(probe.get("clicks_ms", [])),
            "opened_ms": probe.get("opened_ms"),
            "errors": probe.get("errors", []),
            # epoch seconds: when each click that got its answer was made, and each failed one
            "clicks_at": probe.get("clicks_at", []),
            "errors_at": probe.get("errors_at", []),
        },
    }


def fault_figures(
    tally: Tally,
    readers: list[Reader],
    killed: dict[str, Any],
    probe: dict[str, Any] | None,
) -> dict[str, Any]:
    kill_at = killed["at"]
    victim = killed["replica"]
    lost = [d for d in tally.disconnects if d["at"] >= kill_at - 0.5]
    lost_sessions = {d["session"] for d in lost}
    failed = [a for a in tally.actions if a.error and a.kind in ("click", "event")]
    allowed = [
        a for a in failed
        if a.in_flight_when_lost and replica_name(a.replica) == victim and a.sent <= kill_at + 0.5
    ]  # fmt: skip
    not_allowed = [a for a in failed if a not in allowed]
    reconnects = [a for a in tally.actions if a.kind == "reconnect"]
    back = {}
    for r in readers:
        if r.index in lost_sessions and r.recovered_at:
            back[r.index] = r.recovered_at[0] - kill_at
    after = [a for a in tally.actions if a.kind in ("click", "event") and a.sent > kill_at]
    read_on = {
        r.index
        for r in readers
        if any(
            a.ok
            for a in after
            if a.session == r.index and a.sent > (kill_at + back.get(r.index, 0))
        )
    }
    opened = {a.session for a in tally.actions if a.kind == "open" and a.ok}
    probe_after = [t for t in (probe or {}).get("clicks_at", []) if t > killed["epoch"]]
    return {
        "killed": killed,
        "sessions_lost_connection": len(lost_sessions),
        "lost_not_on_victim": sorted(
            d["session"] for d in lost if replica_name(d["replica"]) != victim
        ),
        "failed_actions": len(failed),
        "failed_in_flight_on_victim": len(allowed),
        "failed_in_flight_sent_before_kill": sum(1 for a in allowed if a.sent <= kill_at),
        "failed_otherwise": len(not_allowed),
        "failed_otherwise_samples": [a.error for a in not_allowed][:10],
        "reconnects": len(reconnects),
        "reconnects_view_back": sum(1 for a in reconnects if a.view_ok),
        "reconnects_app_exception": sum(1 for a in reconnects if a.app_exception),
        "reconnect_app_exceptions": sorted(
            {a.app_exception for a in reconnects if a.app_exception}
        ),
        "reconnects_ok": sum(1 for a in reconnects if a.ok),
        "reconnect_errors": [a.error for a in reconnects if not a.ok][:10],
        "reconnect_ms": summary([a.ms for a in reconnects if a.ms is not None]),
        "sessions_back": len(back),
        "time_to_back_s": {
            "p50": _r(percentile(list(back.values()), 50)),
            "max": _r(max(back.values()) if back else None),
        },
        "all_back_after_s": _r(
            max(back.values()) if back and len(back) == len(lost_sessions) else None
        ),
        "sessions_reading_on_after_kill": len(read_on),
        "sessions_opened": len(opened),
        "sessions_not_reading_on": sorted(opened - read_on)[:20],
        "probe_replica_killed": killed.get("chosen_as") == "the probe's replica",
        "probe_clicks_after_kill": len(probe_after),
        "probe_errors_after_kill": sum(
            1 for t in (probe or {}).get("errors_at", []) if t > killed["epoch"]
        ),
        "probe_failed_clicks_s_after_kill": [
            round(t - killed["epoch"], 1)
            for t in (probe or {}).get("errors_at", [])
            if t > killed["epoch"]
        ],
        "probe_map_waits_after_kill_ms": [
            w for t, w in (probe or {}).get("map_waits", []) if t > killed["epoch"]
        ],
        "probe_exceptions_shown": [
            text for t, text in (probe or {}).get("exceptions", []) if t > killed["epoch"]
        ],
    }


# --- the whole run -------------------------------------------------------------------
async def run(args: argparse.Namespace) -> dict[str, Any]:
    story = read_story(args.data or DATA)
    began = time.monotonic()
    out: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "config": {
            k: (str(v) if isinstance(v, Path) else v)
            for k, v in vars(args).items()
            if k not in ("probe_run",)
        },
        "steps": [],
        "fault": None,
        "skipped": [],
    }
    for replicas in args.replicas:
        if replicas > 1 and not (ROOT / "deploy" / "serve.py").exists():
            out["skipped"].append(f"{replicas} replicas: deploy/serve.py is missing")
            continue
        planned = list(args.steps)
        refines = args.refine
        while planned:
            sessions = planned.pop(0)
            print(f"[load] {replicas} replica(s), {sessions} sessions ...", flush=True)
            try:
                step = await run_step(replicas, sessions, args, story)
            except Exception as exc:  # noqa: BLE001 - one step failing is a result
                step = {
                    "replicas": replicas,
                    "sessions": sessions,
                    "failed": f"{type(exc).__name__}: {exc}",
                }
            step["refine"] = sessions not in args.steps
            out["steps"].append(step)
            print(f"[load]   {one_line(step)}", flush=True)
            if not planned and refines > 0:
                middle = refine_between([s for s in out["steps"] if s["replicas"] == replicas])
                if middle is not None:
                    planned.append(middle)
                    refines -= 1
    if args.fault:
        if not (ROOT / "deploy" / "serve.py").exists():
            out["skipped"].append("fault test: deploy/serve.py is missing")
        else:
            print(f"[load] fault test: 2 replicas, {args.fault_sessions} sessions ...", flush=True)
            try:
                out["fault"] = await run_step(2, args.fault_sessions, args, story, fault=True)
            except Exception as exc:  # noqa: BLE001
                out["fault"] = {"failed": f"{type(exc).__name__}: {exc}"}
    out["saturation"] = saturation(out["steps"])
    out["elapsed_s"] = round(time.monotonic() - began, 1)
    return out


def _bracket(steps: list[dict[str, Any]]) -> tuple[dict | None, dict | None]:
    """The last step whose p95 is within 1 s and the first past it (by sessions)."""
    mine = sorted((s for s in steps if "actions" in s), key=lambda s: s["sessions"])
    below = None
    for s in mine:
        p95 = s["actions"]["p95_ms"]
        if p95 is not None and p95 > SATURATION_MS:
            return below, s
        below = s
    return below, None


def refine_between(steps: list[dict[str, Any]]) -> int | None:
    """A step halfway between the two that bracket the saturation point (a multiple of 5),
    or None if they are 10 sessions apart or less, or nothing is bracketed."""
    below, above = _bracket(steps)
    if below is None or above is None or above["sessions"] - below["sessions"] <= 10:
        return None
    middle = int(round((below["sessions"] + above["sessions"]) / 2 / 5) * 5)
    return middle if below["sessions"] < middle < above["sessions"] else None


def saturation(steps: list[dict[str, Any]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for replicas in sorted({s["replicas"] for s in steps}):
        mine = [s for s in steps if s["replicas"] == replicas and "actions" in s]
        below, above = _bracket(mine)
        text = None
        if above is not None:
            p95 = above["actions"]["p95_ms"]
            text = f"p95 passes 1 s at {above['sessions']} sessions ({p95:.0f} ms)"
            if below is not None:
                text += (
                    f"; at {below['sessions']} sessions it is {below['actions']['p95_ms']:.0f} ms: "
                    f"the point lies between {below['sessions']} and {above['sessions']}"
                )
        elif mine:
            text = f"not reached up to {max(s['sessions'] for s in mine)} sessions"
        found[str(replicas)] = text or "no data"
    return found


def machine_info() -> dict[str, Any]:
    import streamlit

    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
    }


def one_line(step: dict[str, Any]) -> str:
    if "failed" in step:
        return f"failed: {step['failed']}"
    a = step["actions"]
    return (
        f"opened {step['sessions_opened']}/{step['sessions']}, p50 {a['p50_ms']} p95 {a['p95_ms']} "
        f"max {a['max_ms']} ms (n={a['n']}), {step['actions_per_s']} actions/s, errors "
        f"{step['errors']}, server {step['server_cpu_cores']} cores, client "
        f"{step['client_cpu_cores']}, RSS {step['server_rss_end_mib']} MiB"
    )


def _ms(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}"


def markdown(result: dict[str, Any]) -> str:
    cfg, m = result["config"], result["machine"]
    think = cfg["think"]
    lines = [
        "# Load test (`python -m bench.load`)",
        "",
        f"{result['when']}, commit {m['commit']}, streamlit {m['streamlit']}, {m['cpus']} CPUs "
        f"(server, load client and probe share them), load average {m['loadavg_at_start'][0]} at "
        f"the start. Run took {result['elapsed_s']:.0f} s.",
        "",
        "Sessions are websocket clients of Streamlit's own protocol (`bench/stclient.py`), no "
        f"browsers: each opens the page, then clicks places, chooses events or switches a layer "
        f"(URL only) with a pause of {think[0]:g}-{think[1]:g} s between actions. A step opens its "
        f"sessions over its ramp, then measures for {cfg['duration']:g} s with all of them "
        "reading. Latency: the request (`rerun_script`) to the run's `script_finished`, for the "
        "clicks and event choices sent in that window. CPU: cores in use over the window "
        "(1.00 = one core; the machine has "
        f"{m['cpus']}). RSS: the server processes' VmRSS summed (nginx included with 2 replicas).",
        "",
        "| replicas | sessions | p50 | p95 | max | actions/s | errors | server CPU (cores · "
        "% of machine) | server RSS (per session) | probe click → passages p50 / p95 (n) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    details = [
        "",
        "Details: sessions opened; page open (first run) p50 / p95; clicks and event choices "
        "timed in the window; CPU in cores of the load client, the probe, the whole machine and "
        "what is left for other processes; load average in the window; server RSS after the "
        "warm-up; MiB received by the sessions; elements answered from the client's cache.",
        "",
        "| replicas | sessions | opened | per replica | open p50 / p95 | n | client | probe | "
        "machine | others | load avg | RSS after warm-up | MiB received | cache hits |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    ordered = sorted(result["steps"], key=lambda s: (s["replicas"], s["sessions"]))
    for s in ordered:
        if "failed" in s:
            lines.append(f"| {s['replicas']} | {s['sessions']} | failed: {s['failed'][:120]} |")
            continue
        a, p, o = s["actions"], s.get("probe"), s["open"]
        probe = "–"
        if p:
            pc = p["click_to_passages"]
            failed = f", {len(p['errors'])} failed" if p["errors"] else ""
            probe = f"{_ms(pc['p50_ms'])} / {_ms(pc['p95_ms'])} ms ({pc['n']}{failed})"
        busy = (s["others_cpu_cores"] or 0) > NOISY_CORES
        n = f"{s['sessions']}{' (added)' if s.get('refine') else ''}{' ⚠' if busy else ''}"
        lines.append(
            f"| {s['replicas']} | {n} | {_ms(a['p50_ms'])} ms | {_ms(a['p95_ms'])} ms "
            f"| {_ms(a['max_ms'])} ms | {s['actions_per_s']} | {s['errors']} | "
            f"{s['server_cpu_cores']} · {s['server_cpu_pct_machine']} % | "
            f"{s['server_rss_end_mib']:.0f} MiB ({s['server_rss_per_session_mib']}) | {probe} |"
        )
        load = s["loadavg_in_window"] or ["–", "–"]
        details.append(
            f"| {s['replicas']} | {n} | {s['sessions_opened']} | "
            f"{' / '.join(str(v) for v in s.get('sessions_by_replica', {}).values()) or '–'} | "
            f"{_ms(o['p50_ms'])} / "
            f"{_ms(o['p95_ms'])} ms | {a['n']} | {s['client_cpu_cores']} | {s['probe_cpu_cores']} "
            f"| {s['machine_cpu_cores']} | {s['others_cpu_cores']} | {load[0]}–{load[1]} | "
            f"{s['server_rss_before_mib']:.0f} MiB | {s['bytes_received_mib']} | "
            f"{s['cache_hits']} |"
        )
    lines += details
    lines += [
        "",
        "Sessions marked (added) are a step halfway between the two that bracket the "
        "saturation point (`--refine`). ⚠: other processes used more than "
        f"{NOISY_CORES} of a core during the window (the machine is shared): a noisy step. "
        "Per replica: sessions on r0 / r1 by the proxy's "
        "`dz_replica` cookie (`hash $dz_key consistent` places a new reader).",
        "",
        "Saturation (sessions at which p95 passes 1 s):",
        "",
    ]
    for replicas, text in result["saturation"].items():
        lines.append(f"- {replicas} replica{'s' if replicas != '1' else ''}: {text}")
    for s in result["steps"]:
        if s.get("error_samples"):
            lines.append("")
            lines.append(f"Errors, {s['replicas']} replica(s), {s['sessions']} sessions (first 5):")
            lines += [f"- {e[:240]}" for e in s["error_samples"][:5]]
    for skipped in result.get("skipped", []):
        lines += ["", f"Skipped: {skipped}."]
    f = result.get("fault")
    if f:
        lines += ["", "## Fault test", ""] + fault_markdown(f, cfg)
    return "\n".join(lines) + "\n"


def fault_markdown(f: dict[str, Any], cfg: dict[str, Any]) -> list[str]:
    if "failed" in f:
        return [f"Failed to run: {f['failed']}"]
    ft, k = f["fault"], f["fault"]["killed"]
    back = ft["time_to_back_s"]
    lines = [
        f"2 replicas behind nginx, {f['sessions']} sessions ({f['sessions_opened']} opened) "
        f"reading as above; {cfg['kill_after']:g} s into the measuring window replica "
        f"{k['replica']} ({k['chosen_as']}; it held {k['sessions_on_victim']} of the load "
        f"sessions by the proxy's `dz_replica` cookie: {k['sessions_by_replica']}) was killed "
        f"with SIGKILL while {k['in_flight_on_victim']} of its sessions' actions were in flight "
        f"({k['in_flight']} in flight in all).",
        "",
        "| figure | value |",
        "|---|---|",
        f"| sessions that lost their websocket | {ft['sessions_lost_connection']} "
        f"(not on the killed replica: {len(ft['lost_not_on_victim'])}) |",
        f"| failed actions | {ft['failed_actions']}: {ft['failed_in_flight_on_victim']} in flight "
        f"on the killed replica ({ft['failed_in_flight_sent_before_kill']} sent before the kill, "
        "the others after it and before the session saw its websocket close), "
        f"**{ft['failed_otherwise']} otherwise** |",
        f"| reconnected, view back (URL's place / event / layers, and the panel) | "
        f"{ft['reconnects_view_back']} of {ft['reconnects']} |",
        f"| reconnects where the app showed an exception | **{ft['reconnects_app_exception']}** |",
        "| websocket closed → reconnected, page reloaded, its first run finished | "
        f"p50 {_ms(ft['reconnect_ms']['p50_ms'])} ms, "
        f"max {_ms(ft['reconnect_ms']['max_ms'])} ms |",
        f"| kill → session back with its view | p50 {back['p50']} s, max {back['max']} s |",
        f"| kill → every affected session back | "
        f"{ft['all_back_after_s'] if ft['all_back_after_s'] is not None else 'not all came back'}"
        " s |",
        f"| sessions that read on after the kill | {ft['sessions_reading_on_after_kill']} of "
        f"{ft['sessions_opened']} |",
        f"| whole window, kill included: p50 / p95 / max, actions/s | "
        f"{_ms(f['actions']['p50_ms'])} / {_ms(f['actions']['p95_ms'])} / "
        f"{_ms(f['actions']['max_ms'])} ms, {f['actions_per_s']} |",
    ]
    if f.get("probe"):
        pc = f["probe"]["click_to_passages"]
        where = ", on the killed replica" if ft["probe_replica_killed"] else ""
        lines.append(
            f"| probe (Chromium through nginx{where}) "
            f"| {pc['n']} clicks (p50 {_ms(pc['p50_ms'])} ms, max {_ms(pc['max_ms'])} ms), "
            f"{ft['probe_clicks_after_kill']} after the kill, "
            f"{ft['probe_errors_after_kill']} failed after it (made "
            f"{ft['probe_failed_clicks_s_after_kill'] or '–'} s after the kill); waited for the "
            f"map to be drawn again: {ft['probe_map_waits_after_kill_ms'] or 'no'} ms; failed "
            f"in the whole window: {len(f['probe']['errors'])} |"
        )
    notes = []
    for text in ft["reconnect_app_exceptions"][:3]:
        notes.append(f"- The app's exception on reconnecting: `{text[:200]}`")
    for text in ft.get("probe_exceptions_shown", [])[:3]:
        notes.append(f"- The probe's page showed: `{' '.join(text.split())[:200]}`")
    for text in ft["failed_otherwise_samples"][:5]:
        notes.append(f"- Failed otherwise: {text[:200]}")
    if ft["sessions_not_reading_on"]:
        notes.append(f"- Sessions that did not read on: {ft['sessions_not_reading_on']}")
    return lines + ([""] + notes if notes else [])


# --- the command line ------------------------------------------------------------------
def think_range(text: str) -> tuple[float, float]:
    """'1-3' -> (1.0, 3.0); '2' -> (2.0, 2.0)."""
    low, _, high = text.partition("-")
    pair = (float(low), float(high or low))
    if pair[0] < 0 or pair[1] < pair[0]:
        raise argparse.ArgumentTypeError(f"not a range of seconds: {text!r}")
    return pair


def int_list(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--probe-run"]:
        url, window_file, think, out = argv[1:5]
        asyncio.run(probe_main(url, Path(window_file), think_range(think), Path(out)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int_list, default=[1, 2], help="targets (1,2)")
    parser.add_argument("--steps", type=int_list, default=[20, 50, 100, 200], help="sessions")
    parser.add_argument("--duration", type=float, default=40.0, help="measuring window, s")
    parser.add_argument("--ramp-per-session", type=float, default=0.1, help="s per session")
    parser.add_argument("--ramp-min", type=float, default=5.0)
    parser.add_argument("--ramp-max", type=float, default=20.0)
    parser.add_argument("--settle", type=float, default=3.0, help="s after the ramp")
    parser.add_argument("--think", type=think_range, default=(1.0, 3.0), help="pause, s (1-3)")
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-probe", dest="probe", action="store_false")
    parser.add_argument("--fault", action="store_true", help="the fault test only")
    parser.add_argument("--no-fault", dest="with_fault", action="store_false")
    parser.add_argument("--fault-sessions", type=int, default=50)
    parser.add_argument("--fault-duration", type=float, default=45.0)
    parser.add_argument("--kill-after", type=float, default=12.0, help="s into the window")
    parser.add_argument(
        "--refine", type=int, default=1, help="extra steps to bracket the saturation point"
    )
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--name", default=None, help="results file name (load)")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default data/)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.quick:
        args.steps, args.duration, args.fault_sessions, args.refine = [10, 30], 12.0, 16, 0
        args.fault_duration, args.kill_after, args.ramp_min = 20.0, 6.0, 3.0
    if args.fault:
        args.replicas, args.steps = [], []
    args.fault = args.fault or args.with_fault
    name = args.name or ("load-quick" if args.quick else "load-fault" if not args.steps else "load")
    result = asyncio.run(run(args))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{name}.json").write_text(
        json.dumps(result, indent=1, default=str), encoding="utf-8"
    )
    text = markdown(result)
    (args.out / f"{name}.md").write_text(text, encoding="utf-8")
    print(text)
    failed = any(s.get("errors") or "failed" in s for s in result["steps"])
    fault = (result.get("fault") or {}).get("fault")
    if result.get("fault") and (
        not isinstance(fault, dict)
        or fault["failed_otherwise"]
        or fault["all_back_after_s"] is None
        or fault["reconnects_app_exception"]
    ):
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
