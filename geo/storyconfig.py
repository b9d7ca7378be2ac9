"""What belongs to one story and not to the code: ``story.json`` in the story's folder.

Title and standfirst, the page's title and icon, the story's focus (the box the map opens
on and the places it frames), default layers, the map's note, the place names the text
uses (so the ones the map lacks are reported), the distances worth measuring, when the story
was updated and what was corrected (``updated``, ``corrections``). Every key is
optional: a missing or broken value falls back to a neutral default and is reported as a
problem naming the key, so a folder with no story.json still opens.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geo.jsonio import read_json
from geo.problems import Problem
from geo.rules import REGION_LAT, REGION_LON, in_region, is_slug

STORY_FILE = "story.json"
OPENING_VIEWS = ("focus", "zone")
MAX_TEXT = 2_000


@dataclass(frozen=True)
class Distance:
    """A distance worth measuring: label, from feature id, to feature id."""

    label: str
    start: str
    end: str


@dataclass(frozen=True)
class Correction:
    """A correction the newsroom made: the day ("YYYY-MM-DD") and what was corrected."""

    day: date
    text: str


@dataclass(frozen=True)
class StoryConfig:
    title: str = "A story map"
    standfirst: str = ""
    page_title: str = "A story map"
    favicon: Path | None = None
    # (west, south, east, north) in degrees: the box the story's focus view frames.
    focus_bbox: tuple[float, float, float, float] | None = None
    focus_label: str = "the story's focus"
    focus_places: tuple[str, ...] = ()
    opening_view: str = "zone"  # "focus" when story.json gives a focus box
    story_places: tuple[str, ...] = ()
    default_layers: tuple[str, ...] | None = None  # None: every layer
    map_note: str = ""
    place_names_in_text: tuple[str, ...] = ()
    distances: tuple[Distance, ...] = ()
    measurement_note: str = ""
    about: str = ""
    updated: date | None = None  # the day the story was last updated
    corrections: tuple[Correction, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)


def load_story_config(data_dir: Path) -> StoryConfig:
    """Read ``story.json`` from a story folder; absent file: defaults, and no problem."""
    path = Path(data_dir) / STORY_FILE
    if not path.exists():
        return StoryConfig()
    doc, problem = read_json(path)
    if problem is not None:
        return StoryConfig(problems=(problem,))
    return parse_story_config(doc, data_dir=Path(data_dir))


def parse_story_config(doc: object, data_dir: Path | None = None) -> StoryConfig:
    """Check every key; a bad value is named and replaced by its default."""
    if not isinstance(doc, Mapping):
        return StoryConfig(problems=(Problem(STORY_FILE, "must be a JSON object"),))
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(STORY_FILE, message, field=key))

    values = _texts(doc, bad)
    if "favicon" in doc:
        values["favicon"] = _favicon(doc["favicon"], data_dir, bad)
    if "focus" in doc:
        values.update(_focus(doc["focus"], bad))
    if "opening_view" in doc:
        if doc["opening_view"] in OPENING_VIEWS:
            values["opening_view"] = doc["opening_view"]
        else:
            bad("opening_view", f"must be one of {', '.join(OPENING_VIEWS)}; 'focus' used")
    values.update(_lists(doc, bad))
    if "distances" in doc:
        values["distances"] = _distances(doc["distances"], bad)
    if "updated" in doc:
        values["updated"] = _day(doc["updated"], "updated", bad)
    if "corrections" in doc:
        values["corrections"] = _corrections(doc["corrections"], bad)
    # The first view is the focus box when there is one, unless story.json says "zone".
    wanted = values.get("opening_view", "focus")
    values["opening_view"] = "focus" if wanted == "focus" and "focus_bbox" in values else "zone"
    return StoryConfig(**values, problems=tuple(problems))


def _texts(doc: Mapping[str, Any], bad: Any) -> dict[str, Any]:
    """The story's texts that ``doc`` gives, checked; the page title is the title unless
    given."""
    defaults = StoryConfig()
    values: dict[str, Any] = {}
    for key in ("title", "standfirst", "map_note", "measurement_note", "about"):
        if key in doc:
            values[key] = _text(doc, key, getattr(defaults, key), bad)
    values["page_title"] = (
        _text(doc, "page_title", values.get("title", defaults.page_title), bad)
        if "page_title" in doc
        else values.get("title", defaults.page_title)
    )
    return values


def _text(doc: Mapping[str, Any], key: str, default: str, bad: Any) -> str:
    value = doc.get(key, default)
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        bad(key, f"must be a non-empty string of at most {MAX_TEXT} characters; default used")
        return default
    return value.strip()


def _lists(doc: Mapping[str, Any], bad: Any) -> dict[str, tuple[str, ...]]:
    """The lists ``doc`` gives: story places and default layers (ids), and the place-like
    names the text uses."""
    values: dict[str, tuple[str, ...]] = {}
    for key in ("story_places", "default_layers"):
        found = _strings(doc, key, True, bad)
        if found is not None:
            values[key] = found
    names = _strings(doc, "place_names_in_text", False, bad)
    if names is not None:
        values["place_names_in_text"] = names
    return values


def _strings(doc: Mapping[str, Any], key: str, slugs: bool, bad: Any) -> tuple[str, ...] | None:
    """A list of strings (of slugs if ``slugs``), without repeats; None if absent or bad."""
    value = doc.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        bad(key, "must be a list of strings; ignored")
        return None
    if slugs:
        wrong = ", ".join(repr(v[:40]) for v in value if not is_slug(v))
        if wrong:
            bad(key, f"has ids that are not slugs ({wrong}); ignored")
            return None
    return tuple(dict.fromkeys(value))


def _favicon(value: object, data_dir: Path | None, bad: Any) -> Path | None:
    if not isinstance(value, str) or "/" in value or "\\" in value or value.startswith("."):
        bad("favicon", "must be a file name in the story's folder; ignored")
        return None
    if data_dir is None:
        return None
    path = data_dir / value
    if not path.is_file():
        bad("favicon", f"file {value[:80]!r} is missing; ignored")
        return None
    return path


def _focus(value: object, bad: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        bad("focus", "must be an object with a bbox; the whole zone is shown instead")
        return {}
    out: dict[str, Any] = {}
    bbox = value.get("bbox")
    if (
        isinstance(bbox, list)
        and len(bbox) == 4
        and all(isinstance(v, int | float) and math.isfinite(v) for v in bbox)
        and bbox[0] < bbox[2]
        and bbox[1] < bbox[3]
        and in_region(tuple(bbox))
    ):
        out["focus_bbox"] = tuple(float(v) for v in bbox)
    else:
        bad(
            "focus.bbox",
            "must be [west, south, east, north] in degrees, west < east, south < north, "
            f"within lon {REGION_LON} and lat {REGION_LAT}; the whole zone is shown instead",
        )
    label = value.get("label")
    if isinstance(label, str) and label.strip() and len(label) <= 200:
        out["focus_label"] = label.strip()
    elif label is not None:
        bad("focus.label", "must be a short string; default used")
    places = value.get("places", [])
    if isinstance(places, list) and all(isinstance(p, str) and is_slug(p) for p in places):
        out["focus_places"] = tuple(places)
    else:
        bad("focus.places", "must be a list of place ids (slugs); ignored")
    return out


def _distances(value: object, bad: Any) -> tuple[Distance, ...]:
    if not isinstance(value, list):
        bad("distances", "must be a list of {label, from, to}; ignored")
        return ()
    out = []
    for index, item in enumerate(value):
        if (
            isinstance(item, Mapping)
            and isinstance(item.get("label"), str)
            and item["label"].strip()
            and all(isinstance(item.get(k), str) and is_slug(item[k]) for k in ("from", "to"))
        ):
            out.append(Distance(item["label"].strip(), item["from"], item["to"]))
        else:
            bad(f"distances[{index}]", "needs a label and 'from'/'to' place ids; skipped")
    return tuple(out)


def check_ids(config: StoryConfig, known_ids: set[str], actor_ids: set[str]) -> list[Problem]:
    """Ids story.json names that the data lacks (checked once the layers are loaded)."""
    problems = []
    for key, ids, known in (
        ("focus.places", config.focus_places, known_ids),
        ("story_places", config.story_places, known_ids),
        ("default_layers", config.default_layers or (), actor_ids),
    ):
        missing = [i for i in ids if i not in known]
        if missing:
            problems.append(
                Problem(
                    STORY_FILE,
                    f"names ids the data lacks ({', '.join(missing[:5])}); they are ignored",
                    field=key,
                    severity="warning",
                )
            )
    for d in config.distances:
        for end in (d.start, d.end):
            if end not in known_ids:
                problems.append(
                    Problem(
                        STORY_FILE,
                        f"distance {d.label!r} names unknown place {end!r}; skipped",
                        field="distances",
                        severity="warning",
                    )
                )
    return problems


def _day(value: object, key: str, bad: Any) -> date | None:
    """A day written YYYY-MM-DD, or None (named)."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    bad(key, "must be a day written YYYY-MM-DD; ignored")
    return None


def _corrections(value: object, bad: Any) -> tuple[Correction, ...]:
    """``[{"date": "YYYY-MM-DD", "text": "..."}]``, oldest first; a bad entry is named and
    left out, the others kept."""
    if not isinstance(value, list):
        bad("corrections", 'must be a list of {"date", "text"}; ignored')
        return ()
    out = []
    for number, item in enumerate(value, 1):
        where = f"corrections[{number}]"
        if not isinstance(item, Mapping):
            bad(where, 'must be an object {"date", "text"}; left out')
            continue
        day = _day(item.get("date"), f"{where}.date", bad)
        text = item.get("text")
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            bad(f"{where}.text", f"must be a non-empty string of at most {MAX_TEXT} characters; "
                "left out")  # fmt: skip
            continue
        if day is not None:
            out.append(Correction(day, text.strip()))
    return tuple(sorted(out, key=lambda c: c.day))
