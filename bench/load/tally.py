"""What a step's readers share: the tally they record their actions in, and the
measuring window they read in."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Action:
    session: int
    kind: str  # open, report, brief, reconnect
    sent: float  # sampler clock
    ms: float | None = None
    ok: bool = False
    error: str | None = None
    in_flight_when_lost: bool = False
    replica: str | None = None
    view_ok: bool | None = None  # reconnects: the view came back (URL and panel)
    app_exception: str | None = None  # an exception the app showed in this run


# What a reader's session sends the server after its opening: the reader's reports and briefs.
SERVER_ACTIONS = ("report", "brief")


@dataclass
class Tally:
    actions: list[Action] = field(default_factory=list)
    local_actions: int = 0  # choices answered in the page (the URL only)
    errors: list[str] = field(default_factory=list)
    disconnects: list[dict[str, Any]] = field(default_factory=list)
    sessions_opened: int = 0
    sessions_failed: int = 0
    bytes_received: int = 0
    cache_hits: int = 0


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
