"""What a reader's session sends the server, each action timed and its answer checked: the
page's opening, the reader's report and the printable brief, and a lost connection's
recovery (ui/reader.py: the report goes as the pointer reaches the brief's button, and its
run makes the brief). The reader's choices in the page and its reading loop are
``session.Reader``'s.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Callable

from bench.load.story import Story
from bench.load.tally import Action, Tally
from bench.stclient import (
    Disconnected,
    HttpError,
    ProtocolError,
    Run,
    StreamlitSession,
    json_state,
    pdf_title,
    report_value,
)

# How a session opens: a quarter each with a permalink to a place, an event, layers, or none.
OPENINGS = (
    "",
    "place=lheiban",
    "event=iraqi-army-collapse&asof=2014-06-30",
    "layers=peshmerga,isis",
)


class Verify(AssertionError):
    pass


class ServerActions:
    """One session's exchanges with the server (``Reader`` adds its choices and its loop)."""

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
        self.recovered_at: list[float] = []
        self.reports = 0  # the reader's reports sent (their number, n, as the page counts)
        self.told: tuple | None = None  # the place and layers of the last report taken
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

    def layers(self) -> list[str]:
        raw = self.session.params().get("layers")
        if raw is None:
            return list(self.story.default_layers)
        return [a for a in raw.split(",") if a]

    def _subject(self, place: str | None) -> str:
        """How the brief's subject starts (geo/brief: the end of its PDF's title)."""
        return self.story.places[place][0] if place else "The whole story"

    # actions: what reaches the server
    async def open(self) -> bool:
        self.history.append(f"open ?{self.session.query}")
        action, run = await self._timed("open", self.session.open)

        def check(run: Run) -> None:
            if self.session.map_component() is None or self.session.report_component() is None:
                raise Verify("no map or no report component in the first run")
            if self.session.find("download_button") is None:
                raise Verify("no printable brief in the first run")

        self._check(action, run, check)
        if not action.ok:
            self.tally.sessions_failed += 1
            return False
        self.tally.sessions_opened += 1
        return True

    async def report(self) -> bool:
        """The reader's report as the pointer reaches the brief: its place and layers, if
        they changed since the last it sent (a rerun of the brief's fragment alone, which
        makes that brief, or takes it from the day's cache, and draws its button). The
        app's answer carries the report's number."""
        place = self.session.params().get("place")
        state = (place, tuple(self.layers()))
        if state == self.told:
            return True
        found = self.session.report_component()
        if found is None:
            raise Verify("no report component on the page")
        self.reports += 1
        n = self.reports
        value = report_value(place=place, layers=list(state[1]), n=n)
        self.history.append(f"report {place or '-'} {','.join(state[1])}")
        action, run = await self._timed(
            "report",
            lambda: self.session.set_widget(
                "report", json_state(found.id, value), found.fragment_id
            ),
        )

        def check(_run: Run) -> None:
            taken = self.session.report_taken()
            if taken != n:
                raise Verify(f"the app answered report {n} with taken={taken}")

        self._check(action, run, check)
        if action.ok:
            self.told = state
        return action.ok

    async def brief(self) -> None:
        """The printable brief of the place (or the story): the report if due, then the file
        the button holds, fetched as a click on it fetches it."""
        if not await self.report():
            return
        place = self.session.params().get("place")
        self.history.append(f"brief {place or 'story'}")
        action = Action(self.index, "brief", self.clock(), replica=self.replica())
        self.tally.actions.append(action)
        started = time.perf_counter()
        try:
            status, body = await self.session.download()
        except Disconnected as exc:
            action.error = f"brief: lost the connection: {exc}"
            action.in_flight_when_lost = True
            self.lost.set()
            return
        except (TimeoutError, HttpError, ProtocolError, OSError) as exc:
            action.error = f"brief: {type(exc).__name__}: {exc}"
            return
        action.ms = (time.perf_counter() - started) * 1000
        self.tally.bytes_received += len(body)
        if status != 200 or not body.startswith(b"%PDF-"):
            action.error = f"brief: the file answered {status}, {body[:8]!r} (session {self.index})"
        elif not (pdf_title(body) or "").rsplit(": ", 1)[-1].startswith(self._subject(place)):
            action.error = (
                f"brief: the PDF's title {pdf_title(body)!r} is not {self._subject(place)!r}'s "
                f"(session {self.index}, after {' > '.join(self.history[-4:-1])})"
            )
        else:
            action.ok = True

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
            now = self.view()
            if now != view:
                action.view_ok = False
                action.error = f"reconnect: view {view} came back as {now} (session {self.index})"
            else:
                action.view_ok = True
                self.recovered_at.append(self.clock())
            if run.exceptions:
                action.app_exception = run.exceptions[0][:300]
                action.error = (
                    action.error or f"reconnect: exception in the app: {run.exceptions[0][:200]}"
                )
            action.ok = bool(action.view_ok) and not run.exceptions
        self.lost.clear()
        self.told = None  # a new session on the server: the reader's next report is due

    async def _reconnect(self, deadline: float) -> Run | None:
        return await self.session.reconnect(deadline)
