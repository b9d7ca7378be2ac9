// The panel's cards: a place (its facts and every passage about it), an event (when, what,
// on what it rests, its places and passages), a passage (its text and its places), and the
// introduction before any choice. Words from the model; text only.

import { chips, el, markedText, passageItem } from "./passages.js";
import { count, fill } from "./text.js";

function clearButton(text, action) {
  const button = el("button", "dz-clear", text);
  button.type = "button";
  button.addEventListener("click", action);
  return button;
}

function heading(text) {
  return el("h3", "", text);
}

export function placeCard(reader, id) {
  const { model, panel } = reader;
  const words = model.words;
  const item = model.places[id];
  panel.title.textContent = item.name;
  const body = [];
  const facts = el("dl", "dz-facts");
  item.facts.forEach(([label, value]) => {
    const row = el("div");
    row.append(el("dt", "", model.factTexts[label]), el("dd", "", model.factTexts[value]));
    facts.appendChild(row);
  });
  body.push(facts);
  const n = item.passages.length;
  body.push(heading(n ? fill(words.placePassages, { n: count(words, n, "passage") }) : words.placeNoPassage));
  const list = el("ol", "dz-passages");
  item.passages.forEach(([pid, spans, reason]) => {
    const li = passageItem(reader, pid, spans, fill(words.linkedBy, { reason }));
    if (li) list.appendChild(li);
  });
  if (n) body.push(list);
  body.push(clearButton(words.clearPlace, () => reader.clear({ focus: "search" })));
  panel.body.replaceChildren(...body);
}

export function eventCard(reader, id) {
  const { model, panel } = reader;
  const words = model.words;
  const ev = reader.eventById[id];
  panel.title.textContent = ev.title;
  const body = [];
  const when = el("p", "dz-when");
  when.append(el("strong", "", ev.when), document.createTextNode(fill(words.eventDay, { day: ev.dayWords })));
  body.push(when, el("p", "dz-summary", ev.summary), el("p", "dz-meta dz-source", ev.source));
  if (ev.places.length) {
    body.push(heading(words.eventPlaces), chips(reader, ev.places, words.eventChips));
  }
  if (ev.others.length) {
    body.push(el("p", "dz-meta", fill(words.eventOthers, { names: ev.others.join(", ") })));
  }
  if (ev.passages.length) {
    body.push(heading(fill(words.eventPassages, { n: count(words, ev.passages.length, "passage") })));
    const list = el("ol", "dz-passages");
    ev.passages.forEach((pid) => {
      const li = passageItem(reader, pid, [], "");
      if (li) list.appendChild(li);
    });
    body.push(list);
  }
  body.push(clearButton(words.clearEvent, () => reader.clear({ focus: "event" })));
  panel.body.replaceChildren(...body);
}

export function passageCard(reader, id, spans) {
  const { model, panel } = reader;
  const words = model.words;
  const passage = reader.passageById[id];
  panel.title.textContent = fill(words.passageTitle, { number: passage.n, total: model.passages.length });
  const body = [markedText(passage.text, spans || [], passage.anchors)];
  body[0].classList.add("dz-passage-text");
  if (passage.places.length) {
    body.push(heading(words.passagePlaces), chips(reader, passage.places, fill(words.chipsOf, { number: passage.n })));
  } else {
    body.push(el("p", "dz-meta", words.passageNoPlace));
  }
  body.push(clearButton(words.clearPassage, () => reader.clear({ focus: "search" })));
  panel.body.replaceChildren(...body);
}

export function introCard(reader, notices) {
  const { model, panel } = reader;
  const words = model.words;
  panel.title.textContent = words.introTitle;
  const body = [el("p", "", words.introText)];
  if (model.storyPlaces.length) {
    body.push(el("p", "", words.introPlaces), chips(reader, model.storyPlaces, words.introPlaces));
  }
  panel.body.replaceChildren(...body);
  showNotices(reader, notices);
}

// A link's values the story cannot use, named above the card.
export function showNotices(reader, notices) {
  reader.panel.body.querySelectorAll(".dz-notice").forEach((n) => n.remove());
  if (notices && notices.length) {
    const note = el("p", "dz-notice", notices.join(" "));
    note.setAttribute("role", "note");
    reader.panel.body.insertBefore(note, reader.panel.body.firstChild);
  }
}
