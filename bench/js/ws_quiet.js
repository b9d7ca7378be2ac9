// Loaded before any page script (bench.harness.new_page): notes the time of every websocket
// frame, sent or received, so the benchmark can wait for a quiet app without a fixed sleep,
// and split an interaction's time into before the request, server, and after the reply.
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
