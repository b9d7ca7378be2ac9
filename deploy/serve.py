"""Serve the app to many readers: nginx in front of N Streamlit replicas, supervised.

``python -m deploy.serve --port 8080 --replicas 2 [--data PATH] [--state FILE]``

Starts N ``streamlit run server.py`` processes on free loopback ports (one cookie secret for
all, random per run; the script health check on), waits until each answers
``/_stcore/health`` and has run the app once (``/_stcore/script-health-check`` answered 200:
its caches are full before its first reader), renders ``deploy/nginx.conf.in`` into
``build/serve/<port>/`` and runs nginx there in the foreground (``-p``/``-c``/``-e`` point
at that folder; as root its workers run as ``nobody``). Then it watches: every second it
asks each replica's ``/_stcore/health``; a replica whose process has ended, or that fails
three checks in a row, is taken out of nginx's rotation (the config is rewritten and nginx
reloaded), killed if need be, and started again on the same port; once healthy and warm it
is put back. nginx itself is restarted if it dies. Everything it does is logged on stdout,
one plain line each.

``--state FILE`` is written (atomically) once everything is healthy and again whenever a
replica or nginx gets a new process:
``{"url": ..., "nginx": {"pid": ...}, "replicas": [{"port", "pid", "url"}, ...]}``.
It is removed on exit. SIGINT / SIGTERM stop nginx and every replica, then exit 0.

This module is the command line and the loop; deploy/replicas.py starts and checks the
Streamlit processes, deploy/nginx.py writes nginx's configuration and runs it,
deploy/procs.py holds what both need of a child process.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from deploy import nginx
from deploy.procs import become_subreaper, free_port, log, reap_orphans, stop_proc
from deploy.replicas import START_TIMEOUT, Replica, healthy
from geo.atomic import write_atomically

ROOT = Path(__file__).resolve().parent.parent
RUN_ROOT = ROOT / "build" / "serve"

CHECK_EVERY = 1.0  # seconds between health rounds
FAILS_TO_EJECT = 3  # a live process is taken out after this many failed checks in a row


class Supervisor:
    def __init__(self, args: argparse.Namespace) -> None:
        self.port: int = args.port
        self.host: str = args.host
        self.data: str | None = str(Path(args.data).resolve()) if args.data else None
        self.state_file = Path(args.state).resolve() if args.state else None
        self.run_dir = Path(args.run_dir or RUN_ROOT / str(args.port)).resolve()
        self.replicas = [Replica(f"r{i}", free_port()) for i in range(args.replicas)]
        self.stopping = False
        self.ready = False
        self.env = {
            **os.environ,
            # One secret for all replicas: XSRF cookies signed by one are valid on another.
            "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
        }
        if args.ws_compression:
            # permessage-deflate on the websocket: the first run's messages (the map's
            # HTML and GeoJSON, ~400 KB) shrink about fivefold; nginx passes it through.
            self.env["STREAMLIT_SERVER_ENABLE_WEBSOCKET_COMPRESSION"] = "true"
        self.url = (
            f"http://{'127.0.0.1' if self.host in ('0.0.0.0', '') else self.host}:{self.port}/"
        )
        self.nginx = nginx.Nginx(
            self.run_dir, self.host, self.port, self.url, nginx.frame_origins(args.frame_ancestors)
        )
        # Script checks run here, beside the loop, which never waits for one.
        self.warm_pool = ThreadPoolExecutor(max_workers=len(self.replicas))

    def start_replica(self, r: Replica) -> None:
        r.start(self.env, self.data, self.run_dir / "logs")

    def reload(self, why: str) -> None:
        self.nginx.reload(self.replicas, why)

    # --- state --------------------------------------------------------------------------
    def write_state(self) -> None:
        if not self.state_file or not self.ready:
            return
        state = {
            "url": self.url,
            "nginx": {"pid": self.nginx.proc.pid if self.nginx.proc else None},
            "replicas": [
                {"port": r.port, "pid": r.proc.pid if r.proc else None, "url": r.url}
                for r in self.replicas
            ],
        }
        write_atomically(self.state_file, json.dumps(state, indent=2) + "\n")

    # --- the loop -----------------------------------------------------------------------
    def start(self) -> None:
        become_subreaper()
        if self.state_file:
            self.state_file.unlink(missing_ok=True)
        if not nginx.installed():
            raise SystemExit(
                "nginx is not installed: run 'make nginx' (as root) or "
                "'sudo apt-get install nginx', then try again."
            )
        self.nginx.prepare_run_dir()
        log(f"starting {len(self.replicas)} replicas; nginx files in {self.run_dir}")
        for r in self.replicas:
            self.start_replica(r)
        deadline = time.monotonic() + START_TIMEOUT
        waiting = list(self.replicas)
        while waiting and not self.stopping:
            for r in list(waiting):
                if r.proc.poll() is not None:
                    raise SystemExit(
                        f"replica {r.name} exited with {r.proc.returncode} while starting; "
                        f"see {self.run_dir}/logs/{r.name}.log"
                    )
                if not r.answered and healthy(r.url, timeout=1):
                    r.answered = True
                    log(f"replica {r.name} healthy at {r.url}")
                if r.answered and r.warm_up(self.warm_pool):
                    r.in_rotation = True
                    waiting.remove(r)
            if time.monotonic() > deadline:
                if all(r.answered for r in waiting):
                    raise SystemExit(
                        f"app.py did not run on {', '.join(r.name for r in waiting)} "
                        f"within {START_TIMEOUT:.0f} s (see the script checks above)"
                    )
                raise SystemExit(f"replicas not healthy within {START_TIMEOUT:.0f} s")
            time.sleep(0.1)
        if self.stopping:
            return
        self.nginx.start(self.replicas)
        self.ready = True
        self.write_state()
        log(f"serving {self.url} with {len(self.replicas)} replicas")

    def take_out(self, r: Replica, why: str) -> None:
        log(f"replica {r.name} (port {r.port}, pid {r.proc.pid}) {why}: out of rotation")
        if r.in_rotation:
            r.in_rotation = False
            self.reload(f"{r.name} out")
        stop_proc(r.proc, signal.SIGKILL)
        # Back off if it keeps dying: 0 s, then 1, 2, 4 ... up to 30 s within ten minutes.
        now = time.monotonic()
        r.restarts = [t for t in r.restarts if now - t < 600] + [now]
        r.next_start = now + (min(30, 2 ** (len(r.restarts) - 2)) if len(r.restarts) > 1 else 0)

    def admit(self, r: Replica) -> None:
        """A running replica out of rotation, whose health has answered: once its script
        check has answered 200, put it back."""
        if not r.warm_up(self.warm_pool):
            return
        r.in_rotation = True
        r.fails = 0
        log(f"replica {r.name} healthy again (pid {r.proc.pid}, "
            f"{time.monotonic() - r.started_at:.1f} s after its start)")  # fmt: skip
        self.reload(f"{r.name} back")
        self.write_state()

    def check(self) -> None:
        now = time.monotonic()
        if self.nginx.proc is not None and self.nginx.proc.poll() is not None:
            log(f"nginx (pid {self.nginx.proc.pid}) exited with {self.nginx.proc.returncode}: "
                "restarting")  # fmt: skip
            reap_orphans(self.known_pids())
            self.nginx.start(self.replicas)
            self.write_state()
        running = [r for r in self.replicas if r.proc is not None and r.proc.poll() is None]
        with ThreadPoolExecutor(max_workers=max(1, len(running))) as pool:
            oks = pool.map(lambda r: healthy(r.url), running)
            answers = {r.name: ok for r, ok in zip(running, oks, strict=True)}
        for r in self.replicas:
            if self.stopping:
                return
            if r.proc is None:
                if now >= r.next_start:
                    self.start_replica(r)
                    if not any(x.in_rotation for x in self.replicas):
                        # nginx lists every replica when none is healthy: name the new
                        # process now, so the first page it serves learns its new route.
                        self.reload(f"{r.name} restarting, none in rotation")
                continue
            code = r.proc.poll()
            if code is not None:
                self.take_out(r, f"exited with {code}")
                r.proc = None
                continue
            ok = answers.get(r.name, False)
            if ok:
                r.answered = True
                r.fails = 0
            elif r.answered:
                # Answered once since its start (in rotation, or warming): now failing.
                r.fails += 1
                log(f"replica {r.name} failed a health check ({r.fails}/{FAILS_TO_EJECT})")
                if r.fails >= FAILS_TO_EJECT:
                    self.take_out(r, "stopped answering /_stcore/health")
                    r.proc = None
                continue
            if r.in_rotation:
                continue
            if r.answered:
                self.admit(r)
            elif time.monotonic() - r.started_at > START_TIMEOUT:
                self.take_out(r, f"not healthy {START_TIMEOUT:.0f} s after its start")
                r.proc = None

    def known_pids(self) -> set[int]:
        return {p.pid for p in [self.nginx.proc, *(r.proc for r in self.replicas)] if p}

    def run(self) -> None:
        self.start()
        while not self.stopping:
            self.check()
            deadline = time.monotonic() + CHECK_EVERY
            while not self.stopping and time.monotonic() < deadline:
                time.sleep(0.05)
                # A script check that has just answered is acted on now, not next round.
                for r in self.replicas:
                    if r.warming is not None and r.warming.done() and r.proc.poll() is None:
                        self.admit(r)

    def shutdown(self) -> None:
        self.warm_pool.shutdown(wait=False, cancel_futures=True)
        if self.nginx.proc is not None and self.nginx.proc.poll() is None:
            log(f"stopping nginx (pid {self.nginx.proc.pid})")
            stop_proc(self.nginx.proc)  # SIGTERM: fast shutdown (websockets would hold QUIT)
        for r in self.replicas:
            if r.proc is not None and r.proc.poll() is None:
                log(f"stopping replica {r.name} (pid {r.proc.pid})")
                r.proc.terminate()
        for r in self.replicas:
            stop_proc(r.proc)
        reap_orphans(self.known_pids())
        if self.state_file:
            self.state_file.unlink(missing_ok=True)
        log("stopped")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m deploy.serve", description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    p.add_argument("--replicas", type=int, default=2, help="Streamlit processes (default 2)")
    p.add_argument("--data", help="the story folder, passed to app.py as --data")
    p.add_argument("--state", help="write a JSON of the url and pids here once healthy")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address nginx listens on (default 127.0.0.1; 0.0.0.0 for all)",
    )
    p.add_argument(
        "--ws-compression",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="compress the websocket's messages (default on)",
    )
    p.add_argument("--run-dir", help="nginx's folder (default build/serve/PORT)")
    p.add_argument(
        "--frame-ancestors",
        default=os.environ.get("DZ_FRAME_ANCESTORS", ""),
        help="origins that may show the app in a frame, e.g. 'https://news.example' "
        "(default: none but the app itself; or DZ_FRAME_ANCESTORS)",
    )
    args = p.parse_args(argv)
    if args.replicas < 1:
        p.error("--replicas must be at least 1")
    try:
        nginx.frame_origins(args.frame_ancestors)
    except ValueError as e:
        p.error(f"--frame-ancestors: {e}")

    sup = Supervisor(args)

    def stop(signum: int, _frame: object) -> None:
        if not sup.stopping:
            log(f"got {signal.Signals(signum).name}: stopping")
        sup.stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    try:
        sup.run()
    except SystemExit as e:
        if e.code not in (None, 0):
            log(f"error: {e.code}")
            code = 1
    except Exception as e:  # noqa: BLE001 - logged, then everything is stopped
        log(f"error: {e!r}")
        code = 1
    finally:
        sup.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
