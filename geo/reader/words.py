"""Every word the reader shows that is not the story's own text: headings, labels, hints,
notices, announcements. One home: the reader (geo/reader/static/src) gets them as data, in
the reader model, and fills ``{name}`` fields with text (never markup).

Counts are said with ``NOUNS`` (singular, plural); ``{n}`` in a template is a count with
its noun, filled by the reader ("9 passages", "1 place").
"""

from __future__ import annotations

from typing import Any

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

NOUNS = {
    "passage": ("passage", "passages"),
    "place": ("place", "places"),
    "event": ("event", "events"),
}

WORDS: dict[str, str] = {
    # The search box: a combobox over places, passages and events.
    "searchLabel": "Search places, passages and events",
    "searchHint": (
        "A place by any spelling or alias, in English or Arabic, or words of a passage or an "
        "event. Arrow keys to choose, Enter to open."
    ),
    "searchResults": "Places, passages and events found",
    "groupPlaces": "Places",
    "groupEvents": "Events",
    "groupPassages": "Passages",
    "searchNone": "Nothing on this map or in the article matches “{query}”.",
    "searchFound": "{counts} found; arrow keys to choose, Enter to open.",
    "searchAnd": " and ",
    "resultPlace": "{kind} · {n}",
    "resultAlso": "also written {name} · ",
    "resultEvent": "{when} · event",
    "resultPassage": "Passage {number}",
    # The timeline.
    "timelineTitle": "Timeline",
    "timelineHint": (
        "The map as it was: choose an event (arrow keys move through the list, Enter "
        "chooses) or a day."
    ),
    "asOf": "As of",
    "asOfReset": "The article's day, {day}",
    "timelineList": "Events, oldest first",
    # The panel.
    "introTitle": "What the article says, place by place",
    "introText": (
        "Choose a place on the map, or find one by name, to read the passages of the article "
        "about it. Every feature says where it comes from and how certain its position is; "
        "dashed lines and hatched areas are approximate."
    ),
    "introPlaces": "Places the story turns on:",
    "placePassages": "{n} in the article",
    "placeNoPassage": "No passage of the article is about it: it is drawn for context.",
    "passageMeta": "Passage {number} of {total}",
    "linkedBy": " · linked by {reason}",
    "chipsOf": "Places in passage {number}",
    "chipHelp": "Show {name} on the map and its passages",
    "clearPlace": "Clear the selection",
    "eventDay": " · the map as of {day}",
    "fromArticle": "From the article",
    "fromArticleSources": "From the article · Sources: {source}",
    "fromContext": "Context: {source}",
    "eventPlaces": "Its places, outlined on the map",
    "eventChips": "Places of this event",
    "eventOthers": "Also named, not drawn on this map: {names}",
    "eventPassages": "{n} of the article",
    "clearEvent": "Clear the event",
    "passageTitle": "Passage {number} of {total}",
    "passagePlaces": "Its places, outlined on the map",
    "passageNoPlace": "This passage names no place the map draws.",
    "clearPassage": "Clear the passage",
    # The whole article.
    "articleTitle": "The article, passage by passage",
    "articleUnmapped": "Named in the text but not drawn on the map: {names}.",
    # What a screen reader hears after a choice (a polite live region).
    "saidPlace": "{name}: {n}, shown in the panel.",
    "saidEvent": "{when} · {title}: shown in the panel; the map as of {day}.",
    "saidPassage": "Passage {number} of {total} shown; {n} outlined on the map.",
    "saidDay": "The map as of {day}.",
    "saidCleared": "Selection cleared.",
    # A link's value the story cannot use: named, ignored; the rest of the link applies.
    "badPlace": "The link names a place this map does not have, “{value}”; ignored.",
    "badPassage": "The link names a passage the article does not have, “{value}”; ignored.",
    "badEvent": "The link names an event this timeline does not have, “{value}”; ignored.",
    "badDay": "The link's date “{value}” is not a day YYYY-MM-DD between {first} and {last}; "
    "ignored.",
    "badView": "The link's view “{value}” is not LAT,LON,ZOOM inside the map's region; ignored.",
    "badLayers": "The link names layers this map does not have, “{value}”; ignored.",
    "ellipsis": "…",
    "printedFrom": "Printed {day} from {url}",
    # Under the story's credit, in both hosts (geo.reader.model.change_notes).
    "updatedOn": "Updated {day}.",
    "correctionOn": "Correction, {day}: {text}",
    # When the reader cannot start.
    "noData": "The panel could not load its data ({message}). Open this page from a web "
    "server: browsers do not let a page read files from the disk.",
    "noMap": "no map on the page",
}


def words() -> dict[str, Any]:
    """The reader's words, months and nouns, as the model carries them."""
    return {**WORDS, "months": list(MONTHS), "nouns": {k: list(v) for k, v in NOUNS.items()}}


def fill(template: str, **values: object) -> str:
    """A template's ``{name}`` fields filled (the reader's own rule, for Python's callers)."""
    out = template
    for key, value in values.items():
        out = out.replace("{" + key + "}", str(value))
    return out


def count(n: int, noun: str) -> str:
    """ "1 passage", "9 passages"."""
    singular, plural = NOUNS[noun]
    return f"{n} {singular if n == 1 else plural}"
