"""What tests/test_storyconfig.py and tests/test_storyconfig_lists.py share: the shipped
data folder, story.json's text keys, a good focus, and the fields a config's problems name."""

from __future__ import annotations

from pathlib import Path

from geo.storyconfig import StoryConfig

DATA = Path(__file__).resolve().parent.parent / "data"
TEXT_KEYS = ("title", "standfirst", "map_note", "measurement_note")
GOOD_FOCUS = {"bbox": [43.4, 35.47, 44.1, 36.02], "label": "Lheiban", "places": ["lheiban"]}


def fields(config: StoryConfig) -> list[str | None]:
    return [p.field for p in config.problems]
