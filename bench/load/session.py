"""A reader: one session's choices and its reading loop. The reader itself lives in the page
(geo/reader): a choice (a place, an event, a layer) is answered there, in the URL, with no
request. What reaches the server (the page's opening, the reader's report and the brief, a
lost connection's recovery) is sent as a browser would send it, timed and checked, by
``server_actions.ServerActions``.
"""

from __future__ import annotations

import asyncio
import contextlib

from bench.load.server_actions import ServerActions, Verify
from bench.load.tally import Window

# Places with passages; consecutive choices always differ.
PLACES = ("lheiban", "debaga", "baghdad", "erbil", "sulaymaniyah")
# What a reader does next (cumulative shares): a place, an event, a layer, the brief. One
# brief in 200 choices: at a choice every 2 s, a brief every 7 minutes or so for every reader,
# far more than readers print (most never do): the brief's cost is not under-counted.
MIX = (("place", 0.55), ("event", 0.8), ("layer", 0.995), ("brief", 1.0))


def shares() -> dict[str, float]:
    """Each action's share of a reader's choices, from MIX."""
    out, below = {}, 0.0
    for name, upto in MIX:
        out[name], below = upto - below, upto
    return out


class Reader(ServerActions):
    """One session: opens the page, then reads until the window's end (sampler clock)."""

    def choose_place(self) -> None:
        """A place chosen in the page (the map, a chip, the search): the URL only."""
        now = self.session.params().get("place")
        place = self.rng.choice([p for p in PLACES if p != now and p in self.story.places])
        for key in ("passage", "event", "asof"):
            self.session.set_param(key, None)
        self.session.set_param("place", place)
        self.history.append(f"place {place}")
        self.tally.local_actions += 1

    def choose_event(self) -> None:
        """An event chosen in the page: the URL only."""
        event_id = self.rng.choice(list(self.story.events.values()))
        self.session.set_param("place", None)
        self.session.set_param("passage", None)
        self.session.set_param("event", event_id)
        self.history.append(f"event {event_id}")
        self.tally.local_actions += 1

    def switch_layer(self) -> None:
        """The map's own switch: the URL's ``layers=`` only."""
        on = self.layers()
        actor = self.rng.choice(self.story.actors)
        if actor in on and len(on) > 1:
            on.remove(actor)
        elif actor not in on:
            on.append(actor)
        self.session.set_param("layers", ",".join(a for a in self.story.actors if a in on))
        self.history.append(f"layers {self.session.params()['layers']}")
        self.tally.local_actions += 1

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
                kind = next(name for name, upto in MIX if roll < upto)
                try:
                    if kind == "place":
                        self.choose_place()
                    elif kind == "event":
                        self.choose_event()
                    elif kind == "layer":
                        self.switch_layer()
                    else:
                        await self.brief()
                except Verify as exc:
                    self.tally.errors.append(f"session {self.index}: {exc}")
                    break
        finally:
            await self.session.close()
