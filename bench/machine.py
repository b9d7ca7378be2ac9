"""The machine a run measured on, so that runs can be compared: its CPU, cores, RAM and
versions, the commit measured, how fast it is right now (the speed probe), and how busy it
was during each phase of the run."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser

from browsing import ROOT
from browsing.chromium import CHROMIUM


class CpuLog:
    """The whole machine's CPU use between phases, from /proc/stat and the load average.

    Other work on the machine (a parallel test run, say) slows every variant; this
    records how busy the machine was, so a reader can tell a clean run from a noisy one.
    """

    def __init__(self) -> None:
        self.phases: list[dict[str, Any]] = []
        self._last = self._jiffies()

    @staticmethod
    def _jiffies() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return sum(fields) - idle, sum(fields)

    def note(self, phase: str) -> None:
        busy, total = self._jiffies()
        d_busy, d_total = busy - self._last[0], total - self._last[1]
        self._last = (busy, total)
        self.phases.append(
            {
                "phase": phase,
                "cpu_busy_fraction": d_busy / d_total if d_total else None,
                "loadavg_1m": os.getloadavg()[0],
            }
        )


MEASURED = ("app.py", "server.py", "geo", "ui", "data")  # a change here makes a run "dirty"
SPEED_PROBE = "import streamlit.web.cli"  # what a cold start's process does first
SPEED_PROBE_RUNS = 5


def speed_probe() -> float:
    """Median ms for a fresh interpreter to run SPEED_PROBE: how fast this machine is right
    now. These are shared virtual machines, and the same code's cold start was seen to
    move by half between hours; runs are comparable through this figure."""
    times = []
    for _ in range(SPEED_PROBE_RUNS):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", SPEED_PROBE], cwd=ROOT, check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def machine(browser: Browser) -> dict[str, Any]:
    """CPU, cores, RAM, Python, Chromium and library versions, and the commit measured."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (ln.split(":", 1)[1].strip() for ln in cpuinfo.splitlines() if ln.startswith("model name")),
        platform.processor(),
    )
    meminfo = Path("/proc/meminfo").read_text()
    mem_kb = next(int(ln.split()[1]) for ln in meminfo.splitlines() if ln.startswith("MemTotal"))

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    return {
        "cpu_model": model,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "ram_gb": mem_kb / 1024 / 1024,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "chromium": f"Chromium {browser.version}",
        "chromium_path": CHROMIUM,
        "streamlit": version("streamlit"),
        "streamlit_folium": version("streamlit-folium"),
        "folium": version("folium"),
        "playwright": version("playwright"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--", *MEASURED)),
        "speed_probe_ms": speed_probe(),
    }
