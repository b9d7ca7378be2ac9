"""Tests for geo.article (loading, splitting, link cleaning, markdown) and geo.safety."""

import datetime
import json
import re
import string
from pathlib import Path

import pytest

from geo.article import (
    Anchor,
    ArticleError,
    Passage,
    highlight_markdown,
    load_article,
    parse_article,
    passage_markdown,
    split_sentences,
)
from geo.safety import escape_for_folium, escape_markdown

DATA = Path(__file__).resolve().parent.parent / "data"
ARTICLE = DATA / "article.txt"

HOSTILE = (
    "<script>alert(1)</script> ${x} `code` [x](javascript:alert(1)) \\ <img src=x onerror=alert(1)>"
)


def _unescape_markdown(md: str) -> str:
    return re.sub(r"\\([" + re.escape(string.punctuation) + "])", r"\1", md)


def _unescaped_specials(md: str) -> list[str]:
    """Markdown punctuation not preceded by a backslash escape."""
    bad = []
    i = 0
    while i < len(md):
        if md[i] == "\\":
            i += 2
            continue
        if md[i] in string.punctuation:
            bad.append(md[i])
        i += 1
    return bad


def _passage(text: str, anchors: tuple[Anchor, ...] = ()) -> Passage:
    return Passage(
        id="p01-test", text=text, html="", start=0, end=len(text), index=0, anchors=anchors
    )


def _write_article(tmp_path: Path, body: str, meta: dict | None = None) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(body, encoding="utf-8")
    if meta is None:
        meta = json.loads((DATA / "article.json").read_text(encoding="utf-8"))
    (tmp_path / "article.json").write_text(json.dumps(meta), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def article():
    return load_article(ARTICLE)


# --- loading -------------------------------------------------------------------------


def test_load_article_reads_metadata(article):
    """The shipped article loads with its title, publisher, date and attribution."""
    assert article.title == "Iraqi army and Kurdish fighters team up to oust ISIS"
    assert article.publisher == "The National"
    assert article.date == datetime.date(2021, 12, 17)
    assert article.url.startswith("https://www.thenationalnews.com/")
    assert "Samya Kullab" in article.attribution


def test_missing_article_raises_naming_file(tmp_path):
    """A missing article file raises ArticleError naming the path."""
    with pytest.raises(ArticleError, match=r"nope\.txt does not exist"):
        load_article(tmp_path / "nope.txt")


def test_empty_article_raises_naming_file(tmp_path):
    """A whitespace-only article file raises ArticleError naming the path."""
    path = _write_article(tmp_path, "  \n")
    with pytest.raises(ArticleError, match=r"article\.txt is empty"):
        load_article(path)


def test_metadata_missing_key_raises(tmp_path):
    """Metadata without a title raises ArticleError naming the field."""
    path = _write_article(tmp_path, "Text.", {"publisher": "x"})
    with pytest.raises(ArticleError, match=r"article\.json lacks .*title"):
        load_article(path)


def test_metadata_bad_date_raises(tmp_path):
    """A non-ISO date in the metadata raises ArticleError."""
    meta = json.loads((DATA / "article.json").read_text(encoding="utf-8"))
    meta["date"] = "17/12/2021"
    path = _write_article(tmp_path, "Text.", meta)
    with pytest.raises(ArticleError, match=r"date '17/12/2021' is not YYYY-MM-DD"):
        load_article(path)


# --- splitting -----------------------------------------------------------------------


def test_real_article_has_35_to_45_passages(article):
    """The seed article splits into a readable number of short passages."""
    assert 35 <= len(article.passages) <= 45


def test_spans_reconstruct_the_text(article):
    """Each passage is its span of the plain text, and together they are the whole text."""
    for p in article.passages:
        assert article.text[p.start : p.end] == p.text
    assert " ".join(p.text for p in article.passages) == article.text


def test_plain_text_has_no_markup(article):
    """Links are reduced to their anchor text in the plain text."""
    assert "<" not in article.text and "href" not in article.text
    assert "attacks by ISIS." in article.text


def test_quote_stays_with_its_speaker(article):
    """The Daesh quote and its pronoun-attributed follow-up share one passage."""
    p = next(p for p in article.passages if "Daesh took advantage" in p.text)
    assert "It begins here, in this village”." in p.text
    assert p.text.startswith("“Daesh")


def test_multi_sentence_quote_is_not_split():
    """Sentence ends inside a quotation do not split it from its attribution."""
    text = "“We were abandoned. Nobody came,” he said. Later things changed."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "“We were abandoned. Nobody came,” he said.",
        "Later things changed.",
    ]


def test_unattributed_quote_joins_previous_quote():
    """A bare quote sentence stays with the attributed quote before it."""
    _, ps = parse_article(
        "“They helped,” said Col Jawhar, the officer. “Without them we wouldn’t speak.” "
        "The road ahead is long and hard for everyone involved in this story."
    )
    assert ps[0].text.endswith("we wouldn’t speak.”")
    assert ps[1].text.startswith("The road ahead")


def test_abbreviations_do_not_end_sentences():
    """Titles with periods, initials and dollar amounts do not split sentences."""
    text = (
        "Capt. Hajar met Col. Jawhar and Mr. Zahir in the U.S. capital. Some $240 million followed."
    )
    spans = split_sentences(text)
    assert len(spans) == 2
    assert text[spans[1][0] : spans[1][1]] == "Some $240 million followed."


def test_ellipsis_does_not_end_sentence():
    """An ellipsis inside a sentence is a pause, not a boundary."""
    assert len(split_sentences("We are co-ordinating … It begins here. Next one.")) == 2
    assert len(split_sentences("We are co-ordinating... It begins here.")) == 1


def test_passage_ids_are_deterministic(article):
    """Parsing the same article twice gives the same passage ids."""
    _, again = parse_article(ARTICLE.read_text(encoding="utf-8"))
    assert [p.id for p in again] == [p.id for p in article.passages]


def test_passage_ids_encode_position_and_text(article):
    """Ids are unique and of the form pNN-hhhh with NN the 1-based position."""
    ids = [p.id for p in article.passages]
    assert len(set(ids)) == len(ids)
    for i, pid in enumerate(ids):
        assert re.fullmatch(rf"p{i + 1:02d}-[0-9a-f]{{4}}", pid)


def test_paragraph_tags_force_a_passage_break():
    """Block-level breaks in the HTML start a new passage and add a space."""
    text, ps = parse_article("<p>One short line.</p><p>Two short line.</p>")
    assert text == "One short line. Two short line."
    assert [p.text for p in ps] == ["One short line.", "Two short line."]


# --- link cleaning -------------------------------------------------------------------


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


# --- markdown ------------------------------------------------------------------------


def test_escape_markdown_round_trips_hostile_text():
    """Escaped markdown has every special escaped and reads back as the original text."""
    md = escape_markdown(HOSTILE)
    assert _unescaped_specials(md) == []
    assert _unescape_markdown(md) == HOSTILE


def test_escape_markdown_flattens_newlines():
    """Newlines cannot start markdown blocks such as headings or lists."""
    assert "\n" not in escape_markdown("a\n# b\n- c")


def test_passage_markdown_escapes_hostile_passage():
    """A hostile passage renders with no raw HTML, LaTeX, code or links."""
    md = passage_markdown(_passage(HOSTILE))
    assert _unescaped_specials(md) == []
    assert "](" not in md


def test_passage_markdown_renders_http_links(article):
    """An article link becomes a markdown link to its https URL."""
    p = next(p for p in article.passages if p.anchors and "ISIS" in p.text[p.anchors[0].start :])
    md = passage_markdown(p)
    assert re.search(r"\[ISIS\]\(https://www\.thenationalnews\.com/[^)\s]+\)", md)


def test_passage_markdown_drops_unsafe_anchor_href():
    """An anchor whose href is not http(s) renders as plain escaped text."""
    p = _passage("see x now", (Anchor(4, 5, "javascript:alert(1)"),))
    assert passage_markdown(p) == "see x now"


def test_link_url_cannot_break_out_of_markdown():
    """Parentheses, spaces and dollars in a URL are percent-encoded."""
    p = _passage("see x", (Anchor(4, 5, "https://a.example/p)(q$`"),))
    assert passage_markdown(p) == "see [x](https://a.example/p%29%28q%24%60)"


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
    assert _unescaped_specials(inner) == []


# --- folium --------------------------------------------------------------------------


def test_escape_for_folium_neutralises_payloads():
    """HTML, template-literal and backslash payloads become inert entities."""
    out = escape_for_folium('<img src=x onerror=alert(1)> ${x} `y` \\ & "q"')
    assert "<" not in out and ">" not in out
    assert "$" not in out and "`" not in out and "\\" not in out
    assert "&#36;{x}" in out and "&#96;y&#96;" in out and "&#92;" in out
    assert "&amp; &quot;q&quot;" in out
