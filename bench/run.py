"""Benchmark the app against the static-page floor and the naive Streamlit pattern.

``python -m bench.run`` (``make bench``) measures three variants on the same layers
(the story's base map plus all six actor force layers), in one run, in headless
Debian Chromium:

- (a) the app, ``streamlit run app.py``, started by ``browsing.appserver.start_app``;
- (b) the floor, a static folium page with a client-side ``LayerControl``
  (``bench.static_page``), served by ``browsing.staticfiles`` on 127.0.0.1;
- (c) the naive pattern, ``bench/naive_app.py``: rebuild the map on every rerun.

Every timing runs from the DOM event of the action to the observable result, both
read with ``performance.now()`` in the page (see ``HARNESS_JS``); cold starts are
timed in Python from process launch to the first Leaflet path in the DOM. Raw
samples, a summary and the machine go to ``bench/results/latest.json``; a markdown
table goes to ``bench/results/latest.md`` and to stdout. Method: ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import Any

from google.protobuf.message import DecodeError
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Frame,
    Page,
    WebSocket,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from streamlit.proto.BackMsg_pb2 import BackMsg

from bench import static_page
from browsing import ARTIFACTS, DATA, ROOT, staticfiles
from browsing.appserver import start_app, stop_app
from browsing.chromium import CHROMIUM, CHROMIUM_ARGS
from browsing.mappage import MAP_IFRAME, POINT_OF_JS, set_layer
from geo import places
from geo.story import Story, load_story

RESULTS = ROOT / "bench" / "results"
# A smoke run never overwrites the full run's figures.
QUICK_RESULTS = RESULTS / "quick"
NAIVE_APP = ROOT / "bench" / "naive_app.py"
VIEWPORT = {"width": 1400, "height": 1000}  # as the browser tests use
SAMPLE_TIMEOUT_MS = 30_000
# --quick: a smoke run of the harness (about 2 minutes).
QUICK_REPS = 3
QUICK_TOGGLE_PAIRS = 3
# After an action, the app counts as settled when its websocket has been silent this
# long: longer than streamlit-folium's 250 ms debounce, so a component value sent
# after a (re-)mount, and the rerun it causes, fall inside the sample.
QUIET_MS = 1_000
# Time for the app's reader to send a message after a click, were it to send one (it sends
# none: it tells the app only as the pointer reaches the brief, geo/reader app.js).
REPORT_WAIT_MS = 600
HOVER_PLACE = "debaga"
# An interaction's time, split at the first websocket frame sent after the action and
# the last one received before the result (see HARNESS_JS `split`).
SPLIT_KEYS = ("client_before_ms", "server_ms", "client_after_ms")
CLICK_PLACES = ("lheiban", "debaga")

# Loaded before any page script: notes the time of every websocket frame, sent or
# received, so the benchmark can wait for a quiet app without a fixed sleep, and
# split an interaction's time into before the request, server, and after the reply.
WS_QUIET_JS = """
(() => {
  const Native = window.WebSocket;
  if (!Native || Native.__benchTracked) return;
  window.__benchWs = [];
  const note = (dir) => {
    const t = performance.now();
    window.__benchWsLast = t;
    if (window.__benchWs.length < 10000) window.__benchWs.push([t, dir]);
  };
  class Tracked extends Native {
    constructor(...args) { super(...args); this.addEventListener('message', () => note('in')); }
    send(data) { note('out'); return super.send(data); }
  }
  Tracked.__benchTracked = true;
  window.WebSocket = Tracked;
})();
"""

# The in-page measuring harness, installed in the top page. Each arm*() call records
# t0 at the first DOM event of the action (capture phase) and stores a promise that
# resolves when the result is observable: exactly, from Leaflet layeradd/layerremove
# events or a MutationObserver, and on every animation frame as a fallback (which is
# how a re-mounted map is seen). `frame` is the first animation frame after that.
HARNESS_JS = """
(iframeSelector) => {
  if (window.__bench) return;
  const TIMEOUT = __TIMEOUT__;
  const now = () => performance.now();
  const mapWindow = () => {
    if (!iframeSelector) return window;
    const el = document.querySelector(iframeSelector);
    return el ? el.contentWindow : null;
  };
  const currentMap = () => { const w = mapWindow(); return (w && w.map) || null; };
  let iframeLoads = 0;
  document.addEventListener('load', (e) => {
    if (e.target && e.target.tagName === 'IFRAME') iframeLoads += 1;
  }, true);
  const props = (layer) => (layer && layer.feature && layer.feature.properties) || null;
  const isProvince = (p) => typeof p.id === 'string' && p.id.startsWith('prov-');
  const tally = (map, actor) => {
    const out = {actor: 0, prov: 0};
    map.eachLayer((l) => {
      const p = props(l);
      if (!p) return;
      if (p.actor === actor) out.actor += 1;
      if (isProvince(p)) out.prov += 1;
    });
    return out;
  };
  const firstEvent = (doc, types, accept) => {
    const state = {t: null};
    const handler = (e) => { if (state.t === null && accept(e)) state.t = now(); };
    for (const type of types) doc.addEventListener(type, handler, true);
    state.stop = () => { for (const type of types) doc.removeEventListener(type, handler, true); };
    return state;
  };
  const measure = (start, exact, onFrame, install) => new Promise((resolve) => {
    let tEnd = null;
    let how = null;
    const deadline = now() + TIMEOUT;
    const probe = (source, check) => {
      if (tEnd === null && start.t !== null && check()) { tEnd = now(); how = source; }
    };
    const uninstall = install(() => probe('event', exact));
    const tick = () => {
      probe('frame', onFrame);
      if (tEnd !== null || now() > deadline) {
        const tFrame = now();
        start.stop();
        uninstall();
        resolve(tEnd === null
          ? {timeout: true, t0: start.t}
          : {t0: start.t, in_dom_ms: tEnd - start.t, frame_ms: tFrame - start.t, how});
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const observe = (doc) => (notify) => {
    const mo = new MutationObserver(notify);
    mo.observe(doc.body, {childList: true, subtree: true, characterData: true});
    return () => mo.disconnect();
  };
  window.__bench = {
    pending: null,
    mark() {
      const w = mapWindow();
      const token = String(Math.random());
      if (w) w.__benchMark = token;
      window.__benchWs = [];
      return {token, loads: iframeLoads};
    },
    split(r) {
      // Before the first frame sent (the rerun request), until the last frame received
      // before the result, after it: the client, the server (+ loopback), the client.
      const log = window.__benchWs || [];
      const end = r.t0 + r.in_dom_ms;
      const sent = log.find(([t, d]) => d === 'out' && t >= r.t0);
      if (!sent || sent[0] > end) return null;
      const got = log.filter(([t, d]) => d === 'in' && t >= sent[0] && t <= end);
      if (!got.length) return null;
      const last = got[got.length - 1][0];
      return {client_before_ms: sent[0] - r.t0, server_ms: last - sent[0],
              client_after_ms: end - last, frames_in: got.length};
    },
    check(mark) {
      const w = mapWindow();
      return {remounted: !w || w.__benchMark !== mark.token,
              iframe_loads: iframeLoads - mark.loads};
    },
    counts(actors) {
      const map = currentMap();
      if (!map) return null;
      const out = {};
      for (const a of actors) out[a] = tally(map, a).actor;
      out['prov-*'] = tally(map, '').prov;
      return out;
    },
    armToggle(actor, target, prov) {
      const mark = this.mark();
      // The click that switches the layer: a LayerControl or naive-app checkbox in the top
      // page, or the map's own switch (a button: Space clicks it), in the map's document.
      const isSwitch = (e) => !!e.target && !!e.target.closest && (
        (e.target.tagName === 'INPUT' && e.target.type === 'checkbox')
        || !!e.target.closest('.dz-layer-switch'));
      const top = firstEvent(document, ['click'], isSwitch);
      const inner = mapWindow() && mapWindow().document !== document
        ? firstEvent(mapWindow().document, ['click'], isSwitch) : null;
      const start = inner ? {
        get t() { return top.t !== null ? top.t : inner.t; },
        stop() { top.stop(); inner.stop(); },
      } : top;
      let map = null;
      let count = null;
      let notify = () => {};
      const onLayer = (d) => (e) => {
        const p = props(e.layer);
        if (!p || !count) return;
        if (p.actor === actor) count.actor += d;
        if (isProvince(p)) count.prov += d;
        notify();
      };
      const onAdd = onLayer(1);
      const onRemove = onLayer(-1);
      const watch = (m) => {
        if (map) { map.off('layeradd', onAdd); map.off('layerremove', onRemove); }
        map = m;
        count = m ? tally(m, actor) : null;
        if (m) { m.on('layeradd', onAdd); m.on('layerremove', onRemove); }
      };
      watch(currentMap());
      const met = () => !!count && count.actor === target && count.prov === prov;
      const onFrame = () => { const m = currentMap(); if (m !== map) watch(m); return met(); };
      this.pending = measure(start, met, onFrame, (n) => { notify = n; return () => watch(null); });
      return mark;
    },
    armClick(name, passages, sel) {
      // sel: the side panel, its heading and one passage (the app's or the published one's);
      // sel.shadow: the element whose shadow root holds them (the app's reader).
      const mark = this.mark();
      const start = firstEvent(mapWindow().document, ['click'], () => true);
      const root = () => {
        if (!sel.shadow) return document;
        const host = document.querySelector(sel.shadow);
        return host && host.shadowRoot;
      };
      const shown = () => {
        const scope = root();
        const panel = scope && scope.querySelector(sel.panel);
        if (!panel) return false;
        const heading = panel.querySelector(sel.heading);
        return !!heading && heading.textContent.includes(name)
          && panel.querySelectorAll(sel.passage).length === passages;
      };
      const watch = (notify) => {
        const scope = root();
        const mo = new MutationObserver(notify);
        mo.observe(scope && scope !== document ? scope : document.body,
          {childList: true, subtree: true, characterData: true});
        return () => mo.disconnect();
      };
      this.pending = measure(start, shown, shown, watch);
      return mark;
    },
    armHover(text) {
      const mark = this.mark();
      const doc = mapWindow().document;
      const start = firstEvent(doc, ['pointerover', 'pointermove', 'mouseover', 'mousemove'],
        () => true);
      const shown = () => [...doc.querySelectorAll('.leaflet-tooltip')]
        .some((t) => t.textContent.includes(text));
      this.pending = measure(start, shown, shown, observe(doc));
      return mark;
    },
  };
}
""".replace("__TIMEOUT__", str(SAMPLE_TIMEOUT_MS))


@dataclass(frozen=True)
class Variant:
    """One of the three ways to show the same map."""

    key: str
    label: str
    in_iframe: bool  # the map lives in streamlit-folium's iframe
    streamlit: bool  # served by a Streamlit process (reruns, websocket)


APP = Variant("a", "(a) this app", in_iframe=True, streamlit=True)
FLOOR = Variant("b", "(b) static page + LayerControl", in_iframe=False, streamlit=False)
NAIVE = Variant("c", "(c) naive rebuild", in_iframe=True, streamlit=True)
PUBLISHED = Variant("d", "(d) published edition", in_iframe=False, streamlit=False)
VARIANTS = (APP, FLOOR, NAIVE, PUBLISHED)
# Where each variant shows a clicked place's passages (the floor has no panel).
PANELS = {
    "a": {"panel": "#dz-panel", "heading": "h2", "passage": ".dz-passage",
          "shadow": ".st-key-reader [data-testid=stBidiComponentIsolated]"},
    "c": {"panel": ".st-key-place-panel", "heading": "h1, h2, h3, h4",
          "passage": '[class*="st-key-panel-passage-"]'},
    "d": {"panel": "#dz-panel", "heading": "h2", "passage": ".dz-passage"},
}  # fmt: skip
# The published page keeps its Leaflet map in a folium-named global, named in
# <body data-dz-map>; the harness and helpers read ``window.map``, as in the app's iframe.
PUBLISHED_MAP_ALIAS_JS = """
Object.defineProperty(window, 'map', {configurable: true, get() {
  const name = document.body && document.body.dataset.dzMap;
  return name ? window[name] : undefined;
}});
"""


# --- servers -------------------------------------------------------------------------------


def beside_static(workdir: Path, script: Path) -> Path:
    """A link to SCRIPT in WORKDIR, beside a ``static`` link to the app's vendor files.

    Streamlit serves ``static/`` from next to the main script, so a benchmark page run
    through this link serves the same bytes as the app, the same way."""
    workdir.mkdir(parents=True, exist_ok=True)
    linked = workdir / script.name
    for link, target in ((linked, script), (workdir / "static", ROOT / "static")):
        if not link.exists():
            link.symlink_to(target)
    return linked


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """VALUES set in this process's environment (which servers started now inherit),
    the earlier values put back afterwards."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def start_naive(workdir: Path) -> tuple[subprocess.Popen, str]:
    """Start the naive app with ``start_app``'s flags and health polling, through a link
    beside the app's ``static/`` (``beside_static``)."""
    return start_app(script=beside_static(workdir, NAIVE_APP))


@contextmanager
def published_site(workdir: Path) -> Iterator[str]:
    """(d): ``python -m geo publish`` into ``workdir``, served from a process of its own
    (``browsing.staticfiles.serve_apart``) on a free loopback port, as any static host
    would serve the folder; yields its URL."""
    folder = workdir / "published"
    subprocess.run(
        [sys.executable, "-m", "geo", "publish", str(folder)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with staticfiles.serve_apart(folder) as url:
        yield url


@dataclass(frozen=True)
class Sites:
    """The static servers' base URLs: (b) the floor page, (d) the published edition."""

    floor: str
    published: str


@contextmanager
def served(variant: Variant, workdir: Path, sites: Sites) -> Iterator[str]:
    """A running server for ``variant``; yields its URL, stops it afterwards."""
    if variant is FLOOR:
        yield sites.floor
        return
    if variant is PUBLISHED:
        yield sites.published
        return
    ARTIFACTS.mkdir(exist_ok=True)  # both launchers log there; a parallel test run may clean it
    proc, url = start_app() if variant is APP else start_naive(workdir / "naive")
    try:
        yield url
    finally:
        stop_app(proc)


def page_url(variant: Variant, base: str, actor_ids: list[str]) -> str:
    """Where to open each variant with all six force layers on."""
    if variant is APP:
        return f"{base}/?layers={','.join(actor_ids)}"
    if variant is FLOOR:
        return f"{base}/{static_page.PAGE_NAME}"
    if variant is PUBLISHED:
        return f"{base}/index.html#layers={','.join(actor_ids)}"
    return f"{base}/"  # the naive app starts with every checkbox ticked


# --- browser-side meters ---------------------------------------------------------------------


@dataclass
class ByteMeter:
    """Bytes a page receives, from Chrome DevTools Protocol network events.

    ``http_wire``: Network.loadingFinished encodedDataLength (on the wire: headers and
    compressed bodies); ``http_body``: decoded bodies (Network.dataReceived dataLength);
    ``ws_in``/``ws_out``: websocket message payloads (after permessage-deflate, if any).
    ``files``: per response, its URL, CDP resource type, MIME type, wire and decoded bytes
    (``bench.first_load`` breaks the first load down by file and by kind from these).
    """

    http_wire: int = 0
    http_body: int = 0
    ws_in: int = 0
    ws_out: int = 0
    ws_in_frames: int = 0
    requests: dict[str, str] = field(default_factory=dict)
    per_url: dict[str, int] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def attach(self, context: BrowserContext, page: Page) -> None:
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._on_request)
        cdp.on("Network.responseReceived", self._on_response)
        cdp.on("Network.loadingFinished", self._on_finished)
        cdp.on("Network.dataReceived", self._on_data)
        cdp.on("Network.webSocketFrameReceived", lambda p: self._on_ws(p, inbound=True))
        cdp.on("Network.webSocketFrameSent", lambda p: self._on_ws(p, inbound=False))
        cdp.send("Network.enable")

    def _file(self, request_id: str) -> dict[str, Any]:
        return self.files.setdefault(
            request_id,
            {"url": self.requests.get(request_id, request_id), "type": "", "mime": "",
             "wire": 0, "decoded": 0},
        )  # fmt: skip

    def _on_request(self, params: dict[str, Any]) -> None:
        self.requests[params["requestId"]] = params["request"]["url"]
        f = self._file(params["requestId"])
        f["url"] = params["request"]["url"]
        f["type"] = params.get("type", "") or f["type"]

    def _on_response(self, params: dict[str, Any]) -> None:
        f = self._file(params["requestId"])
        f["type"] = params.get("type", "") or f["type"]
        f["mime"] = params.get("response", {}).get("mimeType", "")

    def _on_finished(self, params: dict[str, Any]) -> None:
        size = int(params.get("encodedDataLength", 0))
        self.http_wire += size
        url = self.requests.get(params["requestId"], params["requestId"])
        self.per_url[url] = self.per_url.get(url, 0) + size
        self._file(params["requestId"])["wire"] += size

    def _on_data(self, params: dict[str, Any]) -> None:
        size = int(params.get("dataLength", 0))
        self.http_body += size
        self._file(params["requestId"])["decoded"] += size

    def _on_ws(self, params: dict[str, Any], inbound: bool) -> None:
        frame = params["response"]
        data = frame.get("payloadData", "")
        size = len(base64.b64decode(data)) if frame.get("opcode") == 2 else len(data.encode())
        if inbound:
            self.ws_in += size
            self.ws_in_frames += 1
        else:
            self.ws_out += size

    def summary(self) -> dict[str, Any]:
        return {
            "total_wire_bytes": self.http_wire + self.ws_in,
            "http_wire_bytes": self.http_wire,
            "http_decoded_body_bytes": self.http_body,
            "ws_received_payload_bytes": self.ws_in,
            "ws_sent_payload_bytes": self.ws_out,
            "http_requests": len(self.per_url),
            "largest": sorted(self.per_url.items(), key=lambda kv: -kv[1])[:8],
        }

    def breakdown(self) -> list[dict[str, Any]]:
        """Every HTTP response (the websocket as one row), largest decoded first."""
        rows = [dict(f) for f in self.files.values() if f["wire"] or f["decoded"]]
        if self.ws_in:
            rows.append({"url": "websocket (messages received)", "type": "WebSocket",
                         "mime": "", "wire": self.ws_in, "decoded": self.ws_in,
                         "frames": self.ws_in_frames})  # fmt: skip
        return sorted(rows, key=lambda r: -r["decoded"])


class FrameLog:
    """Every websocket frame the page sends, decoded as Streamlit BackMsgs.

    A rerun request is a BackMsg whose ``type`` oneof is ``rerun_script``; other sent
    frames (heartbeats, file-URL requests) are kept by kind, so nothing is guessed
    from frame sizes or timing.
    """

    def __init__(self, page: Page) -> None:
        self.kinds: list[str] = []
        page.on("websocket", self._on_socket)

    def _on_socket(self, ws: WebSocket) -> None:
        ws.on("framesent", self._on_sent)

    def _on_sent(self, payload: bytes | str) -> None:
        if isinstance(payload, str):
            self.kinds.append("text")
            return
        try:
            kind = BackMsg.FromString(payload).WhichOneof("type") or "empty"
        except DecodeError:
            kind = "undecodable"
        self.kinds.append(kind)

    def mark(self) -> int:
        return len(self.kinds)

    def since(self, mark: int) -> dict[str, int]:
        out: dict[str, int] = {}
        for kind in self.kinds[mark:]:
            out[kind] = out.get(kind, 0) + 1
        return out


def new_page(browser: Browser, variant: Variant) -> tuple[BrowserContext, Page]:
    """A fresh context (empty cache) with the websocket-quiet tracker installed (and, for
    the published edition, ``window.map`` naming its map)."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(WS_QUIET_JS)
    if variant is PUBLISHED:
        context.add_init_script(PUBLISHED_MAP_ALIAS_JS)
    return context, context.new_page()


def map_frame(page: Page, variant: Variant) -> Frame:
    """The frame whose ``window.map`` is the Leaflet map (looked up afresh: it may re-mount)."""
    if not variant.in_iframe:
        return page.main_frame
    handle = page.locator(MAP_IFRAME).element_handle(timeout=SAMPLE_TIMEOUT_MS)
    frame = handle.content_frame() if handle else None
    if frame is None:
        raise RuntimeError("the map iframe has no frame")
    return frame


def wait_painted(page: Page, variant: Variant) -> None:
    """Until the first Leaflet path is in the map's DOM."""
    root = page.frame_locator(MAP_IFRAME) if variant.in_iframe else page
    root.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=60_000)


def settle(page: Page, variant: Variant) -> None:
    """Until a Streamlit app's websocket has been quiet for QUIET_MS (no-op for the floor)."""
    if not variant.streamlit:
        return
    page.wait_for_function(
        "(q) => window.__benchWsLast !== undefined && performance.now() - window.__benchWsLast > q",
        arg=QUIET_MS,
        polling=100,
        timeout=60_000,
    )


def wait_network_idle(page: Page) -> bool:
    """Playwright's network idle (no request for 500 ms); False if not reached in 10 s."""
    try:
        page.wait_for_load_state("networkidle", timeout=10_000)
    except PlaywrightTimeoutError:
        return False
    return True


# Whether what lies at a map-container point is something other than the feature's own
# drawing: a map control (the layer panel, the overview inset) or a neighbour's target.
COVERED_JS = """([x, y, id]) => {
  const r = window.map.getContainer().getBoundingClientRect();
  const el = document.elementFromPoint(r.left + x, r.top + y);
  if (!el || el.closest('.leaflet-control')) return true;
  let own = false;
  window.map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (p && p.id === id && (l._path === el || (l._icon && l._icon.contains(el)))) own = true;
  });
  return !own;
}"""
# Centre the map on the feature, one zoom level closer (without animation).
CENTRE_ON_JS = """(_body, id) => {
  window.map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (p && p.id === id && l.getLatLng && l.options.radius < 100)
      window.map.setView(l.getLatLng(), window.map.getZoom() + 1, {animate: false});
  });
}"""


def page_point(page: Page, variant: Variant, feature_id: str) -> tuple[float, float]:
    """Page coordinates of a point feature (POINT_OF_JS gives map-container coordinates)."""
    frame = map_frame(page, variant)
    point = frame.locator("body").evaluate(POINT_OF_JS, feature_id)
    if point is None:
        raise RuntimeError(f"{feature_id} is not drawn as a point")
    for _ in range(3):
        if not frame.evaluate(COVERED_JS, [*point, feature_id]):
            break
        # On this map's size a control or a neighbour's target lies over the place: centre
        # on it, a zoom level closer, let the app settle (a pan may rerun it), look again.
        frame.locator("body").evaluate(CENTRE_ON_JS, feature_id)
        settle(page, variant)
        frame = map_frame(page, variant)
        point = frame.locator("body").evaluate(POINT_OF_JS, feature_id)
    rect = frame.evaluate(
        "() => { const r = window.map.getContainer().getBoundingClientRect();"
        " return [r.left, r.top]; }"
    )
    x, y = point[0] + rect[0], point[1] + rect[1]
    if variant.in_iframe:
        box = page.locator(MAP_IFRAME).bounding_box()
        assert box is not None
        x, y = x + box["x"], y + box["y"]
    return x, y


def away_point(page: Page, variant: Variant) -> tuple[float, float]:
    """A point just outside the map's bottom-right corner, inside the viewport."""
    frame = map_frame(page, variant)
    w, h = frame.evaluate("() => { const s = window.map.getSize(); return [s.x, s.y]; }")
    x0, y0 = 0.0, 0.0
    if variant.in_iframe:
        box = page.locator(MAP_IFRAME).bounding_box()
        assert box is not None
        x0, y0 = box["x"], box["y"]
    return (
        min(x0 + w + 20, VIEWPORT["width"] - 2),
        min(y0 + h + 20, VIEWPORT["height"] - 2),
    )


# --- measurements ----------------------------------------------------------------------------


@dataclass
class Facts:
    """What the benchmark needs to know about the story."""

    story: Story
    actor_ids: list[str]
    actor_names: dict[str, str]
    place_names: dict[str, str]
    passages: dict[str, int]


def story_facts() -> Facts:
    story = load_story(DATA)
    names = {}
    counts = {}
    for pid in {HOVER_PLACE, *CLICK_PLACES}:
        details = places.details(story, pid)
        assert details is not None, pid
        names[pid] = details.name
        counts[pid] = len(places.passages_about(story, pid))
    return Facts(
        story=story,
        actor_ids=[a.id for a in story.actors],
        actor_names={a.id: a.name for a in story.actors},
        place_names=names,
        passages=counts,
    )


def nothing_saved(folder: Path, start: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """A cold start whose server saves its story in an empty FOLDER (ui/prepared.py): the
    first start after the story or the code changed, which `make bench` otherwise skips
    (it prepares the story first, as `make run` does)."""
    with environment({"DZM_PREPARED_DIR": str(folder)}):
        return start()


def attempt(
    label: str, raw: dict[str, Any], start: Callable[[], dict[str, Any]]
) -> dict[str, Any] | None:
    """One cold start, printed; a failure is printed and counted in RAW, not raised."""
    print(f"cold start {label}", flush=True)
    try:
        return start()
    except (PlaywrightError, RuntimeError) as exc:
        print(f"  failed: {exc}", flush=True)
        raw["cold_failed"].append(str(exc))
        return None


def cold_start(
    browser: Browser, variant: Variant, workdir: Path, sites: Sites, facts: Facts
) -> dict[str, Any]:
    """One cold start: launch (not for the floor) → navigate → first path in the DOM.

    Also the first load's bytes, counted until the page has settled, and the map size.
    """
    context, page = new_page(browser, variant)
    meter = ByteMeter()
    meter.attach(context, page)
    t_launch = time.perf_counter()
    try:
        with served(variant, workdir, sites) as base:
            t_healthy = time.perf_counter()
            page.goto(page_url(variant, base, facts.actor_ids), wait_until="commit")
            wait_painted(page, variant)
            t_painted = time.perf_counter()
            idle = wait_network_idle(page)
            settle(page, variant)
            size = map_frame(page, variant).evaluate(
                "() => { const s = window.map.getSize(); return [s.x, s.y]; }"
            )
    finally:
        context.close()
    launched = variant.streamlit
    return {
        "ms": (t_painted - t_launch) * 1000,
        "launch_to_healthy_ms": (t_healthy - t_launch) * 1000 if launched else None,
        "navigation_to_painted_ms": (t_painted - t_healthy) * 1000,
        "network_idle": idle,
        "bytes": meter.summary(),
        "files": meter.breakdown(),
        "map_size": size,
    }


def sample(
    page: Page,
    variant: Variant,
    frames: FrameLog | None,
    arm: str,
    args: list[Any],
    action: Callable[[], None],
    meter: ByteMeter | None = None,
) -> dict[str, Any]:
    """Arm the harness, act, read the timing, let the app settle, count reruns, mounts and
    (with a meter) the websocket bytes the action brought."""
    sent = frames.mark() if frames else 0
    ws_in = meter.ws_in if meter else 0
    mark = page.evaluate(f"(a) => window.__bench.{arm}(...a)", args)
    action()
    result = page.evaluate("() => window.__bench.pending")
    if variant.streamlit and not result.get("timeout"):
        result["split"] = page.evaluate("(r) => window.__bench.split(r)", result)
    if variant is APP and arm == "armClick":
        # Any message the click brings, and the rerun it would cause, counted with it.
        page.wait_for_timeout(REPORT_WAIT_MS)
    settle(page, variant)
    if meter is not None:
        result["ws_in_bytes"] = meter.ws_in - ws_in
    result.update(page.evaluate("(m) => window.__bench.check(m)", mark))
    if frames is not None:
        kinds = frames.since(sent)
        result["reruns"] = kinds.get("rerun_script", 0)
        result["frames_sent"] = kinds
    return result


def interactions(
    browser: Browser,
    variant: Variant,
    workdir: Path,
    sites: Sites,
    facts: Facts,
    toggle_pairs: int,
    reps: int,
) -> dict[str, Any]:
    """Hover, click (Streamlit variants) and layer toggles on one warm page."""
    out: dict[str, Any] = {"hover": [], "click": [], "toggle": []}
    with served(variant, workdir, sites) as base:
        context, page = new_page(browser, variant)
        frames = FrameLog(page) if variant.streamlit else None
        meter = None
        if variant.streamlit:
            meter = ByteMeter()
            meter.attach(context, page)
        page.goto(page_url(variant, base, facts.actor_ids))
        wait_painted(page, variant)
        page.evaluate(HARNESS_JS, MAP_IFRAME if variant.in_iframe else None)
        map_frame(page, variant).wait_for_function(
            "(ids) => !!window.map && ids.every(a => { let n = 0; window.map.eachLayer(l => {"
            " if (l.feature && l.feature.properties.actor === a) n++; }); return n > 0; })",
            arg=facts.actor_ids,
            timeout=60_000,
        )
        settle(page, variant)
        drawn = page.evaluate("(ids) => window.__bench.counts(ids)", facts.actor_ids)
        out["layers_drawn"] = drawn

        def no_tooltip() -> None:
            map_frame(page, variant).wait_for_function(
                "() => !document.querySelector('.leaflet-tooltip')"
            )

        hover_at = page_point(page, variant, HOVER_PLACE)
        away = away_point(page, variant)
        for _ in range(reps):
            page.mouse.move(*away)
            no_tooltip()
            out["hover"].append(
                sample(
                    page,
                    variant,
                    frames,
                    "armHover",
                    [facts.place_names[HOVER_PLACE]],
                    lambda: page.mouse.move(*hover_at),
                )
            )
        page.mouse.move(*away)
        no_tooltip()

        if variant.key in PANELS:
            for i in range(reps):
                pid = CLICK_PLACES[i % len(CLICK_PLACES)]
                at = page_point(page, variant, pid)
                out["click"].append(
                    sample(
                        page,
                        variant,
                        frames,
                        "armClick",
                        [facts.place_names[pid], facts.passages[pid], PANELS[variant.key]],
                        lambda at=at: page.mouse.click(*at),
                        meter,
                    )
                )

        provinces = drawn["prov-*"]
        for i in range(toggle_pairs):
            actor = facts.actor_ids[i % len(facts.actor_ids)]
            for on in (False, True):
                target = drawn[actor] if on else 0
                result = sample(
                    page,
                    variant,
                    frames,
                    "armToggle",
                    [actor, target, provinces],
                    lambda actor=actor, on=on: toggle(page, variant, facts, actor, on),
                )
                result.update(actor=actor, on=on)
                out["toggle"].append(result)
        context.close()
    return out


def toggle(page: Page, variant: Variant, facts: Facts, actor: str, on: bool) -> None:
    """Switch one actor's layer: the map's own switch (the app and the published edition) or
    the naive app's checkbox (focus + Space), or the static page's LayerControl."""
    if variant is APP:
        set_layer(page, actor, on)
        return
    if variant is PUBLISHED:
        fold = page.locator(".dz-layer-fold")
        if fold.is_visible() and fold.get_attribute("aria-expanded") == "false":
            fold.click()
        switch = page.locator(f'.dz-layer-switch[data-actor="{actor}"]')
        if (switch.get_attribute("aria-checked") == "true") != on:
            switch.focus()
            page.keyboard.press("Space")
        return
    if variant.streamlit:
        box = page.get_by_role("checkbox", name=facts.actor_names[actor], exact=True)
        if box.is_checked() != on:
            box.focus()
            page.keyboard.press("Space")
        return
    page.hover(".leaflet-control-layers")
    box = page.locator(".leaflet-control-layers-overlays label", has_text=f"force-{actor}")
    checkbox = box.locator("input")
    if checkbox.is_checked() != on:
        checkbox.click()


# --- summary and report ----------------------------------------------------------------------


def stats(values: list[float]) -> dict[str, Any] | None:
    """Median, min, max and n of the values (None when there are none)."""
    if not values:
        return None
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def summarise(raw: dict[str, Any]) -> dict[str, Any]:
    """Per variant: each metric's median and min–max, failures counted."""
    out: dict[str, Any] = {}
    for v in VARIANTS:
        r = raw[v.key]
        s: dict[str, Any] = {}
        for name in ("toggle", "click", "hover"):
            samples = r["interactions"][name]
            ok = [x for x in samples if not x.get("timeout")]
            s[f"{name}_in_dom_ms"] = stats([x["in_dom_ms"] for x in ok])
            s[f"{name}_frame_ms"] = stats([x["frame_ms"] for x in ok])
            s[f"{name}_timeouts"] = len(samples) - len(ok)
            s[f"{name}_reruns"] = stats([x["reruns"] for x in samples if "reruns" in x])
            s[f"{name}_remounts"] = sum(1 for x in samples if x["remounted"])
            s[f"{name}_iframe_loads"] = sum(x["iframe_loads"] for x in samples)
            s[f"{name}_n"] = len(samples)
        for on in (False, True):
            ok = [x for x in r["interactions"]["toggle"] if x["on"] is on and not x.get("timeout")]
            s[f"toggle_{'on' if on else 'off'}_in_dom_ms"] = stats([x["in_dom_ms"] for x in ok])
        clicks = r["interactions"]["click"]
        s["click_ws_bytes"] = stats([x["ws_in_bytes"] for x in clicks if "ws_in_bytes" in x])
        for name in ("toggle", "click"):
            splits = [x["split"] for x in r["interactions"][name] if x.get("split")]
            s[f"{name}_split"] = (
                {k: stats([x[k] for x in splits]) for k in SPLIT_KEYS} if splits else None
            )
        s["cold_failed"] = len(r["cold_failed"])
        s["cold_start_ms"] = stats([x["ms"] for x in r["cold"]])
        s["cold_healthy_ms"] = stats(
            [x["launch_to_healthy_ms"] for x in r["cold"] if x["launch_to_healthy_ms"] is not None]
        )
        s["cold_navigation_ms"] = stats([x["navigation_to_painted_ms"] for x in r["cold"]])
        s["cold_unprepared_ms"] = stats([x["ms"] for x in r.get("cold_unprepared", [])])
        s["first_load_bytes"] = stats([x["bytes"]["total_wire_bytes"] for x in r["cold"]])
        s["first_load_decoded_bytes"] = stats(
            [
                x["bytes"]["http_decoded_body_bytes"] + x["bytes"]["ws_received_payload_bytes"]
                for x in r["cold"]
            ]
        )
        out[v.key] = s
    return out


def targets(summary: dict[str, Any], data_bytes: int) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured value (medians of this run) and whether
    it is met."""
    a, b, c, d = summary["a"], summary["b"], summary["c"], summary["d"]

    def median(s: dict[str, Any], name: str) -> float:
        return s[name]["median"] if s[name] else math.nan

    ta, tb, tc = (median(x, "toggle_frame_ms") for x in (a, b, c))
    kinds = ("toggle", "click", "hover")
    remounts = sum(a[f"{n}_remounts"] for n in kinds)
    loads = sum(a[f"{n}_iframe_loads"] for n in kinds)
    click, click_d = median(a, "click_in_dom_ms"), median(d, "click_in_dom_ms")
    ws_click = median(a, "click_ws_bytes")
    cold, cold_d = median(a, "cold_start_ms"), median(d, "cold_start_ms")
    first, first_d = median(a, "first_load_bytes"), median(d, "first_load_bytes")
    # Comparisons with NaN are False: a metric that could not be measured is not met.
    return [
        {"target": "(a) toggle → next frame within 1.2× of (b)", "value": f"{ta / tb:.1f}× (b)",
         "met": ta <= 1.2 * tb},
        {"target": "(a) toggle → next frame ≥ 10× faster than (c)",
         "value": f"{tc / ta:.1f}× faster", "met": tc >= 10 * ta},
        {"target": "zero map re-mounts in (a)",
         "value": f"{remounts} re-mounts, {loads} iframe loads", "met": remounts + loads == 0},
        {"target": "(a) click → passages ≤ 30 ms (in the page)", "value": f"{click:.1f} ms",
         "met": click <= 30},
        {"target": "(a) ≤ 5 KB over the websocket per click", "value": f"{ws_click:.0f} B",
         "met": ws_click <= 5_000},
        {"target": "(a) cold start ≤ 3 s", "value": f"{cold / 1000:.2f} s", "met": cold <= 3000},
        {"target": "(a) first load ≤ 1.5 MB", "value": f"{first / 1e6:.2f} MB",
         "met": first <= 1.5e6},
        {"target": "(d) click → passages ≤ 50 ms", "value": f"{click_d:.1f} ms",
         "met": click_d <= 50},
        {"target": "(d) cold start ≤ 0.5 s", "value": f"{cold_d / 1000:.2f} s",
         "met": cold_d <= 500},
        {"target": "(d) first load ≤ 450 KB", "value": f"{first_d / 1000:.0f} KB",
         "met": first_d <= 450_000},
        {"target": "data/*.geojson ≤ 300 KB", "value": f"{data_bytes / 1000:.0f} KB",
         "met": data_bytes <= 300_000},
    ]  # fmt: skip


def fmt_ms(s: dict[str, Any] | None) -> str:
    if s is None:
        return "n/a"
    return f"{s['median']:.1f} ms ({s['min']:.1f}–{s['max']:.1f}, n={s['n']})"


def fmt_count(s: dict[str, Any] | None) -> str:
    if s is None:
        return "n/a"
    return f"{s['median']:g} ({s['min']:g}–{s['max']:g})"


def fmt_split(s: dict[str, Any] | None) -> str:
    if s is None:
        return "n/a"
    return " + ".join(f"{s[k]['median']:.0f}" for k in SPLIT_KEYS) + " ms"


def fmt_cold_split(s: dict[str, Any]) -> str:
    nav = s["cold_navigation_ms"]["median"]
    if s["cold_healthy_ms"] is None:
        return f"– + {nav:.0f} ms"
    return f"{s['cold_healthy_ms']['median']:.0f} + {nav:.0f} ms"


def fmt_bytes(s: dict[str, Any] | None) -> str:
    if s is None:
        return "n/a"
    return f"{s['median'] / 1e6:.2f} MB ({s['min'] / 1e6:.2f}–{s['max'] / 1e6:.2f})"


def markdown(report: dict[str, Any]) -> str:
    """The summary as a markdown table, then the targets, then the machine."""
    summary = report["summary"]
    rows: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("Layer toggle → features in map DOM", lambda s: fmt_ms(s["toggle_in_dom_ms"])),
        ("Layer toggle → next frame", lambda s: fmt_ms(s["toggle_frame_ms"])),
        ("Click place → passages visible", lambda s: fmt_ms(s["click_in_dom_ms"])),
        ("Websocket bytes received per click", lambda s: fmt_count(s.get("click_ws_bytes"))),
        ("Hover → tooltip visible", lambda s: fmt_ms(s["hover_in_dom_ms"])),
        ("Cold start → map painted", lambda s: fmt_ms(s["cold_start_ms"])),
        ("… launch → healthy + navigation → painted", fmt_cold_split),
        ("Cold start, nothing saved (first start after a change)",
         lambda s: fmt_ms(s.get("cold_unprepared_ms"))),
        ("Toggle split: client + server + client", lambda s: fmt_split(s["toggle_split"])),
        ("Click split: client + server + client", lambda s: fmt_split(s["click_split"])),
        ("First load, on the wire (HTTP + WS)", lambda s: fmt_bytes(s["first_load_bytes"])),
        ("First load, decoded", lambda s: fmt_bytes(s["first_load_decoded_bytes"])),
        ("Reruns per toggle", lambda s: fmt_count(s["toggle_reruns"])),
        ("Reruns per click", lambda s: fmt_count(s["click_reruns"])),
        ("Reruns per hover", lambda s: fmt_count(s["hover_reruns"])),
        ("Failed: cold starts · interaction timeouts",
         lambda s: f"{s['cold_failed']} · "
         f"{s['toggle_timeouts'] + s['click_timeouts'] + s['hover_timeouts']}"),
        ("Re-mounts per toggle (window flag lost / iframe loads)",
         lambda s: f"{s['toggle_remounts']}/{s['toggle_n']} · {s['toggle_iframe_loads']}"),
        ("Re-mounts per click",
         lambda s: f"{s['click_remounts']}/{s['click_n']} · {s['click_iframe_loads']}"
         if s["click_n"] else "n/a"),
        ("Re-mounts per hover",
         lambda s: f"{s['hover_remounts']}/{s['hover_n']} · {s['hover_iframe_loads']}"),
    ]  # fmt: skip
    lines = [
        f"# Benchmark: {report['finished']}",
        "",
        "Median (min–max, n). Times from the action's DOM event to the result in the DOM."
        + (" A --quick smoke run: few samples." if report["settings"]["quick"] else ""),
        "",
        "| metric | " + " | ".join(v.label for v in VARIANTS) + " |",
        "|---|" + "---|" * len(VARIANTS),
    ]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(summary[v.key]) for v in VARIANTS) + " |")
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    for t in report["targets"]:
        lines.append(f"| {t['target']} | {t['value']} | {'yes' if t['met'] else '**no**'} |")
    m = report["machine"]
    lines += [
        "",
        f"Machine: {m['cpu_model']}, {m['cores']} cores, {m['ram_gb']:.1f} GB RAM; "
        f"Python {m['python']}; {m['chromium']}; streamlit {m['streamlit']}, "
        f"streamlit-folium {m['streamlit_folium']}, folium {m['folium']}. "
        f"Commit {m['commit']}{' (dirty)' if m['dirty'] else ''}. "
        f"Run took {report['duration_s']:.0f} s. Speed probe (a fresh `python -c "
        f'"{SPEED_PROBE}"`, median of {SPEED_PROBE_RUNS}, before the run): '
        f"{m.get('speed_probe_ms', float('nan')):.0f} ms.",
        "",
        "Whole-machine CPU busy during each phase (this run included; 2 cores = 100 %): "
        + ", ".join(
            f"{c['phase']} {100 * c['cpu_busy_fraction']:.0f} % (load {c['loadavg_1m']:.1f})"
            for c in report["cpu"][1:]
        )
        + ".",
        "",
    ]
    return "\n".join(lines)


class CpuLog:
    """The whole machine's CPU use between phases, from /proc/stat and the load average.

    Other work on the machine (a parallel test run, say) slows every variant; this
    records how busy the machine was, so a reader can tell a clean run from a noisy one.
    """

    def __init__(self) -> None:
        self.phases: list[dict[str, Any]] = []
        self._last = self._jiffies()

    @staticmethod
    def _jiffies() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return sum(fields) - idle, sum(fields)

    def note(self, phase: str) -> None:
        busy, total = self._jiffies()
        d_busy, d_total = busy - self._last[0], total - self._last[1]
        self._last = (busy, total)
        self.phases.append(
            {
                "phase": phase,
                "cpu_busy_fraction": d_busy / d_total if d_total else None,
                "loadavg_1m": os.getloadavg()[0],
            }
        )


MEASURED = ("app.py", "server.py", "geo", "ui", "data")  # a change here makes a run "dirty"
SPEED_PROBE = "import streamlit.web.cli"  # what a cold start's process does first
SPEED_PROBE_RUNS = 5


def speed_probe() -> float:
    """Median ms for a fresh interpreter to run SPEED_PROBE: how fast this machine is right
    now. These are shared virtual machines, and the same code's cold start was seen to
    move by half between hours; runs are comparable through this figure."""
    times = []
    for _ in range(SPEED_PROBE_RUNS):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", SPEED_PROBE], cwd=ROOT, check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def machine(browser: Browser) -> dict[str, Any]:
    """CPU, cores, RAM, Python, Chromium and library versions, and the commit measured."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (ln.split(":", 1)[1].strip() for ln in cpuinfo.splitlines() if ln.startswith("model name")),
        platform.processor(),
    )
    meminfo = Path("/proc/meminfo").read_text()
    mem_kb = next(int(ln.split()[1]) for ln in meminfo.splitlines() if ln.startswith("MemTotal"))

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    return {
        "cpu_model": model,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "ram_gb": mem_kb / 1024 / 1024,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "chromium": f"Chromium {browser.version}",
        "chromium_path": CHROMIUM,
        "streamlit": version("streamlit"),
        "streamlit_folium": version("streamlit-folium"),
        "folium": version("folium"),
        "playwright": version("playwright"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--", *MEASURED)),
        "speed_probe_ms": speed_probe(),
    }


def write_results(folder: Path, name: str, report: dict[str, Any], table: str) -> None:
    """NAME.json (the whole report) and NAME.md (its table) in FOLDER; the table printed."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(report, indent=1) + "\n")
    (folder / f"{name}.md").write_text(table)
    print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=None, help="cold starts, hovers, clicks")
    parser.add_argument("--toggle-pairs", type=int, default=None, help="off+on toggles")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a smoke run: {QUICK_REPS} reps and {QUICK_TOGGLE_PAIRS} toggle pairs "
        "(unless given); its figures are for checking the harness, not for the README",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help=f"default {RESULTS} ({QUICK_RESULTS} if --quick)"
    )
    args = parser.parse_args(argv)
    if args.out is None:
        args.out = QUICK_RESULTS if args.quick else RESULTS
    if args.reps is None:
        args.reps = QUICK_REPS if args.quick else 10
    if args.toggle_pairs is None:
        args.toggle_pairs = QUICK_TOGGLE_PAIRS if args.quick else 12
    if args.reps < 1 or args.toggle_pairs < 1:
        parser.error("--reps and --toggle-pairs must be at least 1")

    started = time.perf_counter()
    cpu = CpuLog()
    cpu.note("before")
    facts = story_facts()
    data_bytes = sum(p.stat().st_size for p in DATA.glob("*.geojson"))
    raw: dict[str, Any] = {
        v.key: {"cold": [], "cold_unprepared": [], "cold_failed": [], "interactions": {}}
        for v in VARIANTS
    }
    with (
        tempfile.TemporaryDirectory(prefix="bench-") as tmp,
        sync_playwright() as pw,
    ):
        workdir = Path(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        info = machine(browser)
        site = workdir / "site"
        with (
            staticfiles.serve(site) as floor_url,
            published_site(workdir) as published_url,
        ):
            sites = Sites(floor=floor_url, published=published_url)
            # Cold starts, interleaved so drift hits all four alike. The app's first
            # run gives the map size the static page is built with.
            for rep in range(args.reps):
                for v in (APP, NAIVE, FLOOR, PUBLISHED):
                    start = partial(cold_start, browser, v, workdir, sites, facts)
                    result = attempt(f"{v.label} #{rep + 1}", raw[v.key], start)
                    if result is None:
                        continue
                    raw[v.key]["cold"].append(result)
                    if v is APP and not site.exists():
                        width, height = result["map_size"]
                        static_page.write_site(site, DATA, width, height)
                    if v is APP:
                        empty = partial(nothing_saved, workdir / f"prepared-{rep}", start)
                        result = attempt(f"{v.label}, nothing saved #{rep + 1}", raw[v.key], empty)
                        if result is not None:
                            raw[v.key]["cold_unprepared"].append(result)
            cpu.note("cold starts")
            for v in VARIANTS:
                print(f"interactions {v.label}", flush=True)
                raw[v.key]["interactions"] = interactions(
                    browser, v, workdir, sites, facts, args.toggle_pairs, args.reps
                )
                cpu.note(f"interactions {v.key}")
        browser.close()

    summary = summarise(raw)
    report = {
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_s": time.perf_counter() - started,
        "machine": info,
        "settings": {
            "quick": args.quick,
            "reps": args.reps,
            "toggle_pairs": args.toggle_pairs,
            "viewport": VIEWPORT,
            "quiet_ms": QUIET_MS,
            "chromium_args": CHROMIUM_ARGS,
        },
        "cpu": cpu.phases,
        "data_geojson_bytes": data_bytes,
        "summary": summary,
        "targets": targets(summary, data_bytes),
        "raw": raw,
    }
    write_results(args.out, "latest", report, markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
