"""Search keys: a story's names, passages and events folded once, for the reader's search
(geo/reader/static/src/search.js ranks them against the reader's query, folded the same way).

Folding: Unicode NFKD without combining marks, casefold, curly quotes made straight, Arabic
tashkeel and tatweel dropped, alef/yeh/teh-marbuta forms unified, whitespace collapsed. The
reader folds its query with the same rules, which the model carries (``fold_rules``); every
folded passage keeps a map back to the original text, so a match highlights the original.
Offsets are UTF-16 code units, the unit JavaScript strings index.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from geo.loading import GEOGRAPHY_LAYERS

if TYPE_CHECKING:
    from geo.story import Story

MIN_QUERY_CHARS = 2  # after folding; shorter queries find nothing
MAX_QUERY_CHARS = 100  # of the raw query; the rest is ignored
SNIPPET_CHARS = 200  # a passage hit shows about this much around its first match
LIMITS = {"places": 8, "passages": 10, "events": 5}

_DROPPED = "\u0640\u0670" + "".join(map(chr, range(0x064B, 0x0660)))
_REPLACED = {"ٱ": "ا", "ى": "ي", "ة": "ه", "‘": "'", "’": "'", "‚": "'", "‛": "'", "ʼ": "'"} | {
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
}
_TABLE = str.maketrans(_REPLACED)
# Where JavaScript's toLowerCase differs from Python's casefold for the characters a name
# or query may hold: the reader applies these first.
_CASEFOLD = {"ß": "ss", "ẞ": "ss", "ς": "σ"}


@dataclass(frozen=True)
class Folded:
    """``text`` folded; ``where[i]``: the index in ``original`` folded character i came from."""

    original: str
    text: str
    where: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> Folded:
        chars: list[str] = []
        where: list[int] = []
        for i, ch in enumerate(original):
            for c in unicodedata.normalize("NFKD", ch).casefold():
                if c.isspace():
                    if chars and chars[-1] != " ":
                        chars.append(" ")
                        where.append(i)
                elif not (
                    unicodedata.combining(c) or c in _DROPPED or unicodedata.category(c) == "Cf"
                ):
                    chars.append(c.translate(_TABLE))
                    where.append(i)
        if chars and chars[-1] == " ":
            chars.pop()
            where.pop()
        return cls(original, "".join(chars), tuple(where))

    def utf16_map(self) -> list[list[int]]:
        """Where the folded text leaves the original, in UTF-16 units: ``[[f, o], ...]``,
        each the first folded unit of a run whose units map one to one onto the original's,
        from unit ``o`` on (the reader finds the last ``f`` at or before a match)."""
        original16 = utf16_offsets(self.original)
        out: list[list[int]] = []
        f16, shift = 0, None
        for ch, i in zip(self.text, self.where, strict=True):
            o16 = original16[i]
            if o16 - f16 != shift:
                shift = o16 - f16
                out.append([f16, o16])
            f16 += 2 if ord(ch) > 0xFFFF else 1
        return out


def utf16_offsets(text: str) -> list[int]:
    """``out[i]``: where Python index ``i`` of ``text`` falls in UTF-16 code units."""
    out = [0]
    for ch in text:
        out.append(out[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return out


def fold(text: str) -> str:
    return Folded.of(text).text


def fold_rules() -> dict[str, Any]:
    """The folding rules the reader applies to a query (the same as ``Folded.of``)."""
    return {"dropped": _DROPPED, "replaced": _REPLACED, "casefold": _CASEFOLD}


def search_keys(story: Story) -> dict[str, Any]:
    """The reader's search index: per geography feature its id, folded names (name first)
    and names as written; per passage its folded text and map; per event its folded title
    and summary. The limits and the folding rules go with them."""
    places = []
    for layer in GEOGRAPHY_LAYERS:
        frame = story.dataset.layers.get(layer)
        for row in [] if frame is None or frame.empty else frame.to_dict("records"):
            aliases = row.get("aliases")
            names = [str(row["name"]), *(map(str, aliases) if isinstance(aliases, list) else ())]
            names = list(dict.fromkeys(names))
            places.append([str(row["id"]), [fold(n) for n in names], names])
    passages = []
    for passage in story.article.passages if story.article is not None else ():
        folded = Folded.of(passage.text)
        passages.append([passage.id, folded.text, folded.utf16_map()])
    events = [[e.id, fold(f"{e.title}. {e.summary}")] for e in story.events]
    return {
        "places": places,
        "passages": passages,
        "events": events,
        "min": MIN_QUERY_CHARS,
        "max": MAX_QUERY_CHARS,
        "snippet": SNIPPET_CHARS,
        "limits": LIMITS,
        "fold": fold_rules(),
    }
