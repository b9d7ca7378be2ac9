// The whole article, passage by passage, each with a chip for every mapped place it names:
// the same passages and chips as the panel's. The passage chosen is marked; chips follow the
// selected place.

import { el, passageItem } from "./passages.js";
import { fill } from "./text.js";

export function createArticle(reader, parts) {
  const { model } = reader;
  const { section, credit, list, unmapped } = parts;
  const article = model.article;
  if (!article || !model.passages.length) {
    section.hidden = true;
    return { mark() {} };
  }
  credit.textContent = article.credit;
  if (article.licence) credit.appendChild(el("span", "dz-licence", ` ${article.licence}`));
  if (article.unmapped) unmapped.textContent = fill(model.words.articleUnmapped, { names: article.unmapped });
  else unmapped.hidden = true;

  function draw() {
    const items = model.passages.map((p) => passageItem(reader, p.id, [], ""));
    list.replaceChildren(...items.filter(Boolean));
    mark();
  }

  // The chosen passage marked; the selected place's chips current.
  function mark() {
    list.querySelectorAll(".dz-passage").forEach((li) => {
      const chosen = li.getAttribute("data-passage") === reader.state.passage;
      li.classList.toggle("dz-passage-chosen", chosen);
    });
    list.querySelectorAll(".dz-chip").forEach((chip) => {
      if (chip.getAttribute("data-place") === reader.state.place) chip.setAttribute("aria-current", "true");
      else chip.removeAttribute("aria-current");
    });
  }

  draw();
  section.hidden = false;
  return { mark };
}
