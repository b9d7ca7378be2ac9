"""geo.rules: slug ids, the map's region, certainties."""

from __future__ import annotations

import pytest

from geo.rules import (
    CERTAINTIES,
    CLAIM_CERTAINTIES,
    MAX_ID_LENGTH,
    in_region,
    is_slug,
    looks_swapped,
    outside_region_message,
    slug_rule,
    slugify,
)


@pytest.mark.parametrize("value", ["lheiban", "prov-kirkuk", "jcc-2", "a"])
def test_slug_accepts_lowercase_words_joined_by_hyphens(value: str) -> None:
    """Lowercase letters and digits joined by single hyphens are slugs."""
    assert is_slug(value)


@pytest.mark.parametrize(
    "value", ["Lheiban", "two words", "double--hyphen", "-lead", "trail-", "", "é", "a_b"]
)
def test_slug_rejects_anything_else(value: str) -> None:
    """Capitals, spaces, doubled or edge hyphens, accents and underscores are not slugs."""
    assert not is_slug(value)


def test_slug_has_a_maximum_length() -> None:
    """A slug longer than the maximum is refused; exactly the maximum is accepted."""
    assert is_slug("a" * MAX_ID_LENGTH) and not is_slug("a" * (MAX_ID_LENGTH + 1))


def test_slug_maximum_can_be_lowered() -> None:
    """A caller may ask for shorter slugs (actor ids: 40)."""
    assert not is_slug("a" * 41, max_length=40)


def test_slug_rule_states_the_length() -> None:
    """The rule in words names its maximum length."""
    assert "at most 40 characters" in slug_rule(40)


def test_slugify_makes_ascii_slugs() -> None:
    """Names become lowercase ASCII slugs: accents folded, other characters hyphens."""
    assert slugify("Al-Anbar") == "al-anbar"
    assert slugify("Karbala'") == "karbala"
    assert slugify("Salah ad-Dīn") == "salah-ad-din"


def test_slugify_output_is_a_slug() -> None:
    """What slugify returns passes is_slug."""
    assert is_slug(slugify(" Dhi  Qar! "))


def test_region_holds_northern_iraq() -> None:
    """Bounds around Lheiban lie in the region."""
    assert in_region((43.8, 35.6, 43.9, 35.7))


def test_region_refuses_bounds_reaching_outside() -> None:
    """Bounds crossing the region's edge are outside."""
    assert not in_region((37.5, 35.0, 44.0, 36.0))


def test_swapped_lon_lat_are_recognised() -> None:
    """(lat, lon) bounds of a place in the region are recognised as swapped."""
    assert looks_swapped((35.6, 43.8, 35.7, 43.9))
    assert not looks_swapped((43.8, 35.6, 43.9, 35.7))


def test_outside_message_names_region_and_hints_at_swap() -> None:
    """The message gives the region, the bounds and, if so, the swap."""
    message = outside_region_message((35.6, 43.8, 35.7, 43.9))
    assert "lon (38.0, 49.0), lat (29.0, 38.0)" in message
    assert "latitude and longitude look swapped" in message


def test_claim_certainties_exclude_precise() -> None:
    """A force claim is never 'precise'; every other certainty is allowed."""
    assert set(CLAIM_CERTAINTIES) == set(CERTAINTIES) - {"precise"}
