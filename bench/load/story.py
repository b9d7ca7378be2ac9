"""The story, read from the data files (no geo import: the client stays light)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from bench.load import ROOT

DATA = ROOT / "data"


@dataclass(frozen=True)
class Story:
    places: dict[str, tuple[str, float, float]]  # id -> (name, lon, lat)
    events: dict[str, str]  # title -> id
    actors: tuple[str, ...]
    default_layers: tuple[str, ...]


def read_story(data: Path = DATA) -> Story:
    places = {}
    for feature in json.loads((data / "places.geojson").read_text())["features"]:
        props, geom = feature["properties"], feature["geometry"]
        if geom and geom["type"] == "Point":
            places[props["id"]] = (props["name"], *geom["coordinates"][:2])
    events = {e["title"]: e["id"] for e in json.loads((data / "events.json").read_text())["events"]}
    actors = tuple(a["id"] for a in json.loads((data / "actors.json").read_text())["actors"])
    config = json.loads((data / "story.json").read_text())
    return Story(places, events, actors, tuple(config.get("default_layers") or actors))


def unescape(text: str) -> str:
    """Markdown escapes off: 'Lheiban selected\\: 9' -> 'Lheiban selected: 9'."""
    return re.sub(r"\\(.)", r"\1", text)
