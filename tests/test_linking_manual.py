"""geo.linking with manual links (implicit rules, stale snippets, unknown places), names the
text uses that the map lacks, and the real article linked with the conventions gazetteer.
(Alias matching and ambiguity: tests/test_linking.py.)"""

import pytest

from geo.article import load_article
from geo.gazetteer import GazetteerEntry, LinkingError
from geo.linking import link_passages
from geo.manual_links import load_manual_links, parse_manual_links
from tests.linking_cases import CONVENTIONS_GAZETTEER, DATA, NAMES_IN_TEXT, _link


@pytest.fixture(scope="module")
def real():
    article = load_article(DATA / "article.txt")
    manual = load_manual_links(DATA / "links_manual.json")
    result = link_passages(
        article.passages, CONVENTIONS_GAZETTEER, manual, names_in_text=NAMES_IN_TEXT
    )
    return article, result


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
