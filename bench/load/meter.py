"""Measuring the processes: CPU seconds and RSS of process trees (/proc), and the
machine's busy share."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TICK = os.sysconf("SC_CLK_TCK")


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
