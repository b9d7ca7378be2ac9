"""geo.storyconfig: story.json's opening view, id lists, place names, distances, ids the data
lacks (warnings), and its updated date and corrections; each bad value named and defaulted or
left out. (The file, defaults, texts, favicon and focus: tests/test_storyconfig.py.)"""

from __future__ import annotations

from datetime import date

import pytest

from geo.storyconfig import (
    MAX_TEXT,
    Distance,
    StoryConfig,
    check_ids,
    parse_story_config,
)
from tests.storyconfig_cases import GOOD_FOCUS, fields

# --- opening view, lists ---------------------------------------------------------------------


def test_unknown_opening_view_is_named() -> None:
    """An opening view other than focus or zone is named."""
    config = parse_story_config({"focus": GOOD_FOCUS, "opening_view": "globe"})
    assert fields(config) == ["opening_view"] and config.opening_view == "focus"


def test_zone_opening_view_is_kept() -> None:
    """opening_view 'zone' opens on the zone even with a focus."""
    assert parse_story_config({"focus": GOOD_FOCUS, "opening_view": "zone"}).opening_view == "zone"


@pytest.mark.parametrize("key", ["story_places", "default_layers"])
@pytest.mark.parametrize("value", ["lheiban", [1], ["Not A Slug"]], ids=repr)
def test_bad_id_list_is_named(key: str, value: object) -> None:
    """story_places and default_layers must be lists of slug ids; else named and ignored."""
    config = parse_story_config({key: value})
    assert fields(config) == [key]
    assert getattr(config, key) == getattr(StoryConfig(), key)


def test_id_lists_drop_repeats() -> None:
    """A repeated id is kept once, in first order."""
    config = parse_story_config({"default_layers": ["isis", "jcc", "isis"]})
    assert config.default_layers == ("isis", "jcc")


def test_place_names_in_text_may_be_any_strings() -> None:
    """Names in the text are words, not ids: capitals and spaces are fine."""
    config = parse_story_config({"place_names_in_text": ["Kurdish region", "Iraq"]})
    assert config.problems == () and config.place_names_in_text == ("Kurdish region", "Iraq")


def test_bad_place_names_in_text_are_named() -> None:
    """place_names_in_text that is not a list of strings is named and ignored."""
    config = parse_story_config({"place_names_in_text": "Iraq"})
    assert fields(config) == ["place_names_in_text"] and config.place_names_in_text == ()


# --- distances -------------------------------------------------------------------------------


def test_distances_are_read_in_order() -> None:
    """Each distance keeps its label and its two ends."""
    doc = {"distances": [{"label": "L to D", "from": "lheiban", "to": "debaga"}]}
    assert parse_story_config(doc).distances == (Distance("L to D", "lheiban", "debaga"),)


def test_distances_must_be_a_list() -> None:
    """distances that is not a list is named and ignored."""
    config = parse_story_config({"distances": {"label": "x"}})
    assert fields(config) == ["distances"] and config.distances == ()


@pytest.mark.parametrize(
    "item",
    [
        {"label": "", "from": "a", "to": "b"},
        {"label": "x", "from": "a"},
        {"label": "x", "from": "A B", "to": "b"},
        "a to b",
    ],
    ids=["no-label", "no-to", "not-a-slug", "string"],
)
def test_bad_distance_is_named_by_index_and_skipped(item: object) -> None:
    """A distance without a label and two slug ends is named by its index; others stay."""
    good = {"label": "ok", "from": "a", "to": "b"}
    config = parse_story_config({"distances": [good, item]})
    assert fields(config) == ["distances[1]"]
    assert [d.label for d in config.distances] == ["ok"]


# --- ids the data lacks ----------------------------------------------------------------------


def test_unknown_focus_place_is_a_warning() -> None:
    """A focus place the data lacks is a warning naming focus.places."""
    config = parse_story_config({"focus": {**GOOD_FOCUS, "places": ["atlantis"]}})
    (problem,) = check_ids(config, {"lheiban"}, set())
    assert (problem.field, problem.severity) == ("focus.places", "warning")
    assert "atlantis" in problem.message


def test_unknown_story_place_is_a_warning() -> None:
    """A story place the data lacks is a warning naming story_places."""
    config = parse_story_config({"story_places": ["atlantis"]})
    assert [p.field for p in check_ids(config, {"lheiban"}, set())] == ["story_places"]


def test_unknown_default_layer_is_a_warning() -> None:
    """A default layer that is no actor is a warning naming default_layers."""
    config = parse_story_config({"default_layers": ["vikings"]})
    assert [p.field for p in check_ids(config, set(), {"isis"})] == ["default_layers"]


def test_distance_to_an_unknown_place_is_a_warning() -> None:
    """A distance naming a place the data lacks is a warning naming distances."""
    config = parse_story_config({"distances": [{"label": "x", "from": "lheiban", "to": "oz"}]})
    (problem,) = check_ids(config, {"lheiban"}, set())
    assert problem.field == "distances" and "'oz'" in problem.message


# --- updated and corrections -----------------------------------------------------------------


def test_updated_and_corrections_are_read_oldest_first() -> None:
    config = parse_story_config(
        {
            "updated": "2021-12-20",
            "corrections": [
                {"date": "2021-12-19", "text": " Lheiban lies south-east of Makhmur. "},
                {"date": "2021-12-18", "text": "The JCC count is six."},
            ],
        }
    )
    assert not config.problems
    assert config.updated == date(2021, 12, 20)
    assert [(c.day, c.text) for c in config.corrections] == [
        (date(2021, 12, 18), "The JCC count is six."),
        (date(2021, 12, 19), "Lheiban lies south-east of Makhmur."),
    ]


@pytest.mark.parametrize("value", ["20 Dec 2021", "2021-13-01", "2021-12-2", 20211220, None])
def test_bad_updated_is_named_and_ignored(value: object) -> None:
    config = parse_story_config({"updated": value})
    assert config.updated is None
    assert fields(config) == ["updated"]
    assert "YYYY-MM-DD" in str(config.problems[0])


def test_corrections_must_be_a_list() -> None:
    config = parse_story_config({"corrections": {"date": "2021-12-18", "text": "x"}})
    assert config.corrections == ()
    assert fields(config) == ["corrections"]


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ("a correction", "corrections[1]"),
        ({"date": "yesterday", "text": "x"}, "corrections[1].date"),
        ({"date": "2021-12-18"}, "corrections[1].text"),
        ({"date": "2021-12-18", "text": "   "}, "corrections[1].text"),
        ({"date": "2021-12-18", "text": "x" * (MAX_TEXT + 1)}, "corrections[1].text"),
    ],
)
def test_a_bad_correction_is_named_by_index_and_left_out(item: object, field: str) -> None:
    good = {"date": "2021-12-19", "text": "The good one."}
    config = parse_story_config({"corrections": [item, good]})
    assert field in fields(config)
    assert [c.text for c in config.corrections] == ["The good one."]
