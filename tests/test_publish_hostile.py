"""The published edition of the hostile data (tests/hostile_data.py, with an event per
payload): story.json's texts reach index.html only escaped, passage links stay http(s), and
reader.json holds each place's and event's payloads as plain strings (the page shows them
as text)."""

from __future__ import annotations

import json
import re

import pytest

from geo.publish import edition_files
from geo.reader.model import place_facts
from geo.story import load_story
from tests.hostile_data import (
    PAYLOAD_IDS,
    STORY_PAYLOADS,
    build_hostile_edition_data,
    payload,
    place_id,
)


# The hostile data with its events: this module's own, in place of conftest's hostile_story
# (which has no hostile events).
@pytest.fixture(scope="module")
def hostile_story(tmp_path_factory: pytest.TempPathFactory):
    return load_story(build_hostile_edition_data(tmp_path_factory.mktemp("hostile") / "data"))


@pytest.fixture(scope="module")
def hostile_files(hostile_story) -> dict[str, bytes]:
    return edition_files(hostile_story)


def test_hostile_story_texts_reach_the_page_only_escaped(hostile_files, hostile_story) -> None:
    """story.json's payloads (title, page title, standfirst, notes) are text in index.html."""
    html = hostile_files["index.html"].decode()
    for key, number in STORY_PAYLOADS.items():
        raw = payload(number, key)
        if key in ("measurement_note",):
            continue  # not on the published page
        if "<" in raw or "&" in raw:
            assert raw not in html, key
    assert "&lt;img src=x onerror=" in html  # P02 in the title, as text
    for needle in ("<img", "<svg onload", "<iframe", "<details", "<script>window"):
        assert needle not in html


def test_hostile_links_never_reach_the_data_unless_http(hostile_files) -> None:
    """Passage anchors in reader.json are absolute http(s) URLs only."""
    data = json.loads(hostile_files["reader.json"])
    hrefs = [a[2] for p in data["passages"] for a in p["anchors"]]
    assert hrefs and all(re.match(r"https?://[^/]", h) for h in hrefs)
    assert "https://example.org/" in hrefs


def test_hostile_names_are_in_the_data_as_plain_strings(hostile_files) -> None:
    """The data holds each payload as it is (the page shows it as text), nothing dropped."""
    data = json.loads(hostile_files["reader.json"])
    for number in PAYLOAD_IDS:
        place = data["places"][f"hostile-{number.lower()}"]
        assert place["name"] == payload(number, "name")
        facts = dict(place_facts(data, f"hostile-{number.lower()}"))
        assert facts["Source"] == payload(number, "source")
        assert place["passages"], number


def test_hostile_event_texts_are_in_the_data_as_plain_strings(hostile_files) -> None:
    """Each hostile event loads (none dropped) with its payloads as they are: the page's
    timeline shows them as text."""
    data = json.loads(hostile_files["reader.json"])
    events = {e["id"]: e for e in data["events"]}
    for number in PAYLOAD_IDS:
        event = events[f"hostile-event-{number.lower()}"]
        assert event["title"] == payload(number, "eventtitle")
        assert event["source"] == f"Context: {payload(number, 'eventsource')} (2021)"
        assert event["places"] == [place_id(number)]
    assert sum("__pwned" in e["summary"] for e in events.values()) >= 5
