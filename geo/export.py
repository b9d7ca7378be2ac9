"""Export every layer for GIS users and for checking: GeoJSON per layer (the areas of
control and the districts too), passages.json, passages.csv and events.json.

Each exported feature keeps all its properties and gains ``passages``: the ids
of the article passages about it (see passages.json). Every polygon is wound by RFC
7946's right-hand rule (geo.jsonio). passages.csv is the article for a spreadsheet: one
row per passage with its places and actors (``CSV_COLUMNS``). events.json is the story's
timeline as data/events.json holds it (an empty list if the story has none).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

from geo.events import event_record
from geo.jsonio import geojson_text, json_text
from geo.linking import LinkResult
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
    files["passages.csv"] = passages_csv(story)
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


# A list in one cell is joined with this; reasons are "id: reason", so a reason's own
# text may hold a semicolon without confusing the id.
LIST_SEPARATOR = "; "
CSV_COLUMNS = (
    "passage_id",  # as in passages.json and the features' `passages`
    "order",  # 1 for the article's first passage
    "text",  # the passage's plain text
    "place_ids",  # the mapped places it is linked to, in passages.json's order
    "place_names",  # their names, in the same order
    "place_aliases",  # every alias of those places (Arabic script kept as is)
    "actor_ids",  # the actors it names (actors.json ids), in order of mention
    "actor_names",
    "link_reasons",  # "id: why it is linked", for each place, then each actor
)


def passages_csv(story: Story) -> str:
    """passages.csv: a header row (``CSV_COLUMNS``) and one row per passage in article
    order, written by the csv module (RFC 4180: quoted as needed, CRLF line ends); lists
    in a cell are joined with "; ". Plain text, encoded UTF-8 without a BOM on writing."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for order, passage in enumerate(passages_json(story), start=1):
        place_ids = passage["places"]
        places = [story.dataset.feature(pid) or {} for pid in place_ids]
        place_links = _reasons(story.links, passage["id"], place_ids)
        actor_ids: list[str] = []
        if story.actor_links is not None:
            links = story.actor_links.links_for(passage["id"])
            actor_ids = list(dict.fromkeys(link.place_id for link in links))
        actors = [story.actor(aid) for aid in actor_ids]
        aliases = [str(a) for p in places for a in (p.get("aliases") or [])]
        writer.writerow(
            [
                passage["id"],
                order,
                passage["text"],
                LIST_SEPARATOR.join(place_ids),
                LIST_SEPARATOR.join(
                    str(p.get("name", pid)) for p, pid in zip(places, place_ids, strict=True)
                ),
                LIST_SEPARATOR.join(dict.fromkeys(aliases)),
                LIST_SEPARATOR.join(actor_ids),
                LIST_SEPARATOR.join(
                    a.name if a else aid for a, aid in zip(actors, actor_ids, strict=True)
                ),
                LIST_SEPARATOR.join(
                    place_links + _reasons(story.actor_links, passage["id"], actor_ids)
                ),
            ]
        )
    return buffer.getvalue()


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


def _reasons(links: LinkResult | None, passage_id: str, ids: list[str]) -> list[str]:
    """ "id: reason" for each of ``ids`` linked to the passage, reasons de-duplicated."""
    if links is None:
        return []
    out: list[str] = []
    for target in ids:
        found = links.links_for(passage_id, target)
        out.extend(f"{target}: {r}" for r in dict.fromkeys(link.reason for link in found))
    return out
