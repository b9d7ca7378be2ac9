"""The whole run: each target's steps (and one added to bracket the saturation point),
then the fault test."""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.load import ROOT
from bench.load.report import one_line
from bench.load.steps import run_step
from bench.load.story import DATA, read_story

SATURATION_MS = 1000.0


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
