"""geo.highlights: passages as Markdown, with escaped text, http(s) links and highlights."""

import re
from pathlib import Path

import pytest

from geo.article import load_article
from geo.highlights import highlight_markdown
from geo.passages import Anchor, Passage
from tests.markdown_checks import HOSTILE, unescaped_specials

ARTICLE = Path(__file__).resolve().parent.parent / "data" / "article.txt"


def _passage(text: str, anchors: tuple[Anchor, ...] = ()) -> Passage:
    return Passage(
        id="p01-test", text=text, html="", start=0, end=len(text), index=0, anchors=anchors
    )


@pytest.fixture(scope="module")
def article():
    return load_article(ARTICLE)


def test_passage_markdown_escapes_hostile_passage():
    """A hostile passage renders with no raw HTML, LaTeX, code or links."""
    md = highlight_markdown(_passage(HOSTILE), ())
    assert unescaped_specials(md) == []
    assert "](" not in md


def test_passage_markdown_renders_http_links(article):
    """An article link becomes a markdown link to its https URL."""
    p = next(p for p in article.passages if p.anchors and "ISIS" in p.text[p.anchors[0].start :])
    md = highlight_markdown(p, ())
    assert re.search(r"\[ISIS\]\(https://www\.thenationalnews\.com/[^)\s]+\)", md)


def test_passage_markdown_drops_unsafe_anchor_href():
    """An anchor whose href is not http(s) renders as plain escaped text."""
    p = _passage("see x now", (Anchor(4, 5, "javascript:alert(1)"),))
    assert highlight_markdown(p, ()) == "see x now"


def test_link_url_cannot_break_out_of_markdown():
    """Parentheses, spaces and dollars in a URL are percent-encoded."""
    p = _passage("see x", (Anchor(4, 5, "https://a.example/p)(q$`"),))
    assert highlight_markdown(p, ()) == "see [x](https://a.example/p%29%28q%24%60)"


def test_highlight_marks_spans_in_bold():
    """Highlighted spans are bold; the rest is escaped text."""
    p = _passage("In Iraq’s north, Lheiban.")
    assert highlight_markdown(p, [(3, 7), (17, 24)]) == "In **Iraq**’s north\\, **Lheiban**\\."


def test_highlight_inside_a_link():
    """A highlight inside a link stays inside the link text."""
    p = _passage("by ISIS now", (Anchor(3, 7, "https://x.example/a"),))
    assert highlight_markdown(p, [(3, 7)]) == "by [**ISIS**](https://x.example/a) now"


def test_highlight_with_colour_uses_streamlit_background():
    """A colour wraps the bold mention in a Streamlit background directive."""
    p = _passage("Lheiban")
    assert highlight_markdown(p, [(0, 7)], color="orange") == ":orange-background[**Lheiban**]"


def test_highlight_rejects_unknown_colour():
    """A colour outside the allow-list cannot inject markdown."""
    with pytest.raises(ValueError, match="unknown highlight colour"):
        highlight_markdown(_passage("x"), [(0, 1)], color="red]evil[")


def test_highlight_escapes_hostile_mention():
    """Hostile text inside a highlight is still escaped."""
    md = highlight_markdown(_passage(HOSTILE), [(0, len(HOSTILE))])
    inner = md.removeprefix("**").removesuffix("**")
    assert unescaped_specials(inner) == []
