"""nginx in front of the replicas: its folder under build/serve/<port>/, its configuration
(``deploy/nginx.conf.in`` filled for the replicas in rotation), starting it and reloading it."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import string
import subprocess
import time
from pathlib import Path

from deploy.procs import die_with_parent, log
from deploy.replicas import Replica

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "nginx.conf.in"
# Debian puts nginx in /usr/sbin, which a non-root user's PATH often lacks.
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


class ConfTemplate(string.Template):
    """``@{name}`` fields: nginx's own ``$variables`` stay as they are."""

    delimiter = "@"


def installed() -> bool:
    return os.access(NGINX, os.X_OK) or shutil.which(NGINX) is not None


class Nginx:
    def __init__(self, run_dir: Path, host: str, port: int, url: str) -> None:
        self.run_dir = run_dir
        self.host = host
        self.port = port
        self.url = url
        self.proc: subprocess.Popen | None = None
        self.worker_user: tuple[str, int] | None = None

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
        shutil.copyfile(HERE / "reconnect.js", js)
        js.chmod(0o644)
        for name in TEMP_DIRS:
            d = self.run_dir / "tmp" / name
            d.mkdir(exist_ok=True)
            if self.worker_user:
                os.chown(d, pwd.getpwnam(self.worker_user[0]).pw_uid, self.worker_user[1])

    def render(self, replicas: list[Replica]) -> None:
        """Write nginx.conf for the replicas now in rotation (all of them if none is, so
        nginx still starts and answers 502 until one is back)."""
        live = [r for r in replicas if r.in_rotation] or replicas
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
            f'        "~(^|, ){r.addr.replace(".", chr(92) + ".")}$" {r.route};' for r in replicas
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

    def cmd(self, *extra: str) -> list[str]:
        return [NGINX, "-p", f"{self.run_dir}/", "-c", "nginx.conf", "-e", "logs/error.log",
                *extra]  # fmt: skip

    def check_config(self) -> None:
        test = subprocess.run(self.cmd("-t", "-q"), capture_output=True, text=True)
        if test.returncode != 0:
            raise SystemExit(f"nginx rejects {self.run_dir / 'nginx.conf'}:\n{test.stderr}")

    def start(self, replicas: list[Replica]) -> None:
        self.render(replicas)
        self.check_config()
        out = open(self.run_dir / "logs" / "nginx.out", "a")  # noqa: SIM115 - the child's
        self.proc = subprocess.Popen(
            self.cmd(), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=die_with_parent,
        )  # fmt: skip
        out.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(
                    f"nginx exited with {self.proc.returncode}; see {self.run_dir}/logs/"
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise SystemExit(f"nginx did not listen on port {self.port} within 10 s")
        log(f"nginx listening at {self.url} (pid {self.proc.pid})")

    def reload(self, replicas: list[Replica], why: str) -> None:
        """Rewrite the upstreams and reload nginx (what `nginx -s reload` does: SIGHUP to
        the master; connections already open, websockets included, are kept)."""
        self.render(replicas)
        self.check_config()
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGHUP)
        names = ", ".join(r.name for r in replicas if r.in_rotation) or "none"
        log(f"nginx reloaded: {why}; in rotation: {names}")
