// The published edition's entry: the reader in the page beside the map (geo.map's folium
// map, a global named in <body data-dz-map>), its model fetched from the folder
// (<div class="dz-reader" data-dz-model>), its state in the URL's hash; printing and embed
// mode (page.js).

import { createMapView } from "./mapview.js";
import { isEmbedded, preparePrinting, startEmbed } from "./page.js";
import { createReader } from "./reader.js";
import { fill } from "./text.js";
import { createStore } from "./url.js";

// folium names the map's global `map_<hash>`; the page names it. The overview inset's map
// is not a global.
function findMap() {
  if (!window.L || !window.L.Map) return null;
  const named = window[document.body.getAttribute("data-dz-map") || ""];
  return named instanceof window.L.Map ? named : null;
}

function fail(box, words, message) {
  const body = box.querySelector("#dz-panel-body");
  const note = document.createElement("p");
  note.className = "dz-notice";
  note.textContent = words ? fill(words.noData, { message }) : message;
  body.replaceChildren(note);
  box.setAttribute("data-dz-ready", "error");
}

function start() {
  const box = document.querySelector(".dz-reader");
  if (!box) return;
  window
    .fetch(box.getAttribute("data-dz-model"), { credentials: "same-origin" })
    .then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    })
    .then((model) => {
      const map = findMap();
      if (!map) {
        fail(box, model.words, model.words.noMap);
        return;
      }
      const reader = createReader({
        root: document,
        model,
        store: createStore(window, "hash"),
        host: { mapBox: () => document.querySelector(".dz-map") },
      });
      reader.attachMap(createMapView(window, map, model, (id) => reader.choosePlace(id, { scroll: true })));
      reader.applyUrl();
      window.addEventListener("hashchange", () => reader.applyUrl());
      preparePrinting(document, map, model.words);
      window.dzReader = reader;
      box.setAttribute("data-dz-ready", "1");
    })
    .catch((error) => fail(box, null, String((error && error.message) || error)));
}

if (isEmbedded(document)) startEmbed(document);
start();
