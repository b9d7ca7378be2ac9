"""geo.story: the story's own values (story.json, actors.json) reach linking and checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from geo.story import load_story

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the shipped data folder to edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("raw"))
    return target


def edit(folder: Path, name: str, change) -> None:
    path = folder / name
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_shipped_story_reports_the_names_the_map_lacks() -> None:
    """Iraq and Iran, named in story.json and drawn nowhere, are reported as unmatched."""
    story = load_story(DATA)
    assert [u.name for u in story.links.unmatched_names] == ["Iraq", "Iran"]


def test_names_in_text_come_from_story_json(data: Path) -> None:
    """A story.json naming other words in the text reports those instead."""
    edit(data, "story.json", lambda doc: doc.update(place_names_in_text=["Daesh"]))
    story = load_story(data)
    assert [u.name for u in story.links.unmatched_names] == ["Daesh"]


def test_without_story_json_no_name_is_reported(data: Path) -> None:
    """A story folder with no story.json reports no unmatched names, and no problem for it."""
    (data / "story.json").unlink()
    story = load_story(data)
    assert story.links.unmatched_names == ()
    assert not [p for p in story.problems if p.file == "story.json"]


def test_force_of_an_actor_missing_from_actors_json_is_skipped(data: Path) -> None:
    """actors.json is the list of valid actors: drop one and its force features are named
    and skipped."""
    edit(
        data,
        "actors.json",
        lambda doc: doc.update(actors=[a for a in doc["actors"] if a["id"] != "pmf"]),
    )
    story = load_story(data)
    assert "pmf" not in set(story.dataset.layer("forces")["actor"])
    assert any(p.file == "forces.geojson" and "unknown actor 'pmf'" in p.message
               for p in story.problems)  # fmt: skip


def test_required_property_declared_in_actors_json_is_enforced(data: Path) -> None:
    """A property an actor newly requires skips that actor's features that lack it."""

    def require_rank(doc: dict) -> None:
        isis = next(a for a in doc["actors"] if a["id"] == "isis")
        isis["required_properties"] = [{"name": "rank"}]

    edit(data, "actors.json", require_rank)
    story = load_story(data)
    assert "isis" not in set(story.dataset.layer("forces")["actor"])
    assert any(p.file == "forces.geojson" and "field 'rank'" in p.message for p in story.problems)


def test_story_events_load_in_date_order() -> None:
    """story.events holds the shipped timeline, oldest first, with no problem."""
    story = load_story(DATA)
    assert len(story.events) >= 20
    assert [e.start for e in story.events] == sorted(e.start for e in story.events)
    assert not [p for p in story.problems if p.file == "events.json"]


def test_without_events_json_there_are_no_events_and_no_problem(data: Path) -> None:
    """A story with no events file simply has no timeline."""
    (data / "events.json").unlink()
    story = load_story(data)
    assert story.events == ()
    assert story.problems == ()


def test_a_broken_events_file_is_a_problem_and_the_rest_loads(data: Path) -> None:
    """Broken events.json: one problem naming it; the map, article and forces still load."""
    (data / "events.json").write_text("{broken", encoding="utf-8")
    story = load_story(data)
    assert story.events == ()
    assert [p.file for p in story.problems] == ["events.json"]
    assert story.article is not None and not story.dataset.layer("forces").empty


def test_an_event_naming_an_unknown_place_is_skipped_and_named(data: Path) -> None:
    """Events are checked against the loaded layers: an unknown place costs only its event."""

    def break_one(doc: dict) -> None:
        doc["events"][0]["places"] = ["atlantis"]

    edit(data, "events.json", break_one)
    story = load_story(data)
    (problem,) = [p for p in story.problems if p.file == "events.json"]
    assert problem.field == "places" and "'atlantis'" in problem.message
    assert len(story.events) == len(load_story(DATA).events) - 1


def test_events_may_name_districts(data: Path) -> None:
    """District ids count as places for events (the UNAMI reports event names them)."""
    story = load_story(DATA)
    unami = next(e for e in story.events if e.id == "unami-disputed-boundaries-reports")
    assert "district-kirkuk" in unami.places
