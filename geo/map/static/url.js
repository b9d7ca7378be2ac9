// The map's state in a URL: the parameters the map owns (view=, layers=), read when the
// map starts and written when the reader changes them. Inside the Streamlit page (a
// same-origin iframe) they live in the parent page's query string; standalone (no parent,
// or a cross-origin one: a published page) in this page's hash, #layers=...&view=...,
// so a published page's link holds them too.
//
// Why the URL is the state: the map is built once, cached, and never re-mounted across
// reruns, so the map (not Python) knows what the reader sees; the URL survives a reload
// and is the permalink. Python never reads them.
//
// Gives map.dzUrl = {mode: "page" | "hash", read(name) -> string or null, write(name, value),
// rejected: {name: raw value}}: the scripts that read a parameter record there a value they
// could not use, and the reader (geo/reader) names it to the reader.
function (map, options) {
    var owned = options.params;
    var host = null;
    try {
        if (window.parent && window.parent !== window && window.parent.history &&
                window.parent.location.origin === window.location.origin) {
            host = window.parent;
        }
    } catch (error) {
        host = null;
    }

    function hashParams() {
        return new URLSearchParams(window.location.hash.replace(/^#/, ""));
    }

    function read(name) {
        try {
            var params = host ? new host.URLSearchParams(host.location.search) : hashParams();
            return params.has(name) ? params.get(name) : null;
        } catch (error) {
            return null;
        }
    }

    if (host) {
        // Streamlit's frontend rewrites the page URL with the query parameters Python
        // knows each time Python changes st.query_params (it calls history.pushState or
        // replaceState with a URL it builds itself): the map's own parameters would be
        // dropped, or put back at the value Python read when the session started. So the
        // parent's two history methods are wrapped, once per page (a flag on the parent
        // window), to write the map's last value of each parameter it has written into
        // every URL. Until the map writes one, the page's value goes through. The values
        // live on the parent window, so a map that is re-mounted keeps writing there.
        host.__dzMapParams = host.__dzMapParams || {};
        if (!host.__dzMapParamsWrapped) {
            host.__dzMapParamsWrapped = true;
            ["pushState", "replaceState"].forEach(function (method) {
                var original = host.history[method];
                host.history[method] = function (state, title, url) {
                    var values = host.__dzMapParams;
                    if (url !== undefined && url !== null) {
                        try {
                            var target = new host.URL(String(url), host.location.href);
                            var changed = false;
                            Object.keys(values).forEach(function (name) {
                                if (target.searchParams.get(name) !== values[name]) {
                                    target.searchParams.set(name, values[name]);
                                    changed = true;
                                }
                            });
                            if (changed) {
                                url = target.pathname + target.search + target.hash;
                            }
                        } catch (error) {
                            // An unparseable URL goes through as it came.
                        }
                    }
                    return original.call(this, state, title, url);
                };
            });
        }
    }

    function write(name, value) {
        if (owned.indexOf(name) < 0) {
            return;
        }
        // The URL is a convenience: a failure here must not break the map.
        try {
            if (host) {
                host.__dzMapParams[name] = value;
                var url = new host.URL(host.location.href);
                url.searchParams.set(name, value);
                host.history.replaceState(host.history.state, "",
                    url.pathname + url.search + url.hash);
            } else {
                var params = hashParams();
                params.set(name, value);
                // Commas need no escape in a fragment; kept readable (layers=pmf,isis).
                var hash = params.toString().replace(/%2C/gi, ",");
                window.history.replaceState(window.history.state, "",
                    window.location.pathname + window.location.search + "#" + hash);
            }
        } catch (error) {
            // Nothing to do.
        }
    }

    map.dzUrl = {mode: host ? "page" : "hash", read: read, write: write, rejected: {}};
}
