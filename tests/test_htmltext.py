"""geo.htmltext: the article's HTML read into plain text, kept links and warnings."""

from pathlib import Path

import pytest

from geo.article import load_article, parse_article
from geo.htmltext import article_warnings, extract_text

ARTICLE = Path(__file__).resolve().parent.parent / "data" / "article.txt"


@pytest.fixture(scope="module")
def article():
    return load_article(ARTICLE)


def test_article_links_are_kept_with_rel(article):
    """The seed's four links survive as http(s) anchors with the safe rel, target dropped."""
    anchors = [(p.text[a.start : a.end], a.href) for p in article.passages for a in p.anchors]
    assert [t for t, _ in anchors] == ["ISIS", "combat mission", "Mustafa Al Kadhimi", "US"]
    linked = [p.html for p in article.passages if p.anchors]
    assert all('rel="noopener noreferrer nofollow"' in h for h in linked)
    assert not any("target=" in h for h in linked)


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "/relative",
        " https://x.example",
    ],
)
def test_unsafe_hrefs_are_dropped_keeping_anchor_text(href):
    """javascript:, data:, protocol-relative and relative links lose the link, keep the words."""
    text, ps = parse_article(f'Go <a href="{href}">here</a> now.')
    assert text == "Go here now."
    assert ps[0].anchors == ()
    assert "href" not in ps[0].html


def test_script_and_event_handlers_are_removed():
    """Scripts, images and handler attributes are stripped from passage HTML."""
    _, ps = parse_article(
        "<script>alert(1)</script>Hi <img src=x onerror=alert(1)>"
        '<a href="https://ok.example/" onclick="x()">ok</a>.'
    )
    assert ps[0].text == "Hi ok."
    assert (
        "script" not in ps[0].html and "onerror" not in ps[0].html and "onclick" not in ps[0].html
    )
    assert 'href="https://ok.example/"' in ps[0].html


def test_paragraph_end_is_a_break():
    """A closing </p> becomes a paragraph break at the start of the next text."""
    text, _, breaks = extract_text("<p>One.</p><p>Two.</p>")
    assert text == "One. Two." and breaks == [5]


def test_unclosed_style_is_shown_as_text_and_warned():
    """An unclosed <style> hides nothing after it, and the warning names it."""
    raw = "Before. <style>p {} After."
    text, _, _ = extract_text(raw)
    assert "After." in text
    assert any("unclosed <style>" in w for w in article_warnings(raw))


def test_unterminated_quote_is_read_leniently_and_warned():
    """Words after a tag with an unterminated attribute quote survive, with a warning."""
    raw = '<a href="https://x.example/>Lheiban</a> stays. And so does this.'
    text, _, _ = extract_text(raw)
    assert "so does this" in text
    assert any("read leniently" in w for w in article_warnings(raw))


def test_clean_html_gives_no_warning():
    """Ordinary article HTML yields no warning."""
    assert article_warnings('<p>Plain <a href="https://x.example/">text</a>.</p>') == ()
