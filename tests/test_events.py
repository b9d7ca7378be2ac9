"""geo/events.py: ISO dates at their precision, the events loader, and the date helpers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from geo.events import Event, event_record, events_as_of, load_events
from geo.isodates import DateError, is_valid_on, iso_span, precision_of

DATA = Path(__file__).resolve().parent.parent / "data"


def entry(**overrides: object) -> dict:
    """A valid event as data/events.json holds it, with overrides (None drops a key)."""
    base = {
        "id": "test-event",
        "date": "2021-12-07",
        "precision": "day",
        "start": "2021-12-07",
        "end": "2021-12-07",
        "title": "Test",
        "summary": "Something happened.",
        "passages": ["p01"],
        "places": ["lheiban"],
        "actors": ["isis"],
        "origin": "article",
        "source": "the article",
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def write(tmp_path: Path, events: list | object) -> Path:
    path = tmp_path / "events.json"
    doc = {"events": events} if isinstance(events, list) else events
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def load(tmp_path: Path, *events: dict):
    return load_events(write(tmp_path, list(events)), {"p01"}, {"lheiban"}, {"isis"})


def event(date_text: str, eid: str = "e") -> Event:
    precision = precision_of(date_text)
    return Event(eid, date_text, precision, "t", "s.", (), (), (), "context", "x 2021")


# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last", "precision"),
    [
        ("2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
        ("2014-06", date(2014, 6, 1), date(2014, 6, 30), "month"),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29), "month"),
        ("2017-10-16", date(2017, 10, 16), date(2017, 10, 16), "day"),
        ("2009/2014", date(2009, 1, 1), date(2014, 12, 31), "period"),
        ("2009-11/2010-01-30", date(2009, 11, 1), date(2010, 1, 30), "period"),
    ],
)
def test_a_date_covers_every_day_of_its_precision(text, first, last, precision) -> None:
    """A year, month or period runs from its first day through its last."""
    assert iso_span(text) == (first, last)
    assert precision_of(text) == precision


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2017-13", "month must be in 1..12"),
        ("2017-02-30", "day is out of range"),
        ("17 Oct 2017", "not YYYY"),
        ("2014/2009", "ends before it starts"),
        ("2009/2010/2011", "more than one"),
        ("", "not YYYY"),
    ],
)
def test_unreadable_dates_say_why(text: str, reason: str) -> None:
    """A malformed or impossible date raises DateError naming the problem."""
    with pytest.raises(DateError, match=reason):
        iso_span(text)


def test_events_as_of_a_day_include_those_begun_by_then() -> None:
    """Events as of 7 Dec 2021: begun on or before it, in date order."""
    events = [event("2021-12-31", "end"), event("2021-12-07", "move"), event("2014-06", "fall")]
    assert [e.id for e in events_as_of(events, "2021-12-07")] == ["fall", "move"]


def test_events_as_of_a_coarse_date_count_through_its_end() -> None:
    """As of "2017" includes an event of 9 Dec 2017; as of "2017-10" does not."""
    events = [event("2017-12-09", "victory"), event("2017-10-16", "operation")]
    assert [e.id for e in events_as_of(events, "2017")] == ["operation", "victory"]
    assert [e.id for e in events_as_of(events, "2017-10")] == ["operation"]


def test_a_period_event_counts_from_its_start() -> None:
    """Joint security 2009/2014 has begun as of 2010."""
    assert [e.id for e in events_as_of([event("2009/2014", "csm")], "2010-05-01")] == ["csm"]


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "on", "expected"),
    [
        ("2014-06-12", "2017-10-15", "2017-10-15", True),
        ("2014-06-12", "2017-10-15", "2017-10-16", False),
        ("2014-06-12", "2017-10-15", "2014-06-11", False),
        ("2014-06-12", "2017-10", "2017-10-31", True),  # a month is valid through its end
        ("2014-06-12", "2017", "2017-12-31", True),
        ("2017-10-27", None, "2030-01-01", True),  # null: still valid
        ("2021-12", None, "2021-12-01", True),
        ("2021-12-07", None, "2021-12", True),  # valid at some time in December
        ("2021-12-07", None, "2021-11", False),
        ("2003-03-19", "2014-06-11", "2009/2010", True),
    ],
)
def test_is_valid_on_compares_dates_of_different_precision(
    valid_from: str, valid_to: str | None, on: str, expected: bool
) -> None:
    """A feature holds on a date if its validity overlaps any day of that date."""
    assert is_valid_on({"valid_from": valid_from, "valid_to": valid_to}, on) is expected


def test_is_valid_on_reads_a_frames_nan_as_null() -> None:
    """A GeoDataFrame row's NaN valid_to means still valid."""
    assert is_valid_on({"valid_from": "2017-10-27", "valid_to": float("nan")}, "2021-12-07")


def test_without_valid_from_a_feature_is_valid_until_valid_to() -> None:
    """A feature with no validity at all is valid on every date."""
    assert is_valid_on({}, "1990")
    assert not is_valid_on({"valid_to": "2000"}, "2001")


# --- loading ---------------------------------------------------------------------------


def test_a_valid_event_loads_as_a_frozen_event(tmp_path: Path) -> None:
    """A valid entry becomes an Event whose record round-trips the entry."""
    events, problems = load(tmp_path, entry())
    assert problems == ()
    assert events[0].start == date(2021, 12, 7)
    assert event_record(events[0]) == entry()
    with pytest.raises(AttributeError):
        events[0].title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "2021-12-32"}, "date", "day is out of range"),
        ({"precision": "month"}, "precision", "has precision 'day'"),
        ({"end": "2021-12-08"}, "end", "must be 2021-12-07"),
        ({"passages": ["p99"]}, "passages", "unknown id 'p99'"),
        ({"places": ["atlantis"]}, "places", "unknown id 'atlantis'"),
        ({"actors": ["nato"]}, "actors", "unknown id 'nato'"),
        ({"id": "Not A Slug"}, "id", "must be a slug"),
        ({"origin": "rumour"}, "origin", "not one of article, context"),
        ({"title": " "}, "title", "non-empty"),
        ({"summary": "Two. Sentences here."}, "summary", "one sentence"),
        ({"summary": "<b>Bold</b>."}, "summary", "plain text"),
        ({"summary": "No full stop"}, "summary", "end as a sentence"),
        ({"passages": []}, "passages", "at least one passage"),
        ({"origin": "context", "source": "Reuters"}, "source", "named, dated source"),
        ({"origin": "context", "source": "the article 2021"}, None, None),
        ({"source": None}, "source", "missing"),
        ({"colour": "red"}, "colour", "unknown key"),
    ],
)
def test_each_event_rule_names_event_and_field(
    tmp_path: Path, overrides: dict, field: str | None, message: str | None
) -> None:
    """A broken event is skipped with a problem naming the file, the event and the field."""
    events, problems = load(tmp_path, entry(**overrides))
    if field is None:
        assert problems == () and len(events) == 1
        return
    assert events == ()
    hits = [p for p in problems if p.field == field and message in p.message]
    assert hits, [str(p) for p in problems]
    assert hits[0].file == "events.json"
    assert hits[0].feature_id == overrides.get("id", "test-event")


def test_duplicate_ids_are_named(tmp_path: Path) -> None:
    """Two events with one id: the second is refused as a duplicate."""
    again = entry(date="2021", precision="year", start="2021-01-01", end="2021-12-31")
    events, problems = load(tmp_path, entry(), again)
    assert len(events) == 1
    assert [(p.feature_id, p.field, p.message) for p in problems] == [
        ("test-event", "id", "duplicate id")
    ]


def test_one_broken_event_costs_only_itself(tmp_path: Path) -> None:
    """The valid events load, in date order, beside a broken one."""
    later = entry(id="later", date="2022", precision="year", start="2022-01-01", end="2022-12-31")
    events, problems = load(tmp_path, later, entry(id="broken", places=["x"]), entry())
    assert [e.id for e in events] == ["test-event", "later"]
    assert [p.feature_id for p in problems] == ["broken"]


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "invalid JSON"), ("[]", "'events' list"), ('{"events": {}}', "'events' list")],
)
def test_a_broken_file_is_one_problem(tmp_path: Path, content: str, message: str) -> None:
    """Unreadable JSON or a wrong top level: no events, one problem naming the file."""
    path = tmp_path / "events.json"
    path.write_text(content, encoding="utf-8")
    events, problems = load_events(path)
    assert events == ()
    assert len(problems) == 1 and message in problems[0].message
    assert problems[0].file == "events.json"


def test_unchecked_ids_are_not_refused(tmp_path: Path) -> None:
    """With no id lists given, passages, places and actors are not checked against any."""
    events, problems = load_events(write(tmp_path, [entry(places=["anything"])]))
    assert problems == () and len(events) == 1


def test_shipped_events_load_clean() -> None:
    """data/events.json loads with no problem, in date order."""
    events, problems = load_events(DATA / "events.json")
    assert problems == ()
    assert [e.start for e in events] == sorted(e.start for e in events)


def test_event_day_is_a_periods_start_or_a_dates_end() -> None:
    """The map shows a period as it began, a month or a year as it ended, a day as that day."""
    from geo.events import Event

    def event(date: str, precision: str) -> Event:
        return Event("e", date, precision, "t", "s", (), (), (), "context", "src")

    assert event("2009/2014", "period").day.isoformat() == "2009-01-01"
    assert event("2014-06", "month").day.isoformat() == "2014-06-30"
    assert event("2017-10-16", "day").day.isoformat() == "2017-10-16"
