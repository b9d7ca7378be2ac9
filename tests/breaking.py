"""Breaking a copy of the shipped data: read and write its files, change one feature, and
check what a load reports (tests/test_broken_data.py, tests/test_broken_content.py,
tests/test_broken_data_browser.py)."""

from __future__ import annotations

import json
from pathlib import Path

from geo.story import Story

N_PROVINCES = 18
N_PLACES = 21
BOWTIE = [[[44.0, 35.5], [44.4, 35.9], [44.4, 35.5], [44.0, 35.9], [44.0, 35.5]]]


def read(folder: Path, name: str) -> dict:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def write(folder: Path, name: str, doc: object) -> None:
    (folder / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def edit_feature(folder: Path, name: str, feature_id: str, **changes: object) -> None:
    """Change properties of one feature (a value of None deletes the property);
    `geometry=` replaces its geometry."""
    doc = read(folder, name)
    (feature,) = [f for f in doc["features"] if f["properties"]["id"] == feature_id]
    geometry = changes.pop("geometry", None)
    if geometry is not None:
        feature["geometry"] = geometry
    for key, value in changes.items():
        if value is None:
            feature["properties"].pop(key, None)
        else:
            feature["properties"][key] = value
    write(folder, name, doc)


def problems_about(story_or_dataset: Story | object, file: str) -> list[str]:
    return [str(p) for p in story_or_dataset.problems if p.file == file]


def ids(story: Story, layer: str) -> set[str]:
    return set(story.dataset.layer(layer)["id"])


def only(problems: list[str]) -> str:
    assert len(problems) == 1, problems
    return problems[0]


def names(message: str, *parts: str) -> None:
    for part in parts:
        assert part in message, f"{part!r} not named in {message!r}"


def assert_geography_intact(story: Story, *, places: int = N_PLACES) -> None:
    assert len(story.dataset.layer("provinces")) == N_PROVINCES
    assert len(story.dataset.layer("places")) == places
    assert {"disputed-zone"} <= ids(story, "zone") and {"qarachok"} <= ids(story, "qarachok")
