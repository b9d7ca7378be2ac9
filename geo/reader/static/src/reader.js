// The reader: what a person sees and does after choosing a place, a passage or an event, the
// same for both hosts (the app's page and the published edition; their entries are app.js
// and edition.js). One choice at a time (a place, a passage or an event) and a day; the
// panel, the outline on the map, the timeline, the article's marks, the URL and what a
// screen reader hears all follow from that state.
//
// createReader({root, model, store, host}):
//   root   the element (or shadow root) holding reader.html's markup
//   model  the reader model (geo/reader/model.py): every word and value shown
//   store  where the state is kept in the URL (url.js: the query or the hash)
//   host   {mapBox() -> the map's element in the page}

import { createArticle } from "./article.js";
import { eventCard, introCard, passageCard, placeCard, showNotices } from "./cards.js";
import { bindKeys, createAnnouncer } from "./keys.js";
import { createSearchBox } from "./searchbox.js";
import { count, dayIn, dayWords, fill, shortText } from "./text.js";
import { createTimeline } from "./timeline.js";
import { readState, stateParams } from "./url.js";

export function createReader({ root, model, store, host }) {
  const find = (id) => root.querySelector(`#${id}`);
  const box = root.querySelector(".dz-reader");
  const reader = {
    model,
    state: { place: null, passage: null, event: null, day: model.day },
    passageById: {},
    eventById: {},
    panel: { title: find("dz-panel-title"), body: find("dz-panel-body") },
    map: null,
  };
  model.passages.forEach((p) => { reader.passageById[p.id] = p; });
  model.events.forEach((e) => { reader.eventById[e.id] = e; });
  const words = model.words;
  const announce = createAnnouncer(find("dz-announce"));
  const input = find("dz-search-input");
  let revealOnMap = false; // the state came from a link with no view: show it when the map comes
  let notices = [];

  function chosenPlaces() {
    const s = reader.state;
    if (s.place !== null) return [s.place];
    if (s.passage !== null) return reader.passageById[s.passage].places;
    if (s.event !== null) return reader.eventById[s.event].places;
    return [];
  }

  function render(spans) {
    const s = reader.state;
    if (s.place !== null) placeCard(reader, s.place);
    else if (s.passage !== null) passageCard(reader, s.passage, spans);
    else if (s.event !== null) eventCard(reader, s.event);
    else introCard(reader);
    showNotices(reader, notices);
    timeline.mark();
    article.mark();
    // The state on the reader's element, for the host's styles and for tests.
    ["place", "passage", "event"].forEach((key) => {
      if (s[key] !== null) box.setAttribute(`data-dz-${key}`, s[key]);
      else box.removeAttribute(`data-dz-${key}`);
    });
    box.setAttribute("data-dz-day", s.day);
  }

  // reveal: false, "frame" (a choice: framed) or "show" (a link: brought into view).
  function drawMap(reveal, animate) {
    if (!reader.map) return;
    reader.map.outline(chosenPlaces());
    reader.map.setDay(reader.state.day);
    if (reveal) reader.map.reveal(chosenPlaces(), animate, reveal === "show" ? "show" : "frame");
  }

  function sayChoice() {
    const s = reader.state;
    if (s.place !== null) {
      const item = model.places[s.place];
      return fill(words.saidPlace, { name: item.name, n: count(words, item.passages.length, "passage") });
    }
    if (s.passage !== null) {
      const p = reader.passageById[s.passage];
      return fill(words.saidPassage, { number: p.n, total: model.passages.length, n: count(words, p.places.length, "place") });
    }
    if (s.event !== null) {
      const ev = reader.eventById[s.event];
      return fill(words.saidEvent, { when: ev.when, title: ev.title, day: dayWords(words, s.day) });
    }
    return words.saidCleared;
  }

  // Bring the panel into view: the keyboard moves to its title after a choice made outside
  // the map; after a click on the map it is scrolled up unless its top is in view already.
  // "In view" starts below the map where the map sits fixed on top of a phone's page.
  function bring(options) {
    const title = reader.panel.title;
    const calm = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const box = host.mapBox && host.mapBox();
    let top = 0;
    if (box) {
      const m = box.getBoundingClientRect();
      if (m.top <= 1 && m.width >= window.innerWidth - 2) top = m.bottom;
    }
    // Scrolled to, the title stops below the map (whatever scrolls the page).
    title.style.scrollMarginTop = `${Math.round(top) + 8}px`;
    const show = () => title.scrollIntoView({ block: "start", behavior: calm ? "auto" : "smooth" });
    if (options.focus === true) {
      title.focus({ preventScroll: true });
      show();
    } else if (options.focus === "search") {
      input.focus();
    } else if (options.focus === "event") {
      (timeline.buttonOf(options.from) || input).focus();
    } else if (options.scroll) {
      const r = title.getBoundingClientRect();
      if (r.top < top || r.top > top + (window.innerHeight - top) * 0.5) show();
    }
  }

  function changed(options) {
    notices = [];
    render(options.spans);
    drawMap(options.reveal, true);
    if (options.write !== false) store.write(stateParams(reader.state, model, reader.eventById));
    announce(options.say || sayChoice());
    bring(options);
  }

  function choose(next, options) {
    reader.state = { place: null, passage: null, event: null, day: reader.state.day, ...next };
    changed(options || {});
  }

  Object.assign(reader, {
    choosePlace(id, options) {
      if (Object.prototype.hasOwnProperty.call(model.places, id)) choose({ place: id }, options);
    },
    choosePassage(id, options) {
      if (Object.prototype.hasOwnProperty.call(reader.passageById, id)) choose({ passage: id }, options);
    },
    chooseEvent(id, options) {
      const ev = Object.prototype.hasOwnProperty.call(reader.eventById, id) ? reader.eventById[id] : null;
      if (ev !== null) choose({ event: id, day: ev.day }, options);
    },
    // The map as of a day; a day chosen by itself ends the chosen event.
    setDay(day, options) {
      if (!dayIn(day, model.range)) return;
      const { place, passage } = reader.state;
      choose({ place, passage, day }, { ...(options || {}), say: fill(words.saidDay, { day: dayWords(words, day) }) });
    },
    clear(options) {
      const from = reader.state.event;
      if (reader.state.place === null && reader.state.passage === null && from === null) return;
      choose({}, { ...(options || {}), from, say: words.saidCleared });
    },
    // The words last said to a screen reader.
    said() {
      return announce.last;
    },
    // The state, and the map's layers, as a host may want them (the app, for its brief).
    snapshot() {
      return { ...reader.state, layers: reader.map ? reader.map.layers() : null };
    },
    // The link's state: on start, and when the reader edits the URL or goes back.
    applyUrl() {
      const params = store.params();
      const read = readState(params, model, reader.eventById);
      reader.state = { place: read.place, passage: read.passage, event: read.event, day: read.day };
      notices = read.notices.concat(mapNotices());
      revealOnMap = params.has("view") ? false : "show";
      render();
      drawMap(revealOnMap, false);
      if (reader.map) revealOnMap = false;
      store.write(stateParams(reader.state, model, reader.eventById));
    },
    // The map, once it is there (the app's frame loads after the reader): it hears clicks,
    // and shows the state (and the link's choice, when the link did not name a view).
    attachMap(view) {
      reader.map = view;
      view.onDay((day) => {
        if (day !== reader.state.day) reader.setDay(day, {});
      });
      bindKeys(view.document, onEscape);
      const refused = mapNotices();
      if (refused.length) {
        notices = notices.concat(refused);
        showNotices(reader, notices);
      }
      drawMap(revealOnMap, false);
      revealOnMap = false;
    },
  });

  function mapNotices() {
    if (!reader.map) return [];
    const refused = reader.map.rejected();
    const out = [];
    if (refused.view !== undefined) out.push(fill(words.badView, { value: shortText(words, refused.view, 60) }));
    if (refused.layers !== undefined) out.push(fill(words.badLayers, { value: shortText(words, refused.layers, 60) }));
    return out;
  }

  function onEscape() {
    reader.clear({});
  }

  const timeline = createTimeline(reader, {
    section: find("dz-timeline"), list: find("dz-timeline-list"), asof: find("dz-asof"), reset: find("dz-asof-reset"),
  });
  const article = createArticle(reader, {
    section: find("dz-article"), credit: find("dz-article-credit"), list: find("dz-article-list"),
    unmapped: find("dz-article-unmapped"),
  });
  createSearchBox(reader, { input, list: find("dz-search-results"), status: find("dz-search-status") });
  bindKeys(root.ownerDocument || root, onEscape);
  return reader;
}
