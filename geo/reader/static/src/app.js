// The app's entry: the reader as a Streamlit component (st.components.v2, in the page, in a
// shadow root of its own; ui/reader.py), beside the map that streamlit-folium draws in a
// same-origin frame. Everything a reader does is answered here, with no server round trip;
// the app is told the state where it needs it (its printable brief: reportForTheBrief), and
// may ask for a choice (the Places table, the Timeline tab): data.command = {n, place|event}.
//
// data: {model: URL of the reader model, command}. Streamlit calls this again whenever the
// component's data changes (a command); one reader lives in the page.

import { createMapView } from "./mapview.js";
import { createReader } from "./reader.js";
import { createStore } from "./url.js";

const MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]';
const BRIEF = ".st-key-brief"; // the app's printable brief (ui/reader.py)
// How often to look for the map's frame (and later for a new map in it): often until the
// first map is found (a click on it before then would not reach the reader), then seldom.
const LOOK_FIRST_MS = 40;
const LOOK_AFTER_MS = 500;

let current = null; // {root, reader, command, pending, attached}

function mapIn(frame) {
  try {
    const win = frame && frame.contentWindow;
    const map = win && win.map;
    // The map's own scripts are done once it has its view (view.js: map.dzView).
    return map && win.L && map instanceof win.L.Map && map.dzView ? { win, map } : null;
  } catch (error) {
    return null; // not ours
  }
}

// One watch for the page: the map's frame, or a new map in it, is given to the reader of the
// moment (a click on the map always reaches that reader).
let watching = false;
function watchMap() {
  if (watching) return;
  watching = true;
  let attached = null;
  const look = () => {
    const found = current && current.reader ? mapIn(document.querySelector(MAP_FRAME)) : null;
    if (found && !(found.map === attached && current.attached)) {
      attached = found.map;
      current.attached = true;
      const { reader } = current;
      const choose = (id) => current.reader.choosePlace(id, { scroll: true });
      reader.attachMap(createMapView(found.win, found.map, reader.model, choose));
    }
    setTimeout(look, attached ? LOOK_AFTER_MS : LOOK_FIRST_MS);
  };
  look();
}

// The app learns the reader's state where it needs it: for its printable brief (made on the
// server when its button is clicked, from the last report; ui/reader.py). As the pointer
// or the keyboard reaches the brief's button, the reader reports its place and layers (if
// they changed since its last report). A click that comes before the app has taken the
// last report is held until it has (the app answers with the report's number), then made.
function reportForTheBrief(reader) {
  let sent = 0;
  let taken = window.dzReportTakenLast || 0;
  let last = null;
  let held = null;
  window.dzReportTaken = (n) => {
    taken = Math.max(taken, n || 0);
    if (held && taken >= sent) {
      const button = held;
      held = null;
      button.click();
    }
  };
  function report() {
    const state = reader.snapshot();
    const key = JSON.stringify([state.place, state.layers]);
    if (key === last) return;
    last = key;
    sent += 1;
    const value = { ...state, n: sent };
    if (typeof window.dzReport === "function") window.dzReport(value);
    else window.dzReportWaiting = value;
  }
  const brief = (event) => event.target && event.target.closest && event.target.closest(BRIEF);
  document.addEventListener("pointerover", (event) => { if (brief(event)) report(); }, true);
  document.addEventListener("focusin", (event) => { if (brief(event)) report(); }, true);
  document.addEventListener("click", (event) => {
    const button = brief(event) && event.target.closest("button");
    if (!button) return;
    report();
    if (taken < sent) {
      event.preventDefault();
      event.stopImmediatePropagation();
      held = button;
    }
  }, true);
}

function obey(entry, command) {
  if (!command || !(command.n > entry.command)) return;
  entry.command = command.n;
  const options = { reveal: true, scroll: true };
  if (typeof command.place === "string") entry.reader.choosePlace(command.place, options);
  else if (typeof command.event === "string") entry.reader.chooseEvent(command.event, options);
}

async function start(root, data) {
  const entry = { root, reader: null, command: 0, pending: data.command, attached: false };
  current = entry;
  const response = await window.fetch(data.model, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`the reader model answered HTTP ${response.status}`);
  const model = await response.json();
  const reader = createReader({
    root,
    model,
    store: createStore(window, "query"),
    host: { mapBox: () => document.querySelector(".st-key-map-col") },
  });
  entry.reader = reader;
  window.dzReader = reader;
  reportForTheBrief(reader);
  reader.applyUrl();
  watchMap();
  root.querySelector(".dz-reader").setAttribute("data-dz-ready", "1");
  obey(entry, entry.pending);
}

export default function (component) {
  const { data, parentElement } = component;
  if (current && current.root === parentElement) {
    if (current.reader) obey(current, data.command);
    else current.pending = data.command;
    return;
  }
  start(parentElement, data).catch((error) => {
    const body = parentElement.querySelector("#dz-panel-body");
    if (body) body.textContent = String((error && error.message) || error);
  });
}
