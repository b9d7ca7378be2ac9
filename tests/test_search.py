"""The search box: places by name or alias, passages by their words, spans into the original."""

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
from geo.search import MAX_QUERY_CHARS, SearchIndex, SearchResults, search
from geo.story import Story, load_story


@pytest.fixture(scope="module")
def story(data_dir: Path) -> Story:
    return load_story(data_dir)


@pytest.fixture(scope="module")
def index(story: Story) -> SearchIndex:
    return SearchIndex.build(story)


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


def folded(text: str) -> str:
    """Casefolded without accents, for comparing a span's text with the query."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def place_ids(results: SearchResults) -> list[str]:
    return [hit.id for hit in results.places]


# --- places ---------------------------------------------------------------------------------


def test_name_finds_the_place(index: SearchIndex) -> None:
    """ "Qaraqosh" finds the place qaraqosh first, matched on its name."""
    hit = index.search("Qaraqosh").places[0]
    assert (hit.id, hit.name, hit.kind, hit.matched, hit.spans) == (
        "qaraqosh", "Qaraqosh", "town", "Qaraqosh", ((0, 8),),
    )  # fmt: skip


def test_alias_finds_the_place_and_names_the_alias(index: SearchIndex) -> None:
    """ "Bakhdida", an alias, finds qaraqosh with matched="Bakhdida"."""
    hit = index.search("Bakhdida").places[0]
    assert (hit.id, hit.matched, hit.spans) == ("qaraqosh", "Bakhdida", ((0, 8),))


def test_arabic_alias_finds_lheiban(index: SearchIndex) -> None:
    """ "لهيبان" finds lheiban through its Arabic alias."""
    hit = index.search("لهيبان").places[0]
    assert (hit.id, hit.matched) == ("lheiban", "لهيبان")


def test_arabic_query_with_harakat_finds_lheiban(index: SearchIndex) -> None:
    """Harakat in the query (لَهِيبَان) are ignored."""
    assert place_ids(index.search("لَهِيبَان"))[:1] == ["lheiban"]


def test_arabic_query_with_another_alef_form_finds_lheiban(index: SearchIndex) -> None:
    """أ, إ, آ and ٱ match a bare alef ا."""
    for alef in "أإآٱ":
        assert place_ids(index.search(f"لهيب{alef}ن"))[:1] == ["lheiban"], alef


def test_arabic_query_with_tatweel_finds_lheiban(index: SearchIndex) -> None:
    """Tatweel (ـ) stretching a word is ignored."""
    assert place_ids(index.search("لهيـــبان"))[:1] == ["lheiban"]


def test_arabic_yeh_and_teh_marbuta_forms_are_unified() -> None:
    """ى matches ي and ة matches ه, both ways."""
    story = tiny_story([{"id": "x", "name": "Qaryat", "aliases": ["قرية مصطفى"]}])
    assert place_ids(search(story, "قريه مصطفي")) == ["x"]


def test_accents_are_ignored_in_names() -> None:
    """ "Qaraqosh" matches "Qaraqōsh", and "Qaraqōsh" matches "Qaraqosh"."""
    story = tiny_story([{"id": "a", "name": "Qaraqōsh"}, {"id": "b", "name": "Qaraqosh"}])
    assert sorted(place_ids(search(story, "Qaraqosh"))) == ["a", "b"]
    assert sorted(place_ids(search(story, "QARAQŌSH"))) == ["a", "b"]


def test_word_prefix_finds_the_place(index: SearchIndex) -> None:
    """ "Qarach" finds qarachok, the span covering the prefix."""
    hit = index.search("Qarach").places[0]
    assert (hit.id, hit.matched[slice(*hit.spans[0])]) == ("qarachok", "Qarach")


def test_places_rank_exact_name_then_alias_then_prefixes_then_substring() -> None:
    """Exact name > exact alias > name prefix > alias prefix > substring."""
    story = tiny_story(
        [
            {"id": "substring", "name": "Bistuzi"},
            {"id": "alias-prefix", "name": "Zed", "aliases": ["Tuzbridge"]},
            {"id": "name-prefix", "name": "Tuz Khurmatu"},
            {"id": "exact-alias", "name": "Khurmatu", "aliases": ["Tuz"]},
            {"id": "exact-name", "name": "Tuz"},
        ]
    )
    assert place_ids(search(story, "tuz")) == [
        "exact-name", "exact-alias", "name-prefix", "alias-prefix", "substring",
    ]  # fmt: skip


def test_places_of_equal_rank_are_ordered_by_passage_count(index: SearchIndex) -> None:
    """Baghdad city (8 passages) comes before Baghdad province (none)."""
    assert place_ids(index.search("Bagh"))[:2] == ["baghdad", "prov-baghdad"]


def test_forces_are_a_separate_group(index: SearchIndex) -> None:
    """Force features come back in `forces`, never among the places."""
    results = index.search("Peshmerga")
    assert results.forces and all(h.id.startswith("force-") for h in results.forces)
    assert not any(h.id.startswith("force-") for h in results.places)


def test_place_limit_caps_the_places(index: SearchIndex) -> None:
    """limit_places bounds how many places come back."""
    assert len(index.search("province", limit_places=3).places) == 0
    assert len(index.search("ba", limit_places=2).places) == 2


# --- passages -------------------------------------------------------------------------------


def test_phrase_finds_exactly_its_passage_with_spans_in_the_snippet(index: SearchIndex) -> None:
    """ "thermal night vision" finds only the passage holding it; spans cover the phrase."""
    results = index.search("thermal night vision")
    assert [h.id for h in results.passages] == ["p12-4e8d"]
    hit = results.passages[0]
    assert hit.number == 12
    assert [hit.snippet[a:b].casefold() for a, b in hit.spans] == ["thermal night vision"]


def test_text_spans_index_the_full_passage(story: Story, index: SearchIndex) -> None:
    """text_spans point into the passage's full text."""
    hit = index.search("thermal night vision").passages[0]
    text = next(p.text for p in story.article.passages if p.id == hit.id)
    assert [text[a:b] for a, b in hit.text_spans] == ["thermal night vision"]


def test_place_name_finds_the_place_and_its_passages(story: Story, index: SearchIndex) -> None:
    """ "lheiban" finds the place and, in article order, the passages naming it."""
    results = index.search("lheiban")
    assert place_ids(results)[0] == "lheiban"
    numbers = [h.number for h in results.passages]
    assert len(numbers) >= 5 and numbers == sorted(numbers)
    assert all(h.snippet[a:b] == "Lheiban" for h in results.passages for a, b in h.spans)


def test_every_query_word_must_occur_in_a_passage() -> None:
    """Several words match passages holding all of them, anywhere, as word prefixes."""
    story = tiny_story(
        texts=["Iraqi soldiers dug trenches.", "Kurdish soldiers watched.", "Kurds farm."]
    )
    hits = search(story, "soldiers kurd").passages
    assert [h.number for h in hits] == [2]
    assert [hits[0].snippet[a:b] for a, b in hits[0].spans] == ["Kurd", "soldiers"]


def test_one_letter_words_do_not_count_apart() -> None:
    """Outside a phrase, query words under 2 characters are not required, nor matched."""
    story = tiny_story(texts=["Col Jawhar said so.", "The colonel, J. Smith, agreed."])
    hits = search(story, "Col J").passages
    assert [h.number for h in hits] == [1, 2]
    assert [hits[1].snippet[a:b] for a, b in hits[1].spans] == ["col"]


def test_words_match_only_at_word_starts() -> None:
    """A query word inside another word does not match a passage."""
    story = tiny_story(texts=["The village of Lheiban."])
    assert search(story, "heiban").passages == ()


def test_phrase_hits_rank_before_scattered_words() -> None:
    """A passage holding the query as a phrase comes before one holding its words apart."""
    story = tiny_story(texts=["Vision at night was thermal.", "They had thermal night vision."])
    assert [h.number for h in search(story, "thermal night vision").passages] == [2, 1]


def test_passage_limit_caps_the_passages(index: SearchIndex) -> None:
    """limit_passages bounds how many passages come back."""
    assert len(index.search("the", limit_passages=3).passages) == 3


def test_spans_line_up_after_curly_quotes_accents_and_ligatures() -> None:
    """Spans index the original text even when folding changed what came before."""
    text = "Don’t say “café” — it’s ﬁne: Straße,  nai\u0308ve\u0640 Lheiban, ﬁne."
    story = tiny_story(texts=[text])
    for query, expected in [
        ("lheiban", "Lheiban"),
        ("don't", "Don’t"),
        ('"cafe"', "“café”"),
        ("strasse", "Straße"),
        ("naive", "nai\u0308ve\u0640"),
        ("fine", "ﬁne"),
    ]:
        hit = search(story, query).passages[0]
        assert hit.snippet[slice(*hit.spans[0])] == expected, query
        assert text[slice(*hit.text_spans[0])] == expected, query


def test_long_passage_snippet_is_a_window_cut_at_words() -> None:
    """A long passage gives ~200 chars around the match, whole words, "…" where cut."""
    text = (
        " ".join(f"word{i}" for i in range(60)) + " Lheiban " + " ".join("x" * 7 for _ in range(60))
    )
    hit = search(tiny_story(texts=[text]), "lheiban").passages[0]
    assert hit.snippet.startswith("…word") and hit.snippet.endswith("xxxxxxx…")
    assert len(hit.snippet) <= 202
    inner = hit.snippet[1:-1]
    at = text.index(inner)
    assert text[at - 1] == " " and text[at + len(inner)] == " "
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["Lheiban"]


def test_short_passage_is_its_own_snippet() -> None:
    """A passage under 200 characters is shown whole, without "…"."""
    text = "The scene in the small village of Lheiban."
    assert search(tiny_story(texts=[text]), "village").passages[0].snippet == text


# --- queries --------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", " ", "L", "ل", "لَ", "\u202e", "é"])
def test_queries_under_two_characters_find_nothing(index: SearchIndex, query: str) -> None:
    """Empty queries and those shorter than 2 characters once folded return nothing."""
    assert index.search(query).empty


@pytest.mark.parametrize("query", [".*", "(", "[", "(((", "[a-z]+", "\\d", "a|b", "^$", "?*+"])
def test_regex_characters_are_literal(index: SearchIndex, query: str) -> None:
    """Regex metacharacters are searched as text: no error, no pattern semantics."""
    results = index.search(query)
    assert results.passages == () and results.places == ()


def test_regex_characters_find_their_literal_text() -> None:
    """ "(a)" finds the passage holding "(a)", spanning it exactly."""
    hit = search(tiny_story(texts=["Rule (a) applies [see note]."]), "(a)").passages[0]
    assert hit.snippet[slice(*hit.spans[0])] == "(a)"


def test_long_query_is_capped(index: SearchIndex) -> None:
    """Only the first 100 characters of a query are searched."""
    query = "thermal night vision" + " " * 9_977 + "zzz"
    results = index.search(query)
    assert len(results.query) == MAX_QUERY_CHARS
    assert [h.id for h in results.passages] == ["p12-4e8d"]


def test_hostile_text_is_searched_and_returned_verbatim() -> None:
    """Markup and template syntax are plain text: matched and returned unchanged."""
    text = "Says <script>alert(1)</script> and ${x} and `rm` here."
    story = tiny_story(texts=[text])
    for query in ["<script>", "${x}", "`rm`"]:
        hit = search(story, query).passages[0]
        assert hit.snippet == text and hit.snippet[slice(*hit.spans[0])] == query


def test_bidi_controls_in_the_query_are_ignored(index: SearchIndex) -> None:
    """RTL overrides and zero-width characters do not stop a match."""
    assert place_ids(index.search("\u202eLhei\u200dban\u202c"))[:1] == ["lheiban"]


def test_queries_with_only_unknown_text_find_nothing(index: SearchIndex) -> None:
    """A query matching nothing gives empty results."""
    assert index.search("<script>alert(1)</script>").empty


# --- the story ------------------------------------------------------------------------------


def test_story_without_article_still_finds_places(story: Story) -> None:
    """With no article, places are found and passages are empty."""
    results = search(replace(story, article=None), "Lheiban")
    assert place_ids(results)[0] == "lheiban" and results.passages == ()


def test_search_equals_a_built_index(story: Story, index: SearchIndex) -> None:
    """search(story, q) gives what SearchIndex.build(story).search(q) gives."""
    assert search(story, "lheiban") == index.search("lheiban")


def test_empty_results_are_empty() -> None:
    """SearchResults() is empty; any hit makes it not."""
    assert SearchResults().empty
    assert not search(tiny_story([{"id": "x", "name": "Tuz"}]), "tuz").empty


def test_events_are_found_by_their_title_and_summary() -> None:
    """ "referendum" finds the 2017 Kurdistan referendum event, the match shown."""
    from pathlib import Path

    from geo.story import load_story

    index = SearchIndex.build(load_story(Path("data")))
    hits = index.search("referendum").events
    assert hits and hits[0].id == "kurdistan-referendum"
    start, end = hits[0].spans[0]
    assert hits[0].snippet[start:end].casefold() == "referendum"
