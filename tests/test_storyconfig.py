"""geo.storyconfig: story.json read into a StoryConfig; each bad value named and defaulted.
The file, the defaults, the texts, the favicon and the focus. (Opening view, id lists,
distances, ids the data lacks, updated and corrections: tests/test_storyconfig_lists.py.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from geo.loading import GEOGRAPHY_LAYERS, load_dataset
from geo.storyconfig import (
    MAX_TEXT,
    StoryConfig,
    check_ids,
    load_story_config,
    parse_story_config,
)
from tests.storyconfig_cases import DATA, GOOD_FOCUS, TEXT_KEYS, fields

# --- the file ------------------------------------------------------------------------------


def test_folder_without_story_json_gives_defaults_and_no_problem(tmp_path: Path) -> None:
    """A story folder with no story.json opens with the defaults and reports nothing."""
    config = load_story_config(tmp_path)
    assert config == StoryConfig() and config.problems == ()


def test_invalid_story_json_is_named(tmp_path: Path) -> None:
    """A story.json that is not valid JSON is one problem naming the file and line."""
    (tmp_path / "story.json").write_text("{oops", encoding="utf-8")
    (problem,) = load_story_config(tmp_path).problems
    assert problem.file == "story.json" and "invalid JSON at line 1" in problem.message


def test_story_json_must_be_an_object() -> None:
    """A top level that is not an object is named, and the defaults are used."""
    config = parse_story_config(["title"])
    assert config.title == StoryConfig().title
    assert [p.message for p in config.problems] == ["must be a JSON object"]


def test_shipped_story_json_has_no_problems() -> None:
    """data/story.json parses without a single problem."""
    assert load_story_config(DATA).problems == ()


def test_shipped_story_json_names_only_ids_the_data_has() -> None:
    """Every place, layer and distance end the shipped story.json names exists."""
    config = load_story_config(DATA)
    dataset = load_dataset(DATA)
    known = {str(i) for name in GEOGRAPHY_LAYERS for i in dataset.layer(name)["id"]}
    actors = {a["id"] for a in json.loads((DATA / "actors.json").read_text())["actors"]}
    assert check_ids(config, known, actors) == []


# --- defaults ------------------------------------------------------------------------------


def test_absent_keys_take_their_defaults() -> None:
    """An empty object gives every default and no problem."""
    config = parse_story_config({})
    assert config.problems == ()
    assert (config.title, config.standfirst, config.page_title) == (
        "A story map",
        "",
        "A story map",
    )
    assert config.default_layers is None and config.distances == () and config.favicon is None


def test_without_a_focus_the_map_opens_on_the_zone() -> None:
    """With no focus box, the opening view is the whole zone."""
    assert parse_story_config({"opening_view": "focus"}).opening_view == "zone"


def test_page_title_defaults_to_the_title() -> None:
    """Without page_title, the browser tab shows the story's title."""
    assert parse_story_config({"title": "Lheiban"}).page_title == "Lheiban"


def test_text_values_are_stripped() -> None:
    """Surrounding whitespace is dropped from text values."""
    assert parse_story_config({"title": "  Lheiban \n"}).title == "Lheiban"


# --- text keys -----------------------------------------------------------------------------


@pytest.mark.parametrize("key", TEXT_KEYS)
@pytest.mark.parametrize("value", [42, "", "   ", "x" * (MAX_TEXT + 1)], ids=repr)
def test_bad_text_is_named_and_defaulted(key: str, value: object) -> None:
    """A text key that is not a non-empty string of at most MAX_TEXT characters is named
    and replaced by its default."""
    config = parse_story_config({key: value})
    assert fields(config) == [key]
    assert getattr(config, key) == getattr(StoryConfig(), key)


def test_bad_page_title_is_named_and_falls_back_to_the_title() -> None:
    """A bad page_title is named; the tab shows the title instead."""
    config = parse_story_config({"title": "Lheiban", "page_title": ""})
    assert fields(config) == ["page_title"] and config.page_title == "Lheiban"


# --- favicon -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["../secret.svg", "icons/a.svg", ".hidden", 3])
def test_favicon_must_be_a_file_name_in_the_folder(tmp_path: Path, value: object) -> None:
    """A favicon with a path, a leading dot or not a string is named and ignored."""
    config = parse_story_config({"favicon": value}, data_dir=tmp_path)
    assert fields(config) == ["favicon"] and config.favicon is None


def test_missing_favicon_file_is_named(tmp_path: Path) -> None:
    """A favicon naming a file the folder lacks is named and ignored."""
    config = parse_story_config({"favicon": "icon.svg"}, data_dir=tmp_path)
    assert fields(config) == ["favicon"] and config.favicon is None


def test_favicon_in_the_folder_is_used(tmp_path: Path) -> None:
    """A favicon file in the story's folder is given as its path."""
    shutil.copy(DATA / "favicon.svg", tmp_path / "favicon.svg")
    config = parse_story_config({"favicon": "favicon.svg"}, data_dir=tmp_path)
    assert config.problems == () and config.favicon == tmp_path / "favicon.svg"


# --- focus ---------------------------------------------------------------------------------


def test_good_focus_is_read() -> None:
    """A focus box, label and places are read; the map opens on the focus."""
    config = parse_story_config({"focus": GOOD_FOCUS})
    assert config.problems == ()
    assert config.focus_bbox == (43.4, 35.47, 44.1, 36.02)
    assert (config.focus_label, config.focus_places, config.opening_view) == (
        "Lheiban",
        ("lheiban",),
        "focus",
    )


def test_focus_must_be_an_object() -> None:
    """A focus that is not an object is named; the whole zone is shown."""
    config = parse_story_config({"focus": [43.4, 35.47, 44.1, 36.02]})
    assert fields(config) == ["focus"] and config.opening_view == "zone"


@pytest.mark.parametrize(
    "bbox",
    [
        [44.1, 35.47, 43.4, 36.02],  # west east of east
        [43.4, 36.02, 44.1, 35.47],  # south north of north
        [35.47, 43.4, 36.02, 44.1],  # lat/lon swapped: outside the region
        [43.4, 35.47, 44.1],
        [43.4, 35.47, 44.1, float("nan")],
        "43.4,35.47,44.1,36.02",
    ],
    ids=["west-east", "south-north", "swapped", "three", "nan", "string"],
)
def test_bad_focus_bbox_is_named(bbox: object) -> None:
    """A bbox that is not [west, south, east, north] inside the region is named."""
    config = parse_story_config({"focus": {**GOOD_FOCUS, "bbox": bbox}})
    assert fields(config) == ["focus.bbox"] and config.focus_bbox is None


@pytest.mark.parametrize("label", [7, "", "x" * 201])
def test_bad_focus_label_is_named(label: object) -> None:
    """A focus label that is not a short non-empty string is named; the default is used."""
    config = parse_story_config({"focus": {**GOOD_FOCUS, "label": label}})
    assert fields(config) == ["focus.label"]
    assert config.focus_label == StoryConfig().focus_label


@pytest.mark.parametrize("places", ["lheiban", ["Lheiban"], [3]])
def test_bad_focus_places_are_named(places: object) -> None:
    """Focus places that are not a list of slugs are named and ignored."""
    config = parse_story_config({"focus": {**GOOD_FOCUS, "places": places}})
    assert fields(config) == ["focus.places"] and config.focus_places == ()
