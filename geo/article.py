"""The article: its metadata, and its HTML read into plain text and short passages.

Reading the HTML (sanitising, links, paragraph breaks) is geo.htmltext's; splitting the
text into sentences and passages with stable ids is geo.passages'; rendering passages as
Markdown is geo.highlights'. The names other code reads from here are re-exported.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geo.highlights import highlight_markdown
from geo.htmltext import article_warnings, extract_text
from geo.jsonio import read_json
from geo.passages import Anchor, Passage, group_sentences, passage_id, split_sentences
from geo.safety import LINK_REL, clean_link_html, safe_http_url

__all__ = [
    "Anchor",
    "Article",
    "ArticleError",
    "Passage",
    "highlight_markdown",
    "load_article",
    "parse_article",
    "split_sentences",
]

METADATA_KEYS = ("title", "publisher", "date", "url", "attribution", "licence")


class ArticleError(ValueError):
    """The article or its metadata file is missing, empty or malformed."""


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
    # Where the article was read from. Nothing reads it any more; kept while
    # tests/test_search.py still builds Articles with it.
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
    text, anchors, breaks = extract_text(raw_html)
    sentences = split_sentences(text, anchors=anchors, forced_breaks=breaks)
    groups = group_sentences(text, sentences, breaks)
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


# --- private helpers -------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ArticleError(f"article file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ArticleError(f"article file {path} cannot be read: {exc}") from None


def _read_metadata(path: Path) -> dict:
    meta, problem = read_json(path)
    if problem is not None:
        raise ArticleError(f"article metadata {path}: {problem.message}")
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


def _passage_html(body: str, anchors: Sequence[Anchor]) -> str:
    """The passage as sanitised HTML with its kept links (read by the hostile-input tests,
    which check that nothing but http(s) links survives)."""
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
