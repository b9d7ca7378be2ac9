// A passage as the reader shows it: its text with the mentions marked (<mark>) and its own
// http(s) links kept (<a>), its number and why it is linked, and a chip for each mapped
// place it names. Everything is put in the page as text: textContent, createElement,
// setAttribute; nothing here parses HTML. Offsets are UTF-16 code units, made so in Python.

import { fill } from "./text.js";

const SVG = "http://www.w3.org/2000/svg";
const PIN = "M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z";

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function safeHref(href) {
  try {
    const url = new URL(href);
    return (url.protocol === "http:" || url.protocol === "https:") && url.host ? url.href : null;
  } catch (error) {
    return null;
  }
}

// `text` cut at every span's and anchor's ends: marked where a span covers a piece, linked
// where an anchor does.
export function markedText(text, spans, anchors, tag = "p") {
  const links = (anchors || []).filter((a) => safeHref(a[2]) !== null);
  const cuts = [0, text.length];
  spans.concat(links).forEach((s) => {
    cuts.push(Math.max(0, Math.min(text.length, s[0])), Math.max(0, Math.min(text.length, s[1])));
  });
  cuts.sort((a, b) => a - b);
  const out = el(tag, "dz-text");
  let link = null;
  let linkFor = null;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i];
    const end = cuts[i + 1];
    if (end <= start) continue;
    let node = document.createTextNode(text.slice(start, end));
    if (spans.some((s) => s[0] <= start && end <= s[1])) {
      const mark = el("mark");
      mark.appendChild(node);
      node = mark;
    }
    const anchor = links.find((a) => a[0] <= start && end <= a[1]) || null;
    if (anchor === null) {
      link = linkFor = null;
      out.appendChild(node);
      continue;
    }
    if (linkFor !== anchor) {
      link = el("a");
      link.href = safeHref(anchor[2]);
      link.rel = "noopener noreferrer nofollow";
      linkFor = anchor;
      out.appendChild(link);
    }
    link.appendChild(node);
  }
  return out;
}

function pin() {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "dz-chip-pin");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", PIN);
  svg.appendChild(path);
  return svg;
}

// One chip per place the model has: a button that chooses it (and brings it into view);
// the selected place's chips are marked current.
export function chips(reader, ids, label) {
  const { model } = reader;
  const list = el("ul", "dz-chips");
  list.setAttribute("aria-label", label);
  ids.forEach((id) => {
    const item = model.places[id];
    if (!item) return;
    const button = el("button", "dz-chip");
    button.type = "button";
    button.setAttribute("data-place", id);
    button.title = fill(model.words.chipHelp, { name: item.name });
    button.append(pin(), el("span", "", item.name));
    if (id === reader.state.place) button.setAttribute("aria-current", "true");
    button.addEventListener("click", () => reader.choosePlace(id, { reveal: true, focus: true }));
    const li = el("li");
    li.appendChild(button);
    list.appendChild(li);
  });
  return list;
}

// A passage in a list: "Passage n of N" (+ meta), its text, its places' chips.
export function passageItem(reader, passageId, spans, meta) {
  const { model } = reader;
  const passage = reader.passageById[passageId];
  if (!passage) return null;
  const li = el("li", "dz-passage");
  li.setAttribute("data-passage", passage.id);
  const words = model.words;
  li.appendChild(
    el("p", "dz-meta", fill(words.passageMeta, { number: passage.n, total: model.passages.length }) + meta),
  );
  li.appendChild(markedText(passage.text, spans, passage.anchors));
  if (passage.places.length) {
    li.appendChild(chips(reader, passage.places, fill(words.chipsOf, { number: passage.n })));
  }
  return li;
}
