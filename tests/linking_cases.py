"""What tests/test_linking.py and tests/test_linking_manual.py link with: the conventions'
gazetteer, the place-like names the shipped story.json says its text uses, and _link, which
parses a text and links its passages."""

from pathlib import Path

from geo.article import parse_article
from geo.gazetteer import GazetteerEntry
from geo.linking import link_passages
from geo.manual_links import ManualLinks
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
