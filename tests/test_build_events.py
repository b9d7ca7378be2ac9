"""scripts/build_events.py: raw events -> data/events.json, every fault named at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.article import parse_article
from scripts.build_events import build, build_events, place_ids
from scripts.constructions import BuildError

ROOT = Path(__file__).resolve().parent.parent

DATA = ROOT / "data"
_, PASSAGES = parse_article((DATA / "article.txt").read_text(encoding="utf-8"))
PLACES = place_ids(DATA)
ACTORS = {"peshmerga", "iraqi-army", "isis"}
SHIPPED = json.loads((DATA / "events.json").read_text(encoding="utf-8"))["events"]


def raw(**overrides: object) -> dict:
    """A valid raw event (snippets, no derived fields), with overrides."""
    base = {
        "id": "joint-move",
        "date": "2021-12-07",
        "title": "Joint move",
        "summary": "Peshmerga and Iraqi forces moved into Lheiban.",
        "passages": ["On December 7, peshmerga and Iraqi forces moved into the village"],
        "places": ["lheiban"],
        "actors": ["peshmerga", "iraqi-army"],
        "origin": "article",
        "source": "the article",
    }
    base.update(overrides)
    return base


def run(*events: dict) -> list[dict]:
    return build_events({"events": list(events)}, PASSAGES, PLACES, ACTORS)


def test_snippets_resolve_and_precision_is_derived() -> None:
    """Snippets become passage ids; precision, start and end come from the date."""
    (event,) = run(raw(date="2009-11/2010-01-30"))
    assert event["passages"] == ["p16-be87"]
    assert (event["precision"], event["start"], event["end"]) == (
        "period",
        "2009-11-01",
        "2010-01-30",
    )
    assert list(event)[:5] == ["id", "date", "precision", "start", "end"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"passages": ["words the article never says"]}, "passages", "occurs in no passage"),
        ({"passages": ["peshmerga"]}, "passages", "occurs in several passages"),
        ({"places": ["atlantis"]}, "places", "unknown id 'atlantis'"),
        ({"actors": ["nato"]}, "actors", "unknown id 'nato'"),
        ({"date": "7 December 2021"}, "date", "not YYYY"),
        ({"date": "2021-12-32"}, "date", "day is out of range"),
        ({"date": "2022/2021"}, "date", "ends before it starts"),
        ({"precision": "month"}, "precision", "has precision 'day'"),
        ({"origin": "context", "source": "a friend"}, "source", "named, dated source"),
    ],
)
def test_build_rejects_naming_event_and_field(overrides: dict, field: str, message: str) -> None:
    """Unknown snippet, place or actor, an invalid date: refused, naming event and field."""
    with pytest.raises(BuildError, match=rf"event 'joint-move', field '{field}': .*{message}"):
        run(raw(**overrides))


def test_every_problem_is_reported_in_one_error() -> None:
    """Faults in two events are collected and raised together."""
    with pytest.raises(BuildError) as caught:
        run(raw(places=["atlantis"]), raw(id="second", actors=["nato"], date="2021-13"))
    text = str(caught.value)
    assert "event 'joint-move', field 'places'" in text
    assert "event 'second', field 'actors'" in text
    assert "event 'second', field 'date'" in text


def test_duplicate_ids_are_refused() -> None:
    """Two raw events with one id fail the build."""
    with pytest.raises(BuildError, match="field 'id': duplicate id"):
        run(raw(), raw())


def test_output_is_in_date_order() -> None:
    """Events come out by first day, whatever the raw order."""
    events = run(raw(id="late", date="2021-12-31"), raw(id="early", date="2009/2014"))
    assert [e["id"] for e in events] == ["early", "late"]


def test_rebuild_matches_the_shipped_file(tmp_path: Path) -> None:
    """Building from data/raw gives data/events.json byte for byte."""
    path = build(DATA / "raw", DATA, tmp_path)
    assert path.read_bytes() == (DATA / "events.json").read_bytes()


@pytest.mark.parametrize(
    ("event_id", "date"),
    [
        ("joint-security-2009-2014", "2009/2014"),
        ("combined-security-mechanism", "2009-11/2010-01-30"),
        ("iraqi-army-collapse", "2014-06"),
        ("peshmerga-take-kirkuk", "2014-06-12"),
        ("federal-operation-kirkuk", "2017-10-16"),
        ("victory-over-isis-declared", "2017-12-09"),
        ("jcc-talks-rekindled", "2020/2021"),
        ("four-jccs-approved", "2020-08-21"),
        ("main-jccs-agreed", "2020-10-13"),
        ("jccs-begin-work", "2021-05-31"),
        ("federal-election-pmf-loss", "2021-10-10"),
        ("joint-move-into-lheiban", "2021-12-07"),
        ("us-combat-mission-ends", "2021-12-31"),
    ],
)
def test_the_articles_turning_points_are_shipped(event_id: str, date: str) -> None:
    """Each turning point of the article is an event with its date."""
    assert {e["id"]: e["date"] for e in SHIPPED}[event_id] == date


def test_article_events_cite_passages_and_context_names_a_dated_source() -> None:
    """An article event rests on passages; a context event names a dated source."""
    for event in SHIPPED:
        if event["origin"] == "article":
            assert event["passages"], event["id"]
        else:
            assert any(ch.isdigit() for ch in event["source"]), event["id"]
