"""Force validation (geo.forces.validate_forces) on a tiny feature varied one property at a
time: missing and bad properties, what an actor declares it requires, validity periods; and
forces_summary. (The shipped layer and the build script: tests/test_forces.py.)"""

from __future__ import annotations

import pytest

from geo.actors import RequiredProperty
from geo.forces import forces_summary, validate_forces
from tests.force_claims import ACTORS, PASSAGE_IDS, PASSAGES, _feature

# --- validation --------------------------------------------------------------------------


def test_validation_accepts_a_good_feature() -> None:
    """A complete, well-formed feature yields no problems."""
    assert validate_forces([_feature()], ACTORS, PASSAGE_IDS, set()) == []


def test_validation_names_missing_property() -> None:
    """A feature without 'note' is reported by id and field."""
    problems = validate_forces([_feature(note=None)], ACTORS, PASSAGE_IDS, set())
    assert problems == ["feature 'force-test', field 'note': missing"]


def test_validation_names_unknown_actor() -> None:
    """An unknown actor is reported by id and field."""
    problems = validate_forces([_feature(actor="vikings")], ACTORS, PASSAGE_IDS, set())
    assert problems == ["feature 'force-test', field 'actor': unknown actor 'vikings'"]


def test_validation_names_unknown_passage() -> None:
    """A passage id not in the article is reported by id and field."""
    problems = validate_forces([_feature(passages=["p99-dead"])], ACTORS, PASSAGE_IDS, set())
    assert problems == ["feature 'force-test', field 'passages': unknown passage id 'p99-dead'"]


def test_validation_names_bad_certainty() -> None:
    """A certainty outside stated/approximate/schematic is reported by id and field."""
    problems = validate_forces([_feature(certainty="precise")], ACTORS, PASSAGE_IDS, set())
    assert len(problems) == 1
    assert problems[0].startswith("feature 'force-test', field 'certainty':")


def test_validation_rejects_a_point_without_radius() -> None:
    """A point with uncertainty_km 0 is a precise pin and is reported."""
    problems = validate_forces([_feature(uncertainty_km=0)], ACTORS, PASSAGE_IDS, set())
    assert problems == [
        "feature 'force-test', field 'uncertainty_km': a point must carry an uncertainty radius > 0"
    ]


def test_validation_requires_what_the_actor_declares() -> None:
    """A JCC without the status and status_source actors.json requires of it is reported
    for both fields."""
    problems = validate_forces([_feature(actor="jcc", kind="centre")], ACTORS, PASSAGE_IDS, set())
    assert [p.split(":")[0] for p in problems] == [
        "feature 'force-test', field 'status'",
        "feature 'force-test', field 'status_source'",
    ]


def test_validation_rejects_article_claim_without_passages() -> None:
    """An article-origin feature with no passages is reported."""
    problems = validate_forces([_feature(passages=[])], ACTORS, PASSAGE_IDS, set())
    assert problems == [
        "feature 'force-test', field 'passages': an article claim must cite at least one passage"
    ]


def test_validation_rejects_area_drawn_as_point() -> None:
    """A claim of kind 'area' drawn as a point is reported on its geometry."""
    problems = validate_forces([_feature(kind="area")], ACTORS, PASSAGE_IDS, set())
    assert problems == [
        "feature 'force-test', field 'geometry': "
        "kind 'area' needs Polygon or MultiPolygon, not Point"
    ]


# --- actors' requirements and the summary -----------------------------------------------


def test_validation_rejects_a_value_outside_one_of() -> None:
    """A JCC status outside the actor's declared values is reported on that field."""
    feature = _feature(actor="jcc", kind="centre", status="rumoured", status_source="x")
    problems = validate_forces([feature], ACTORS, PASSAGE_IDS, set())
    assert problems == [
        "feature 'force-test', field 'status': "
        "Joint co-ordination centres (JCCs) features need one of operational, planned, unknown"
    ]


def test_validation_knows_only_the_loaded_actors() -> None:
    """An actor missing from the loaded list makes its features unknown."""
    without_isis = [a for a in ACTORS if a.id != "isis"]
    problems = validate_forces([_feature()], without_isis, PASSAGE_IDS, set())
    assert problems == ["feature 'force-test', field 'actor': unknown actor 'isis'"]


def test_requirements_apply_only_to_the_declaring_actor() -> None:
    """A non-JCC feature without status or status_source has no problem."""
    assert validate_forces([_feature(actor="pmf")], ACTORS, PASSAGE_IDS, set()) == []


def test_jcc_requirement_is_declared_in_the_actors_file() -> None:
    """The JCC status rule comes from actors.json, with its allowed values."""
    jcc = next(a for a in ACTORS if a.id == "jcc")
    assert jcc.required_properties[0] == RequiredProperty(
        "status", ("operational", "planned", "unknown")
    )


def test_summary_counts_features_per_actor() -> None:
    """forces_summary gives one row per actor, counting features, passages and certainty."""
    rows = forces_summary(
        [
            _feature(id="force-a", certainty="stated"),
            _feature(id="force-b", certainty="schematic", passages=[PASSAGES[1].id]),
            _feature(id="force-c", actor="pmf"),
        ],
        ACTORS,
    )
    assert [r.actor for r in rows] == ["pmf", "isis"]
    isis = rows[1]
    assert isis.features == 2
    assert isis.passages == tuple(sorted({PASSAGES[0].id, PASSAGES[1].id}))
    assert isis.certainty == (("schematic", 1), ("stated", 1))


# --- validity periods ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"valid_from": "7 Dec 2021"}, "field 'valid_from': not an ISO date"),
        ({"valid_from": "2021-12-07", "valid_to": "2021-13"}, "field 'valid_to': not an ISO"),
        (
            {"valid_from": "2021-12-07", "valid_to": "2021-11"},
            "field 'valid_to': '2021-11' is before valid_from '2021-12-07'",
        ),
    ],
)
def test_validation_names_bad_validity(overrides: dict, problem: str) -> None:
    """A bad date, or valid_to before valid_from, is reported by feature and field."""
    problems = validate_forces([_feature(**overrides)], ACTORS, PASSAGE_IDS, set())
    assert len(problems) == 1 and problems[0].startswith(f"feature 'force-test', {problem}")


def test_validation_accepts_open_and_same_month_validity() -> None:
    """valid_to null is still valid; valid_to in valid_from's month is not before it."""
    for valid_to in (None, "2021-12", "2021-12-07"):
        feature = _feature(valid_from="2021-12-07")
        feature["properties"]["valid_to"] = valid_to
        assert validate_forces([feature], ACTORS, PASSAGE_IDS, set()) == []


def test_validation_reads_a_null_valid_from_as_not_given() -> None:
    """A null valid_from (a loaded frame's empty cell) is not refused; the build needs one."""
    feature = _feature()
    feature["properties"]["valid_from"] = None
    assert validate_forces([feature], ACTORS, PASSAGE_IDS, set()) == []
