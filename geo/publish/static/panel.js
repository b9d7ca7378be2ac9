// The published edition's panel: what the article says about the place a reader chooses
// on the map, in the search box, or from a passage's chips; the choice outlined on the
// map; the timeline (an event's card, its places outlined, the map's day through the map's
// window.dzTime when it has one); the view, place, event and day kept in the URL's hash
// (#view=LAT,LON,ZOOM&place=ID&event=ID&asof=YYYY-MM-DD, the map's layers= left as is).
//
// Everything shown comes from edition.json, made in Python (geo/publish/bundle.py), and
// is put in the page as text: textContent, createElement, setAttribute. Nothing here
// parses HTML. The map is geo.map's folium map; this script only listens to its layers.
(function () {
    "use strict";

    var body = document.body;
    var map = findMap();
    var data = null;
    var place = null; // the selected place's id
    var outline = null; // its outline on the map
    var results = []; // the search hits on show
    var active = -1; // the hit the arrow keys are on
    var lastView = null;
    var event = null; // the chosen event's id
    var day = null; // the day the map shows (YYYY-MM-DD)
    var setting = false; // true while this script sets the map's day
    // A map that keeps its own view in the hash (geo.map's url.js gives map.dzUrl) reads
    // and writes view= itself; otherwise this script does, in the same format.
    var ownsView = Boolean(map) && !map.dzUrl;

    var input = document.getElementById("dz-search-input");
    var list = document.getElementById("dz-search-results");
    var searchStatus = document.getElementById("dz-search-status");
    var title = document.getElementById("dz-panel-title");
    var panel = document.getElementById("dz-panel-body");
    var announcer = document.getElementById("dz-announce");
    var timeline = document.getElementById("dz-timeline");
    var tlList = document.getElementById("dz-timeline-list");
    var asof = document.getElementById("dz-asof");
    var asofReset = document.getElementById("dz-asof-reset");
    var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    var intro = {title: title.textContent, nodes: Array.prototype.slice.call(panel.childNodes)};

    // --- the map -------------------------------------------------------------------------

    // folium names the map's global `map_<hash>`. The page tells us the name (the template
    // writes it from Python's map.get_name() into data-dz-map); failing that, any global
    // of that form that is a Leaflet map. The overview inset's map is not a global.
    function findMap() {
        if (!window.L || !L.Map) {
            return null;
        }
        var named = window[body.getAttribute("data-dz-map") || ""];
        if (named instanceof L.Map) {
            return named;
        }
        var keys = Object.keys(window);
        for (var i = 0; i < keys.length; i++) {
            if (/^map_[0-9a-f]+$/.test(keys[i]) && window[keys[i]] instanceof L.Map) {
                return window[keys[i]];
            }
        }
        return null;
    }

    function reducedMotion() {
        return Boolean(window.matchMedia &&
            window.matchMedia("(prefers-reduced-motion: reduce)").matches);
    }

    // Every layer drawn for a feature carries its id (geo.map's client GeoJSON): a click on
    // any of them (or Enter on a focused one: geo.map's access.js fires the same click)
    // chooses that feature. Layers added later (a layer switched on) are heard too.
    function listen(layer) {
        var props = layer.feature && layer.feature.properties;
        if (!props || typeof props.id !== "string" || layer._dzPanel || !data.places[props.id]) {
            return;
        }
        layer._dzPanel = true;
        layer.on("click", function () {
            select(props.id, {reveal: false, scroll: true});
        });
    }

    // Outline one place or several (an event's): ids, an id, or null for none.
    function drawOutline(ids) {
        if (outline) {
            map.removeLayer(outline);
            outline = null;
        }
        ids = ids === null ? [] : [].concat(ids);
        if (!ids.length) {
            return;
        }
        var style = {
            pane: "dzSelection", interactive: false, className: "dz-selection",
            color: "#000000", weight: 4, opacity: 0.9, fill: false
        };
        var group = L.featureGroup();
        ids.forEach(function (id) { outlineOne(id, style, group); });
        outline = group.addTo(map);
    }

    function outlineOne(id, style, group) {
        var drawn = false;
        // The feature's named shape (the one with a keyboard label): the hit circle of a
        // place, the outline of a province or the zone, a force symbol's position.
        map.eachLayer(function (layer) {
            var props = layer.feature && layer.feature.properties;
            if (!props || props.id !== id || typeof props.label !== "string") {
                return;
            }
            drawn = true;
            if (layer.getLatLng) {
                L.circleMarker(layer.getLatLng(), L.extend({}, style, {radius: 14, weight: 3}))
                    .addTo(group);
            } else if (layer.toGeoJSON) {
                var shape = layer.toGeoJSON();
                shape.properties = {}; // no id or label: nothing else mistakes it for a feature
                L.geoJSON(shape, L.extend({}, style, {style: function () { return style; }}))
                    .addTo(group);
            }
        });
        if (!drawn) { // not drawn now (a layer switched off): its box
            var item = data.places[id];
            if (isPoint(item)) {
                L.circleMarker(item.at, L.extend({}, style, {radius: 14, weight: 3})).addTo(group);
            } else {
                L.rectangle(item.bounds, style).addTo(group);
            }
        }
    }

    function isPoint(item) {
        var b = item.bounds;
        return b[0][0] === b[1][0] && b[0][1] === b[1][1];
    }

    // Bring a place into view: pan to a point; fit an area the view does not hold.
    function reveal(item) {
        var animate = !reducedMotion();
        if (isPoint(item)) {
            map.panTo(item.at, {animate: animate});
            return;
        }
        var bounds = L.latLngBounds(item.bounds);
        if (!map.getBounds().contains(bounds)) {
            map.fitBounds(bounds, {padding: [24, 24], animate: animate});
        }
    }

    // Several places: fit the view to them all unless it holds them already.
    function revealAll(ids) {
        if (ids.length === 1) {
            reveal(data.places[ids[0]]);
            return;
        }
        var bounds = L.latLngBounds([]);
        ids.forEach(function (id) { bounds.extend(data.places[id].bounds); });
        if (!map.getBounds().contains(bounds)) {
            map.fitBounds(bounds, {padding: [24, 24], maxZoom: 10, animate: !reducedMotion()});
        }
    }

    // --- the panel -----------------------------------------------------------------------

    function element(tag, className, text) {
        var node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    function plural(n, word) {
        return n + " " + word + (n === 1 ? "" : "s");
    }

    // A passage's text with the mention highlighted (<mark>) and its own http(s) links
    // kept (<a>). Offsets are UTF-16 code units, made so in Python.
    function passageText(passage, spans) {
        var text = passage.text;
        var cuts = [0, text.length];
        var anchors = passage.anchors.filter(function (a) {
            return safeHref(a[2]) !== null;
        });
        spans.concat(anchors).forEach(function (s) {
            cuts.push(Math.max(0, Math.min(text.length, s[0])));
            cuts.push(Math.max(0, Math.min(text.length, s[1])));
        });
        cuts.sort(function (a, b) { return a - b; });
        var out = element("p", "dz-text");
        var link = null;
        var linkFor = null;
        for (var i = 0; i + 1 < cuts.length; i++) {
            var start = cuts[i];
            var end = cuts[i + 1];
            if (end <= start) {
                continue;
            }
            var node = document.createTextNode(text.slice(start, end));
            var marked = spans.some(function (s) { return s[0] <= start && end <= s[1]; });
            if (marked) {
                var mark = element("mark");
                mark.appendChild(node);
                node = mark;
            }
            var anchor = null;
            anchors.forEach(function (a) {
                if (a[0] <= start && end <= a[1]) {
                    anchor = a;
                }
            });
            if (anchor === null) {
                link = linkFor = null;
                out.appendChild(node);
                continue;
            }
            if (linkFor !== anchor) {
                link = element("a");
                link.href = safeHref(anchor[2]);
                link.rel = "noopener noreferrer nofollow";
                linkFor = anchor;
                out.appendChild(link);
            }
            link.appendChild(node);
        }
        return out;
    }

    function safeHref(href) {
        try {
            var url = new URL(href);
            return (url.protocol === "http:" || url.protocol === "https:") && url.host ? url.href : null;
        } catch (error) {
            return null;
        }
    }

    function chips(ids, label, current) {
        var listNode = element("ul", "dz-chips");
        listNode.setAttribute("aria-label", label);
        ids.forEach(function (id) {
            var item = data.places[id];
            if (!item) {
                return;
            }
            var button = element("button", "dz-chip", item.name);
            button.type = "button";
            button.setAttribute("data-place", id);
            if (id === current) {
                button.setAttribute("aria-current", "true");
            }
            button.addEventListener("click", function () {
                select(id, {reveal: true, focus: true});
            });
            var li = element("li");
            li.appendChild(button);
            listNode.appendChild(li);
        });
        return listNode;
    }

    function showPlace(id) {
        var item = data.places[id];
        title.textContent = item.name;
        panel.replaceChildren();
        var facts = element("dl", "dz-facts");
        item.facts.forEach(function (fact) {
            var row = element("div");
            row.appendChild(element("dt", "", fact[0]));
            row.appendChild(element("dd", "", fact[1]));
            facts.appendChild(row);
        });
        panel.appendChild(facts);
        var count = item.passages.length;
        panel.appendChild(element("h3", "", count ?
            plural(count, "passage") + " in the article" :
            "No passage of the article is about it"));
        var passages = element("ol", "dz-passages");
        item.passages.forEach(function (entry) {
            passageItem(passages, entry[0], entry[1], " · linked by " + entry[2], id);
        });
        panel.appendChild(passages);
        panel.appendChild(clearButton("Clear the selection", function () {
            deselect();
            input.focus();
        }));
    }

    function passageItem(into, passageId, spans, meta, current) {
        var passage = data.passageById[passageId];
        if (!passage) {
            return;
        }
        var li = element("li", "dz-passage");
        li.id = "passage-" + passage.id;
        li.setAttribute("data-passage", passage.id);
        li.appendChild(element("p", "dz-meta",
            "Passage " + passage.n + " of " + data.passages.length + meta));
        li.appendChild(passageText(passage, spans));
        if (passage.places.length) {
            li.appendChild(chips(passage.places, "Places in passage " + passage.n, current));
        }
        into.appendChild(li);
    }

    function clearButton(text, action) {
        var clear = element("button", "dz-clear", text);
        clear.type = "button";
        clear.addEventListener("click", action);
        return clear;
    }

    function dayText(iso) {
        var p = iso.split("-");
        return Number(p[2]) + " " + MONTHS[Number(p[1]) - 1] + " " + p[0];
    }

    // An event's card: when, what, on what it rests, its places (chips) and passages.
    function showEvent(ev) {
        title.textContent = ev.title;
        panel.replaceChildren();
        var when = element("p", "dz-when");
        when.appendChild(element("strong", "", ev.when));
        when.appendChild(document.createTextNode(" · the map as of " + dayText(ev.day)));
        panel.appendChild(when);
        panel.appendChild(element("p", "dz-summary", ev.summary));
        panel.appendChild(element("p", "dz-meta dz-source", ev.origin === "article" ?
            "From the article" + (ev.source === "the article" ? "" : " · Sources: " + ev.source) :
            "Context: " + ev.source));
        if (ev.places.length) {
            panel.appendChild(element("h3", "", "Its places, outlined on the map"));
            panel.appendChild(chips(ev.places, "Places of this event", null));
        }
        if (ev.others.length) {
            panel.appendChild(element("p", "dz-meta", "Also named, not drawn on this map: " +
                ev.others.join(", ")));
        }
        if (ev.passages.length) {
            panel.appendChild(element("h3", "", plural(ev.passages.length, "passage") +
                " of the article"));
            var passages = element("ol", "dz-passages");
            ev.passages.forEach(function (pid) { passageItem(passages, pid, [], "", null); });
            panel.appendChild(passages);
        }
        panel.appendChild(clearButton("Clear the event", function () {
            clearEvent();
            (tlButton(ev.id) || input).focus();
        }));
    }

    function showIntro(notice) {
        title.textContent = intro.title;
        panel.replaceChildren.apply(panel, intro.nodes);
        if (data && data.storyPlaces.length) {
            panel.appendChild(element("p", "", "Places the story turns on:"));
            panel.appendChild(chips(data.storyPlaces, "Places the story turns on", null));
        }
        if (notice) {
            panel.insertBefore(element("p", "dz-notice", notice), panel.firstChild);
        }
    }

    function announce(text) {
        announcer.textContent = "";
        window.setTimeout(function () { announcer.textContent = text; }, 50);
    }

    // Choose a place: the panel, the outline, the URL; `reveal` pans the map to it, `focus`
    // moves the keyboard to the panel, `scroll` brings the panel into view if it is not.
    function select(id, options) {
        if (!data.places[id]) {
            return;
        }
        options = options || {};
        place = id;
        dropEvent();
        body.setAttribute("data-dz-place", id);
        showPlace(id);
        drawOutline(id);
        if (options.reveal) {
            reveal(data.places[id]);
        }
        if (options.hash !== false) {
            writeHash();
        }
        var item = data.places[id];
        announce(item.name + ": " + plural(item.passages.length, "passage") + ", shown in the panel.");
        bring(options);
    }

    function bring(options) {
        if (options.focus) {
            title.focus();
        } else if (options.scroll) {
            var box = title.getBoundingClientRect();
            if (box.top < 0 || box.bottom > window.innerHeight) {
                title.scrollIntoView({block: "start", behavior: reducedMotion() ? "auto" : "smooth"});
            }
        }
    }

    function deselect(options) {
        place = null;
        dropEvent();
        body.removeAttribute("data-dz-place");
        drawOutline(null);
        showIntro();
        if (!options || options.hash !== false) {
            writeHash();
        }
    }

    // --- the timeline: events and the map's day -----------------------------------------

    function dropEvent() {
        event = null;
        body.removeAttribute("data-dz-event");
        markTimeline();
    }

    // Choose an event: the map's day, its places outlined and framed, its card in the panel.
    function chooseEvent(id, options) {
        var ev = data.eventById[id];
        if (!ev) {
            return;
        }
        options = options || {};
        place = null;
        body.removeAttribute("data-dz-place");
        event = id;
        body.setAttribute("data-dz-event", id);
        if (options.day !== false) {
            setDay(ev.day, {keepEvent: true, hash: false});
        }
        markTimeline();
        showEvent(ev);
        drawOutline(ev.places);
        if (options.reveal !== false && ev.places.length) {
            revealAll(ev.places);
        }
        if (options.hash !== false) {
            writeHash();
        }
        announce(ev.when + " · " + ev.title + ": shown in the panel; the map as of " +
            dayText(day) + ".");
        bring(options);
    }

    function clearEvent(options) {
        dropEvent();
        drawOutline(null);
        showIntro();
        if (!options || options.hash !== false) {
            writeHash();
        }
    }

    // Show the map as of a day; a day chosen by itself clears the event (`keepEvent` not).
    function setDay(value, options) {
        options = options || {};
        day = value;
        asof.value = value;
        body.setAttribute("data-dz-day", value);
        asofReset.hidden = value === data.day;
        if (window.dzTime && typeof window.dzTime.set === "function") {
            setting = true;
            try {
                window.dzTime.set(value);
            } finally {
                setting = false;
            }
        }
        if (!options.keepEvent && event !== null) {
            clearEvent({hash: false});
        }
        if (options.hash !== false) {
            writeHash();
        }
        if (options.say) {
            announce("The map as of " + dayText(value) + ".");
        }
    }

    function validDay(value) {
        if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
            return false;
        }
        var d = new Date(value + "T00:00:00Z");
        return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
    }

    function tlButtons() {
        return Array.prototype.slice.call(tlList.querySelectorAll("button"));
    }

    function tlButton(id) {
        return tlList.querySelector('button[data-event="' + (CSS.escape ? CSS.escape(id) : id) + '"]');
    }

    // One button of the list takes the Tab key (the chosen event's, else the first); the
    // arrow keys, Home and End move between them; Enter or Space chooses.
    function rove(target) {
        tlButtons().forEach(function (b) { b.tabIndex = b === target ? 0 : -1; });
    }

    function markTimeline() {
        var buttons = tlButtons();
        buttons.forEach(function (b) {
            if (b.getAttribute("data-event") === event) {
                b.setAttribute("aria-current", "true");
            } else {
                b.removeAttribute("aria-current");
            }
        });
        rove((event !== null && tlButton(event)) || buttons[0]);
    }

    function buildTimeline() {
        if (!data.events.length) {
            return;
        }
        data.events.forEach(function (ev) {
            var button = element("button", "dz-event");
            button.type = "button";
            button.setAttribute("data-event", ev.id);
            button.appendChild(element("span", "dz-event-when", ev.when));
            button.appendChild(document.createTextNode(" · " + ev.title));
            button.addEventListener("click", function () {
                chooseEvent(ev.id, {scroll: true});
            });
            var li = element("li");
            li.appendChild(button);
            tlList.appendChild(li);
        });
        tlList.addEventListener("keydown", function (e) {
            var buttons = tlButtons();
            var i = buttons.indexOf(document.activeElement);
            var to = {ArrowDown: i + 1, ArrowRight: i + 1, ArrowUp: i - 1, ArrowLeft: i - 1,
                Home: 0, End: buttons.length - 1}[e.key];
            if (i < 0 || to === undefined) {
                return;
            }
            e.preventDefault();
            var target = buttons[Math.max(0, Math.min(buttons.length - 1, to))];
            rove(target);
            target.focus();
        });
        asof.addEventListener("change", function () {
            if (validDay(asof.value)) {
                setDay(asof.value, {say: true});
            }
        });
        asofReset.textContent = "The article's day, " + dayText(data.day);
        asofReset.addEventListener("click", function () {
            setDay(data.day, {say: true});
        });
        // The map's own control may change the day: follow it (no event then).
        window.addEventListener("dz-time", function (e) {
            var next = e.detail && e.detail.day;
            if (!setting && validDay(next) && next !== day) {
                setDay(next);
            }
        });
        markTimeline();
        timeline.hidden = false;
    }

    // --- search: geo.search's folding and ranking, ported ----------------------------------

    var SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
    var DROPPED = /[\u0640\u0670\u064b-\u065f]|\p{Mn}|\p{Me}|\p{Cf}/u;
    var ALNUM = /[\p{L}\p{N}]/u;
    var REPLACED = {
        "\u0671": "\u0627", "\u0649": "\u064a", "\u0629": "\u0647",
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u02bc": "'",
        "\u201c": "\"", "\u201d": "\"", "\u201e": "\"", "\u201f": "\""
    };
    var CASEFOLD = {"\u00df": "ss", "\u1e9e": "ss", "\u03c2": "\u03c3"};

    // Python's unicodedata.normalize("NFKD", ch).casefold() per character, then: spaces
    // collapsed, combining marks, tashkeel, tatweel and format characters dropped, alef,
    // yeh and teh-marbuta forms and curly quotes unified.
    function fold(text) {
        var out = [];
        Array.from(text).forEach(function (ch) {
            var lower = Array.from(ch.normalize("NFKD")).map(function (c) {
                return CASEFOLD[c] || c;
            }).join("").toLowerCase();
            Array.from(lower).forEach(function (c) {
                if (SPACE.test(c)) {
                    if (out.length && out[out.length - 1] !== " ") {
                        out.push(" ");
                    }
                } else if (!DROPPED.test(c)) {
                    out.push(REPLACED[c] || c);
                }
            });
        });
        if (out.length && out[out.length - 1] === " ") {
            out.pop();
        }
        return out.join("");
    }

    function atWord(name, query) {
        var i = name.indexOf(query);
        while (i !== -1) {
            var before = Array.from(name.slice(0, i)).pop();
            var first = Array.from(name.slice(i))[0];
            if (i === 0 || !(ALNUM.test(before) && ALNUM.test(first))) {
                return i;
            }
            i = name.indexOf(query, i + 1);
        }
        return -1;
    }

    // Exact name 0, exact alias 1, word-prefix of the name 2, of an alias 3, substring 4/5;
    // ties by passage count, then the data's order.
    function search(raw) {
        var query = fold(Array.from(raw).slice(0, data.searchLimits.max).join(""));
        if (Array.from(query).length < data.searchLimits.min) {
            return null;
        }
        var hits = [];
        data.search.forEach(function (entry, order) {
            var best = null;
            entry[1].forEach(function (name, k) {
                if (name.indexOf(query) === -1) {
                    return;
                }
                var rank = (k > 0 ? 1 : 0) + (name === query ? 0 : atWord(name, query) !== -1 ? 2 : 4);
                if (best === null || rank < best.rank || (rank === best.rank && k < best.k)) {
                    best = {rank: rank, k: k};
                }
            });
            var item = data.places[entry[0]];
            if (best !== null && item) {
                hits.push({id: entry[0], name: item.name, kind: item.kind,
                    matched: entry[2][best.k], rank: best.rank, order: order,
                    count: item.passages.length});
            }
        });
        hits.sort(function (a, b) {
            return a.rank - b.rank || b.count - a.count || a.order - b.order;
        });
        return {places: hits.slice(0, 8), events: searchEvents(query)};
    }

    // Events by words of their date and title (first), then of their summary.
    function searchEvents(query) {
        var hits = [];
        data.events.forEach(function (ev, order) {
            var rank = -1;
            ev.keys.some(function (key, k) {
                var at = key.indexOf(query);
                rank = at === -1 ? -1 : 2 * k + (atWord(key, query) === -1 ? 1 : 0);
                return rank !== -1;
            });
            if (rank !== -1) {
                hits.push({type: "event", id: ev.id, name: ev.title, matched: ev.title,
                    kind: ev.when, rank: rank, order: order});
            }
        });
        hits.sort(function (a, b) { return a.rank - b.rank || a.order - b.order; });
        return hits.slice(0, 5);
    }

    // Two groups of options, places then events, one run of ids (dz-result-0 ...).
    function showResults(found) {
        var hits = found === null ? null : found.places.concat(found.events);
        results = hits || [];
        active = -1;
        list.replaceChildren();
        input.removeAttribute("aria-activedescendant");
        if (hits === null) {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            searchStatus.textContent = "";
            return;
        }
        if (!hits.length) {
            var none = element("li", "dz-empty", "No place or event by that name on this map.");
            none.setAttribute("role", "option");
            none.setAttribute("aria-disabled", "true");
            none.setAttribute("aria-selected", "false");
            none.id = "dz-result-none";
            list.appendChild(none);
        }
        var groups = [["Places", found.places], ["Events", found.events]].filter(function (g) {
            return g[1].length;
        });
        groups.forEach(function (g, k) {
            var group = element("li", "dz-group");
            group.setAttribute("role", "group");
            group.setAttribute("aria-labelledby", "dz-group-" + k);
            var label = element("span", "dz-group-label", g[0]);
            label.id = "dz-group-" + k;
            var inner = element("ul");
            inner.setAttribute("role", "none");
            group.appendChild(label);
            group.appendChild(inner);
            g[1].forEach(function (hit) {
                inner.appendChild(resultItem(hit, results.indexOf(hit)));
            });
            list.appendChild(group);
        });
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        var counts = groups.map(function (g) {
            return plural(g[1].length, g[0].toLowerCase().slice(0, -1));
        });
        searchStatus.textContent = hits.length ?
            counts.join(" and ") + " found; arrow keys to choose, Enter to open." :
            "No place or event by that name.";
    }

    function resultItem(hit, i) {
        var li = element("li", "dz-option");
        li.id = "dz-result-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute(hit.type === "event" ? "data-event" : "data-place", hit.id);
        li.appendChild(element("span", "dz-result-name", hit.name));
        var meta = hit.type === "event" ? hit.kind + " · event" :
            hit.kind + " · " + plural(hit.count, "passage");
        if (hit.matched !== hit.name) {
            meta = "also written " + hit.matched + " · " + meta;
        }
        li.appendChild(element("br"));
        li.appendChild(element("span", "dz-result-meta", meta));
        li.addEventListener("mousedown", function (e) {
            e.preventDefault(); // keep the focus in the box until the choice is made
        });
        li.addEventListener("click", function () {
            choose(i);
        });
        return li;
    }

    function setActive(index) {
        if (!results.length) {
            return;
        }
        active = (index + results.length) % results.length;
        var options = list.querySelectorAll(".dz-option");
        Array.prototype.forEach.call(options, function (li, i) {
            li.setAttribute("aria-selected", i === active ? "true" : "false");
        });
        var current = options[active];
        input.setAttribute("aria-activedescendant", current.id);
        current.scrollIntoView({block: "nearest"});
    }

    function choose(index) {
        var hit = results[index];
        if (!hit) {
            return;
        }
        input.value = hit.name;
        showResults(null);
        if (hit.type === "event") {
            chooseEvent(hit.id, {focus: true});
        } else {
            select(hit.id, {reveal: true, focus: true});
        }
    }

    input.addEventListener("input", function () {
        showResults(search(input.value));
    });
    input.addEventListener("keydown", function (event) {
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            if (list.hidden) {
                showResults(search(input.value));
            }
            setActive(active === -1 && event.key === "ArrowUp" ? -1 :
                active + (event.key === "ArrowDown" ? 1 : -1));
        } else if (event.key === "Enter") {
            if (!list.hidden && results.length) {
                event.preventDefault();
                choose(active === -1 ? 0 : active);
            }
        } else if (event.key === "Escape") {
            if (!list.hidden) {
                event.preventDefault();
                showResults(null);
            } else {
                input.value = "";
            }
        }
    });
    input.addEventListener("blur", function () {
        showResults(null);
    });

    // --- the URL's hash: #view=LAT,LON,ZOOM&place=ID ----------------------------------------

    function hashPairs() {
        return window.location.hash.replace(/^#/, "").split("&").filter(Boolean).map(function (raw) {
            var i = raw.indexOf("=");
            var key = i < 0 ? raw : raw.slice(0, i);
            var value = i < 0 ? "" : raw.slice(i + 1);
            try {
                value = decodeURIComponent(value);
            } catch (error) {
                value = null;
            }
            return {key: key, value: value, raw: raw};
        });
    }

    function hashValue(pairs, key) {
        var found = pairs.filter(function (p) { return p.key === key; });
        return found.length ? found[0].value : undefined;
    }

    function viewText() {
        var c = map.getCenter();
        return c.lat.toFixed(4) + "," + c.lng.toFixed(4) + "," + Math.round(map.getZoom());
    }

    function parseView(value) {
        var parts = typeof value === "string" ? value.split(",") : [];
        if (parts.length !== 3 || !parts.every(function (p) { return /^-?\d+(\.\d+)?$/.test(p); })) {
            return null;
        }
        var lat = Number(parts[0]);
        var lon = Number(parts[1]);
        var zoom = Number(parts[2]);
        if (Math.abs(lat) > 90 || Math.abs(lon) > 180 ||
                zoom < map.getMinZoom() || zoom > map.getMaxZoom()) {
            return null;
        }
        return {at: [lat, lon], zoom: zoom};
    }

    function writeHash() {
        var others = hashPairs().filter(function (p) {
            return ["place", "event", "asof"].indexOf(p.key) < 0 && (p.key !== "view" || !ownsView);
        });
        var mine = ownsView ? ["view=" + viewText()] : [];
        if (place !== null) {
            mine.push("place=" + encodeURIComponent(place));
        }
        if (event !== null) {
            mine.push("event=" + encodeURIComponent(event));
        }
        if (day !== null && day !== (event !== null ? data.eventById[event].day : data.day)) {
            mine.push("asof=" + day);
        }
        var hash = "#" + mine.concat(others.map(function (p) { return p.raw; })).join("&");
        lastView = viewText();
        if (hash !== window.location.hash) {
            window.history.replaceState(window.history.state, "", hash);
        }
    }

    function shortText(value) {
        var chars = Array.from(String(value));
        return chars.length > 80 ? chars.slice(0, 80).join("") + "…" : chars.join("");
    }

    // Apply the hash: on load, and when the reader edits it or goes back to an older one.
    function applyHash() {
        var pairs = hashPairs();
        var notices = [];
        var rawView = hashValue(pairs, "view");
        var view = rawView === undefined ? null : parseView(rawView);
        if (rawView !== undefined && view === null && ownsView) {
            notices.push("The link's view “" + shortText(rawView) + "” is not LAT,LON,ZOOM; ignored.");
        }
        if (view && ownsView && viewText() !== view.at[0].toFixed(4) + "," + view.at[1].toFixed(4) + "," + view.zoom) {
            map.setView(view.at, view.zoom, {animate: false});
        }
        var wanted = hashValue(pairs, "place");
        var known = wanted !== undefined && wanted !== null && Boolean(data.places[wanted]);
        if (wanted !== undefined && !known) {
            notices.push("The link names a place this map does not have, “" +
                shortText(wanted) + "”; ignored.");
        }
        var rawEvent = hashValue(pairs, "event");
        var ev = rawEvent === undefined || rawEvent === null ? null : data.eventById[rawEvent] || null;
        if (rawEvent !== undefined && ev === null) {
            notices.push("The link names an event this timeline does not have, “" +
                shortText(rawEvent) + "”; ignored.");
        }
        var rawDay = hashValue(pairs, "asof");
        var asked = validDay(rawDay) ? rawDay : null;
        if (rawDay !== undefined && asked === null) {
            notices.push("The link's date “" + shortText(rawDay) + "” is not a day YYYY-MM-DD; ignored.");
        }
        var target = asked || (ev !== null && !known ? ev.day : data.day);
        if (target !== day) {
            setDay(target, {keepEvent: true, hash: false});
        }
        if (known) {
            if (wanted !== place) {
                select(wanted, {reveal: !view, hash: false});
            }
        } else if (ev !== null) {
            if (ev.id !== event || place !== null) {
                chooseEvent(ev.id, {reveal: !view, hash: false, day: false});
            }
        } else if (place !== null || event !== null || notices.length) {
            place = null;
            body.removeAttribute("data-dz-place");
            dropEvent();
            drawOutline(null);
            showIntro();
        }
        if (notices.length) {
            panel.insertBefore(element("p", "dz-notice", notices.join(" ")), panel.firstChild);
        }
        lastView = viewText();
    }

    // --- start ---------------------------------------------------------------------------

    function start(loaded) {
        data = loaded;
        data.passageById = {};
        data.passages.forEach(function (p) { data.passageById[p.id] = p; });
        data.eventById = {};
        data.events.forEach(function (ev) {
            data.eventById[ev.id] = ev;
            ev.keys = [fold(ev.when + " " + ev.title), fold(ev.summary)];
        });
        var pane = map.createPane("dzSelection");
        pane.style.zIndex = 635; // above force symbols (600), below labels and places
        pane.style.pointerEvents = "none";
        map.eachLayer(listen);
        map.on("layeradd", function (event) { listen(event.layer); });
        map.on("moveend", function () {
            if (ownsView && viewText() !== lastView) {
                writeHash();
            }
        });
        window.addEventListener("hashchange", applyHash);
        showIntro();
        buildTimeline();
        applyHash();
        input.disabled = false;
        body.setAttribute("data-dz-ready", "1");
    }

    function fail(message) {
        panel.replaceChildren(element("p", "dz-notice",
            "The panel could not load its data (" + message + "). Open this page from a web " +
            "server: browsers do not let a page read files from the disk."));
        body.setAttribute("data-dz-ready", "error");
    }

    if (!map) {
        fail("no map on the page");
        return;
    }
    window.fetch(body.getAttribute("data-dz-data"), {credentials: "same-origin"})
        .then(function (response) {
            if (!response.ok) {
                throw new Error("HTTP " + response.status);
            }
            return response.json();
        })
        .then(start)
        .catch(function (error) { fail(String(error && error.message || error)); });
})();
