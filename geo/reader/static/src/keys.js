// What the keyboard and a screen reader get beyond each control's own behaviour: Escape
// clears the choice wherever the focus is (in the page, or inside the map's frame, whose
// keys never reach the page otherwise); a polite live region says what was chosen.

const TYPING = /^(INPUT|TEXTAREA|SELECT)$/;

export function bindKeys(doc, onEscape) {
  if (!doc || doc.__dzKeys) return;
  doc.__dzKeys = true;
  doc.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    const target = event.composedPath ? event.composedPath()[0] : event.target;
    if (target && TYPING.test(target.tagName || "")) return;
    onEscape();
  });
}

// announce(text): the region is emptied, then filled a moment later, so that the same words
// said twice are heard twice.
// announce.last: the words last said (what the region will hold).
export function createAnnouncer(region) {
  let timer = null;
  function announce(text) {
    announce.last = text;
    if (!region) return;
    region.textContent = "";
    clearTimeout(timer);
    timer = setTimeout(() => { region.textContent = text; }, 50);
  }
  announce.last = "";
  return announce;
}
