"""A step: the server started afresh and warmed, its sessions ramped up, the measuring
window, the probe, the fault when asked, a watchdog over all of it, the server stopped."""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections.abc import Callable
from typing import Any

from bench.load.fault import fault_figures, kill_one
from bench.load.figures import step_figures
from bench.load.meter import Sampler
from bench.load.probe import Probe
from bench.load.servers import Target, replica_name, start_target
from bench.load.session import Reader
from bench.load.story import Story
from bench.load.tally import Tally, Window


def ramp_for(sessions: int, args: argparse.Namespace) -> float:
    return min(args.ramp_max, max(args.ramp_min, sessions * args.ramp_per_session))


async def warm(url: str, story: Story, args: argparse.Namespace) -> None:
    """One reader opens the page, chooses a place and asks for its brief: caches warm,
    imports (matplotlib's) done."""
    tally = Tally()
    reader = Reader(-1, url, story, tally, time.monotonic, args)
    try:
        if await reader.open():
            reader.choose_place()
            await reader.brief()
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
        await _warm_all(target, replicas, story, args)
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
        await _all_open(window, tally, ramp, args)
        result["all_open_after_s"] = round(window.start - args.settle - t_begin, 1)
        if probe is not None:
            probe.go(window.start - sampler.now(), window.end - sampler.now())
        killed: dict[str, Any] | None = None
        if fault:
            await asyncio.sleep(max(0.0, window.start + args.kill_after - sampler.now()))
            killed = kill_one(target, readers, probe)
            killed["at"] = round(sampler.now(), 2)
            killed["epoch"] = time.time()
        await _sessions_done(tasks, window.end - sampler.now(), tally, args)
        probe_result = await probe.result() if probe else None
        await asyncio.sleep(1.1)
    finally:
        sampler.stop()
        target.stop()
    span = (window.start, window.end)
    result["sessions_by_replica"] = _sessions_by_replica(readers)
    result.update(
        step_figures(tally, sampler, span, t_begin, sessions, ramp, duration, probe_result)
    )
    if fault and killed is not None:
        result["fault"] = fault_figures(tally, readers, killed, probe_result)
    return result


async def _warm_all(target: Target, replicas: int, story: Story, args: argparse.Namespace) -> None:
    """Every replica directly (each has its own caches and first-run imports), then through
    the proxy."""
    for url in [r["url"] for r in target.replicas if replicas > 1] + [target.url]:
        await warm(url, story, args)


async def _all_open(window: Window, tally: Tally, ramp: float, args: argparse.Namespace) -> None:
    """Wait until every session has opened; past the watchdog, the window starts anyway."""
    try:
        await asyncio.wait_for(window.all_open.wait(), ramp + args.timeout * 2 + 10)
    except TimeoutError:
        tally.errors.append("watchdog: sessions still opening; the window starts anyway")
        window.left = 1
        window.opened()


async def _sessions_done(
    tasks: list[asyncio.Task], left_s: float, tally: Tally, args: argparse.Namespace
) -> None:
    """Wait for the sessions to end (``left_s`` the window's time left, plus the
    watchdog's margin); cancel those still going, and note any that crashed."""
    watchdog = left_s + args.timeout * 2 + 30
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


def _sessions_by_replica(readers: list[Reader]) -> dict[str, int]:
    """How many sessions each replica held, by the proxy's ``dz_replica`` cookie."""
    split: dict[str, int] = {}
    for r in readers:
        name = replica_name(r.replica())
        if name:
            split[name] = split.get(name, 0) + 1
    return dict(sorted(split.items()))
