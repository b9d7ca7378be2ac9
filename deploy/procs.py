"""What the supervisor needs of its child processes, whichever they are (nginx or a
replica): the log, a free port, children that die with it, orphans it can find, a stop."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
from datetime import datetime
from pathlib import Path


def log(message: str) -> None:
    print(f"{datetime.now():%H:%M:%S} {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def die_with_parent() -> None:
    """In the child: get SIGTERM if the supervisor dies (even by SIGKILL), so nothing is
    left behind; and a process group of its own, so a terminal's Ctrl-C reaches only the
    supervisor, which then stops everything in order."""
    os.setsid()
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def become_subreaper() -> None:
    """Orphans of our children (nginx's workers, if its master is killed) become ours, so
    that they can be found and stopped instead of holding the port."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(36, 1)  # PR_SET_CHILD_SUBREAPER


def own_children() -> list[int]:
    """Pids whose parent is this process (from /proc)."""
    me, found = os.getpid(), []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after its ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == me:
            found.append(int(entry))
    return found


def reap_orphans(known: set[int]) -> None:
    """Stop processes left to us by a child that died (nginx's workers after its master
    was killed), and collect them. ``known``: the pids of the children we started."""
    for pid in own_children():
        if pid in known:
            continue
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            log(f"stopped orphan process {pid}")
        except (ProcessLookupError, ChildProcessError):
            pass


def stop_proc(proc: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        proc.send_signal(sig)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    except ProcessLookupError:
        pass
