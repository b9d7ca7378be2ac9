"""Passages as Markdown for `st.markdown`, without HTML: escaped text, http(s) links only,
and highlighted spans in bold (on a Streamlit background colour if one is given)."""

from __future__ import annotations

from collections.abc import Iterable

from geo.passages import Passage
from geo.safety import escape_markdown, markdown_highlight, markdown_link, safe_http_url


def highlight_markdown(
    p: Passage, spans: Iterable[tuple[int, int]], color: str | None = None
) -> str:
    """A passage for `st.markdown` without HTML (escaped text, http(s) links only), with each
    (start, end) span of `p.text` in bold (on a Streamlit background colour if `color` is
    given); no spans gives the passage as it is."""
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
