"""One search box over a story: places by any name or alias, passages and the timeline's
events by their words.

Pure: no Streamlit, no folium. Both the query and the searched text are folded the same
way (Unicode NFKD without combining marks, casefold, curly quotes made straight, Arabic
tashkeel and tatweel dropped, alef/yeh/teh-marbuta forms unified, whitespace collapsed),
and every folded character remains mapped to its original position, so each span returned
indexes the original string. The query is only ever compared as text: no regex is built
from it. Output strings are plain text; escaping them is the caller's job.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geo.loading import GEOGRAPHY_LAYERS

if TYPE_CHECKING:
    from geo.story import Story

MIN_QUERY_CHARS = 2  # after folding; shorter queries find nothing
MAX_QUERY_CHARS = 100  # of the raw query; the rest is ignored
SNIPPET_CHARS = 200
ELLIPSIS = "…"

Span = tuple[int, int]


@dataclass(frozen=True)
class PlaceHit:
    """A feature whose name or alias `matched`; `matched[start:end]` for each span."""

    id: str
    name: str
    kind: str
    matched: str
    spans: tuple[Span, ...]
    passage_count: int


@dataclass(frozen=True)
class PassageHit:
    """A passage (`number` is its 1-based article order) and where the query occurs.

    `spans` index `snippet`, a window of about SNIPPET_CHARS around the first match, cut
    at word boundaries with ELLIPSIS where cut; `text_spans` index the passage's full text.
    """

    id: str
    number: int
    snippet: str
    spans: tuple[Span, ...]
    text_spans: tuple[Span, ...]


@dataclass(frozen=True)
class SearchResults:
    """Places (geography), passages and forces (a lower-ranked group), each best first.

    `query` is the query as searched: its first MAX_QUERY_CHARS characters.
    """

    query: str = ""
    places: tuple[PlaceHit, ...] = ()
    passages: tuple[PassageHit, ...] = ()
    forces: tuple[PlaceHit, ...] = ()
    # Events are matched like passages, on "title. summary"; `number` is timeline order.
    events: tuple[PassageHit, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing matched (or the query was too short)."""
        return not (self.places or self.passages or self.forces or self.events)


@dataclass(frozen=True)
class SearchIndex:
    """A story's names and passages, folded once; build per story and cache it."""

    places: tuple[_Feature, ...] = ()
    forces: tuple[_Feature, ...] = ()
    passages: tuple[_Passage, ...] = ()
    events: tuple[_Passage, ...] = ()

    @classmethod
    def build(cls, story: Story) -> SearchIndex:
        """Index every geography feature, every force feature, every passage and event."""
        places = tuple(f for name in GEOGRAPHY_LAYERS for f in _features(story, name))
        article = story.article.passages if story.article is not None else ()
        passages = (_Passage(p.id, n, _Folded.of(p.text)) for n, p in enumerate(article, 1))
        events = (
            _Passage(e.id, n, _Folded.of(f"{e.title}. {e.summary}"))
            for n, e in enumerate(getattr(story, "events", ()), 1)
        )
        return cls(places, tuple(_features(story, "forces")), tuple(passages), tuple(events))

    def search(
        self, query: str, *, limit_places: int = 8, limit_passages: int = 10, limit_forces: int = 5
    ) -> SearchResults:
        """Search the first MAX_QUERY_CHARS of `query`; too short a query finds nothing.

        Places: exact name, exact alias, word-prefix of the name, of an alias, then
        substring; ties by passage count, then data order. Passages: the query as a phrase
        (starting at a word) first, then passages holding every query word of 2+ characters
        as a word prefix; ties by article order.
        """
        query = query[:MAX_QUERY_CHARS]
        folded = _Folded.of(query).text
        if len(folded) < MIN_QUERY_CHARS:
            return SearchResults(query=query)
        return SearchResults(
            query=query,
            places=_rank_features(self.places, folded, limit_places),
            passages=_rank_passages(self.passages, folded, limit_passages),
            forces=_rank_features(self.forces, folded, limit_forces),
            events=_rank_passages(self.events, folded, limit_passages),
        )


def search(
    story: Story, query: str, *, limit_places: int = 8, limit_passages: int = 10
) -> SearchResults:
    """Build the index for `story` and search it once (cache SearchIndex.build for reuse)."""
    index = SearchIndex.build(story)
    return index.search(query, limit_places=limit_places, limit_passages=limit_passages)


# --- private helpers ---------------------------------------------------------------------

_DROPPED = frozenset({"\u0640", "\u0670", *map(chr, range(0x064B, 0x0660))})
_REPLACED = str.maketrans(
    {"ٱ": "ا", "ى": "ي", "ة": "ه", "‘": "'", "’": "'", "‚": "'", "‛": "'", "ʼ": "'"}
    | {"“": '"', "”": '"', "„": '"', "‟": '"'}
)
_WORD = re.compile(r"\w+")  # applied to folded text, never built from the query


@dataclass(frozen=True)
class _Folded:
    """`text` folded; `where[i]` is the original index folded character i came from."""

    original: str
    text: str
    where: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> _Folded:
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
                    chars.append(c.translate(_REPLACED))
                    where.append(i)
        if chars and chars[-1] == " ":
            chars.pop()
            where.pop()
        return cls(original, "".join(chars), tuple(where))

    def find_at_words(self, needle: str) -> Iterator[int]:
        """Folded positions where `needle` occurs starting at a word (not inside one)."""
        i = self.text.find(needle)
        while i != -1:
            if i == 0 or not (self.text[i - 1].isalnum() and self.text[i].isalnum()):
                yield i
            i = self.text.find(needle, i + 1)

    def span(self, start: int, end: int) -> Span:
        """The original span of folded `text[start:end]` (end takes trailing marks along)."""
        stop = self.where[end] if end < len(self.where) else len(self.original.rstrip())
        return self.where[start], max(stop, self.where[end - 1] + 1)


@dataclass(frozen=True)
class _Feature:
    id: str
    name: str
    kind: str
    names: tuple[_Folded, ...]  # the name first, then the aliases
    passage_count: int


@dataclass(frozen=True)
class _Passage:
    id: str
    number: int
    folded: _Folded


def _features(story: Story, layer: str) -> Iterator[_Feature]:
    frame = story.dataset.layers.get(layer)
    for row in [] if frame is None or frame.empty else frame.to_dict("records"):
        aliases = row.get("aliases")
        names = [str(row["name"]), *(map(str, aliases) if isinstance(aliases, list) else ())]
        folded = tuple(_Folded.of(n) for n in dict.fromkeys(names))
        kind = row.get("kind") if isinstance(row.get("kind"), str) else ""
        count = len(story.passages_for(str(row["id"])))
        yield _Feature(str(row["id"]), str(row["name"]), kind, folded, count)


def _rank_features(features: tuple[_Feature, ...], query: str, limit: int) -> tuple[PlaceHit, ...]:
    """Features with a name or alias matching `query`, best match per feature, best first."""
    scored = []
    for order, feature in enumerate(features):
        matches = [m for k, n in enumerate(feature.names) if (m := _match_name(n, query, k))]
        if not matches:
            continue
        rank, _, name, span = min(matches, key=lambda m: m[:2])
        hit = PlaceHit(
            feature.id, feature.name, feature.kind, name.original, (span,), feature.passage_count
        )
        scored.append(((rank, -feature.passage_count, order), hit))
    scored.sort(key=lambda s: s[0])
    return tuple(hit for _, hit in scored[: max(limit, 0)])


def _match_name(name: _Folded, query: str, k: int) -> tuple[int, int, _Folded, Span] | None:
    """(rank, which name, name, span): exact 0/1, word prefix 2/3, substring 4; k=0: name."""
    anywhere, at_word = name.text.find(query), next(name.find_at_words(query), None)
    if anywhere == -1:
        return None
    rank = (k > 0) + (0 if name.text == query else 2 if at_word is not None else 4)
    start = anywhere if at_word is None else at_word
    return rank, k, name, name.span(start, start + len(query))


def _rank_passages(
    passages: tuple[_Passage, ...], query: str, limit: int
) -> tuple[PassageHit, ...]:
    """Phrase hits in article order, then every-word hits in article order."""
    words = [w for w in _WORD.findall(query) if len(w) >= MIN_QUERY_CHARS]
    phrase_hits, word_hits = [], []
    for passage in passages:
        starts = list(passage.folded.find_at_words(query))
        if starts:
            spans = [passage.folded.span(s, s + len(query)) for s in starts]
            phrase_hits.append(_passage_hit(passage, spans))
        elif words and (spans := _word_spans(passage.folded, words)):
            word_hits.append(_passage_hit(passage, spans))
    return tuple((phrase_hits + word_hits)[: max(limit, 0)])


def _word_spans(folded: _Folded, words: list[str]) -> list[Span]:
    """Original spans of every query word found as a word prefix; [] unless all are found."""
    spans: list[Span] = []
    for word in words:
        found = [folded.span(s, s + len(word)) for s in folded.find_at_words(word)]
        if not found:
            return []
        spans.extend(found)
    return spans


def _passage_hit(passage: _Passage, spans: list[Span]) -> PassageHit:
    text_spans = _merge(spans)
    snippet, offset, lo, hi = _window(passage.folded.original, text_spans[0])
    inside = tuple((a - offset, b - offset) for a, b in text_spans if a >= lo and b <= hi)
    return PassageHit(passage.id, passage.number, snippet, inside, tuple(text_spans))


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            a, b = merged[-1][0], max(b, merged.pop()[1])
        merged.append((a, b))
    return merged


def _window(text: str, first: Span) -> tuple[str, int, int, int]:
    """(snippet, offset, lo, hi): text[lo:hi] around `first`, cut at whitespace, marked.

    A full-text position p inside [lo, hi) is at snippet position p - offset.
    """
    start, end = first
    if len(text) <= SNIPPET_CHARS:
        return text, 0, 0, len(text)
    lo = min(start, max(0, min((start + end - SNIPPET_CHARS) // 2, len(text) - SNIPPET_CHARS)))
    hi = max(end, min(len(text), lo + SNIPPET_CHARS))
    if lo > 0 and not text[lo - 1].isspace():  # drop the cut word's tail, if one can go
        lo = next((i + 1 for i in range(lo, start) if text[i].isspace()), lo)
    if hi < len(text) and not text[hi].isspace():  # drop the cut word's head, if one can go
        hi = next((i for i in range(hi - 1, end - 1, -1) if text[i].isspace()), hi)
    while lo < start and text[lo].isspace():
        lo += 1
    while hi > end and text[hi - 1].isspace():
        hi -= 1
    head, tail = ELLIPSIS if lo > 0 else "", ELLIPSIS if hi < len(text) else ""
    return head + text[lo:hi] + tail, lo - len(head), lo, hi
