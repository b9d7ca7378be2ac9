// The in-page measuring harness, installed in the top page (bench.harness.install). Each
// arm*() call records t0 at the first DOM event of the action (capture phase) and stores a
// promise that resolves when the result is observable: exactly, from Leaflet
// layeradd/layerremove events or a MutationObserver, and on every animation frame as a
// fallback (which is how a re-mounted map is seen). `frame` is the first animation frame
// after that. __TIMEOUT__ is bench.variants.SAMPLE_TIMEOUT_MS, put in as the file is read.
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
