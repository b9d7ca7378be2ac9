"""The reader model (geo.reader): what both hosts' reader shows, computed once in Python:
passages and their chips, every place a reader can choose with its facts and highlighted
passages, the timeline's events with their date words, the search keys, the reader's words;
the dates in words (one home: geo.reader.dates) and UTF-16 offsets."""

from __future__ import annotations

from datetime import date

import pytest

from geo.events import Event
from geo.reader import READER_LAYERS, reader_model
from geo.reader.dates import date_range, day_words, default_day, when
from geo.reader.model import place_facts
from geo.reader.words import NOUNS, WORDS, count, fill
from geo.search import utf16_offsets


@pytest.fixture(scope="module")
def data(story) -> dict:
    return reader_model(story)


def test_lheiban_has_its_nine_passages_with_the_mentions_marked(data: dict) -> None:
    """Each passage about Lheiban, in order; where the text names it, the span says so."""
    lheiban = data["places"]["lheiban"]
    assert lheiban["name"] == "Lheiban" and lheiban["layer"] == "places"
    assert len(lheiban["passages"]) == 9
    text = {p["id"]: p["text"] for p in data["passages"]}
    marked = [text[pid][s:e] for pid, spans, _reason in lheiban["passages"] for s, e in spans]
    assert marked == ["Lheiban"] * 5
    assert all(reason for _pid, _spans, reason in lheiban["passages"])
    facts = dict(place_facts(data, "lheiban"))
    assert facts["Certainty"].startswith("approximate") and "±9 km" in facts["Certainty"]
    assert facts["Source"].startswith("Researched estimate")
    assert lheiban["at"] == [35.66, 43.84]


def test_passages_carry_their_place_chips_in_article_order(data: dict) -> None:
    """Every passage knows its places (chips); numbers run 1..n."""
    assert [p["n"] for p in data["passages"]] == list(range(1, len(data["passages"]) + 1))
    p14 = next(p for p in data["passages"] if p["id"].startswith("p14-"))
    assert p14["places"] == ["debaga", "kurdistan-region", "lheiban"]
    assert all(pid in data["places"] for p in data["passages"] for pid in p["places"])


def test_every_layer_a_reader_can_click_has_its_cards(data: dict, story) -> None:
    """The geography, the force claims, the areas of control and the districts: each feature
    has a card (the edition used to open nothing for an area of control or a district)."""
    layers = {place["layer"] for place in data["places"].values()}
    assert layers == set(READER_LAYERS)
    for layer in ("forces", "control", "districts"):
        ids = [pid for pid, p in data["places"].items() if p["layer"] == layer]
        assert len(ids) == len(story.dataset.layer(layer)), layer
    force = next(pid for pid, p in data["places"].items() if p["layer"] == "forces")
    labels = {label for label, _ in place_facts(data, force)}
    assert {"Actor", "Origin", "Certainty", "Source"} <= labels
    # Each fact's text is written once (a source shared by 18 governorates, once).
    assert len(set(data["factTexts"])) == len(data["factTexts"])
    governorates = [pid for pid in data["places"] if pid.startswith("prov-")]
    sources = {dict(place_facts(data, pid))["Source"] for pid in governorates}
    assert len(governorates) == 18 and len(sources) == 1
    held = data["places"]["control-krg-2014"]
    assert held["kind"] == "area held (who held what)"


def test_search_keys_and_the_story_places(data: dict) -> None:
    """Names and aliases, Arabic included, folded (casefold, no harakat, one alef);
    passages with their maps; events by title and summary; the limits and folding rules."""
    search = data["search"]
    keys = {entry[0]: entry[1] for entry in search["places"]}
    assert "لهيبان" in keys["lheiban"] and "lheiban" in keys["lheiban"]
    assert "qaraqosh" in keys["qaraqosh"]
    assert (search["min"], search["max"]) == (2, 100)
    assert [p[0] for p in search["passages"]] == [p["id"] for p in data["passages"]]
    assert all(isinstance(m, list) and m[0] == [0, 0] for _, _, m in search["passages"])
    assert [e[0] for e in search["events"]] == [e["id"] for e in data["events"]]
    assert set(search["fold"]) == {"dropped", "replaced", "casefold"}
    assert data["storyPlaces"] == ["lheiban", "debaga", "makhmur", "qarachok"]


def test_the_timeline_s_events_are_in_the_model_in_date_order(data: dict, story) -> None:
    """Every event, oldest first, with its date at its precision, its day in words, texts,
    source line, passages and the places a reader can choose; the first day, the range."""
    events = data["events"]
    assert [e["id"] for e in events] == [e.id for e in story.events]
    assert len(events) == len(story.events) >= 20
    assert (data["day"], data["dayWords"]) == ("2021-12-17", "17 Dec 2021")
    assert data["range"] == ["2003-03-19", "2022-12-31"]
    by_id = {e["id"]: e for e in events}
    collapse = by_id["iraqi-army-collapse"]
    assert (collapse["when"], collapse["day"], collapse["title"]) == (
        "June 2014", "2014-06-30", "The Iraqi army collapses")  # fmt: skip
    assert collapse["source"] == "From the article · Sources: the article; month: AFP, 4 Aug 2014"
    assert collapse["passages"] == ["p26-2104"]
    assert collapse["places"] == ["prov-nineveh", "prov-kirkuk", "prov-salaheddin", "prov-diyala"]
    move = by_id["joint-move-into-lheiban"]
    assert (move["when"], move["day"], move["dayWords"]) == (
        "7 Dec 2021",
        "2021-12-07",
        "7 Dec 2021",
    )
    assert move["places"] == ["lheiban"] and move["passages"] == ["p03-a91e", "p16-be87"]
    assert by_id["joint-security-2009-2014"]["when"] == "2009–2014"
    assert by_id["joint-security-2009-2014"]["day"] == "2009-01-01"  # a period: its start
    assert by_id["federal-operation-kirkuk"]["when"] == "16 Oct 2017"
    assert by_id["combined-security-mechanism"]["when"] == "Nov 2009–30 Jan 2010"
    assert by_id["mosul-falls-to-isis"]["when"] == "9–10 Jun 2014"
    context = by_id["unami-disputed-boundaries-reports"]
    assert context["source"].startswith("Context: ") and "2009" in context["source"]
    # The districts are places a reader can choose now: chips, not names.
    assert "district-sinjar" in context["places"] and context["others"] == []
    passages = {p["id"] for p in data["passages"]}
    for event in events:
        assert set(event) == {"id", "when", "day", "dayWords", "title", "summary", "source",
                              "passages", "places", "others"}  # fmt: skip
        assert set(event["passages"]) <= passages
        assert all(pid in data["places"] for pid in event["places"])
        assert date.fromisoformat(event["day"])


def test_the_article_and_the_words(data: dict) -> None:
    """The article's credit and the names it uses that the map lacks; every word of the
    reader, its month names and nouns."""
    article = data["article"]
    assert article["credit"].startswith("“Iraqi army and Kurdish fighters team up")
    assert "Baghdad" not in article["unmapped"] and article["unmapped"]
    words = data["words"]
    assert {k: words[k] for k in WORDS} == WORDS
    assert words["months"][11] == "Dec" and words["nouns"]["passage"] == list(NOUNS["passage"])


def _event(value: str, precision: str) -> Event:
    return Event("e", value, precision, "T", "S.", (), (), (), "article", "the article")


@pytest.mark.parametrize(
    ("value", "precision", "label"),
    [
        ("2014", "year", "2014"),
        ("2014-06", "month", "June 2014"),
        ("2017-10-16", "day", "16 Oct 2017"),
        ("2009/2014", "period", "2009–2014"),
        ("2014-06/2014-08", "period", "Jun 2014–Aug 2014"),
        ("2017-10-15/2017-10-27", "period", "15–27 Oct 2017"),
        ("2017-09-25/2017-10-27", "period", "25 Sep–27 Oct 2017"),
        ("2016-07-12/2022", "period", "12 Jul 2016–2022"),
        ("2014-06-09/2014-06-10", "period", "9–10 Jun 2014"),
        ("2009-11/2010-01-30", "period", "Nov 2009–30 Jan 2010"),
    ],
)
def test_when_labels_say_the_date_at_its_precision(value: str, precision: str, label: str) -> None:
    """The timeline's label: no more precise than the source's date, each end its own (the
    app once said "Jun 2014–Jun 2014" where the edition said "9–10 Jun 2014")."""
    assert when(_event(value, precision)) == label


def test_days_in_words_the_default_day_and_the_range(story) -> None:
    assert day_words(date(2021, 12, 7)) == "7 Dec 2021"
    assert default_day(story) == date(2021, 12, 17)
    assert date_range(story) == (date(2003, 3, 19), date(2022, 12, 31))


def test_words_fill_and_count() -> None:
    assert fill(WORDS["saidPlace"], name="Lheiban", n=count(9, "passage")) == (
        "Lheiban: 9 passages, shown in the panel."
    )
    assert count(1, "place") == "1 place" and count(0, "event") == "0 events"


def test_offsets_are_utf16_code_units() -> None:
    """A character beyond the BMP counts twice, as JavaScript strings index it."""
    assert utf16_offsets("a😀b") == [0, 1, 3, 4]


def test_highlights_after_an_astral_character_stay_on_the_word() -> None:
    """A passage with an emoji before the mention: the span still covers the name in JS."""
    text = "😀 Lheiban"
    units = utf16_offsets(text)
    js = text.encode("utf-16-le")
    assert js[units[2] * 2 : units[9] * 2].decode("utf-16-le") == "Lheiban"
