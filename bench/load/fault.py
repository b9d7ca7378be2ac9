"""The fault test: one replica killed mid-window, and what the sessions and the probe went
through."""

from __future__ import annotations

import os
import signal
from typing import Any

from bench.load.figures import _r, percentile, summary
from bench.load.probe import Probe
from bench.load.servers import Proxied, Target, replica_name
from bench.load.session import Reader
from bench.load.tally import SERVER_ACTIONS, Tally


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


def fault_figures(
    tally: Tally,
    readers: list[Reader],
    killed: dict[str, Any],
    probe: dict[str, Any] | None,
) -> dict[str, Any]:
    """What the fault did: connections lost, actions failed (and whether only those in flight
    on the killed replica), reconnects, the time until each session was back, the sessions
    that read on, and the probe's clicks after the kill."""
    kill_at = killed["at"]
    victim = killed["replica"]
    lost = [d for d in tally.disconnects if d["at"] >= kill_at - 0.5]
    lost_sessions = {d["session"] for d in lost}
    back = {}
    for r in readers:
        if r.index in lost_sessions and r.recovered_at:
            back[r.index] = r.recovered_at[0] - kill_at
    return {
        "killed": killed,
        "sessions_lost_connection": len(lost_sessions),
        "lost_not_on_victim": sorted(
            d["session"] for d in lost if replica_name(d["replica"]) != victim
        ),
        **_failed_actions(tally, victim, kill_at),
        **_reconnects(tally),
        "sessions_back": len(back),
        "time_to_back_s": {
            "p50": _r(percentile(list(back.values()), 50)),
            "max": _r(max(back.values()) if back else None),
        },
        "all_back_after_s": _r(
            max(back.values()) if back and len(back) == len(lost_sessions) else None
        ),
        **_reading_on(tally, readers, kill_at, back),
        **_probe_after_kill(probe or {}, killed),
    }


def _failed_actions(tally: Tally, victim: str, kill_at: float) -> dict[str, Any]:
    """Failed requests: those allowed (in flight on the killed replica) and the others."""
    failed = [a for a in tally.actions if a.error and a.kind in SERVER_ACTIONS]
    allowed = [
        a for a in failed
        if a.in_flight_when_lost and replica_name(a.replica) == victim and a.sent <= kill_at + 0.5
    ]  # fmt: skip
    not_allowed = [a for a in failed if a not in allowed]
    return {
        "failed_actions": len(failed),
        "failed_in_flight_on_victim": len(allowed),
        "failed_in_flight_sent_before_kill": sum(1 for a in allowed if a.sent <= kill_at),
        "failed_otherwise": len(not_allowed),
        "failed_otherwise_samples": [a.error for a in not_allowed][:10],
    }


def _reconnects(tally: Tally) -> dict[str, Any]:
    reconnects = [a for a in tally.actions if a.kind == "reconnect"]
    return {
        "reconnects": len(reconnects),
        "reconnects_view_back": sum(1 for a in reconnects if a.view_ok),
        "reconnects_app_exception": sum(1 for a in reconnects if a.app_exception),
        "reconnect_app_exceptions": sorted(
            {a.app_exception for a in reconnects if a.app_exception}
        ),
        "reconnects_ok": sum(1 for a in reconnects if a.ok),
        "reconnect_errors": [a.error for a in reconnects if not a.ok][:10],
        "reconnect_ms": summary([a.ms for a in reconnects if a.ms is not None]),
    }


def _reading_on(
    tally: Tally, readers: list[Reader], kill_at: float, back: dict[int, float]
) -> dict[str, Any]:
    """Sessions that asked the server for something (a report, a brief) once they were back
    (most choices are answered in the page and ask nothing), and those answered."""
    after = [a for a in tally.actions if a.kind in SERVER_ACTIONS and a.sent > kill_at]
    asked_after: dict[int, list] = {}
    for r in readers:
        since = kill_at + back.get(r.index, 0)
        asked_after[r.index] = [a for a in after if a.session == r.index and a.sent > since]
    asked = {i for i, acts in asked_after.items() if acts}
    read_on = {i for i, acts in asked_after.items() if any(a.ok for a in acts)}
    opened = {a.session for a in tally.actions if a.kind == "open" and a.ok}
    return {
        "sessions_asking_after_kill": len(asked),
        "sessions_reading_on_after_kill": len(read_on),
        "sessions_opened": len(opened),
        "sessions_not_answered": sorted(asked - read_on)[:20],
    }


def _probe_after_kill(probe: dict[str, Any], killed: dict[str, Any]) -> dict[str, Any]:
    """The probe's clicks, failures, waits for the map and exceptions seen after the kill."""
    epoch = killed["epoch"]
    return {
        "probe_replica_killed": killed.get("chosen_as") == "the probe's replica",
        "probe_clicks_after_kill": len([t for t in probe.get("clicks_at", []) if t > epoch]),
        "probe_errors_after_kill": sum(1 for t in probe.get("errors_at", []) if t > epoch),
        "probe_failed_clicks_s_after_kill": [
            round(t - epoch, 1) for t in probe.get("errors_at", []) if t > epoch
        ],
        "probe_map_waits_after_kill_ms": [w for t, w in probe.get("map_waits", []) if t > epoch],
        "probe_exceptions_shown": [text for t, text in probe.get("exceptions", []) if t > epoch],
    }
