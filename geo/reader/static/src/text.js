// Words and days: the reader's words come from the model (geo/reader/words.py); these only
// fill their {fields}, say a count with its noun, and say a day the reader chose (the model
// cannot know it) with the model's month names. Pure: no DOM.

// A template's {name} fields filled with the values, as text.
export function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (whole, key) =>
    Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole,
  );
}

// "1 passage", "9 passages": the model's nouns.
export function count(words, n, noun) {
  const forms = words.nouns[noun];
  return `${n} ${n === 1 ? forms[0] : forms[1]}`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

// A real day, "YYYY-MM-DD" (no 30 February).
export function isDay(value) {
  const m = typeof value === "string" ? DAY.exec(value) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

// A day within [first, last] (days compare as strings).
export function dayIn(value, range) {
  return isDay(value) && value >= range[0] && value <= range[1];
}

// "17 Dec 2021", as geo.reader.dates.day_words says it.
export function dayWords(words, value) {
  const m = DAY.exec(value);
  return `${Number(m[3])} ${words.months[Number(m[2]) - 1]} ${m[1]}`;
}

// At most `limit` characters of a value a link carried, for a notice.
export function shortText(words, value, limit = 80) {
  const chars = Array.from(String(value));
  return chars.length > limit ? chars.slice(0, limit).join("") + words.ellipsis : chars.join("");
}
