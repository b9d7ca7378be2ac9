// The search box: a combobox with a list of hits in three groups (places, events, passages),
// chosen with the arrow keys and Enter, or a click. The focus stays in the box until a hit
// is chosen; the choice then moves it to the panel.

import { createSearch } from "./search.js";
import { el, markedText } from "./passages.js";
import { count, fill } from "./text.js";

export function createSearchBox(reader, parts) {
  const { model } = reader;
  const words = model.words;
  const { input, list, status } = parts;
  const search = createSearch(model);
  let hits = [];
  let active = -1;

  function option(hit, i) {
    const li = el("li", "dz-option");
    li.id = `dz-result-${i}`;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.setAttribute(`data-${hit.type}`, hit.id);
    if (hit.type === "passage") {
      li.appendChild(el("span", "dz-result-name", fill(words.resultPassage, { number: hit.number })));
      li.appendChild(markedText(hit.snippet, hit.spans, [], "span"));
    } else {
      li.appendChild(el("span", "dz-result-name", hit.type === "event" ? hit.title : hit.name));
      let meta = hit.type === "event"
        ? fill(words.resultEvent, { when: hit.when })
        : fill(words.resultPlace, { kind: hit.kind, n: count(words, hit.count, "passage") });
      if (hit.type === "place" && hit.matched !== hit.name) meta = fill(words.resultAlso, { name: hit.matched }) + meta;
      li.appendChild(el("span", "dz-result-meta", meta));
    }
    // Keep the focus in the box until the choice is made.
    li.addEventListener("mousedown", (e) => e.preventDefault());
    li.addEventListener("click", () => choose(i));
    return li;
  }

  function show(found) {
    active = -1;
    list.replaceChildren();
    input.removeAttribute("aria-activedescendant");
    if (found === null) {
      hits = [];
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      status.textContent = "";
      return;
    }
    const groups = [
      ["place", words.groupPlaces, found.places],
      ["event", words.groupEvents, found.events],
      ["passage", words.groupPassages, found.passages],
    ].filter((g) => g[2].length);
    hits = [];
    groups.forEach(([type, , items]) => items.forEach((hit) => hits.push({ ...hit, type })));
    if (!hits.length) {
      const none = el("li", "dz-empty", fill(words.searchNone, { query: input.value.trim() }));
      none.setAttribute("role", "option");
      none.setAttribute("aria-disabled", "true");
      none.setAttribute("aria-selected", "false");
      none.id = "dz-result-none";
      list.appendChild(none);
    }
    let i = 0;
    groups.forEach(([type, label, items], k) => {
      const group = el("li", "dz-group");
      group.setAttribute("role", "group");
      group.setAttribute("aria-labelledby", `dz-group-${k}`);
      const name = el("span", "dz-group-label", `${label} (${items.length})`);
      name.id = `dz-group-${k}`;
      const inner = el("ul");
      inner.setAttribute("role", "none");
      items.forEach(() => { inner.appendChild(option(hits[i], i)); i += 1; });
      group.append(name, inner);
      list.appendChild(group);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    const counts = groups.map(([type, , items]) => count(words, items.length, type));
    status.textContent = hits.length
      ? fill(words.searchFound, { counts: counts.join(words.searchAnd) })
      : fill(words.searchNone, { query: input.value.trim() });
  }

  function setActive(index) {
    if (!hits.length) return;
    active = (index + hits.length) % hits.length;
    const options = list.querySelectorAll(".dz-option");
    options.forEach((li, i) => li.setAttribute("aria-selected", i === active ? "true" : "false"));
    const current = options[active];
    input.setAttribute("aria-activedescendant", current.id);
    current.scrollIntoView({ block: "nearest" });
  }

  function choose(index) {
    const hit = hits[index];
    if (!hit) return;
    input.value = hit.type === "passage" ? fill(words.resultPassage, { number: hit.number }) : hit.name || hit.title;
    show(null);
    const options = { reveal: true, focus: true };
    if (hit.type === "event") reader.chooseEvent(hit.id, options);
    else if (hit.type === "passage") reader.choosePassage(hit.id, { ...options, spans: hit.textSpans });
    else reader.choosePlace(hit.id, options);
  }

  input.addEventListener("input", () => show(search(input.value)));
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (list.hidden) show(search(input.value));
      setActive(active === -1 && e.key === "ArrowUp" ? -1 : active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter") {
      if (!list.hidden && hits.length) {
        e.preventDefault();
        choose(active === -1 ? 0 : active);
      }
    } else if (e.key === "Escape") {
      // Escape here is the box's own: it closes the list, then empties the box.
      e.preventDefault();
      e.stopPropagation();
      if (!list.hidden) show(null);
      else input.value = "";
    }
  });
  input.addEventListener("blur", () => show(null));
  input.disabled = false;
  return { search };
}
