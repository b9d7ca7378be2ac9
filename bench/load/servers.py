"""The servers: one ``streamlit run server.py`` (1 replica) or ``deploy.serve`` (nginx + N
replicas)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.load import ROOT
from bench.load.meter import _stat
from browsing import ARTIFACTS
from browsing.appserver import free_port, start_app, stop_app


class Target:
    """A running app: its URL, the pids of its processes (roots of the server's tree)."""

    url: str
    replicas: list[dict[str, Any]]

    def roots(self) -> list[int]:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


class Direct(Target):
    """One ``streamlit run server.py``, started as the tests start it."""

    def __init__(self, data: Path | None) -> None:
        self.proc, self.url = start_app(data=data, timeout=90)
        self.replicas = [{"pid": self.proc.pid, "url": self.url}]

    def roots(self) -> list[int]:
        return [self.proc.pid]

    def stop(self) -> None:
        stop_app(self.proc)


class Proxied(Target):
    """nginx + N replicas: ``python -m deploy.serve --port P --replicas N --state FILE``."""

    def __init__(self, replicas: int, data: Path | None, timeout: float = 150.0) -> None:
        if not (ROOT / "deploy" / "serve.py").exists():
            raise RuntimeError("deploy/serve.py is missing: no proxied target")
        ARTIFACTS.mkdir(exist_ok=True)
        port = free_port()
        self.state_file = Path(tempfile.mkdtemp(prefix="dz-load-")) / "state.json"
        cmd = [
            sys.executable, "-m", "deploy.serve", "--port", str(port),
            "--replicas", str(replicas), "--state", str(self.state_file),
            *(["--data", str(data)] if data else []),
        ]  # fmt: skip
        self.log = open(ARTIFACTS / f"deploy-serve-{port}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"deploy.serve exited with {self.proc.returncode}; see {self.log.name}"
                )
            state = self.state()
            if state is not None:
                self.url = state["url"].rstrip("/")
                self.replicas = state["replicas"]
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"deploy.serve wrote no state in {timeout} s; see {self.log.name}")

    def state(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            return None

    def roots(self) -> list[int]:
        return [self.proc.pid]

    def stop(self) -> None:
        state = self.state() or {}
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        # Anything it started and left behind (it should leave nothing): our processes.
        pids = [state.get("nginx", {}).get("pid")] + [
            r.get("pid") for r in state.get("replicas", [])
        ]
        for pid in pids:
            if pid and _stat(pid) is not None:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        self.log.close()


def start_target(replicas: int, data: Path | None) -> Target:
    return Direct(data) if replicas == 1 else Proxied(replicas, data)


def replica_name(cookie: str | None) -> str | None:
    """``dz_replica`` is NAME.GENERATION ("r0.1", "r0.2" after a restart): the name."""
    return cookie.split(".", 1)[0] if cookie else None
