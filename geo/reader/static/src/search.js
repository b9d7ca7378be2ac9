// Search: the reader's query folded by the model's rules (geo/search.py folds the keys the
// same way) and ranked against the model's keys. Pure: no DOM. The query is only ever
// compared as text: no regular expression is built from it.
//
// Places: exact name 0, exact alias 1, word-prefix of the name 2, of an alias 3, substring
// 4/5; ties by passage count, then the data's order. Passages and events: the query as a
// phrase starting at a word first, then those holding every query word of 2+ characters as
// a word prefix; each in their own order.

// Python's str.isspace(), which geo.search collapses into one space.
const SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const MARK = /\p{Mn}|\p{Me}|\p{Cf}/u;
const ALNUM = /[\p{L}\p{N}]/u;
const WORD = /[\p{L}\p{N}\p{Mn}\p{Pc}]+/gu;

// fold(text): NFKD, casefold, marks and the rules' dropped characters out, the rules'
// replacements in, whitespace collapsed and trimmed.
export function createFold(rules) {
  const dropped = new Set(Array.from(rules.dropped));
  return function fold(text) {
    const out = [];
    for (const ch of String(text)) {
      const lower = Array.from(ch.normalize("NFKD"), (c) => rules.casefold[c] || c)
        .join("")
        .toLowerCase();
      for (const c of lower) {
        if (SPACE.test(c)) {
          if (out.length && out[out.length - 1] !== " ") out.push(" ");
        } else if (!MARK.test(c) && !dropped.has(c)) {
          out.push(rules.replaced[c] || c);
        }
      }
    }
    if (out.length && out[out.length - 1] === " ") out.pop();
    return out.join("");
  };
}

function charBefore(text, i) {
  const code = text.charCodeAt(i - 1);
  return code >= 0xdc00 && code <= 0xdfff && i >= 2 ? text.slice(i - 2, i) : text[i - 1];
}

function charAt(text, i) {
  return String.fromCodePoint(text.codePointAt(i));
}

// Where `query` occurs in `text` starting at a word (not inside one).
export function atWords(text, query) {
  const out = [];
  let i = text.indexOf(query);
  while (i !== -1) {
    if (i === 0 || !(ALNUM.test(charBefore(text, i)) && ALNUM.test(charAt(text, i)))) out.push(i);
    i = text.indexOf(query, i + 1);
  }
  return out;
}

// A folded offset back in the original text, through the model's map ([[f, o], ...]).
function original(map, f) {
  let at = map[0] || [0, 0];
  for (const entry of map) {
    if (entry[0] > f) break;
    at = entry;
  }
  return at[1] + (f - at[0]);
}

function span(key, text, start, end) {
  const map = key[2];
  let stop = end < key[1].length ? original(map, end) : text.trimEnd().length;
  stop = Math.max(stop, original(map, end - 1) + 1);
  return [original(map, start), stop];
}

function merge(spans) {
  const out = [];
  spans
    .slice()
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .forEach(([a, b]) => {
      const last = out[out.length - 1];
      if (last && a <= last[1]) last[1] = Math.max(last[1], b);
      else out.push([a, b]);
    });
  return out;
}

// The text around the first match, cut at whitespace, with an ellipsis where cut.
function snippetOf(text, first, size, ellipsis) {
  const [start, end] = first;
  if (text.length <= size) return { snippet: text, offset: 0, lo: 0, hi: text.length };
  const space = (i) => SPACE.test(text[i]);
  let lo = Math.min(start, Math.max(0, Math.min(Math.floor((start + end - size) / 2), text.length - size)));
  let hi = Math.max(end, Math.min(text.length, lo + size));
  if (lo > 0 && !space(lo - 1)) {
    for (let i = lo; i < start; i++) if (space(i)) { lo = i + 1; break; }
  }
  if (hi < text.length && !space(hi)) {
    for (let i = hi - 1; i > end - 1; i--) if (space(i)) { hi = i; break; }
  }
  while (lo < start && space(lo)) lo++;
  while (hi > end && space(hi - 1)) hi--;
  const head = lo > 0 ? ellipsis : "";
  const tail = hi < text.length ? ellipsis : "";
  return { snippet: head + text.slice(lo, hi) + tail, offset: lo - head.length, lo, hi };
}

// Keys whose text holds the query as a phrase (first) or every word of it.
function rankTexts(keys, query, min) {
  const words = (query.match(WORD) || []).filter((w) => Array.from(w).length >= min);
  const phrase = [];
  const every = [];
  keys.forEach((key) => {
    const starts = atWords(key[1], query);
    if (starts.length) {
      phrase.push({ key, found: starts.map((s) => [s, s + query.length]) });
      return;
    }
    if (!words.length) return;
    const found = [];
    for (const word of words) {
      const at = atWords(key[1], word);
      if (!at.length) return;
      at.forEach((s) => found.push([s, s + word.length]));
    }
    every.push({ key, found });
  });
  return phrase.concat(every);
}

export function createSearch(model) {
  const keys = model.search;
  const fold = createFold(keys.fold);
  const texts = {};
  model.passages.forEach((p) => { texts[p.id] = p; });
  const events = {};
  model.events.forEach((e) => { events[e.id] = e; });

  function places(query) {
    const hits = [];
    keys.places.forEach(([id, folded, names], order) => {
      const item = model.places[id];
      let best = null;
      folded.forEach((name, k) => {
        if (!item || name.indexOf(query) === -1) return;
        const rank = (k > 0 ? 1 : 0) + (name === query ? 0 : atWords(name, query).length ? 2 : 4);
        if (best === null || rank < best.rank || (rank === best.rank && k < best.k)) best = { rank, k };
      });
      if (best !== null) {
        hits.push({ id, name: item.name, kind: item.kind, matched: names[best.k], rank: best.rank,
          order, count: item.passages.length });
      }
    });
    hits.sort((a, b) => a.rank - b.rank || b.count - a.count || a.order - b.order);
    return hits.slice(0, keys.limits.places);
  }

  function passages(query) {
    return rankTexts(keys.passages, query, keys.min).slice(0, keys.limits.passages).map(({ key, found }) => {
      const passage = texts[key[0]];
      const textSpans = merge(found.map(([s, e]) => span(key, passage.text, s, e)));
      const cut = snippetOf(passage.text, textSpans[0], keys.snippet, model.words.ellipsis);
      const spans = textSpans
        .filter(([a, b]) => a >= cut.lo && b <= cut.hi)
        .map(([a, b]) => [a - cut.offset, b - cut.offset]);
      return { id: passage.id, number: passage.n, snippet: cut.snippet, spans, textSpans };
    });
  }

  function timeline(query) {
    return rankTexts(keys.events, query, keys.min)
      .slice(0, keys.limits.events)
      .map(({ key }) => ({ id: key[0], title: events[key[0]].title, when: events[key[0]].when }));
  }

  // Null for a query too short once folded; otherwise the hits of each kind, best first.
  return function search(raw) {
    const query = fold(Array.from(String(raw)).slice(0, keys.max).join(""));
    if (Array.from(query).length < keys.min) return null;
    return { places: places(query), events: timeline(query), passages: passages(query) };
  };
}
