"""Passages: the article's text split into sentences, and sentences grouped into short
passages with stable ids.

Passage ids are `pNN-hhhh`: NN is the 1-based position in the article and hhhh the first
four hex digits of the SHA-1 of the passage's whitespace-normalised plain text. The
splitting is deterministic, so the same article always gives the same ids; if the text of
a passage changes, its id changes too, which makes stale references visible instead of
silently pointing at different words. Manual links refer to text snippets, not ids.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Anchor:
    """One kept link: `text[start:end]` of its passage is the anchor text."""

    start: int
    end: int
    href: str


@dataclass(frozen=True)
class Passage:
    """A few sentences of the article: `text` is plain, `html` the same text sanitised with
    its kept links, `start`/`end` its span in the article's text, `index` its position."""

    id: str
    text: str
    html: str
    start: int
    end: int
    index: int
    anchors: tuple[Anchor, ...] = field(default=())


def passage_id(index: int, text: str) -> str:
    """Stable id from the 0-based position and the whitespace-normalised text."""
    digest = hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:4]
    return f"p{index + 1:02d}-{digest}"


def split_sentences(
    text: str,
    anchors: Sequence[Anchor] = (),
    forced_breaks: Iterable[int] = (),
) -> list[tuple[int, int]]:
    """Return sentence spans of `text`, never breaking inside quotes, links or after
    abbreviations such as "Capt", "Col", "Mr"."""
    quoted = _quote_spans(text)
    protected = [(a.start, a.end) for a in anchors] + quoted
    cuts = set(forced_breaks)
    for m in _BOUNDARY.finditer(text):
        end = m.end(1)
        if _inside(end - 1, protected) or _is_abbreviation(text, m.start(1)):
            continue
        cuts.add(end)
    spans = []
    start = 0
    for cut in sorted(cuts) + [len(text)]:
        seg_start, seg_end = trim(text, start, cut)
        if seg_end > seg_start:
            spans.append((seg_start, seg_end))
        start = cut
    return spans


def group_sentences(
    text: str, sentences: list[tuple[int, int]], breaks: Iterable[int]
) -> list[tuple[int, int]]:
    """Join sentences into passages of 1-3, keeping quotes with their speakers; a
    paragraph break always starts a new passage."""
    break_set = set(breaks)
    groups: list[list[tuple[int, int]]] = []
    for span in sentences:
        sentence = text[span[0] : span[1]]
        if not groups or span[0] in break_set:
            groups.append([span])
            continue
        current = groups[-1]
        cur_len = current[-1][1] - current[0][0]
        new_len = span[1] - current[0][0]
        current_text = text[current[0][0] : current[-1][1]]
        if _continues_quote(sentence):
            current.append(span)
        elif (
            not _has_quote(current_text)
            and not _has_quote(sentence)
            and len(current) < _MAX_SENTENCES
            and new_len <= _MAX_CHARS
            and (cur_len < _SHORT_SENTENCE or len(sentence) < _SHORT_SENTENCE)
        ):
            current.append(span)
        else:
            groups.append([span])
    return [(g[0][0], g[-1][1]) for g in groups]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the whitespace at its ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- private helpers -------------------------------------------------------------------

# A sentence ends at . ! or ? (optionally followed by closing quotes/brackets), then
# whitespace, then something that can start a sentence. "..." and "…" are pauses, not ends.
_BOUNDARY = re.compile(r"(?<!\.)((?:[.!?])[”\"’)\]]*)(?=\s+[\"“‘(\[]?[A-Z0-9$£€])")

# Titles and other tokens whose trailing period is not a sentence end.
_ABBREVIATIONS = frozenset(
    {
        "Capt",
        "Col",
        "Gen",
        "Lt",
        "Maj",
        "Sgt",
        "Brig",
        "Cpl",
        "Pte",
        "Adm",
        "Cmdr",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "Rev",
        "St",
        "Jr",
        "Sr",
        "Sen",
        "Rep",
        "Gov",
        "No",
        "Nos",
        "vs",
        "approx",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Aug",
        "Sept",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "Inc",
        "Ltd",
        "Co",
        "Corp",
        "Mt",
    }
)

# Quote sentences whose speaker is only a pronoun belong with the sentence that named them.
_PRONOUN_ATTRIBUTION = re.compile(
    r"(?:\b(?:he|she|they|He|She|They|I|we|We)\s+(?:said|says|added|explained|told|insisted)\b)"
    r"|(?:\bsaid\s+(?:he|she)\b)"
)

# Passage sizing: a short sentence is joined with its neighbour so passages stay
# meaningful, but never past the sentence or character caps, and never into or out of a
# passage holding a quote (that would blur whose words they are).
_SHORT_SENTENCE = 90
_MAX_CHARS = 280
_MAX_SENTENCES = 3


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of paired curly “…” and straight "…" quotes; unpaired marks are ignored."""
    spans = []
    for m in re.finditer(r"“[^“”]*”", text):
        spans.append((m.start(), m.end()))
    for m in re.finditer(r"\"[^\"]*\"", text):
        spans.append((m.start(), m.end()))
    return spans


def _inside(pos: int, spans: Iterable[tuple[int, int]]) -> bool:
    # Strictly inside: the closing mark itself is not "inside", so `…village”.` can end.
    return any(s < pos < e - 1 for s, e in spans)


def _is_abbreviation(text: str, period: int) -> bool:
    if text[period] != ".":
        return False
    m = re.search(r"(\w+)$", text[:period])
    if m is None:
        return False
    word = m.group(1)
    # Single capital letters are initials ("U.S.", "J. Smith").
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _is_pure_quote(sentence: str) -> bool:
    return bool(re.fullmatch(r"[“\"][^“”\"]*[”\"][.!?]?", sentence))


def _has_quote(sentence: str) -> bool:
    return "“" in sentence or '"' in sentence


def _continues_quote(sentence: str) -> bool:
    return _has_quote(sentence) and (
        _is_pure_quote(sentence) or bool(_PRONOUN_ATTRIBUTION.search(sentence))
    )
