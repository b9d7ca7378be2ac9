"""`make serve` as the tests run it: nginx in front of two replicas (deploy/serve.py), started
from a copy of the checkout inside a private folder (mode 700, as many home folders are), so
that nginx's unprivileged workers cannot read a file of it. A proxy that still needs one
(a script it serves, a response it buffers to disk) fails the tests here, not on a user's
machine."""

from __future__ import annotations

import json
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from browsing import ARTIFACTS, ROOT
from deploy.procs import free_port

# Built at set-up and not in git: the map's Leaflet files and the reader's (make assets).
UNTRACKED_NEEDED = ("static/vendor", "static/reader")
WARMED = re.compile(r"^\S+ replica (r\d+) warmed up: app\.py ran in ([\d.]+) s ", re.M)


def private_checkout() -> Path:
    """A copy of this checkout's files (git's tracked and untracked-but-not-ignored files, as
    they are on disk, plus the vendored map files) in a new folder only its owner can enter."""
    holder = Path(tempfile.mkdtemp(prefix="dz-private-"))
    assert stat.S_IMODE(holder.stat().st_mode) == 0o700, "mkdtemp made a folder others can enter"
    checkout = holder / "checkout"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the work tree is not copied
            target = checkout / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    for name in UNTRACKED_NEEDED:
        shutil.copytree(ROOT / name, checkout / name)
    return checkout


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def _status(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "zombie"


def replica_state(proxy: dict) -> dict:
    return json.loads(proxy["state_file"].read_text())


def wait_until_back_in_rotation(proxy: dict, index: int, old_pid: int, timeout: float = 60) -> dict:
    """After replica ``index`` (pid ``old_pid``) was killed: wait until the supervisor has
    restarted it, warmed it and put it back into nginx's rotation; its new state."""
    deadline = time.monotonic() + timeout
    while True:
        state = replica_state(proxy)
        log = proxy["log"].read_text()
        restarted = state["replicas"][index]
        back = log.count(f"nginx reloaded: r{index} back")
        if restarted["pid"] != old_pid and back > proxy["returns"].get(index, 0):
            proxy["returns"][index] = back
            proxy["last_state"] = state
            return state
        assert time.monotonic() < deadline, f"r{index} did not come back; see {proxy['log']}"
        time.sleep(0.2)  # polling the supervisor's state file and log


@pytest.fixture(scope="session")
def proxy() -> Iterator[dict]:
    """`python -m deploy.serve --port P --replicas 2 --state FILE` run from a private copy of
    the checkout, until its state file says everything is healthy; stopped (SIGTERM)
    afterwards, and checked to leave nothing behind."""
    if nginx_binary() is None:
        pytest.fail(
            "nginx is not installed, so the proxy cannot be tested: run 'make nginx' as root "
            "(or 'sudo apt-get install nginx'), then run the tests again."
        )
    checkout = private_checkout()
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    state_file = checkout / "build" / "serve" / f"state-{port}.json"
    log = open(ARTIFACTS / f"serve-{port}.log", "w")  # noqa: SIM115 - closed below
    sup = subprocess.Popen(
        [sys.executable, "-m", "deploy.serve", "--port", str(port), "--replicas", "2",
         "--state", str(state_file)],
        cwd=checkout, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not state_file.exists():
        if sup.poll() is not None or time.monotonic() > deadline:
            sup.kill()
            log.close()
            pytest.fail(f"deploy.serve did not get ready; see {log.name}")
        time.sleep(0.1)  # polling the supervisor's state file
    state = json.loads(state_file.read_text())
    state.update(
        checkout=checkout,
        state_file=state_file,
        port=port,
        run_dir=checkout / "build" / "serve" / str(port),
        log=Path(log.name),
        returns={},
    )
    yield state
    sup.send_signal(signal.SIGTERM)
    try:
        code = sup.wait(timeout=30)
    finally:
        sup.kill()
        log.close()
    assert code == 0, f"deploy.serve exited with {code}; see {log.name}"
    assert not state_file.exists(), "the state file outlived the supervisor"
    last = state.get("last_state", state)
    for pid in [last["nginx"]["pid"], *(r["pid"] for r in last["replicas"])]:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in _status(pid), f"pid {pid} left"
    shutil.rmtree(checkout.parent, ignore_errors=True)
