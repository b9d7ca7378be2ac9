// Put first in Streamlit's page, inline, when the page is served through deploy/serve.py's
// nginx (the proxy inserts it: deploy/nginx.py). Why: when the replica holding a reader's
// session dies, Streamlit's frontend reconnects its websocket by itself, to another replica
// (or the same one restarted), but that server has no session for it and the frontend does
// not ask for a run: the page stays drawn yet no longer answers clicks. The reader's view
// is all in the URL (?place=, layers=, view=, event=, asof=), so reloading the page brings
// it back whole.
//
// nginx keeps the replica that served this browser (name and generation, e.g. "r0.2") in
// the dz_replica cookie. When the websocket opens again and that value has changed, the
// session was lost: reload. A reconnect to the same live replica (a network blip, where
// Streamlit resumes the session) changes nothing and is left alone.
//
// The script goes into nginx's configuration as one quoted string: deploy/nginx.py strips
// these comment lines and refuses a single quote, a backslash or a dollar sign (nginx would
// read a variable), so it is written without them (no regular expressions).
(function () {
  "use strict";
  var Native = window.WebSocket;
  if (!Native) return;

  function replica() {
    var parts = document.cookie.split(";");
    for (var i = 0; i < parts.length; i++) {
      var pair = parts[i].trim();
      if (pair.indexOf("dz_replica=") === 0) return pair.slice("dz_replica=".length);
    }
    return "";
  }

  function isStream(url) {
    var path = String(url).split("?")[0].split("#")[0];
    return path.slice(-"/_stcore/stream".length) === "/_stcore/stream";
  }

  var first = null;
  var reloading = false;

  function Watched(url, protocols) {
    var ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (isStream(url)) {
      ws.addEventListener("open", function () {
        var now = replica();
        if (first === null) {
          first = now;
        } else if (now && now !== first && !reloading) {
          reloading = true;
          window.location.reload();
        }
      });
    }
    return ws;
  }
  Watched.prototype = Native.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (k) {
    Watched[k] = Native[k];
  });
  window.WebSocket = Watched;
})();
