"""nginx in front of two replicas, as `make serve` runs it (deploy/serve.py): the page loads
through the proxy with its map and websocket, assets come back gzipped and long-cached,
readers from one IP are spread over the replicas, and a reader whose replica is killed gets
their page back from the URL on the other one, and can click on."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import FIRST_RUN_DONE_JS, MAP_IFRAME, click_feature, open_app
from tests.conftest import ARTIFACTS, ROOT, free_port

pytestmark = pytest.mark.e2e

FIRST_LOAD_LIMIT = 1_500_000  # bytes on the wire, HTTP responses through the proxy
LONG_CACHE = "public, max-age=31536000, immutable"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None
    )


@pytest.fixture(scope="module")
def proxy() -> Iterator[dict]:
    """`python -m deploy.serve --port P --replicas 2 --state FILE`, until its state file says
    everything is healthy; stopped (SIGTERM) afterwards, and checked to leave nothing behind."""
    if nginx_binary() is None:
        pytest.fail(
            "nginx is not installed, so the proxy cannot be tested: run 'make nginx' as root "
            "(or 'sudo apt-get install nginx'), then run the tests again."
        )
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    state_file = ROOT / "build" / "serve" / f"state-{port}.json"
    log = open(ARTIFACTS / f"serve-{port}.log", "w")  # noqa: SIM115 - closed below
    sup = subprocess.Popen(
        [sys.executable, "-m", "deploy.serve", "--port", str(port), "--replicas", "2",
         "--state", str(state_file)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 90
    while not state_file.exists():
        if sup.poll() is not None or time.monotonic() > deadline:
            sup.kill()
            log.close()
            pytest.fail(f"deploy.serve did not get ready; see {log.name}")
        time.sleep(0.1)  # polling the supervisor's state file
    state = json.loads(state_file.read_text())
    state.update(state_file=state_file, port=port, run_dir=ROOT / "build" / "serve" / str(port))
    yield state
    sup.send_signal(signal.SIGTERM)
    try:
        code = sup.wait(timeout=30)
    finally:
        sup.kill()
        log.close()
    assert code == 0, f"deploy.serve exited with {code}; see {log.name}"
    assert not state_file.exists(), "the state file outlived the supervisor"
    last = json.loads(state["last_state"]) if "last_state" in state else state
    for pid in [last["nginx"]["pid"], *(r["pid"] for r in last["replicas"])]:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in _status(pid), f"pid {pid} left"


def _status(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "zombie"


def get(url: str, headers: dict[str, str] | None = None):
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, r.headers, r.read()


def test_proxy_compresses_caches_and_spreads_readers(proxy: dict) -> None:
    url = proxy["url"]
    status, headers, body = get(url, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" not in (headers["Cache-Control"] or "")  # the page is never long-cached
    page_html = gzip.decompress(body).decode()
    assert '<script src="./_dz/reconnect.js"></script>' in page_html

    scripts = re.findall(r'src="\./(static/js/[^"]+\.js)"', page_html)
    assert scripts, "no hashed script in Streamlit's page"
    status, headers, body = get(url + scripts[0], {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == LONG_CACHE
    assert len(gzip.decompress(body)) > 2 * len(body)

    _, headers, _ = get(url + "_stcore/health")
    assert "immutable" not in (headers["Cache-Control"] or "")

    # 20 new readers from one IP: nginx gives each a key and places them by it, on both.
    served = set()
    for _ in range(20):
        _, headers, _ = get(url + "_stcore/health")
        cookies = "; ".join(headers.get_all("Set-Cookie") or [])
        assert "dz_key=" in cookies
        served.add(re.search(r"dz_replica=(r\d+)\.", cookies).group(1))
    assert served == {"r0", "r1"}


def test_reader_survives_the_death_of_their_replica(page: Page, proxy: dict) -> None:
    url, state_file = proxy["url"], proxy["state_file"]
    wire = []
    cdp = page.context.new_cdp_session(page)
    cdp.on("Network.loadingFinished", lambda p: wire.append(p.get("encodedDataLength", 0)))
    cdp.send("Network.enable")
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws.url))

    frame = open_app(page, url + "?place=lheiban")
    panel = page.locator(".st-key-place-panel")
    expect(panel.get_by_role("heading", name="Lheiban")).to_be_visible()
    expect(panel).to_contain_text("Passages in the article: 9")
    expect(frame.locator(".dz-label", has_text="Lheiban")).to_be_visible()
    assert [u for u in sockets if u.endswith("/_stcore/stream")], "no websocket through nginx"
    first_load = sum(wire)
    cdp.detach()
    assert first_load <= FIRST_LOAD_LIMIT, f"first load {first_load:,} B on the wire"

    # The replica this page is pinned to (and so holds its websocket and session).
    pinned = page.context.cookies()
    route = next(c["value"] for c in pinned if c["name"] == "dz_replica")
    index = int(route.split(".")[0][1:])
    state = json.loads(state_file.read_text())
    victim = state["replicas"][index]
    page.evaluate("() => { window.__beforeKill = true; }")
    killed_at = time.monotonic()
    os.kill(victim["pid"], signal.SIGKILL)

    # The page reconnects to the other replica and reloads itself from its URL.
    page.wait_for_function("() => window.__beforeKill === undefined", timeout=20_000)
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=30_000)
    page.wait_for_function(FIRST_RUN_DONE_JS, timeout=30_000)
    expect(panel.get_by_role("heading", name="Lheiban")).to_be_visible()
    expect(panel).to_contain_text("Passages in the article: 9")
    back_after = time.monotonic() - killed_at
    now = next(c["value"] for c in page.context.cookies() if c["name"] == "dz_replica")
    assert now.split(".")[0] != f"r{index}", "the page is still pinned to the dead replica"

    # ... and a click still works there.
    click_feature(page, frame, "makhmur")
    expect(panel.get_by_role("heading", name="Makhmur")).to_be_visible(timeout=15_000)
    expect(page).to_have_url(re.compile(r"[?&]place=makhmur\b"))
    page.screenshot(path=str(ARTIFACTS / "proxy-after-failover.png"))

    # nginx logged the websocket that died on the victim's port; the supervisor restarted
    # the victim on the same port and wrote its new pid.
    log = (proxy["run_dir"] / "logs" / "access.log").read_text()
    dead_ws = re.search(
        rf'"GET /_stcore/stream [^"]*" 101 (\d+) upstream=127\.0\.0\.1:{victim["port"]} ', log
    )
    assert dead_ws, "nginx logged no websocket on the killed replica"
    deadline = time.monotonic() + 30
    while True:
        state = json.loads(state_file.read_text())
        restarted = state["replicas"][index]
        if restarted["pid"] != victim["pid"]:
            break
        assert time.monotonic() < deadline, "the killed replica was not restarted"
        time.sleep(0.2)  # polling the supervisor's state file
    assert restarted["port"] == victim["port"]
    assert get(restarted["url"] + "_stcore/health")[0] == 200
    proxy["last_state"] = json.dumps(state)
    print(
        f"first load through nginx: {first_load:,} B of HTTP + {int(dead_ws[1]):,} B of "
        f"websocket on the wire; the page was back {back_after:.1f} s after the kill"
    )


# --- deployment files that cannot run here (no Docker daemon, no cluster) ---------------


def test_kubernetes_manifests_render_offline() -> None:
    """`kubectl kustomize deploy/k8s` parses every manifest (no cluster needed); probes on
    /_stcore/health and cookie affinity are in what it renders."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed (only this check needs it)")
    out = subprocess.run(
        [kubectl, "kustomize", str(ROOT / "deploy" / "k8s")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    kinds = re.findall(r"^kind: (\w+)$", out.stdout, re.M)
    assert sorted(kinds) == ["Deployment", "Ingress", "Service"]
    assert out.stdout.count("path: /_stcore/health") == 2  # readiness and liveness
    assert "nginx.ingress.kubernetes.io/affinity: cookie" in out.stdout


def test_dockerfile_copies_only_what_exists() -> None:
    """Every COPY source of deploy/Dockerfile (from the build context) is in the repository."""
    text = (ROOT / "deploy" / "Dockerfile").read_text()
    for line in re.findall(r"^COPY (?!--from)(.+)$", text, re.M):
        *sources, _dest = line.split()
        for source in sources:
            assert (ROOT / source).exists(), f"deploy/Dockerfile copies missing {source}"
