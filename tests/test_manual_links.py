"""Manual links (geo.manual_links): reading the file and checking each entry still fits."""

import json
from pathlib import Path

import pytest

from geo.article import parse_article
from geo.gazetteer import GazetteerEntry, LinkingError
from geo.manual_links import check_manual_links, load_manual_links, parse_manual_links

DATA = Path(__file__).resolve().parent.parent / "data"
LHEIBAN = [GazetteerEntry("lheiban", ("Lheiban",))]
KIRKUK_BOTH = [GazetteerEntry("kirkuk", ("Kirkuk",)), GazetteerEntry("prov-kirkuk", ("Kirkuk",))]
VILLAGE_RULE = {
    "passage_contains": "in this village",
    "place_id": "lheiban",
    "reason": "the speaker is in Lheiban",
}


def _check(text: str, gazetteer, doc: dict):
    _, passages = parse_article(text)
    return check_manual_links(parse_manual_links(doc), passages, gazetteer)


def test_manual_entry_missing_reason_raises():
    """Every manual entry must say why."""
    with pytest.raises(LinkingError, match=r"implicit\[0\]: 'reason' must be a non-empty string"):
        parse_manual_links({"implicit": [{"passage_contains": "x", "place_id": "lheiban"}]})


def test_manual_links_bad_json_raises_naming_file(tmp_path):
    """A malformed manual links file raises LinkingError naming it."""
    path = tmp_path / "links_manual.json"
    path.write_text("{oops", encoding="utf-8")
    with pytest.raises(LinkingError, match=r"links_manual\.json: invalid JSON at line 1"):
        load_manual_links(path)


def test_manual_links_unknown_key_raises():
    """Misspelt top-level keys are refused rather than ignored."""
    with pytest.raises(LinkingError, match=r"unknown key\(s\) \['implict'\]"):
        parse_manual_links({"implict": []})


def test_shipped_manual_links_file_is_valid():
    """data/links_manual.json parses and every entry has a reason."""
    manual = load_manual_links(DATA / "links_manual.json")
    assert manual.implicit and manual.resolve
    raw = json.loads((DATA / "links_manual.json").read_text(encoding="utf-8"))
    assert len(raw["implicit"]) == len(manual.implicit)


def test_check_keeps_entries_that_fit():
    """An implicit rule whose snippet occurs and whose place exists is kept, no problem."""
    kept, problems = _check("It begins in this village.", LHEIBAN, {"implicit": [VILLAGE_RULE]})
    assert len(kept.implicit) == 1 and problems == ()


def test_check_names_a_snippet_in_no_passage():
    """A snippet that occurs in no passage is dropped and named by entry and field."""
    kept, problems = _check("Nothing here.", LHEIBAN, {"implicit": [VILLAGE_RULE]})
    assert kept.implicit == ()
    assert (problems[0].entry, problems[0].field) == ("implicit[0]", "passage_contains")


def test_check_names_a_rule_for_a_missing_place():
    """A rule naming a place the gazetteer lacks is dropped and named on place_id."""
    rule = dict(VILLAGE_RULE, place_id="atlantis")
    kept, problems = _check("It begins in this village.", LHEIBAN, {"implicit": [rule]})
    assert kept.implicit == ()
    assert str(problems[0]) == (
        "implicit[0], field 'place_id': names place 'atlantis', which the map lacks"
    )


def test_check_names_a_resolution_to_a_place_without_the_name():
    """A resolve rule picking a place that does not carry the shared name is dropped."""
    gaz = KIRKUK_BOTH + [GazetteerEntry("erbil", ("Erbil",))]
    rule = {"alias": "Kirkuk", "place_id": "erbil", "reason": "typo"}
    kept, problems = _check("Control over Kirkuk.", gaz, {"resolve": [rule]})
    assert kept.resolve == ()
    assert (problems[0].entry, problems[0].field) == ("resolve[0]", "place_id")


def test_check_keeps_a_resolution_for_a_name_no_longer_shared():
    """A resolve rule for a name only one place carries is harmless and kept."""
    rule = {"alias": "Lheiban", "place_id": "lheiban", "reason": "r"}
    kept, problems = _check("Lheiban.", LHEIBAN, {"resolve": [rule]})
    assert len(kept.resolve) == 1 and problems == ()
