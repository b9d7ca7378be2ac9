"""A reader: one session's actions (open, click a place, choose an event, switch a layer,
recover after a lost connection) and the checks of every answer."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import time
from collections.abc import Callable

from bench.load.story import Story, unescape
from bench.load.tally import Action, Tally, Window
from bench.stclient import (
    Disconnected,
    HttpError,
    ProtocolError,
    Run,
    StreamlitSession,
    click_value,
    json_state,
    string_array_state,
)

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
