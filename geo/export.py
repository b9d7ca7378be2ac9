"""Export every layer for GIS users and for checking: GeoJSON per layer (the areas of
control and the districts too), passages.json and events.json.

Each exported feature keeps all its properties and gains ``passages``: the ids
of the article passages about it (see passages.json). events.json is the story's
timeline as data/events.json holds it (an empty list if the story has none).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from geo.events import event_record
from geo.jsonio import geojson_text, json_text
from geo.story import Story


def export_files(story: Story) -> dict[str, str]:
    """File name -> text for every layer and the passages, as they would be written."""
    files: dict[str, str] = {}
    for name, frame in story.dataset.layers.items():
        collection = frame.to_geo_dict(drop_id=True, na="null")
        for feature in collection["features"]:
            props = feature["properties"]
            if "passages" not in props or not isinstance(props["passages"], list):
                props["passages"] = story.passages_for(str(props["id"]))
        files[f"{name}.geojson"] = geojson_text(collection)
    files["passages.json"] = json_text(passages_json(story))
    files["events.json"] = json_text({"events": [event_record(e) for e in story.events]})
    return files


def passages_json(story: Story) -> list[dict[str, Any]]:
    """The article in order: ``{"id", "text", "places": [place ids]}`` per passage."""
    if story.article is None:
        return []
    places: dict[str, list[str]] = {}
    if story.links is not None:
        for link in story.links.links:
            ids = places.setdefault(link.passage_id, [])
            if link.place_id not in ids:
                ids.append(link.place_id)
    return [
        {"id": p.id, "text": p.text, "places": places.get(p.id, [])} for p in story.article.passages
    ]


def write_export(story: Story, out_dir: Path) -> list[Path]:
    """Write every export file into ``out_dir`` (created if missing)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in export_files(story).items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def export_zip(story: Story) -> bytes:
    """Every export file in one zip, for the app's download button."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in export_files(story).items():
            archive.writestr(name, text)
    return buffer.getvalue()
