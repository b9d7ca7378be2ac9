"""Serve the app to many readers: nginx in front of N Streamlit replicas, supervised.

``python -m deploy.serve --port 8080 --replicas 2 [--data PATH] [--state FILE]``

Starts N ``streamlit run app.py`` processes on free loopback ports (one cookie secret for
all, random per run), waits until each answers ``/_stcore/health``, renders
``deploy/nginx.conf.in`` into ``build/serve/<port>/`` and runs nginx there in the
foreground (``-p``/``-c``/``-e`` point at that folder; as root its workers run as
``nobody``). Then it watches: every second it asks each replica's ``/_stcore/health``; a
replica whose process has ended, or that fails three checks in a row, is taken out of
nginx's rotation (the config is rewritten and nginx reloaded), killed if need be, and
started again on the same port; once healthy it is put back. nginx itself is restarted if
it dies. Everything it does is logged on stdout, one plain line each.

``--state FILE`` is written (atomically) once everything is healthy and again whenever a
replica or nginx gets a new process:
``{"url": ..., "nginx": {"pid": ...}, "replicas": [{"port", "pid", "url"}, ...]}``.
It is removed on exit. SIGINT / SIGTERM stop nginx and every replica, then exit 0.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.in"
RUN_ROOT = ROOT / "build" / "serve"
# Debian puts nginx in /usr/sbin, which a non-root user's PATH often lacks.
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"

CHECK_EVERY = 1.0  # seconds between health rounds
CHECK_TIMEOUT = 3.0  # one health request
FAILS_TO_EJECT = 3  # a live process is taken out after this many failed checks in a row
START_TIMEOUT = 90.0  # a (re)started replica must be healthy within this
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def log(message: str) -> None:
    print(f"{datetime.now():%H:%M:%S} {message}", flush=True)


class ConfTemplate(string.Template):
    """``@{name}`` fields: nginx's own ``$variables`` stay as they are."""

    delimiter = "@"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
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


def healthy(url: str, timeout: float = CHECK_TIMEOUT) -> bool:
    try:
        with urllib.request.urlopen(f"{url}_stcore/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


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


class Supervisor:
    def __init__(self, args: argparse.Namespace) -> None:
        self.port: int = args.port
        self.host: str = args.host
        self.data: str | None = str(Path(args.data).resolve()) if args.data else None
        self.state_file = Path(args.state).resolve() if args.state else None
        self.run_dir = Path(args.run_dir or RUN_ROOT / str(args.port)).resolve()
        self.replicas = [Replica(f"r{i}", free_port()) for i in range(args.replicas)]
        self.nginx: subprocess.Popen | None = None
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

    # --- replicas ---------------------------------------------------------------------
    def start_replica(self, r: Replica) -> None:
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.headless", "true",
            "--server.address", "127.0.0.1",
            "--server.port", str(r.port),
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        if self.data:
            cmd += ["--", "--data", self.data]
        out = open(self.run_dir / "logs" / f"{r.name}.log", "a")  # noqa: SIM115 - the child's
        r.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent,
        )  # fmt: skip
        out.close()
        r.fails = 0
        r.generation += 1
        r.started_at = time.monotonic()
        log(f"replica {r.name} starting on port {r.port} (pid {r.proc.pid})")

    def reap_orphans(self) -> None:
        """Stop processes left to us by a child that died (nginx's workers after its master
        was killed), and collect them."""
        known = {p.pid for p in [self.nginx, *(r.proc for r in self.replicas)] if p}
        for pid in own_children():
            if pid in known:
                continue
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                log(f"stopped orphan process {pid}")
            except (ProcessLookupError, ChildProcessError):
                pass

    def stop_proc(self, proc: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
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

    # --- nginx --------------------------------------------------------------------------
    def prepare_run_dir(self) -> None:
        for sub in ("logs", "tmp"):
            (self.run_dir / sub).mkdir(parents=True, exist_ok=True)
        self.worker_user = None
        if os.geteuid() == 0:
            # nginx's workers drop to an unprivileged user: they must be able to write the
            # temp folders (large responses are buffered there).
            user = pwd.getpwnam("nobody")
            self.worker_user = (user.pw_name, user.pw_gid)
        js = self.run_dir / "reconnect.js"
        shutil.copyfile(Path(__file__).resolve().parent / "reconnect.js", js)
        js.chmod(0o644)
        for name in TEMP_DIRS:
            d = self.run_dir / "tmp" / name
            d.mkdir(exist_ok=True)
            if self.worker_user:
                os.chown(d, pwd.getpwnam(self.worker_user[0]).pw_uid, self.worker_user[1])

    def render(self) -> None:
        """Write nginx.conf for the replicas now in rotation (all of them if none is, so
        nginx still starts and answers 502 until one is back)."""
        live = [r for r in self.replicas if r.in_rotation] or self.replicas
        lines = []
        servers = [f"        server {r.addr} max_fails=3 fail_timeout=10s;" for r in live]
        lines += ["    upstream dz_pool {", "        zone dz_pool 64k;",
                  "        hash $dz_key consistent;", *servers,
                  "        keepalive 16;", "    }"]  # fmt: skip
        for r in live:
            backups = [f"        server {o.addr} backup;" for o in live if o is not r]
            lines += [f"    upstream dz_{r.name} {{", f"        zone dz_{r.name} 64k;",
                      f"        server {r.addr} max_fails=3 fail_timeout=10s;", *backups,
                      "        keepalive 8;", "    }"]  # fmt: skip
        lines += ["    map $cookie_dz_replica $dz_upstream {", "        default dz_pool;"]
        lines += [f"        {r.route} dz_{r.name};" for r in live] + ["    }"]
        lines += ["    map $upstream_addr $dz_served {", '        default "";']
        lines += [
            f'        "~(^|, ){r.addr.replace(".", chr(92) + ".")}$" {r.route};'
            for r in self.replicas
        ] + ["    }"]
        user = ""
        if self.worker_user:
            import grp

            user = f"user {self.worker_user[0]} {grp.getgrgid(self.worker_user[1]).gr_name};"
        text = ConfTemplate(TEMPLATE.read_text()).substitute(
            user=user,
            routing="\n".join(lines) + "\n",
            listen=f"{self.host}:{self.port}",
            run_dir=str(self.run_dir),
        )
        tmp = self.run_dir / "nginx.conf.tmp"
        tmp.write_text(text)
        tmp.replace(self.run_dir / "nginx.conf")

    def nginx_cmd(self, *extra: str) -> list[str]:
        return [NGINX, "-p", f"{self.run_dir}/", "-c", "nginx.conf", "-e", "logs/error.log",
                *extra]  # fmt: skip

    def check_config(self) -> None:
        test = subprocess.run(self.nginx_cmd("-t", "-q"), capture_output=True, text=True)
        if test.returncode != 0:
            raise SystemExit(f"nginx rejects {self.run_dir / 'nginx.conf'}:\n{test.stderr}")

    def start_nginx(self) -> None:
        self.render()
        self.check_config()
        out = open(self.run_dir / "logs" / "nginx.out", "a")  # noqa: SIM115 - the child's
        self.nginx = subprocess.Popen(
            self.nginx_cmd(), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )  # fmt: skip
        out.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.nginx.poll() is not None:
                raise SystemExit(
                    f"nginx exited with {self.nginx.returncode}; see {self.run_dir}/logs/"
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise SystemExit(f"nginx did not listen on port {self.port} within 10 s")
        log(f"nginx listening at {self.url} (pid {self.nginx.pid})")

    def reload(self, why: str) -> None:
        """Rewrite the upstreams and reload nginx (what `nginx -s reload` does: SIGHUP to
        the master; connections already open, websockets included, are kept)."""
        self.render()
        self.check_config()
        if self.nginx and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGHUP)
        names = ", ".join(r.name for r in self.replicas if r.in_rotation) or "none"
        log(f"nginx reloaded: {why}; in rotation: {names}")

    # --- state --------------------------------------------------------------------------
    def write_state(self) -> None:
        if not self.state_file or not self.ready:
            return
        state = {
            "url": self.url,
            "nginx": {"pid": self.nginx.pid if self.nginx else None},
            "replicas": [
                {"port": r.port, "pid": r.proc.pid if r.proc else None, "url": r.url}
                for r in self.replicas
            ],
        }
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_name(self.state_file.name + ".tmp")
        tmp.write_text(json.dumps(state, indent=2) + "\n")
        tmp.replace(self.state_file)

    # --- the loop -----------------------------------------------------------------------
    def start(self) -> None:
        become_subreaper()
        if self.state_file:
            self.state_file.unlink(missing_ok=True)
        if not os.access(NGINX, os.X_OK) and shutil.which(NGINX) is None:
            raise SystemExit(
                "nginx is not installed: run 'make nginx' (as root) or "
                "'sudo apt-get install nginx', then try again."
            )
        self.prepare_run_dir()
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
                if healthy(r.url, timeout=1):
                    r.in_rotation = True
                    waiting.remove(r)
                    log(f"replica {r.name} healthy at {r.url}")
            if time.monotonic() > deadline:
                raise SystemExit(f"replicas not healthy within {START_TIMEOUT:.0f} s")
            time.sleep(0.1)
        if self.stopping:
            return
        self.start_nginx()
        self.ready = True
        self.write_state()
        log(f"serving {self.url} with {len(self.replicas)} replicas")

    def take_out(self, r: Replica, why: str) -> None:
        log(f"replica {r.name} (port {r.port}, pid {r.proc.pid}) {why}: out of rotation")
        if r.in_rotation:
            r.in_rotation = False
            self.reload(f"{r.name} out")
        self.stop_proc(r.proc, signal.SIGKILL)
        # Back off if it keeps dying: 0 s, then 1, 2, 4 ... up to 30 s within ten minutes.
        now = time.monotonic()
        r.restarts = [t for t in r.restarts if now - t < 600] + [now]
        r.next_start = now + (min(30, 2 ** (len(r.restarts) - 2)) if len(r.restarts) > 1 else 0)

    def check(self) -> None:
        now = time.monotonic()
        if self.nginx is not None and self.nginx.poll() is not None:
            log(f"nginx (pid {self.nginx.pid}) exited with {self.nginx.returncode}: restarting")
            self.reap_orphans()
            self.start_nginx()
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
            if r.in_rotation:
                if ok:
                    r.fails = 0
                    continue
                r.fails += 1
                log(f"replica {r.name} failed a health check ({r.fails}/{FAILS_TO_EJECT})")
                if r.fails >= FAILS_TO_EJECT:
                    self.take_out(r, "stopped answering /_stcore/health")
                    r.proc = None
            elif ok:
                r.in_rotation = True
                r.fails = 0
                log(f"replica {r.name} healthy again (pid {r.proc.pid}, "
                    f"{time.monotonic() - r.started_at:.1f} s after its start)")  # fmt: skip
                self.reload(f"{r.name} back")
                self.write_state()
            elif time.monotonic() - r.started_at > START_TIMEOUT:
                self.take_out(r, f"not healthy {START_TIMEOUT:.0f} s after its start")
                r.proc = None

    def run(self) -> None:
        self.start()
        while not self.stopping:
            self.check()
            deadline = time.monotonic() + CHECK_EVERY
            while not self.stopping and time.monotonic() < deadline:
                time.sleep(0.05)

    def shutdown(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            log(f"stopping nginx (pid {self.nginx.pid})")
            self.stop_proc(self.nginx)  # SIGTERM: fast shutdown (websockets would hold QUIT)
        for r in self.replicas:
            if r.proc is not None and r.proc.poll() is None:
                log(f"stopping replica {r.name} (pid {r.proc.pid})")
                r.proc.terminate()
        for r in self.replicas:
            self.stop_proc(r.proc)
        self.reap_orphans()
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
    args = p.parse_args(argv)
    if args.replicas < 1:
        p.error("--replicas must be at least 1")

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
