// What the published page adds around the reader: printing (the map laid out at its printed
// size first, so Leaflet draws it whole; the page's address and the day written on the
// paper) and embed mode (in a newsroom's iframe, the page tells the host its height through
// Pym.js's protocol, so the iframe takes its content's height and follows it).

import { dayWords, fill } from "./text.js";

const PYM = "vendor/pym.js/pym.v1.min.js"; // copied from npm at publish (geo/publish)

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Before printing, the map takes its printed size on the screen (a print stylesheet alone
// would crop the map Leaflet drew for the screen); after, it takes the screen's again.
export function preparePrinting(doc, map, words) {
  const win = doc.defaultView;
  const note = doc.querySelector(".dz-printed");
  const root = doc.documentElement;
  win.addEventListener("beforeprint", () => {
    if (note) note.textContent = fill(words.printedFrom, { day: dayWords(words, today()), url: win.location.href });
    root.classList.add("dz-printing");
    map.invalidateSize({ animate: false });
  });
  win.addEventListener("afterprint", () => {
    root.classList.remove("dz-printing");
    map.invalidateSize({ animate: false });
  });
}

// Embed mode: the page was opened as `index.html?embed` (embed.html's iframe; Pym.js adds
// its own parameters, childId among them). index.html's head script decides it, before the
// first paint, and marks the page with the dz-embed class; this reads that mark.
export function isEmbedded(doc) {
  return doc.documentElement.classList.contains("dz-embed");
}

// In embed mode, Pym.js's child (vendored, loaded only here) sends the page's height to the
// host whenever it changes: a card opened, the search's list, the width.
export function startEmbed(doc) {
  const win = doc.defaultView;
  const script = doc.createElement("script");
  script.src = PYM;
  script.addEventListener("load", () => {
    if (!win.pym) return;
    const child = new win.pym.Child();
    let last = -1;
    const send = () => {
      const height = doc.body.offsetHeight;
      if (height !== last) {
        last = height;
        child.sendHeight();
      }
    };
    new win.ResizeObserver(send).observe(doc.body);
    send();
  });
  doc.head.appendChild(script);
}
