// The article tab: every passage, numbered, with a chip for each mapped place it names.
// One Streamlit component (st.components.v2, in the page, no iframe) instead of a button
// per chip: ~200 Streamlit elements held the map's first draw back (bench/README.md).
//
// data: {passages: [{id, n, html, chips: [{id, name, help}]}], selected, chosen}
//   html   the passage's text and http(s) links, sanitised with nh3 when the story loaded
//   names and help (chips' titles) set as text, never as markup
// A chip sends its place's id as the trigger value "place"; Python selects it only if the
// story has that place (ui/session.select_place).
const PIN = "M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z";
const SVG = "http://www.w3.org/2000/svg";

function pin() {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.classList.add("dz-chip-pin");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", PIN);
  svg.append(path);
  return svg;
}

function chip(place, selected, send) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "dz-chip";
  button.dataset.place = place.id;
  button.title = place.help;
  // The selected place's chips, marked as the published edition's are (panel.js).
  if (place.id === selected) button.setAttribute("aria-current", "true");
  const label = document.createElement("span");
  label.textContent = place.name;
  button.append(pin(), label);
  button.addEventListener("click", () => send(place.id));
  return button;
}

function passage(p, selected, chosen, send) {
  const section = document.createElement("section");
  section.className = "dz-passage" + (p.id === chosen ? " dz-passage-chosen" : "");
  section.dataset.passage = p.id;
  section.setAttribute("aria-label", `Passage ${p.n}`);
  const text = document.createElement("p");
  text.innerHTML = p.html; // sanitised text and links only (see above)
  text.prepend(document.createTextNode(`${p.n}. `));
  section.append(text);
  if (p.chips.length) {
    const row = document.createElement("div");
    row.className = "dz-chips";
    row.setAttribute("role", "group");
    row.setAttribute("aria-label", `Places in passage ${p.n}`);
    for (const place of p.chips) row.append(chip(place, selected, send));
    section.append(row);
  }
  return section;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector(".dz-article");
  const send = (id) => setTriggerValue("place", id);
  root.replaceChildren(
    ...data.passages.map((p) => passage(p, data.selected, data.chosen, send)),
  );
}
