"""geo.linking: alias matching, ambiguity, manual links applied, names the map lacks."""

from pathlib import Path

import pytest

from geo.article import load_article, parse_article
from geo.gazetteer import GazetteerEntry, LinkingError
from geo.linking import link_passages
from geo.manual_links import ManualLinks, load_manual_links, parse_manual_links
from geo.storyconfig import load_story_config

DATA = Path(__file__).resolve().parent.parent / "data"

# The place ids and names from the shared conventions, as the GeoJSON layers are meant to
# carry them (name + aliases); city and province share "Kirkuk", "Baghdad", "Sulaymaniyah",
# "Erbil" like the real layers will.
CONVENTIONS_GAZETTEER = [
    GazetteerEntry("lheiban", ("Lheiban",)),
    GazetteerEntry("debaga", ("Debaga", "Dibege")),
    GazetteerEntry("baghdad", ("Baghdad",)),
    GazetteerEntry("erbil", ("Erbil", "Irbil", "Arbil", "Hewler")),
    GazetteerEntry("sulaymaniyah", ("Sulaymaniyah", "Slemani")),
    GazetteerEntry("kirkuk", ("Kirkuk",)),
    GazetteerEntry("makhmur", ("Makhmur",)),
    GazetteerEntry("mosul", ("Mosul",)),
    GazetteerEntry("qarachok", ("Qarachok", "Qarachogh")),
    GazetteerEntry("disputed-zone", ("disputed zone",)),
    GazetteerEntry("prov-nineveh", ("Nineveh", "Ninevah", "Ninawa")),
    GazetteerEntry("prov-kirkuk", ("Kirkuk", "At-Ta'mim")),
    GazetteerEntry("prov-salaheddin", ("Salaheddin", "Sala ad-Din")),
    GazetteerEntry("prov-diyala", ("Diyala",)),
    GazetteerEntry("prov-erbil", ("Erbil", "Arbil")),
    GazetteerEntry("prov-baghdad", ("Baghdad",)),
    GazetteerEntry("prov-sulaymaniyah", ("Sulaymaniyah", "As-Sulaymaniyah")),
    GazetteerEntry("prov-dohuk", ("Dohuk",)),
]


# The place-like names the shipped story says its text uses (story.json).
NAMES_IN_TEXT = load_story_config(DATA).place_names_in_text


def _link(text: str, gazetteer, manual: ManualLinks | None = None, names=NAMES_IN_TEXT):
    _, passages = parse_article(text)
    return passages, link_passages(passages, gazetteer, manual, names_in_text=names)


def _places(result, passage_id: str) -> list[str]:
    return [link.place_id for link in result.links if link.passage_id == passage_id]


@pytest.fixture(scope="module")
def real():
    article = load_article(DATA / "article.txt")
    manual = load_manual_links(DATA / "links_manual.json")
    result = link_passages(
        article.passages, CONVENTIONS_GAZETTEER, manual, names_in_text=NAMES_IN_TEXT
    )
    return article, result


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


# --- manual links --------------------------------------------------------------------

LHEIBAN = [GazetteerEntry("lheiban", ("Lheiban",))]
VILLAGE_RULE = {
    "passage_contains": "in this village",
    "place_id": "lheiban",
    "reason": "the speaker is in Lheiban",
}


def test_implicit_rule_links_passage_with_reason():
    """A passage containing the snippet gets a manual link without span, with the reason."""
    _, r = _link(
        "It begins here, in this village.",
        LHEIBAN,
        parse_manual_links({"implicit": [VILLAGE_RULE]}),
    )
    (link,) = r.links
    assert (link.place_id, link.start, link.end, link.manual) == ("lheiban", None, None, True)
    assert link.matched == "in this village" and link.reason == "manual: the speaker is in Lheiban"


def test_implicit_rule_skipped_where_place_is_named():
    """A passage that already names the place keeps only the explicit link."""
    _, r = _link(
        "Lheiban: it begins in this village.",
        LHEIBAN,
        parse_manual_links({"implicit": [VILLAGE_RULE]}),
    )
    assert [(link.manual, link.matched) for link in r.links] == [(False, "Lheiban")]


def test_implicit_snippet_matches_across_apostrophe_styles():
    """A snippet with a straight apostrophe matches text with a curly one."""
    rule = {"passage_contains": "the village's residents", "place_id": "lheiban", "reason": "r"}
    _, r = _link(
        "Many of the village’s residents left.", LHEIBAN, parse_manual_links({"implicit": [rule]})
    )
    assert [link.manual for link in r.links] == [True]


def test_stale_snippet_raises_naming_entry():
    """A snippet that occurs in no passage raises, naming the entry and snippet."""
    manual = parse_manual_links({"implicit": [VILLAGE_RULE]}, source="links_manual.json")
    with pytest.raises(
        LinkingError,
        match=r"links_manual\.json: implicit\[0\], field 'passage_contains': "
        r"'in this village' occurs in no passage",
    ):
        _link("Nothing to see here.", LHEIBAN, manual)


def test_manual_rule_for_unknown_place_raises():
    """A manual rule naming a place the gazetteer lacks raises."""
    rule = dict(VILLAGE_RULE, place_id="atlantis")
    with pytest.raises(
        LinkingError, match=r"implicit\[0\], field 'place_id': names place 'atlantis'"
    ):
        _link("It begins here, in this village.", LHEIBAN, parse_manual_links({"implicit": [rule]}))


# --- unmatched names ---------------------------------------------------------------


def test_known_name_missing_from_gazetteer_is_reported():
    """A known place-like name with no entry is reported with its passages."""
    ps, r = _link("Iraq and Lheiban.", LHEIBAN)
    assert [(u.name, u.passage_ids) for u in r.unmatched_names] == [("Iraq", (ps[0].id,))]


def test_names_in_text_default_to_none():
    """Without names_in_text, no name is reported as unmatched."""
    _, r = _link("Iraq and Lheiban.", LHEIBAN, names=())
    assert r.unmatched_names == ()


def test_known_name_covered_by_gazetteer_is_not_reported():
    """A known name that links is not reported as unmatched."""
    _, r = _link("Lheiban only.", LHEIBAN)
    assert r.unmatched_names == ()


# --- the real article with the conventions gazetteer --------------------------------


def test_real_article_links_follow_conventions(real):
    """On the seed article, each named place links where the conventions say."""
    article, r = real

    def linked(place_id: str) -> set[str]:
        return set(r.by_place.get(place_id, []))

    for p in article.passages:
        if "Lheiban" in p.text:
            assert p.id in linked("lheiban"), p.text
        if "Qarachok" in p.text:
            assert p.id in linked("qarachok"), p.text
        if "Debaga" in p.text:
            assert p.id in linked("debaga"), p.text
        if "Irbil" in p.text:
            assert p.id in linked("erbil"), p.text
        if "Ninevah" in p.text or "Nineveh" in p.text:
            assert p.id in linked("prov-nineveh"), p.text
        if "Salaheddin" in p.text:
            assert p.id in linked("prov-salaheddin"), p.text
        if "Kirkuk" in p.text:
            assert p.id in linked("prov-kirkuk") and p.id not in linked("kirkuk"), p.text
    families = next(p for p in article.passages if p.text.startswith("Once numbering 65 families"))
    assert families.id in linked("lheiban")
    village = next(p for p in article.passages if "in this village" in p.text)
    assert village.id in linked("lheiban")


def test_real_article_every_link_has_a_reason(real):
    """Every link on the seed article records why it exists."""
    _, r = real
    assert r.links and all(link.reason for link in r.links)


def test_real_article_reports_places_the_map_lacks(real):
    """Iraq, Iran and the Kurdish region are reported as names without map features."""
    _, r = real
    assert {u.name for u in r.unmatched_names} >= {"Iraq", "Iran", "Kurdish region"}
