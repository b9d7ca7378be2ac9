// The reader's pure modules run in Node, for the Python tests (tests/reader_node.py): a
// request on stdin, {model, calls: [[name, ...args]]}, answered on stdout with each call's
// result, in order. Bundled by esbuild like the reader itself.
import { createFold, createSearch } from "../../geo/reader/static/src/search.js";
import { count, dayIn, dayWords, fill, isDay, shortText } from "../../geo/reader/static/src/text.js";
import { readState, stateParams } from "../../geo/reader/static/src/url.js";

function run(request) {
  const { model } = request;
  const search = model && model.search ? createSearch(model) : null;
  const fold = model && model.search ? createFold(model.search.fold) : null;
  const eventById = {};
  ((model && model.events) || []).forEach((e) => { eventById[e.id] = e; });
  const calls = {
    search: (query) => search(query),
    fold: (text) => fold(text),
    readState: (params) => readState(new URLSearchParams(params), model, eventById),
    stateParams: (state) => stateParams(state, model, eventById),
    fill: (template, values) => fill(template, values),
    count: (n, noun) => count(model.words, n, noun),
    isDay: (value) => isDay(value),
    dayIn: (value, range) => dayIn(value, range),
    dayWords: (value) => dayWords(model.words, value),
    shortText: (value, limit) => shortText(model.words, value, limit),
  };
  return request.calls.map(([name, ...args]) => calls[name](...args));
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  process.stdout.write(JSON.stringify(run(JSON.parse(input))));
});
