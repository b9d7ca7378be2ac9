"""Broken data content: links to passages and places that do not exist, missing required
fields, unknown actors and layers, and an empty, missing or malformed article. Each problem
is named (file, feature, field) and the rest still loads; one test per case, each on a fresh
copy of the shipped data folder with one thing broken. (Broken files: test_broken_data.py.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo.loading import load_dataset
from geo.story import load_story
from tests.breaking import (
    N_PLACES,
    N_PROVINCES,
    assert_geography_intact,
    edit_feature,
    ids,
    names,
    only,
    problems_about,
    read,
    write,
)
from tests.conftest import DATA


@pytest.fixture
def data(story_copy: Path) -> Path:
    """A copy of the shipped data folder to break."""
    return story_copy


# --- links to passages and places that do not exist ---------------------------------------


def test_force_citing_a_missing_passage_is_skipped_and_named(data: Path) -> None:
    """A force feature citing a passage id the article lacks is named (id, `passages`)."""
    edit_feature(data, "forces.geojson", "force-jcc-baghdad", passages=["p22-4dc1", "p99-dead"])
    story = load_story(data)
    message = only(problems_about(story, "forces.geojson"))
    names(message, "'force-jcc-baghdad'", "'passages'", "'p99-dead'")
    forces = ids(story, "forces")
    assert "force-jcc-baghdad" not in forces and "force-jcc-erbil" in forces


def test_force_at_a_missing_place_is_skipped_and_named(data: Path) -> None:
    """`at_place` naming no place is named (id, `at_place`); other features load."""
    edit_feature(data, "forces.geojson", "force-iraqi-army-mosul", at_place="atlantis")
    story = load_story(data)
    message = only(problems_about(story, "forces.geojson"))
    names(message, "'force-iraqi-army-mosul'", "'at_place'", "'atlantis'")
    assert "force-iraqi-army-kirkuk" in ids(story, "forces")


def test_manual_link_to_a_missing_place_costs_only_that_entry(data: Path) -> None:
    """links_manual.json naming a place the map lacks: that entry is named (file, entry,
    field) and ignored; every other link, manual or by alias, still loads."""
    doc = read(data, "links_manual.json")
    doc["implicit"].append(
        {"passage_contains": "Lheiban", "place_id": "atlantis", "reason": "a stale entry"}
    )
    write(data, "links_manual.json", doc)
    story = load_story(data)
    message = only(problems_about(story, "links_manual.json"))
    names(message, "links_manual.json", "implicit[8]", "'atlantis'")
    assert "place_id" in message, "the problem should name the field"
    assert story.links is not None, "one stale entry dropped every place-passage link"
    assert len(story.passages_for("lheiban")) == len(load_story(DATA).passages_for("lheiban"))


def test_actor_rule_matching_no_passage_costs_only_that_rule(data: Path) -> None:
    """An actor's implicit rule whose snippet is in no passage (the article was edited) is
    named (file, actor, field) and the story still loads."""
    doc = read(data, "actors.json")
    doc["actors"][4]["implicit"][0]["passage_contains"] = "a sentence the article lacks"
    write(data, "actors.json", doc)
    story = load_story(data)  # must not raise
    message = only(problems_about(story, "actors.json"))
    names(message, "isis", "implicit[0]", "occurs in no passage")
    assert_geography_intact(story)
    assert len(story.actors) == 6 and story.actor_passages("peshmerga")


# --- required fields, unknown actors and layers ----------------------------------------------


def test_missing_certainty_on_a_province_skips_only_it(data: Path) -> None:
    """A province without `certainty` is named (file, id, field); the 17 others load."""
    edit_feature(data, "provinces.geojson", "prov-diyala", certainty=None)
    story = load_story(data)
    message = only(problems_about(story, "provinces.geojson"))
    names(message, "provinces.geojson", "'prov-diyala'", "'certainty'", "missing")
    assert len(story.dataset.layer("provinces")) == N_PROVINCES - 1
    assert "baqubah" in ids(story, "places")  # its towns stay


def test_missing_source_on_a_force_feature_skips_only_it(data: Path) -> None:
    """A force feature without `source` is named; the actor's other features stay."""
    edit_feature(data, "forces.geojson", "force-iraqi-army-makhmur", source=None)
    story = load_story(data)
    message = only(problems_about(story, "forces.geojson"))
    names(message, "'force-iraqi-army-makhmur'", "'source'")
    forces = ids(story, "forces")
    assert "force-iraqi-army-makhmur" not in forces and "force-iraqi-army-lheiban" in forces


def test_unknown_actor_is_named_and_skipped(data: Path) -> None:
    """A force feature for actor "martians" is named (file, id, `actor`); the rest load."""
    edit_feature(data, "forces.geojson", "force-isis-lheiban-attacks", actor="martians")
    story = load_story(data)
    message = only(problems_about(story, "forces.geojson"))
    names(message, "forces.geojson", "'force-isis-lheiban-attacks'", "'actor'", "'martians'")
    forces = ids(story, "forces")
    assert "force-isis-lheiban-attacks" not in forces and "force-isis-qarachok-descent" in forces
    assert [a.id for a in story.actors] == [
        "peshmerga", "iraqi-army", "jcc", "pmf", "isis", "coalition"
    ]  # fmt: skip


def test_unexpected_geojson_file_is_reported_not_read(data: Path) -> None:
    """A *.geojson the app does not read (say, a misspelt layer) is named with a warning:
    otherwise a renamed layer would vanish from the map without a word."""
    shutil.copy(data / "places.geojson", data / "place.geojson")
    dataset = load_dataset(data)
    (problem,) = dataset.problems
    assert problem.file == "place.geojson" and problem.severity == "warning"
    assert "not a layer this map reads" in problem.message and "places.geojson" in problem.message
    assert len(dataset.layer("places")) == N_PLACES


# --- the article -----------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "  \n\t\n"], ids=["empty", "blank"])
def test_empty_article_is_named_and_the_map_stays(data: Path, content: str) -> None:
    """An empty article is named; geography, actors and context force features still load."""
    (data / "article.txt").write_text(content, encoding="utf-8")
    story = load_story(data)
    (problem,) = [p for p in story.problems if p.file == "article.txt"]
    names(str(problem), "article.txt", "is empty")
    assert story.article is None
    assert_geography_intact(story)
    assert len(story.actors) == 6
    # Context features rest on no passage: nothing about them depends on the article.
    assert {"force-iraqi-army-makhmur", "force-iraqi-army-mosul"} <= ids(story, "forces")


def test_missing_article_is_named_and_the_map_stays(data: Path) -> None:
    """A missing article file is named; the geography loads and places list no passage."""
    (data / "article.txt").unlink()
    story = load_story(data)
    (problem,) = [p for p in story.problems if p.file == "article.txt"]
    names(str(problem), "article.txt", "does not exist")
    assert_geography_intact(story)
    assert story.passages_for("lheiban") == []


def test_article_with_unterminated_attribute_keeps_its_text(data: Path) -> None:
    """An unterminated quote in an <a> would make the sanitiser drop the rest of the
    article; the text is read leniently instead, nothing is lost, and a warning says so."""
    text = (data / "article.txt").read_text(encoding="utf-8")
    cut = text.index("Iraq declared ISIS was defeated")
    (data / "article.txt").write_text(
        text[:cut] + '<a href="https://example.org/x title=oops>' + text[cut:], encoding="utf-8"
    )
    story = load_story(data)
    assert story.article is not None
    assert "Thankfully, this will continue in 2022" in story.article.text
    assert any("sanitiser would drop" in w for w in story.article.warnings)
