"""nginx in front of two replicas, as `make serve` runs it (deploy/serve.py), from a checkout in
a private folder (tests/serving.py): every replica has run the app once before nginx sends it
readers; the page loads through the proxy with every response fine, its map and websocket;
assets come back gzipped and long-cached; readers from one IP are spread over the replicas;
every response carries the security headers; the metrics, the script check and large bodies
are refused. A replica whose app fails to run is kept out. (A replica's death: test_failover;
the websocket protocol fuzzed: test_protocol_fuzz.)"""

from __future__ import annotations

import gzip
import os
import re
import signal
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browsing.appserver import free_port
from deploy import nginx
from tests.browser import click_feature, open_app
from tests.conftest import ARTIFACTS, ROOT
from tests.serving import WARMED

pytestmark = pytest.mark.e2e

FIRST_LOAD_LIMIT = 1_500_000  # bytes on the wire, HTTP responses through the proxy
LONG_CACHE = "public, max-age=31536000, immutable"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": nginx.PERMISSIONS,
    "content-security-policy": "frame-ancestors 'self'",
    "x-frame-options": "SAMEORIGIN",
}


def get(url: str, headers: dict[str, str] | None = None, data: bytes | None = None):
    req = urllib.request.Request(url, headers=headers or {}, data=data)
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, r.headers, r.read()


def status_and_headers(url: str, data: bytes | None = None):
    """(status, headers) of a request, error statuses included."""
    try:
        status, headers, _ = get(url, data=data)
    except urllib.error.HTTPError as e:
        status, headers = e.code, e.headers
    return status, headers


def test_replicas_run_the_app_before_they_take_readers(proxy: dict) -> None:
    """Both replicas answered the script check (app.py ran once in each) before nginx
    started; readers cannot ask for that check through nginx."""
    log = proxy["log"].read_text()
    started = log.index("nginx listening at")
    warmed = {m[1]: float(m[2]) for m in WARMED.finditer(log) if m.start() < started}
    assert sorted(warmed) == ["r0", "r1"], log
    print("warm-up at the start: " + ", ".join(f"{k} {v:.1f} s" for k, v in warmed.items()))
    assert status_and_headers(proxy["url"] + "_stcore/script-health-check")[0] == 404
    # Straight to a replica, the check answers (and costs a run: only the supervisor asks).
    assert get(proxy["replicas"][0]["url"] + "_stcore/script-health-check")[2] == b"ok"


def test_proxy_compresses_caches_and_spreads_readers(proxy: dict) -> None:
    url = proxy["url"]
    status, headers, body = get(url, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" not in (headers["Cache-Control"] or "")  # the page is never long-cached
    page_html = gzip.decompress(body).decode()
    # The reconnect script is inline, first in the head: nginx reads no file for it.
    assert f"<head><script>{nginx.reconnect_script()}</script>" in page_html
    assert "_dz/" not in page_html

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


def test_a_private_checkout_serves_every_file_of_a_page(page: Page, proxy: dict) -> None:
    """From a checkout nginx's workers cannot enter, a reader's page load gets no response
    of 400 or more (the reconnect script was a 403 when nginx served it from the checkout),
    every response carries the security headers, the first load stays under its budget on
    the wire, and the map answers a click."""
    holder = proxy["checkout"].parent
    assert stat.S_IMODE(holder.stat().st_mode) == 0o700 and holder.stat().st_uid == os.getuid()
    responses = []
    page.on("response", lambda r: responses.append(r))
    wire = []
    cdp = page.context.new_cdp_session(page)
    cdp.on("Network.loadingFinished", lambda p: wire.append(p.get("encodedDataLength", 0)))
    cdp.send("Network.enable")
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws.url))

    frame = open_app(page, proxy["url"] + "?place=lheiban")
    title = page.locator("#dz-panel-title")
    expect(title).to_have_text("Lheiban")
    first_load = sum(wire)
    cdp.detach()
    assert [u for u in sockets if u.endswith("/_stcore/stream")], "no websocket through nginx"
    assert first_load <= FIRST_LOAD_LIMIT, f"first load {first_load:,} B on the wire"
    click_feature(page, frame, "makhmur")
    expect(title).to_have_text("Makhmur")

    ours = [r for r in responses if r.url.startswith(proxy["url"])]
    assert len(ours) > 20, [r.url for r in responses]
    failed = [(r.status, r.url) for r in ours if r.status >= 400]
    assert not failed, failed
    for r in ours:
        headers = r.all_headers()
        missing = {k: v for k, v in SECURITY_HEADERS.items() if headers.get(k) != v}
        assert not missing, (r.url, {k: headers.get(k) for k in missing})
    print(f"{len(ours)} responses through nginx, none >= 400; first load {first_load:,} B")


def test_the_proxy_refuses_what_readers_do_not_need(proxy: dict) -> None:
    """The server's metrics only from a replica's own loopback port; no large request body
    (the app takes no upload); the security headers on errors too."""
    status, headers = status_and_headers(proxy["url"] + "_stcore/metrics")
    assert status == 404
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, _, body = get(proxy["replicas"][0]["url"] + "_stcore/metrics")
    assert status == 200 and body

    big = b"x" * (65 * 1024)
    status, headers = status_and_headers(proxy["url"] + "_stcore/upload_file/a/b", data=big)
    assert status == 413
    assert headers["Content-Security-Policy"] == "frame-ancestors 'self'"
    status, _ = status_and_headers(proxy["url"] + "_stcore/upload_file/a/b", data=b"x" * 1024)
    assert status != 413


def test_a_deployment_names_who_may_frame_the_app() -> None:
    """Framing: the app itself by default (its map is a same-origin frame); the origins a
    deployment names besides, each checked; anything else is refused with its name."""
    assert nginx.frame_origins(" https://news.example, http://cms.example:8443 ") == (
        "https://news.example",
        "http://cms.example:8443",
    )
    lines = nginx.security_headers(("https://news.example",))
    assert (
        "add_header Content-Security-Policy \"frame-ancestors 'self' https://news.example\" always;"
        in lines
    )
    assert not any('X-Frame-Options "' in line for line in lines)  # it cannot list origins
    for bad in ("javascript:alert(1)", "https://news.example/path", "news.example", "https://a b"):
        with pytest.raises(ValueError, match="not an origin"):
            nginx.frame_origins(bad)
    out = subprocess.run(
        [sys.executable, "-m", "deploy.serve", "--frame-ancestors", "https://x.example/'; y"],
        cwd=ROOT, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert out.returncode == 2 and "--frame-ancestors: not an origin" in out.stderr


def test_the_reconnect_script_is_inlined_only_when_nginx_can_hold_it(tmp_path: Path) -> None:
    """nginx reads the inline script inside single quotes and expands $names in it: a
    script with a quote, a backslash or a dollar sign is refused, named."""
    code = nginx.reconnect_script()
    assert code.startswith("(function () {") and "//" not in code
    for bad in ("var a = 'x';", "var re = /a\\/b/;", "var s = `${x}`;"):
        path = tmp_path / "bad.js"
        path.write_text(f"// a comment\n{bad}\n")
        with pytest.raises(ValueError, match="cannot be inlined by nginx"):
            nginx.reconnect_script(path)


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
