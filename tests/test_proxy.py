"""nginx in front of two replicas, as `make serve` runs it (deploy/serve.py): every replica has
run the app once before nginx sends it readers, the page loads through the proxy with its map
and websocket, assets come back gzipped and long-cached, readers from one IP are spread over
the replicas, and a reader whose replica is killed gets their page back from the URL on the
other one, and can click on. A replica whose app fails to run is kept out. The Kubernetes
manifests and the Dockerfile are checked as files (nothing here can run them)."""

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
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
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
    state.update(
        state_file=state_file,
        port=port,
        run_dir=ROOT / "build" / "serve" / str(port),
        log=Path(log.name),
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


WARMED = re.compile(r"^\S+ replica (r\d+) warmed up: app\.py ran in ([\d.]+) s ", re.M)


def test_replicas_run_the_app_before_they_take_readers(proxy: dict) -> None:
    """Both replicas answered the script check (app.py ran once in each) before nginx
    started; readers cannot ask for that check through nginx."""
    log = proxy["log"].read_text()
    started = log.index("nginx listening at")
    warmed = {m[1]: float(m[2]) for m in WARMED.finditer(log) if m.start() < started}
    assert sorted(warmed) == ["r0", "r1"], log
    print("warm-up at the start: " + ", ".join(f"{k} {v:.1f} s" for k, v in warmed.items()))
    with pytest.raises(urllib.error.HTTPError) as refused:
        get(proxy["url"] + "_stcore/script-health-check")
    assert refused.value.code == 404
    # Straight to a replica, the check answers (and costs a run: only the supervisor asks).
    assert get(proxy["replicas"][0]["url"] + "_stcore/script-health-check")[2] == b"ok"


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
    # It went back into nginx's rotation only after its script check (the new state is
    # written when it does).
    sup_log = proxy["log"].read_text()
    back = sup_log.index(f"nginx reloaded: r{index} back")
    rewarmed = [m for m in WARMED.finditer(sup_log) if m[1] == f"r{index}"]
    assert len(rewarmed) == 2 and rewarmed[1].start() < back, sup_log
    print(
        f"first load through nginx: {first_load:,} B of HTTP + {int(dead_ws[1]):,} B of "
        f"websocket on the wire; the page was back {back_after:.1f} s after the kill; "
        f"the restarted replica warmed up in {rewarmed[1][2]} s"
    )


def test_replica_whose_app_fails_is_kept_out(tmp_path: Path) -> None:
    """With a story folder that does not exist app.py raises: the replica answers
    /_stcore/health but its script check answers 503, so it never joins nginx's rotation
    (no state file is written) and the check is tried again, later each time."""
    port = free_port()
    state_file = tmp_path / "state.json"
    log_path = ARTIFACTS / f"serve-{port}-failing.log"
    ARTIFACTS.mkdir(exist_ok=True)
    with open(log_path, "w") as log:
        sup = subprocess.Popen(
            [sys.executable, "-m", "deploy.serve", "--port", str(port), "--replicas", "1",
             "--data", str(tmp_path / "no-such-story"), "--state", str(state_file)],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            while log_path.read_text().count("app.py does not run") < 2:
                assert sup.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.2)  # polling the supervisor's log
            sup.send_signal(signal.SIGTERM)
            code = sup.wait(timeout=30)
        finally:
            sup.kill()
    text = log_path.read_text()
    assert code == 0, text
    assert "replica r0 healthy at" in text
    assert "/_stcore/script-health-check answered 503 'error'" in text
    assert re.search(r"trying again in 1 s.*\n.*trying again in 2 s", text), text
    assert "nginx listening" not in text and "serving" not in text
    assert not state_file.exists()


# --- deployment files that cannot run here (no Docker daemon, no cluster) ---------------


def _manifests() -> dict[str, dict]:
    """deploy/k8s's resources as kustomize lists them, parsed, by kind."""
    k8s = ROOT / "deploy" / "k8s"
    resources = yaml.safe_load((k8s / "kustomization.yaml").read_text())["resources"]
    # Every manifest in the folder is applied (none forgotten in kustomization.yaml).
    assert sorted(resources) == sorted(
        p.name for p in k8s.glob("*.yaml") if p.name != "kustomization.yaml"
    )
    docs = [d for name in resources for d in yaml.safe_load_all((k8s / name).read_text())]
    by_kind = {d["kind"]: d for d in docs}
    assert len(by_kind) == len(docs) and sorted(by_kind) == ["Deployment", "Ingress", "Service"]
    return by_kind


def test_kubernetes_manifests() -> None:
    """The manifests parse (PyYAML) and say what matters: pods warmed by the script check
    before they are ready, probed on the container's port, one cookie secret from a Secret, a
    Service and an Ingress with cookie affinity and websocket-long timeouts. Where kubectl is
    installed, `kubectl kustomize deploy/k8s` (offline) must render the same objects."""
    m = _manifests()
    deployment, service, ingress = m["Deployment"], m["Service"], m["Ingress"]

    pod = deployment["spec"]["template"]
    labels = pod["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    (app,) = pod["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for p in app["ports"]}
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert ports == {"http": 8501} and '"--server.port", "8501"' in dockerfile

    def probe(kind: str) -> dict:
        http = app[kind]["httpGet"]
        assert http["port"] in ("http", 8501), f"{kind} on port {http['port']}"
        return app[kind] | {"path": http["path"]}

    startup = probe("startupProbe")
    assert startup["path"] == "/_stcore/script-health-check"
    # The check runs the whole app (Streamlit gives up after 60 s): time for it to answer,
    # and minutes of tries before the pod is restarted.
    assert startup["timeoutSeconds"] >= 10
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 90
    assert probe("readinessProbe")["path"] == "/_stcore/health"
    assert probe("livenessProbe")["path"] == "/_stcore/health"

    env = {e["name"]: e for e in app["env"]}
    assert env["STREAMLIT_SERVER_SCRIPT_HEALTH_CHECK_ENABLED"]["value"] == "true"
    secret = env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]["secretKeyRef"]
    assert secret == {"name": "disputed-zone-map", "key": "cookie-secret"}
    assert "value" not in env["STREAMLIT_SERVER_COOKIE_SECRET"]

    assert service["spec"]["selector"].items() <= labels.items()
    (port,) = service["spec"]["ports"]
    assert port["targetPort"] in ("http", 8501)
    assert service["spec"].get("sessionAffinity", "None") == "None"  # the Ingress pins readers

    notes = ingress["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie"
    assert notes[prefix + "session-cookie-change-on-failure"] == "true"
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        if prefix + timeout in notes:  # a websocket lives as long as its reader reads
            assert int(notes[prefix + timeout]) >= 3600, timeout
    backends = [
        p["backend"]["service"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]
    ]
    assert backends and all(b["name"] == service["metadata"]["name"] for b in backends)
    assert all(b["port"] in ({"name": port["name"]}, {"number": port["port"]}) for b in backends)

    kubectl = shutil.which("kubectl")
    if kubectl is not None:  # not on every machine: the checks above stand without it
        out = subprocess.run(
            [kubectl, "kustomize", str(ROOT / "deploy" / "k8s")],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        assert {d["kind"]: d for d in yaml.safe_load_all(out.stdout)} == m


def test_dockerfile_copies_only_what_exists() -> None:
    """Every COPY source of deploy/Dockerfile (from the build context) is in the repository."""
    text = (ROOT / "deploy" / "Dockerfile").read_text()
    for line in re.findall(r"^COPY (?!--from)(.+)$", text, re.M):
        *sources, _dest = line.split()
        for source in sources:
            assert (ROOT / source).exists(), f"deploy/Dockerfile copies missing {source}"
