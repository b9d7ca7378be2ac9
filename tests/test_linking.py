"""geo.linking: alias matching (spans, reasons, word bounds, apostrophes and quotes, case,
overlaps, order) and ambiguous names, settled or reported. (Manual links, names the map
lacks and the real article: tests/test_linking_manual.py.)"""

import pytest

from geo.gazetteer import GazetteerEntry, LinkingError
from geo.manual_links import parse_manual_links
from tests.linking_cases import _link

# --- alias matching ------------------------------------------------------------------


def test_alias_match_records_span_and_reason():
    """An alias links its passage with the span, the matched text and the alias as reason."""
    ps, r = _link("Talks were held in Irbil.", [GazetteerEntry("erbil", ("Erbil", "Irbil"))])
    (link,) = r.links
    assert (link.place_id, link.matched, link.reason, link.manual) == (
        "erbil",
        "Irbil",
        "alias 'Irbil'",
        False,
    )
    assert ps[0].text[link.start : link.end] == "Irbil"


def test_name_does_not_match_inside_adjective():
    """ "Iraq" does not match in "Iraqi" but does as a word."""
    ps, r = _link("Iraqi soldiers patrolled Iraq.", [GazetteerEntry("iraq", ("Iraq",))])
    assert [(link.start, link.matched) for link in r.links] == [(25, "Iraq")]


def test_alias_inside_another_word_does_not_match():
    """A short alias inside a longer word (start or middle) is not a mention."""
    _, r = _link("Kurdish forces urged Urbanists.", [GazetteerEntry("ur", ("Ur",))])
    assert r.links == ()


def test_curly_apostrophe_possessive_matches():
    """ "Iraq’s" (curly) and "Iraq's" (straight) both mention Iraq."""
    _, r = _link("Iraq’s war and Iraq's Kurds.", [GazetteerEntry("iraq", ("Iraq",))])
    assert [link.matched for link in r.links] == ["Iraq", "Iraq"]


def test_name_inside_curly_quotes_matches():
    """A name directly inside curly quotes is still on word boundaries."""
    _, r = _link("He said “Lheiban” twice.", [GazetteerEntry("lheiban", ("Lheiban",))])
    assert [link.matched for link in r.links] == ["Lheiban"]


def test_alias_with_curly_apostrophe_matches_straight_text():
    """Aliases and text match whatever apostrophe each uses."""
    _, r = _link("They reached At-Ta'mim.", [GazetteerEntry("prov-kirkuk", ("At-Ta’mim",))])
    assert [link.matched for link in r.links] == ["At-Ta'mim"]


def test_matching_is_case_sensitive_by_default():
    """A lower-case common word does not match a capitalised proper name."""
    _, r = _link("Roast turkey for dinner.", [GazetteerEntry("turkey", ("Turkey",))])
    assert r.links == ()


def test_case_insensitive_name_is_configurable():
    """A name listed as case-insensitive matches in any case."""
    entry = GazetteerEntry(
        "disputed-zone", ("Disputed Zone",), case_insensitive=frozenset({"Disputed Zone"})
    )
    _, r = _link("Across the disputed zone today.", [entry])
    assert [link.matched for link in r.links] == ["disputed zone"]


def test_several_places_in_one_passage_in_text_order():
    """A passage naming several places links to each, in text order."""
    gaz = [
        GazetteerEntry(i, (n,))
        for i, n in [
            ("prov-diyala", "Diyala"),
            ("prov-nineveh", "Nineveh"),
            ("prov-salaheddin", "Salaheddin"),
        ]
    ]
    _, r = _link("Four provinces, Nineveh, Salaheddin and Diyala.", gaz)
    assert [link.place_id for link in r.links] == ["prov-nineveh", "prov-salaheddin", "prov-diyala"]


def test_longest_match_wins_on_overlap():
    """ "US-led coalition" beats the "US" inside it; a lone "US" still matches."""
    gaz = [GazetteerEntry("us", ("US",)), GazetteerEntry("coalition", ("US-led coalition",))]
    _, r = _link("The US-led coalition helped. The US paid.", gaz)
    assert [(link.place_id, link.matched) for link in r.links] == [
        ("coalition", "US-led coalition"),
        ("us", "US"),
    ]


def test_by_place_lists_passages_once_in_article_order():
    """by_place holds each linked passage once, in article order."""
    ps, r = _link(
        "<p>Baghdad met Baghdad.</p><p>Then Erbil and Baghdad agreed.</p>",
        [GazetteerEntry("baghdad", ("Baghdad",)), GazetteerEntry("erbil", ("Erbil",))],
    )
    assert r.by_place == {"baghdad": [ps[0].id, ps[1].id], "erbil": [ps[1].id]}
    assert len(r.links) == 4


# --- ambiguity -----------------------------------------------------------------------

KIRKUK_BOTH = [GazetteerEntry("kirkuk", ("Kirkuk",)), GazetteerEntry("prov-kirkuk", ("Kirkuk",))]


def test_unresolved_ambiguous_name_is_reported_not_linked():
    """A name two entries share, with no rule, is reported and left unlinked."""
    ps, r = _link("Control over Kirkuk.", KIRKUK_BOTH)
    assert r.links == ()
    (amb,) = r.ambiguous
    assert (amb.name, amb.place_ids, amb.passage_ids, amb.resolved_to) == (
        "Kirkuk",
        ("kirkuk", "prov-kirkuk"),
        (ps[0].id,),
        None,
    )


def test_resolve_rule_settles_ambiguous_name_with_reason():
    """A resolve rule links the shared name to its place and records why."""
    manual = parse_manual_links(
        {
            "resolve": [
                {"alias": "Kirkuk", "place_id": "prov-kirkuk", "reason": "used only as a province"}
            ]
        }
    )
    _, r = _link("Control over Kirkuk.", KIRKUK_BOTH, manual)
    (link,) = r.links
    assert link.place_id == "prov-kirkuk" and link.matched == "Kirkuk"
    assert (
        "shared by kirkuk, prov-kirkuk" in link.reason and "used only as a province" in link.reason
    )
    assert r.ambiguous[0].resolved_to == "prov-kirkuk"


def test_resolve_rule_for_place_without_the_name_raises():
    """A rule picking a place that does not carry the shared name is refused."""
    gaz = KIRKUK_BOTH + [GazetteerEntry("erbil", ("Erbil",))]
    manual = parse_manual_links(
        {"resolve": [{"alias": "Kirkuk", "place_id": "erbil", "reason": "typo"}]}
    )
    with pytest.raises(
        LinkingError, match=r"resolve\[0\], field 'place_id': picks 'erbil' for 'Kirkuk'"
    ):
        _link("Control over Kirkuk.", gaz, manual)
