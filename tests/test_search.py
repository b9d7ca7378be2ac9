"""Search, as the reader does it (geo/reader/static/src/search.js, run in Node) over the keys
geo.search folds in Python: places by name or alias, passages and events by their words,
spans into the original text. The cases of the Python search it replaced, kept."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.article import Article, Passage
from geo.loading import LAYER_FILES, Dataset
from geo.reader import reader_model
from geo.search import MAX_QUERY_CHARS, Folded, fold
from geo.story import Story


@pytest.fixture(scope="module")
def model(story: Story) -> dict:
    return reader_model(story)


def tiny_story(places: list[dict] | None = None, texts: list[str] | None = None) -> Story:
    """A story of hand-made places (id, name, kind, aliases) and passages (plain text)."""
    empty = gpd.GeoDataFrame({"id": [], "name": []}, geometry=[], crs="EPSG:4326")
    layers = {name: empty for name in LAYER_FILES}
    if places:
        rows = [{"kind": "town", "aliases": [], "geometry": Point(44, 36), **p} for p in places]
        layers["places"] = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    passages = tuple(
        Passage(id=f"p{i + 1:02d}-0000", text=t, html=t, start=0, end=len(t), index=i)
        for i, t in enumerate(texts or [])
    )
    article = Article(
        title="T", publisher="P", date=datetime.date(2021, 12, 20), url="https://example.com/",
        attribution="A", licence="L", text="\n".join(texts or []), passages=passages, source="s",
    )  # fmt: skip
    return Story(dataset=Dataset(Path("."), layers), article=article, links=None)


def searched(node, model: dict, *queries: str) -> list[dict | None]:
    return node.calls(model, *(["search", q] for q in queries))


def place_ids(found: dict | None) -> list[str]:
    return [hit["id"] for hit in found["places"]] if found else []


def piece(text: str, span: list[int]) -> str:
    return text[span[0] : span[1]]


# --- places ---------------------------------------------------------------------------------


def test_names_aliases_and_arabic_find_their_places(node_reader, model) -> None:
    """ "Qaraqosh" finds qaraqosh on its name, "Bakhdida" on its alias (named), لهيبان
    Lheiban; harakat, every alef form and tatweel in the query are ignored; "Qarach" is a
    word prefix of qarachok."""
    queries = ["Qaraqosh", "Bakhdida", "لهيبان", "لَهِيبَان", *(f"لهيب{a}ن" for a in "أإآٱ"),
               "لهيـــبان", "Qarach", "\u202eLhei\u200dban\u202c"]  # fmt: skip
    found = searched(node_reader, model, *queries)
    first = [f["places"][0] for f in found]
    assert (first[0]["id"], first[0]["name"], first[0]["matched"]) == (
        "qaraqosh", "Qaraqosh", "Qaraqosh",
    )  # fmt: skip
    assert (first[1]["id"], first[1]["matched"]) == ("qaraqosh", "Bakhdida")
    assert (first[2]["id"], first[2]["matched"]) == ("lheiban", "لهيبان")
    assert {f["id"] for f in first[3:9]} == {"lheiban"}
    assert first[9]["id"] == "qarachok"
    assert first[10]["id"] == "lheiban"  # bidi controls and zero-width joiners are ignored


def test_arabic_yeh_and_teh_marbuta_forms_and_accents_are_unified(node_reader) -> None:
    """ى matches ي and ة matches ه; "Qaraqosh" matches "Qaraqōsh" both ways."""
    m = reader_model(
        tiny_story(
            [{"id": "x", "name": "Qaryat", "aliases": ["قرية مصطفى"]},
             {"id": "a", "name": "Qaraqōsh"}, {"id": "b", "name": "Qaraqosh"}]
        )
    )  # fmt: skip
    arabic, plain, accented = searched(node_reader, m, "قريه مصطفي", "Qaraqosh", "QARAQŌSH")
    assert place_ids(arabic) == ["x"]
    assert sorted(place_ids(plain)) == sorted(place_ids(accented)) == ["a", "b"]


def test_places_rank_exact_name_then_alias_then_prefixes_then_substring(node_reader) -> None:
    """Exact name > exact alias > name prefix > alias prefix > substring."""
    m = reader_model(
        tiny_story(
            [
                {"id": "substring", "name": "Bistuzi"},
                {"id": "alias-prefix", "name": "Zed", "aliases": ["Tuzbridge"]},
                {"id": "name-prefix", "name": "Tuz Khurmatu"},
                {"id": "exact-alias", "name": "Khurmatu", "aliases": ["Tuz"]},
                {"id": "exact-name", "name": "Tuz"},
            ]
        )
    )
    assert place_ids(node_reader.call(m, "search", "tuz")) == [
        "exact-name", "exact-alias", "name-prefix", "alias-prefix", "substring",
    ]  # fmt: skip


def test_equal_ranks_go_by_passage_count_and_places_are_capped(node_reader, model) -> None:
    """Baghdad city (8 passages) before Baghdad province (none); at most 8 places; force
    features are not places."""
    bagh, ba, peshmerga = searched(node_reader, model, "Bagh", "ba", "Peshmerga")
    assert place_ids(bagh)[:2] == ["baghdad", "prov-baghdad"]
    assert len(ba["places"]) == model["search"]["limits"]["places"] == 8
    assert not any(pid.startswith("force-") for pid in place_ids(peshmerga))


# --- passages -------------------------------------------------------------------------------


def test_phrase_finds_exactly_its_passage_with_spans(node_reader, model, story) -> None:
    """ "thermal night vision" finds only the passage holding it; its spans cover the phrase
    in the snippet and in the full text."""
    hit = node_reader.call(model, "search", "thermal night vision")["passages"]
    assert [h["id"] for h in hit] == ["p12-4e8d"] and hit[0]["number"] == 12
    assert [piece(hit[0]["snippet"], s).casefold() for s in hit[0]["spans"]] == [
        "thermal night vision"
    ]
    text = next(p.text for p in story.article.passages if p.id == hit[0]["id"])
    assert [piece(text, s) for s in hit[0]["textSpans"]] == ["thermal night vision"]


def test_place_name_finds_the_place_and_its_passages_in_order(node_reader, model) -> None:
    found = node_reader.call(model, "search", "lheiban")
    assert place_ids(found)[0] == "lheiban"
    numbers = [h["number"] for h in found["passages"]]
    assert len(numbers) >= 5 and numbers == sorted(numbers)
    assert all(piece(h["snippet"], s) == "Lheiban" for h in found["passages"] for s in h["spans"])
    assert len(node_reader.call(model, "search", "the")["passages"]) == 10  # capped


def test_words_phrases_and_word_starts(node_reader) -> None:
    """Every query word of 2+ characters must occur as a word prefix; one-letter words are
    not required; a word inside another does not match; phrases rank first."""
    m = reader_model(
        tiny_story(
            texts=[
                "Iraqi soldiers dug trenches.", "Kurdish soldiers watched.", "Kurds farm.",
                "Col Jawhar said so.", "The colonel, J. Smith, agreed.",
                "The village of Lheiban.", "Vision at night was thermal.",
                "They had thermal night vision.",
            ]
        )
    )  # fmt: skip
    words, col, inside, phrase = searched(
        node_reader, m, "soldiers kurd", "Col J", "heiban", "thermal night vision"
    )
    assert [h["number"] for h in words["passages"]] == [2]
    assert [piece(words["passages"][0]["snippet"], s) for s in words["passages"][0]["spans"]] == [
        "Kurd", "soldiers",
    ]  # fmt: skip
    assert [h["number"] for h in col["passages"]] == [4, 5]
    assert [piece(col["passages"][1]["snippet"], s) for s in col["passages"][1]["spans"]] == ["col"]
    assert inside["passages"] == []
    assert [h["number"] for h in phrase["passages"]] == [8, 7]


def test_spans_line_up_after_curly_quotes_accents_and_ligatures(node_reader) -> None:
    """Spans index the original text even when folding changed what came before."""
    text = "Don’t say “café” — it’s ﬁne: Straße,  nai\u0308ve\u0640 Lheiban, ﬁne."
    m = reader_model(tiny_story(texts=[text]))
    cases = [("lheiban", "Lheiban"), ("don't", "Don’t"), ('"cafe"', "“café”"),
             ("strasse", "Straße"), ("naive", "nai\u0308ve\u0640"), ("fine", "ﬁne")]  # fmt: skip
    for (query, expected), found in zip(
        cases, searched(node_reader, m, *(q for q, _ in cases)), strict=True
    ):
        hit = found["passages"][0]
        assert piece(hit["snippet"], hit["spans"][0]) == expected, query
        assert piece(text, hit["textSpans"][0]) == expected, query


def test_snippets_are_windows_cut_at_words(node_reader) -> None:
    """A long passage gives ~200 characters around the match, whole words, "…" where cut;
    a short one is its own snippet."""
    text = (
        " ".join(f"word{i}" for i in range(60)) + " Lheiban " + " ".join("x" * 7 for _ in range(60))
    )
    short = "The scene in the small village of Lheiban."
    m = reader_model(tiny_story(texts=[text, short]))
    long_hit, short_hit = node_reader.call(m, "search", "lheiban")["passages"]
    snippet = long_hit["snippet"]
    assert snippet.startswith("…word") and snippet.endswith("xxxxxxx…") and len(snippet) <= 202
    at = text.index(snippet[1:-1])
    assert text[at - 1] == " " and text[at + len(snippet) - 2] == " "
    assert [piece(snippet, s) for s in long_hit["spans"]] == ["Lheiban"]
    assert short_hit["snippet"] == short


# --- queries --------------------------------------------------------------------------------


def test_short_regex_long_and_hostile_queries(node_reader, model) -> None:
    """Queries under 2 characters once folded find nothing; regex metacharacters are text;
    only the first 100 characters count; markup is matched and returned verbatim."""
    short = ["", " ", "L", "ل", "لَ", "\u202e", "é"]
    regex = [".*", "(", "[", "(((", "[a-z]+", "\\d", "a|b", "^$", "?*+"]
    long_query = "thermal night vision" + " " * 9_977 + "zzz"
    found = searched(node_reader, model, *short, *regex, long_query, "<script>alert(1)</script>")
    assert found[: len(short)] == [None] * len(short)
    for got in found[len(short) : len(short) + len(regex)]:
        assert got is None or (got["places"] == [] and got["passages"] == [])
    assert [h["id"] for h in found[-2]["passages"]] == ["p12-4e8d"]
    assert found[-1] == {"places": [], "events": [], "passages": []}
    assert MAX_QUERY_CHARS == model["search"]["max"] == 100

    text = "Says <script>alert(1)</script> and ${x} and `rm` here. Rule (a) applies."
    m = reader_model(tiny_story(texts=[text]))
    for query, got in zip(
        ["<script>", "${x}", "`rm`", "(a)"],
        searched(node_reader, m, "<script>", "${x}", "`rm`", "(a)"),
        strict=True,
    ):
        hit = got["passages"][0]
        assert hit["snippet"] == text and piece(hit["snippet"], hit["spans"][0]) == query


def test_events_are_found_by_their_title_and_summary(node_reader, model) -> None:
    """ "referendum" finds the 2017 Kurdistan referendum, with its date words."""
    hit = node_reader.call(model, "search", "referendum")["events"][0]
    assert (hit["id"], hit["when"]) == ("kurdistan-referendum", "25 Sep 2017")


def test_story_without_article_still_finds_places(node_reader, story) -> None:
    found = node_reader.call(reader_model(replace(story, article=None)), "search", "Lheiban")
    assert place_ids(found)[0] == "lheiban" and found["passages"] == []


# --- folding, one rule for both sides -------------------------------------------------------

TRICKY = [
    "Qaraqōsh", "STRASSE", "Straße", "ﬁne", "Don’t", "“café”", "لَهِيبَان", "لهيـــبان", "أإآٱ",
    "قرية مصطفى", "\u202eLhei\u200dban\u202c", "  spaced\t\nout  ", "ΣΊΣΥΦΟΣ", "Ǆemal", "Ⅻ",
    "𝐁𝐨𝐥𝐝", "x\u0301y",
]  # fmt: skip


def test_the_reader_folds_a_query_as_python_folds_the_keys(node_reader, model) -> None:
    """The reader's fold (JavaScript) and geo.search's (Python) agree on tricky text."""
    got = node_reader.calls(model, *(["fold", t] for t in TRICKY))
    assert got == [fold(t) for t in TRICKY]


def test_folded_maps_point_back_into_the_original() -> None:
    """Every folded character maps to the original character it came from; the map in UTF-16
    units has an entry only where the two stop running one to one."""
    text = "Don’t  say “café” 𝐁old ﬁne."
    f = Folded.of(text)
    assert f.text == 'don\'t say "cafe" bold fine.'
    assert [text[i] for i in f.where[:5]] == ["D", "o", "n", "’", "t"]
    assert f.utf16_map()[0] == [0, 0] and len(f.utf16_map()) < len(f.text)
    assert unicodedata.normalize("NFKD", "é") != "é"  # the data really holds a combined form
