"""The article: loading, sanitising, and splitting into short passages with stable ids.

Passage ids are `pNN-hhhh`: NN is the 1-based position in the article and hhhh the first
four hex digits of the SHA-1 of the passage's whitespace-normalised plain text. The
splitting is deterministic, so the same article always gives the same ids; if the text of
a passage changes, its id changes too, which makes stale references visible instead of
silently pointing at different words. Manual links refer to text snippets, not ids.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from geo.safety import (
    LINK_REL,
    clean_link_html,
    escape_markdown,
    markdown_highlight,
    markdown_link,
    safe_http_url,
)

METADATA_KEYS = ("title", "publisher", "date", "url", "attribution", "licence")


class ArticleError(ValueError):
    """The article or its metadata file is missing, empty or malformed."""


@dataclass(frozen=True)
class Anchor:
    """One kept link: `text[start:end]` of its passage is the anchor text."""

    start: int
    end: int
    href: str


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    html: str
    start: int
    end: int
    index: int
    anchors: tuple[Anchor, ...] = field(default=())


@dataclass(frozen=True)
class Article:
    title: str
    publisher: str
    date: datetime.date
    url: str
    attribution: str
    licence: str
    text: str
    passages: tuple[Passage, ...]
    source: str
    # Non-fatal problems with the article's HTML, for the reader's "data problems" list.
    warnings: tuple[str, ...] = field(default=())


def load_article(path: str | Path, metadata_path: str | Path | None = None) -> Article:
    """Read the article HTML and its metadata JSON (default: same name, `.json`)."""
    path = Path(path)
    meta_path = Path(metadata_path) if metadata_path is not None else path.with_suffix(".json")
    raw = _read_text(path)
    if not raw.strip():
        raise ArticleError(f"article file {path} is empty")
    meta = _read_metadata(meta_path)
    try:
        text, passages = parse_article(raw)
    except ArticleError as exc:
        raise ArticleError(f"article file {path}: {exc}") from None
    if not passages:
        raise ArticleError(f"article file {path} has no text once links are removed")
    return Article(
        warnings=article_warnings(raw),
        title=meta["title"],
        publisher=meta["publisher"],
        date=meta["date"],
        url=meta["url"],
        attribution=meta["attribution"],
        licence=meta["licence"],
        text=text,
        passages=tuple(passages),
        source=str(path),
    )


def parse_article(raw_html: str) -> tuple[str, list[Passage]]:
    """Split article HTML into (plain text, passages); pure and deterministic."""
    text, anchors, breaks = _extract(raw_html)
    sentences = split_sentences(text, anchors=anchors, forced_breaks=breaks)
    groups = _group_sentences(text, sentences, breaks)
    passages = []
    for index, (start, end) in enumerate(groups):
        body = text[start:end]
        local = tuple(
            Anchor(a.start - start, a.end - start, a.href)
            for a in anchors
            if a.start >= start and a.end <= end
        )
        passages.append(
            Passage(
                id=passage_id(index, body),
                text=body,
                html=_passage_html(body, local),
                start=start,
                end=end,
                index=index,
                anchors=local,
            )
        )
    return text, passages


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
        seg_start, seg_end = _trim(text, start, cut)
        if seg_end > seg_start:
            spans.append((seg_start, seg_end))
        start = cut
    return spans


def passage_markdown(p: Passage) -> str:
    """Render a passage for `st.markdown` without HTML: escaped text, http(s) links only."""
    return highlight_markdown(p, ())


def highlight_markdown(
    p: Passage, spans: Iterable[tuple[int, int]], color: str | None = None
) -> str:
    """Like `passage_markdown`, with each (start, end) span of `p.text` in bold
    (on a Streamlit background colour if `color` is given)."""
    marks = _merge_spans(spans, len(p.text))
    anchors = [a for a in p.anchors if safe_http_url(a.href) is not None]
    cuts = {0, len(p.text)}
    for s, e in marks:
        cuts.update((s, e))
    for a in anchors:
        cuts.update((a.start, a.end))
    edges = sorted(cuts)
    pieces: list[tuple[int, int, bool]] = [
        (s, e, any(ms <= s and e <= me for ms, me in marks))
        for s, e in zip(edges, edges[1:], strict=False)
        if e > s
    ]
    out = []
    i = 0
    while i < len(pieces):
        s, e, marked = pieces[i]
        anchor = next((a for a in anchors if a.start <= s and e <= a.end), None)
        if anchor is None:
            out.append(_piece_markdown(p.text[s:e], marked, color))
            i += 1
            continue
        inner = []
        while i < len(pieces) and pieces[i][1] <= anchor.end:
            s, e, marked = pieces[i]
            inner.append(_piece_markdown(p.text[s:e], marked, color))
            i += 1
        out.append(markdown_link("".join(inner), anchor.href))
    return "".join(out)


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

_BLOCK_TAG = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/blockquote)\b[^>]*>", re.IGNORECASE)

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


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ArticleError(f"article file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ArticleError(f"article file {path} cannot be read: {exc}") from None


def _read_metadata(path: Path) -> dict:
    raw = _read_text(path)
    try:
        meta = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"article metadata {path} is not valid JSON: {exc}") from None
    if not isinstance(meta, dict):
        raise ArticleError(f"article metadata {path} must be a JSON object")
    missing = [k for k in METADATA_KEYS if not isinstance(meta.get(k), str) or not meta[k].strip()]
    if missing:
        raise ArticleError(
            f"article metadata {path} lacks non-empty string(s): {', '.join(missing)}"
        )
    try:
        meta["date"] = datetime.date.fromisoformat(meta["date"])
    except ValueError:
        raise ArticleError(
            f"article metadata {path}: date {meta['date']!r} is not YYYY-MM-DD"
        ) from None
    if safe_http_url(meta["url"]) is None:
        raise ArticleError(f"article metadata {path}: url {meta['url']!r} is not an http(s) URL")
    return meta


class _LinkTextParser(HTMLParser):
    """Collects plain text and the spans of `<a href>` anchors from sanitised HTML."""

    def __init__(self, skip_content: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.anchors: list[Anchor] = []
        self._open: tuple[int, str | None] | None = None
        self._skip_content = skip_content
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._skip_content:
            self._skipping += 1
        if tag == "a":
            self._close()
            self._open = (self.length, dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skip_content and self._skipping:
            self._skipping -= 1
        if tag == "a":
            self._close()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        self.parts.append(data)
        self.length += len(data)

    def close(self) -> None:
        super().close()
        self._close()

    def _close(self) -> None:
        if self._open is None:
            return
        start, href = self._open
        self._open = None
        url = safe_http_url(href)
        if url is not None and self.length > start:
            self.anchors.append(Anchor(start, self.length, url))


def _extract(raw_html: str) -> tuple[str, list[Anchor], list[int]]:
    """Sanitise, then return normalised plain text, kept anchors and paragraph breaks."""
    marked, _ = _neutralise_unclosed(_BLOCK_TAG.sub("\n", raw_html))
    parser = _LinkTextParser()
    parser.feed(clean_link_html(marked))
    parser.close()
    if _lost_words(marked, "".join(parser.parts)):
        # The sanitiser would drop text (an unterminated attribute quote, MathML...):
        # read the text with the lenient parser instead. Its output is plain text and
        # checked links, escaped downstream, so nothing it keeps can run.
        parser = _LinkTextParser(skip_content=_DROPPED_CONTENT)
        parser.feed(_text_safe_markup(_CLOSED_BLOCK.sub(" ", marked)))
        parser.close()
    raw_text = "".join(parser.parts)
    # Collapse whitespace while mapping old offsets to new so anchor spans survive.
    out: list[str] = []
    mapping = [0] * (len(raw_text) + 1)
    breaks: list[int] = []
    pending: str | None = None
    for i, ch in enumerate(raw_text):
        mapping[i] = len(out) + (1 if pending and out else 0)
        if ch.isspace():
            if pending != "\n":
                pending = "\n" if ch == "\n" else " "
            continue
        if pending and out:
            if pending == "\n":
                breaks.append(len(out) + 1)
            out.append(" ")
        pending = None
        out.append(ch)
    mapping[len(raw_text)] = len(out)
    text = "".join(out)
    anchors = []
    for a in parser.anchors:
        s, e = mapping[a.start], mapping[a.end]
        s, e = _trim(text, s, min(e, len(text)))
        if e > s:
            anchors.append(Anchor(s, e, a.href))
    return text, anchors, breaks


# Elements whose content the sanitiser drops (to their end tag, or to the end of the file
# when there is none), and comments: left open, one would swallow the rest of the article.
_SWALLOWING = re.compile(r"<(script|style|template)(?=[\s/>])|<!--", re.IGNORECASE)
# What a browser would take for a whole tag, comment or closed dropped block: a lenient
# stand-in for the sanitiser, to tell the text it must keep.
_CLOSED_BLOCK = re.compile(
    r"<(script|style|template)\b.*?</\1\s*>|<!--.*?--!?>", re.IGNORECASE | re.DOTALL
)
# A tag as the lenient reading sees it: no `<` or `>` inside, so a stray quote cannot
# carry a tag past the end of its line and over the text.
_SIMPLE_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")


def _neutralise_unclosed(raw_html: str) -> tuple[str, list[str]]:
    """Turn the `<` of an unclosed `<script>`, `<style>`, `<template>` or `<!--` into text.

    Closed, their content is dropped as it should be; unclosed, the sanitiser (like a
    browser) would drop everything after them. Shown as text, the rest of the article stays.
    Returns the text and the openers neutralised.
    """
    out: list[str] = []
    unclosed: list[str] = []
    pos = 0
    for m in _SWALLOWING.finditer(raw_html):
        if m.start() < pos:
            continue  # inside a closed block skipped below
        if m.group(1):
            end = re.compile(rf"</{m.group(1)}[\s/>]", re.IGNORECASE).search(raw_html, m.end())
        else:
            end = re.compile(r"--!?>").search(raw_html, m.end())
        out.append(raw_html[pos : m.start()])
        if end is None:
            unclosed.append(m.group(0).lower() + (">" if m.group(1) else ""))
            out.append("&lt;")
            pos = m.start() + 1
        else:
            out.append(raw_html[m.start() : end.end()])
            pos = end.end()
    out.append(raw_html[pos:])
    return "".join(out), unclosed


def _lost_words(raw_html: str, kept: str) -> list[str]:
    """Words of `raw_html` outside tags, comments and closed script/style/template blocks
    that are missing from `kept` (the sanitised text), in order."""
    lenient = html.unescape(_SIMPLE_TAG.sub(" ", _CLOSED_BLOCK.sub(" ", raw_html)))
    have = Counter(re.findall(r"\w+", kept))
    lost = []
    for word in re.findall(r"\w+", lenient):
        if have[word] > 0:
            have[word] -= 1
        else:
            lost.append(word)
    return lost


def article_warnings(raw_html: str) -> tuple[str, ...]:
    """What a reader should know about the article's HTML: text the sanitiser alone would
    have dropped (read leniently instead) and unclosed elements shown as text."""
    warnings = []
    neutral, unclosed = _neutralise_unclosed(_BLOCK_TAG.sub("\n", raw_html))
    if unclosed:
        warnings.append(
            f"an unclosed {', '.join(dict.fromkeys(unclosed))} would hide the rest of the "
            "article; shown as text instead"
        )
    lost = _lost_words(neutral, _sanitised_text(neutral))
    if lost:
        shown = " ".join(lost[:12]) + (" …" if len(lost) > 12 else "")
        warnings.append(
            f"the HTML sanitiser would drop {len(lost)} word(s) ({shown!r}), probably after "
            "an unterminated tag or attribute quote; the text was read leniently instead"
        )
    return tuple(warnings)


def _sanitised_text(marked: str) -> str:
    parser = _LinkTextParser()
    parser.feed(clean_link_html(marked))
    parser.close()
    return "".join(parser.parts)


# Content the lenient reading drops, as the sanitiser does: code and templates, not text.
_DROPPED_CONTENT = frozenset({"script", "style", "template"})


def _text_safe_markup(marked: str) -> str:
    """Markup no parser can lose text in: every `<` that does not open a simple tag
    becomes `&lt;`, and a tag with an unterminated quote is dropped (its text stays)."""
    out: list[str] = []
    pos = 0
    for m in _SIMPLE_TAG.finditer(marked):
        out.append(marked[pos : m.start()].replace("<", "&lt;"))
        out.append(m.group(0) if _quotes_balanced(m.group(0)) else " ")
        pos = m.end()
    out.append(marked[pos:].replace("<", "&lt;"))
    return "".join(out)


def _quotes_balanced(tag: str) -> bool:
    quote = None
    for ch in tag:
        if quote is None and ch in "\"'":
            quote = ch
        elif ch == quote:
            quote = None
    return quote is None


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


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_pure_quote(sentence: str) -> bool:
    return bool(re.fullmatch(r"[“\"][^“”\"]*[”\"][.!?]?", sentence))


def _has_quote(sentence: str) -> bool:
    return "“" in sentence or '"' in sentence


def _continues_quote(sentence: str) -> bool:
    return _has_quote(sentence) and (
        _is_pure_quote(sentence) or bool(_PRONOUN_ATTRIBUTION.search(sentence))
    )


def _group_sentences(
    text: str, sentences: list[tuple[int, int]], breaks: list[int]
) -> list[tuple[int, int]]:
    """Join sentences into passages of 1-3, keeping quotes with their speakers."""
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


def _passage_html(body: str, anchors: Sequence[Anchor]) -> str:
    parts = []
    pos = 0
    for a in anchors:
        parts.append(html.escape(body[pos : a.start], quote=False))
        parts.append(
            f'<a href="{html.escape(a.href, quote=True)}" rel="{LINK_REL}">'
            f"{html.escape(body[a.start : a.end], quote=False)}</a>"
        )
        pos = a.end
    parts.append(html.escape(body[pos:], quote=False))
    # Re-run the sanitiser so the stored HTML is exactly what nh3 would emit.
    return clean_link_html("".join(parts))


def _merge_spans(spans: Iterable[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    clipped = sorted((max(0, s), min(limit, e)) for s, e in spans if min(limit, e) > max(0, s))
    merged: list[tuple[int, int]] = []
    for s, e in clipped:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _piece_markdown(piece: str, marked: bool, color: str | None) -> str:
    if not marked:
        return escape_markdown(piece)
    # Emphasis delimiters cannot open/close next to whitespace, so keep spaces outside.
    core = piece.strip()
    lead = piece[: len(piece) - len(piece.lstrip())]
    tail = piece[len(piece.rstrip()) :]
    return (
        escape_markdown(lead)
        + markdown_highlight(escape_markdown(core), color)
        + escape_markdown(tail)
    )
