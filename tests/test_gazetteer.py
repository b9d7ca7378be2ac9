"""The gazetteer (geo.gazetteer): entries from features, and how names are compared."""

import re

import pytest

from geo.gazetteer import (
    GazetteerEntry,
    LinkingError,
    fold,
    gazetteer_from_features,
    name_key,
    name_owners,
    name_pattern,
)


def test_gazetteer_from_features_uses_id_name_and_aliases():
    """Features become entries with name first, then aliases, duplicates dropped."""
    features = [
        {
            "type": "Feature",
            "properties": {"id": "erbil", "name": "Erbil", "aliases": ["Irbil", "Erbil"]},
        }
    ]
    assert gazetteer_from_features(features) == [GazetteerEntry("erbil", ("Erbil", "Irbil"))]


def test_gazetteer_feature_without_id_raises():
    """A feature with no id cannot be linked to and is refused."""
    with pytest.raises(LinkingError, match="feature without an id: 'X'"):
        gazetteer_from_features([{"properties": {"name": "X"}}])


def test_fold_keeps_length():
    """Folding curly quotes and non-breaking spaces keeps every offset."""
    text = "Iraq’s “zone”\u00a0here"
    assert len(fold(text)) == len(text) and fold(text) == 'Iraq\'s "zone" here'


def test_case_insensitive_key_differs_from_exact_key():
    """A name compared ignoring case has another key than the same name compared exactly."""
    assert name_key("Peshmerga", False) == name_key("peshmerga", False)
    assert name_key("Peshmerga", True) != name_key("Peshmerga", False)


def test_shared_name_has_every_owner_in_order():
    """A name two entries carry lists both place ids, in gazetteer order."""
    gaz = [GazetteerEntry("kirkuk", ("Kirkuk",)), GazetteerEntry("prov-kirkuk", ("Kirkuk",))]
    assert name_owners(gaz) == {"Kirkuk": ["kirkuk", "prov-kirkuk"]}


def test_name_pattern_matches_whole_words_only():
    """'Iraq' matches 'Iraq' and the possessive 'Iraq's', not 'Iraqi'."""
    pattern = name_pattern("Iraq")
    assert re.search(pattern, "in Iraq's north") and not re.search(pattern, "Iraqi forces")
