"""Article HTML to plain text: sanitised with nh3 (through geo.safety), the kept links'
spans, and the paragraph breaks.

What a browser would hide stays visible: an unclosed `<script>`, `<style>`, `<template>` or
comment is shown as text instead of swallowing the rest of the article, and where the
sanitiser alone would drop words (an unterminated tag or attribute quote), the text is read
leniently instead. Both are reported by `article_warnings`.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser

from geo.passages import Anchor, trim
from geo.safety import clean_link_html, safe_http_url

_BLOCK_TAG = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/blockquote)\b[^>]*>", re.IGNORECASE)


def extract_text(raw_html: str) -> tuple[str, list[Anchor], list[int]]:
    """Sanitise, then return normalised plain text, kept anchors and paragraph breaks."""
    marked, _ = _neutralise_unclosed(_BLOCK_TAG.sub("\n", raw_html))
    parser = _read(clean_link_html(marked))
    if _lost_words(marked, "".join(parser.parts)):
        # The sanitiser would drop text (an unterminated attribute quote, MathML...):
        # read the text leniently instead. Its output is plain text and checked links,
        # escaped downstream, so nothing it keeps can run.
        parser = _read(_text_safe_markup(_CLOSED_BLOCK.sub(" ", marked)), _DROPPED_CONTENT)
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
        s, e = trim(text, s, min(e, len(text)))
        if e > s:
            anchors.append(Anchor(s, e, a.href))
    return text, anchors, breaks


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
    lost = _lost_words(neutral, "".join(_read(clean_link_html(neutral)).parts))
    if lost:
        shown = " ".join(lost[:12]) + (" …" if len(lost) > 12 else "")
        warnings.append(
            f"the HTML sanitiser would drop {len(lost)} word(s) ({shown!r}), probably after "
            "an unterminated tag or attribute quote; the text was read leniently instead"
        )
    return tuple(warnings)


# --- private helpers -------------------------------------------------------------------

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


def _read(markup: str, skip_content: frozenset[str] = frozenset()) -> _LinkTextParser:
    """Parse markup into plain text and kept links, dropping the content of `skip_content`."""
    parser = _LinkTextParser(skip_content)
    parser.feed(markup)
    parser.close()
    return parser


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
