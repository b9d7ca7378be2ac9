"""geo.passages: sentence splitting, grouping into passages, stable passage ids."""

import re
from pathlib import Path

import pytest

from geo.article import load_article, parse_article
from geo.passages import Anchor, passage_id, split_sentences

ARTICLE = Path(__file__).resolve().parent.parent / "data" / "article.txt"


@pytest.fixture(scope="module")
def article():
    return load_article(ARTICLE)


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


def test_sentences_never_break_inside_a_link():
    """A period inside a link's anchor text does not end the sentence."""
    text = "See Mr. Smith. Then go."
    spans = split_sentences(text, anchors=[Anchor(0, 14, "https://x.example/")])
    assert [text[s:e] for s, e in spans] == ["See Mr. Smith.", "Then go."]


def test_passage_id_ignores_whitespace_differences():
    """Two texts differing only in whitespace get the same id at the same position."""
    assert passage_id(0, "Some  text.\n") == passage_id(0, "Some text.")
