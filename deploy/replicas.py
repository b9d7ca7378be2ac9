"""The Streamlit replicas: how one is started, asked whether it is alive
(``/_stcore/health``) and warmed before it takes readers (``/_stcore/script-health-check``,
which runs app.py once in the process, filling its caches)."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from deploy.procs import die_with_parent, log

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "server.py"  # serves app.py; see its docstring

CHECK_TIMEOUT = 3.0  # one health request
START_TIMEOUT = 90.0  # a (re)started replica must answer /_stcore/health within this
# Streamlit gives up on a script check after 60 s (and answers 503 "timeout"); a replica
# that says nothing for longer than this is counted as failing it.
WARM_TIMEOUT = 75.0
WARM_BACKOFF_MAX = 30.0  # seconds between tries of a script that keeps failing

# What the supervisor adds to every replica's environment: the script check's endpoint
# exists only when this is on.
SCRIPT_CHECK_ENV = {"STREAMLIT_SERVER_SCRIPT_HEALTH_CHECK_ENABLED": "true"}


def streamlit_command(
    port: int, script: Path = SERVER, app_args: tuple[str, ...] = ()
) -> list[str]:
    """The one command line of an app process on loopback (the supervisor's replicas, the
    tests' and the load test's server): ``streamlit run`` headless, no telemetry. The
    script is server.py, which serves app.py and runs it once as it starts (its caches
    full before the first reader's run)."""
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    return [*cmd, "--", *app_args] if app_args else cmd


def healthy(url: str, timeout: float = CHECK_TIMEOUT) -> bool:
    try:
        with urllib.request.urlopen(f"{url}_stcore/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def script_check(url: str, timeout: float = WARM_TIMEOUT) -> tuple[int | None, str, float]:
    """``GET /_stcore/script-health-check``: Streamlit runs the app's script once, in a
    session of its own, and answers 200 "ok", or 503 "error" (it raised) or "timeout".
    Returns (status or None if no answer, the body or the error, seconds taken)."""
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(f"{url}_stcore/script-health-check", timeout=timeout) as r:
            status, text = r.status, r.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode(errors="replace")
    except OSError as e:
        status, text = None, str(e)
    return status, text.strip()[:200], time.monotonic() - t0


@dataclass
class Replica:
    name: str  # r0, r1, ...: the upstream dz_r0 ...; the cookie holds `route`
    port: int
    proc: subprocess.Popen | None = None
    in_rotation: bool = False
    fails: int = 0
    started_at: float = 0.0
    restarts: list[float] = field(default_factory=list)
    next_start: float = 0.0  # back-off after repeated crashes
    generation: int = 0  # one more at each start
    answered: bool = False  # /_stcore/health has answered since this process started
    warming: Future | None = None  # the script check in flight
    warm_fails: int = 0  # script checks failed in a row
    next_warm: float = 0.0  # back-off after a failed script check
    log_path: Path | None = None  # the process's stdout and stderr

    @property
    def route(self) -> str:
        """The dz_replica cookie's value for this process: "r0.1", then "r0.2" after a
        restart, so a page can tell that its session's process is gone."""
        return f"{self.name}.{self.generation}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def addr(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, env: dict[str, str], data: str | None, log_dir: Path) -> None:
        cmd = streamlit_command(self.port, app_args=("--data", data) if data else ())
        self.log_path = log_dir / f"{self.name}.log"
        out = open(self.log_path, "a")  # noqa: SIM115 - the child's
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env={**env, **SCRIPT_CHECK_ENV}, stdout=out,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, preexec_fn=die_with_parent,
        )  # fmt: skip
        out.close()
        self.fails = 0
        self.generation += 1
        self.started_at = time.monotonic()
        self.answered = False
        self.warming = None  # one for the previous process ends with it
        self.warm_fails = 0
        self.next_warm = 0.0
        log(f"replica {self.name} starting on port {self.port} (pid {self.proc.pid})")

    def warm_up(self, pool: ThreadPoolExecutor) -> bool:
        """For a running replica out of rotation whose ``/_stcore/health`` has answered:
        start its script check in the background, or collect it. True once it has answered
        200 (the app's script ran; the process's caches hold the story and the base map).
        A failed check is logged and tried again after 1, 2, 4 ... 30 s. Never blocks."""
        now = time.monotonic()
        if self.warming is None:
            if now >= self.next_warm:
                self.warming = pool.submit(script_check, self.url)
            return False
        if not self.warming.done():
            return False
        status, text, took = self.warming.result()
        self.warming = None
        if status == 200:
            log(f"replica {self.name} warmed up: app.py ran in {took:.1f} s "
                f"(/_stcore/script-health-check {status} {text!r})")  # fmt: skip
            return True
        self.warm_fails += 1
        wait = min(WARM_BACKOFF_MAX, 2.0 ** (self.warm_fails - 1))
        self.next_warm = now + wait
        pid = self.proc.pid if self.proc else None
        answer = f"answered {status} {text!r}" if status else f"did not answer ({text})"
        log(
            f"replica {self.name} (pid {pid}): app.py does not run: "
            f"/_stcore/script-health-check {answer} after {took:.1f} s; kept out of rotation, "
            f"trying again in {wait:.0f} s (its traceback: {self.log_path})"
        )
        return False
