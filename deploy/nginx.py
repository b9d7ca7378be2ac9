"""nginx in front of the replicas: its folder under build/serve/<port>/, its configuration
(``deploy/nginx.conf.in`` filled for the replicas in rotation), starting it and reloading it."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import string
import subprocess
import time
from pathlib import Path

from deploy.procs import die_with_parent, log
from deploy.replicas import Replica
from geo.atomic import write_atomically

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "nginx.conf.in"
RECONNECT_JS = HERE / "reconnect.js"
# The app takes no uploads; Streamlit's frontend sends no body larger than a few bytes.
MAX_BODY = "64k"
# Features the app never uses, refused to the page and to every frame in it.
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# An origin a deployment lets frame the app: scheme, host and an optional port.
_ORIGIN = re.compile(r"^https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?$")
# Debian puts nginx in /usr/sbin, which a non-root user's PATH often lacks.
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


class ConfTemplate(string.Template):
    """``@{name}`` fields: nginx's own ``$variables`` stay as they are."""

    delimiter = "@"


def installed() -> bool:
    return os.access(NGINX, os.X_OK) or shutil.which(NGINX) is not None


def frame_origins(text: str | None) -> tuple[str, ...]:
    """The origins a deployment names as allowed to frame the app (space- or
    comma-separated, ``https://news.example``); raises ValueError naming a bad one."""
    origins = tuple(o for o in re.split(r"[\s,]+", text or "") if o)
    bad = [o for o in origins if not _ORIGIN.match(o)]
    if bad:
        raise ValueError(
            f"not an origin (scheme://host[:port], no path): {', '.join(map(repr, bad[:3]))}"
        )
    return origins


def security_headers(frame_ancestors: tuple[str, ...] = ()) -> list[str]:
    """The headers every response carries: no MIME sniffing, no referrer to other sites,
    no powerful features, and framing only by the app itself (its map is a same-origin
    frame) and the origins a deployment names."""
    ancestors = " ".join(("'self'", *frame_ancestors))
    lines = [
        'add_header X-Content-Type-Options "nosniff" always;',
        'add_header Referrer-Policy "same-origin" always;',
        f'add_header Permissions-Policy "{PERMISSIONS}" always;',
        f'add_header Content-Security-Policy "frame-ancestors {ancestors}" always;',
    ]
    if not frame_ancestors:
        # For browsers without CSP's frame-ancestors; it cannot list other origins.
        lines.append('add_header X-Frame-Options "SAMEORIGIN" always;')
    # Streamlit sets some of these itself: one copy of each.
    hidden = ["X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"]
    return lines + [f"proxy_hide_header {name};" for name in hidden]


def reconnect_script(path: Path = RECONNECT_JS) -> str:
    """deploy/reconnect.js as one line for the page's inline <script>: comment lines and
    indentation dropped. nginx reads the line inside single quotes and expands $names in
    it, so a quote, a backslash or a dollar sign is refused (the file is written without)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    code = " ".join(line for line in lines if line and not line.startswith("//"))
    bad = sorted({ch for ch in code if ch in "'\\$"})
    if bad or "</" in code:
        raise ValueError(f"{path.name} cannot be inlined by nginx: it holds {bad or ['</']}")
    return code


class Nginx:
    def __init__(
        self, run_dir: Path, host: str, port: int, url: str, frame_ancestors: tuple[str, ...] = ()
    ) -> None:
        self.run_dir = run_dir
        self.host = host
        self.port = port
        self.url = url
        self.frame_ancestors = frame_ancestors
        self.proc: subprocess.Popen | None = None
        self.worker_user: tuple[str, int] | None = None

    def prepare_run_dir(self) -> None:
        for sub in ("logs", "tmp"):
            (self.run_dir / sub).mkdir(parents=True, exist_ok=True)
        self.worker_user = None
        if os.geteuid() == 0:
            # nginx's workers drop to an unprivileged user. They read and write no file
            # here (nginx.conf.in: nothing is buffered to disk, the reconnect script is
            # inline), so the folder may be private; the temp folders nginx insists on
            # having are theirs all the same.
            user = pwd.getpwnam("nobody")
            self.worker_user = (user.pw_name, user.pw_gid)
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
        headers = security_headers(self.frame_ancestors)
        text = ConfTemplate(TEMPLATE.read_text()).substitute(
            user=user,
            routing="\n".join(lines) + "\n",
            listen=f"{self.host}:{self.port}",
            max_body=MAX_BODY,
            reconnect_js=reconnect_script(),
            security_headers="\n".join(f"        {h}" for h in headers),
            location_headers="\n".join(f"            {h}" for h in headers),
        )
        write_atomically(self.run_dir / "nginx.conf", text)

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
