// The timeline: the day the map shows (a date field, and a button back to the article's
// day) and the events, oldest first. One button of the list takes the Tab key (the chosen
// event's, else the first); the arrow keys, Home and End move between them; Enter or Space
// chooses.

import { el } from "./passages.js";
import { dayIn, fill } from "./text.js";

export function createTimeline(reader, parts) {
  const { model } = reader;
  const words = model.words;
  const { section, list, asof, reset } = parts;

  function buttons() {
    return Array.from(list.querySelectorAll("button"));
  }

  function buttonOf(id) {
    return buttons().find((b) => b.getAttribute("data-event") === id) || null;
  }

  function rove(target) {
    buttons().forEach((b) => { b.tabIndex = b === target ? 0 : -1; });
  }

  // The chosen event marked current; the day in the field; the reset button when away.
  function mark() {
    const chosen = reader.state.event;
    buttons().forEach((b) => {
      if (b.getAttribute("data-event") === chosen) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    });
    rove((chosen !== null && buttonOf(chosen)) || buttons()[0]);
    asof.value = reader.state.day;
    reset.hidden = reader.state.day === model.day;
  }

  if (!model.events.length) {
    section.hidden = true;
    return { mark() {}, buttonOf() { return null; } };
  }
  model.events.forEach((ev) => {
    const button = el("button", "dz-event");
    button.type = "button";
    button.setAttribute("data-event", ev.id);
    button.append(el("span", "dz-event-when", ev.when), document.createTextNode(` · ${ev.title}`));
    button.addEventListener("click", () => reader.chooseEvent(ev.id, { reveal: true, scroll: true }));
    const li = el("li");
    li.appendChild(button);
    list.appendChild(li);
  });
  list.addEventListener("keydown", (e) => {
    const all = buttons();
    const i = all.indexOf(e.target);
    const to = { ArrowDown: i + 1, ArrowRight: i + 1, ArrowUp: i - 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1 }[e.key];
    if (i < 0 || to === undefined) return;
    e.preventDefault();
    const target = all[Math.max(0, Math.min(all.length - 1, to))];
    rove(target);
    target.focus();
  });
  asof.min = model.range[0];
  asof.max = model.range[1];
  asof.addEventListener("change", () => {
    if (dayIn(asof.value, model.range)) reader.setDay(asof.value, { say: true });
  });
  reset.textContent = fill(words.asOfReset, { day: model.dayWords });
  reset.addEventListener("click", () => reader.setDay(model.day, { say: true }));
  section.hidden = false;
  mark();
  return { mark, buttonOf };
}
