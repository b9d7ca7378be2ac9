// The reader's state in the page's URL, so every view is a permalink: place=, passage=,
// event= (one of them at a time) and asof=YYYY-MM-DD. The app keeps them in the query
// (?place=...), the published edition in the hash (#place=...); the map keeps its own
// (view=, layers=) beside them, in the same place (geo/map/static/url.js).
//
// A value the story cannot use is named in a notice and ignored; the rest of the link
// applies. A day is written only when it is not the one the choice implies.

import { dayIn, fill, shortText } from "./text.js";

export const PARAMS = ["place", "passage", "event", "asof"];

export function createStore(win, mode) {
  function params() {
    const raw = mode === "hash" ? win.location.hash.replace(/^#/, "") : win.location.search;
    return new URLSearchParams(raw);
  }

  function write(values) {
    try {
      const params_ = params();
      PARAMS.forEach((key) => {
        if (values[key] === null || values[key] === undefined) params_.delete(key);
        else params_.set(key, values[key]);
      });
      // Commas need no escape: kept readable (layers=pmf,isis).
      const text = params_.toString().replace(/%2C/gi, ",");
      const { pathname, search, hash } = win.location;
      const url = mode === "hash"
        ? `${pathname}${search}${text ? `#${text}` : ""}`
        : `${pathname}${text ? `?${text}` : ""}${hash}`;
      if (url !== pathname + search + hash) win.history.replaceState(win.history.state, "", url);
    } catch (error) {
      // The URL is a convenience: a failure here must not break the reader.
    }
  }

  return { mode, params, write };
}

// What a link asks for, checked against the model: {place, passage, event, day, notices}.
// One choice at a time: a place, else a passage, else an event.
export function readState(params, model, eventById) {
  const words = model.words;
  const notices = [];
  function known(key, table, notice) {
    if (!params.has(key)) return null;
    const value = params.get(key);
    if (Object.prototype.hasOwnProperty.call(table, value)) return value;
    notices.push(fill(words[notice], { value: shortText(words, value) }));
    return null;
  }
  const passages = {};
  model.passages.forEach((p) => { passages[p.id] = p; });
  const place = known("place", model.places, "badPlace");
  const passage = known("passage", passages, "badPassage");
  const event = known("event", eventById, "badEvent");
  let asked = null;
  if (params.has("asof")) {
    const value = params.get("asof");
    if (dayIn(value, model.range)) asked = value;
    else {
      notices.push(fill(words.badDay, {
        value: shortText(words, value, 40), first: model.rangeWords[0], last: model.rangeWords[1],
      }));
    }
  }
  const chosen = place !== null ? { place } : passage !== null ? { passage } : event !== null ? { event } : {};
  const day = asked || (chosen.event ? eventById[chosen.event].day : model.day);
  return {
    place: chosen.place || null,
    passage: chosen.passage || null,
    event: chosen.event || null,
    day,
    notices,
  };
}

// The URL's values for a state.
export function stateParams(state, model, eventById) {
  const implied = state.event !== null ? eventById[state.event].day : model.day;
  return {
    place: state.place,
    passage: state.passage,
    event: state.event,
    asof: state.day !== implied ? state.day : null,
  };
}
