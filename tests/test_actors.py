"""Actors (geo.actors): the actors file, its checks, and passage-to-actor matching."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from geo.actors import ActorsError, actor_passages, link_actors, load_actors, parse_actors
from geo.article import parse_article

ROOT = Path(__file__).resolve().parent.parent
ACTORS = load_actors(ROOT / "data" / "actors.json")
ACTOR_IDS = [a.id for a in ACTORS]
_, PASSAGES = parse_article((ROOT / "data" / "article.txt").read_text(encoding="utf-8"))
# Implicit rules must each match a passage of the text they run on (geo.linking checks
# that), so tiny test texts use the aliases alone.
ALIAS_ONLY = tuple(replace(a, implicit=()) for a in ACTORS)


def _links(text: str) -> dict[str, list[str]]:
    _, passages = parse_article(text)
    return actor_passages(ALIAS_ONLY, passages)


def _actor(**overrides: object) -> dict:
    """A minimal valid actor entry, with overrides applied."""
    entry = {
        "id": "x",
        "name": "X",
        "description": "d",
        "aliases": [{"text": "Xs", "case_sensitive": True}],
        "style": {
            "colour": "#000000",
            "outline": "#000000",
            "marker": "star",
            "pattern": "solid",
            "line": "solid",
        },
    }
    entry.update(overrides)
    return entry


def test_is_does_not_match_lowercase_is() -> None:
    """The case-sensitive alias 'IS' never matches the verb 'is'."""
    assert _links("This is where it is.")["isis"] == []


def test_uppercase_is_matches_isis() -> None:
    """'IS' in capitals links the passage to ISIS."""
    assert len(_links("That is why IS are able to terrorise them.")["isis"]) == 1


def test_daesh_passage_links_to_isis() -> None:
    """The article's passage quoting 'Daesh took advantage' is linked to ISIS."""
    daesh = next(p.id for p in PASSAGES if "Daesh" in p.text)
    assert daesh in actor_passages(ACTORS, PASSAGES)["isis"]


def test_militants_link_to_isis_by_recorded_rule() -> None:
    """'the militants move at night' links to ISIS through a manual rule with a reason."""
    result = link_actors(ACTORS, PASSAGES)
    pid = next(p.id for p in PASSAGES if "the militants move at night" in p.text)
    links = result.links_for(pid, "isis")
    assert links and links[0].manual and links[0].reason.startswith("manual: ")


def test_peshmerga_matches_regardless_of_case() -> None:
    """'Peshmerga' and 'peshmerga' both link to the peshmerga."""
    assert len(_links("Peshmerga came. Later the peshmerga left.")["peshmerga"]) == 1


def test_bare_federal_is_not_the_army() -> None:
    """'federal government' and 'federal elections' do not link to the Iraqi army."""
    assert _links("The federal government lost federal elections.")["iraqi-army"] == []


def test_us_pronoun_does_not_match_coalition() -> None:
    """The pronoun 'us' is not the US."""
    assert _links("They talked with us.")["coalition"] == []


def test_every_actor_gets_a_key_in_actor_passages() -> None:
    """actor_passages returns all actors, even those with no passage."""
    assert set(_links("Nothing here.")) == set(ACTOR_IDS)


def test_actor_styles_differ_in_shape_and_pattern() -> None:
    """No two actors share a marker shape or an area pattern: colour is never the only cue."""
    markers = [a.style.marker for a in ACTORS]
    patterns = [a.style.pattern for a in ACTORS]
    assert len(set(markers)) == len(markers) and len(set(patterns)) == len(patterns)


def test_actor_style_avoids_the_maps_own_colours() -> None:
    """No actor uses vermillion, reddish purple or blue (the zone, ridge and region)."""
    taken = {"#D55E00", "#CC79A7", "#0072B2"}
    assert not {a.style.colour.upper() for a in ACTORS} & taken


def test_actor_without_aliases_is_rejected() -> None:
    """An actor entry with no aliases fails naming the actor and the field."""
    doc = {"actors": [{"id": "x", "name": "X", "description": "d", "aliases": []}]}
    with pytest.raises(ActorsError, match=r"\(x\), field 'aliases'"):
        parse_actors(doc)


def test_missing_actors_file_is_reported() -> None:
    """load_actors on a missing file raises ActorsError naming it."""
    with pytest.raises(ActorsError, match="actors.json: file is missing"):
        load_actors(ROOT / "no-such-dir" / "actors.json")


def test_actor_id_must_be_a_short_slug() -> None:
    """An actor id that is not a slug of at most 40 characters is rejected, naming the field."""
    with pytest.raises(ActorsError, match=r"field 'id': 'X Y' must be a slug"):
        parse_actors({"actors": [_actor(id="X Y")]})


def test_duplicate_actor_ids_are_rejected() -> None:
    """Two actors with one id are rejected, naming the id."""
    with pytest.raises(ActorsError, match=r"duplicate actor id\(s\) \['x'\]"):
        parse_actors({"actors": [_actor(), _actor()]})


def test_required_properties_must_be_a_list() -> None:
    """required_properties that is not a list is rejected, naming the field."""
    with pytest.raises(ActorsError, match=r"field 'required_properties': must be a list"):
        parse_actors({"actors": [_actor(required_properties={"name": "status"})]})


def test_required_property_needs_a_name() -> None:
    """A required property without a name is rejected, naming the entry."""
    doc = {"actors": [_actor(required_properties=[{"one_of": ["a"]}])]}
    with pytest.raises(ActorsError, match=r"required_properties\[0\]'\.name"):
        parse_actors(doc)


def test_required_property_values_must_be_strings() -> None:
    """A one_of that is not a list of strings is rejected, naming the entry."""
    doc = {"actors": [_actor(required_properties=[{"name": "status", "one_of": [1]}])]}
    with pytest.raises(ActorsError, match=r"required_properties\[0\]'\.one_of"):
        parse_actors(doc)


def test_required_property_rejects_unknown_keys() -> None:
    """A required property with a key other than name and one_of is rejected."""
    doc = {"actors": [_actor(required_properties=[{"name": "status", "values": ["a"]}])]}
    with pytest.raises(ActorsError, match=r"required_properties\[0\]': must be"):
        parse_actors(doc)


def test_required_property_listed_twice_is_rejected() -> None:
    """One property required twice by the same actor is rejected."""
    doc = {"actors": [_actor(required_properties=[{"name": "s"}, {"name": "s"}])]}
    with pytest.raises(ActorsError, match="listed twice"):
        parse_actors(doc)


def test_shipped_jcc_requires_status_and_its_source() -> None:
    """The shipped actors file has the JCCs require a status and the source of it."""
    jcc = next(a for a in ACTORS if a.id == "jcc")
    assert [r.name for r in jcc.required_properties] == ["status", "status_source"]
