"""A step's figures from its tally and the sampler: latencies, actions per second, CPU,
RSS, the probe's clicks."""

from __future__ import annotations

import os
import statistics
from typing import Any

from bench.load.meter import Sampler
from bench.load.tally import SERVER_ACTIONS, Tally


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
    """A step's figures: its sessions, the requests' latencies and rate in the window,
    errors, the server's CPU and memory (and the others'), what the sessions received, and
    the probe's clicks."""
    start, end = window
    return {
        "ramp_s": ramp,
        "window_s": [round(start, 1), round(end, 1)],
        "duration_s": duration,
        "sessions_opened": tally.sessions_opened,
        "sessions_failed": tally.sessions_failed,
        **_requests(tally, start, end, duration),
        **_machine(sampler, start, end, t_begin, sessions),
        "bytes_received_mib": round(tally.bytes_received / 2**20, 1),
        "cache_hits": tally.cache_hits,
        "probe": None if probe is None else _probe(probe),
    }


def _requests(tally: Tally, start: float, end: float, duration: float) -> dict[str, Any]:
    """The pages' opening, the requests sent in the window (latencies, per second), errors."""
    server_actions = [a for a in tally.actions if a.kind in SERVER_ACTIONS]
    in_window = [a for a in server_actions if start <= a.sent <= end]
    ok = [a for a in in_window if a.ok and a.ms is not None]
    completed = [
        a
        for a in server_actions
        if a.ok and a.ms is not None and start <= a.sent + a.ms / 1000 <= end
    ]
    opens = [a for a in tally.actions if a.kind == "open"]
    errors = [a.error for a in tally.actions if a.error] + tally.errors
    return {
        "open": summary([a.ms for a in opens if a.ok and a.ms is not None]),
        "actions": summary([a.ms for a in ok]),
        "reports": summary([a.ms for a in ok if a.kind == "report"]),
        "briefs": summary([a.ms for a in ok if a.kind == "brief"]),
        "actions_sent_in_window": len(in_window),
        "local_actions": tally.local_actions,
        "actions_per_s": _r(len(completed) / duration if duration else None),
        "errors": len(errors),
        "error_samples": errors[:20],
        "disconnects": len(tally.disconnects),
    }


def _machine(
    sampler: Sampler, start: float, end: float, t_begin: float, sessions: int
) -> dict[str, Any]:
    """CPU in the window (server, load client, probe, the machine, others), the load
    average, and the server's RSS before the step and at its end."""
    cores = os.cpu_count() or 1
    server = sampler.cores("server", start, end)
    client = sampler.cores("client", start, end)
    probe_cpu = sampler.cores("probe", start, end)
    machine = sampler.machine_cores(start, end)
    rss_end = sampler.rss("server", end)
    rss_before = sampler.rss("server", t_begin)
    loads = [s["loadavg"] for s in sampler.window(start, end)]
    return {
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
    }


def _probe(probe: dict[str, Any]) -> dict[str, Any]:
    return {
        "click_to_passages": summary(probe.get("clicks_ms", [])),
        "opened_ms": probe.get("opened_ms"),
        "errors": probe.get("errors", []),
        # epoch seconds: when each click that got its answer was made, and each failed one
        "clicks_at": probe.get("clicks_at", []),
        "errors_at": probe.get("errors_at", []),
    }
