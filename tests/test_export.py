"""`python -m geo export` writes each layer, passages.json and passages.csv, linked both ways
by id; polygons by the right-hand rule, readable by GDAL."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pyogrio
import pytest

from geo.__main__ import main
from geo.export import CSV_COLUMNS, export_zip, passages_csv
from geo.story import load_story
from tests.hostile_data import build_hostile_data
from tests.test_data_contract import wrong_windings


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("export")
    assert main(["export", "--data", str(data_dir), str(out)]) == 0
    return out


def read(out: Path, name: str):
    return json.loads((out / name).read_text(encoding="utf-8"))


def test_export_writes_one_collection_per_layer(exported: Path) -> None:
    """Every layer is a FeatureCollection; passages a list."""
    for name in ("provinces", "region", "places", "zone", "qarachok", "forces", "control"):
        assert read(exported, f"{name}.geojson")["type"] == "FeatureCollection"
    assert isinstance(read(exported, "passages.json"), list)


def test_every_feature_has_id_name_certainty_source_passages(exported: Path) -> None:
    """Each exported feature carries the properties a GIS user needs to check it."""
    for path in exported.glob("*.geojson"):
        for feature in read(exported, path.name)["features"]:
            props = feature["properties"]
            for key in ("id", "name", "certainty", "source"):
                assert isinstance(props[key], str) and props[key], (path.name, key)
            assert isinstance(props["passages"], list)


def test_passages_and_places_point_at_each_other(exported: Path) -> None:
    """A place lists a passage exactly when that passage lists the place."""
    passages = read(exported, "passages.json")
    places = {
        f["properties"]["id"]: f["properties"]["passages"]
        for name in ("provinces", "region", "places", "zone", "qarachok")
        for f in read(exported, f"{name}.geojson")["features"]
    }
    from_passages = {(p["id"], pid) for p in passages for pid in p["places"]}
    from_places = {(psg, pid) for pid, ids in places.items() for psg in ids}
    assert from_passages == from_places
    assert "lheiban" in next(p for p in passages if "Once numbering 65" in p["text"])["places"]


def test_passages_are_in_article_order_with_text(exported: Path, data_dir: Path) -> None:
    """passages.json follows the article and its text is the article's text."""
    story = load_story(data_dir)
    passages = read(exported, "passages.json")
    assert [p["id"] for p in passages] == [p.id for p in story.article.passages]
    assert passages[0]["text"].startswith("As a backhoe dug up the ground")


def test_zip_holds_the_same_files(exported: Path, data_dir: Path) -> None:
    """The app's download zip has the same files and content as the CLI export."""
    with zipfile.ZipFile(io.BytesIO(export_zip(load_story(data_dir)))) as archive:
        names = set(archive.namelist())
        assert names == {p.name for p in exported.iterdir()}
        assert archive.read("zone.geojson").decode() == (exported / "zone.geojson").read_text()


def test_export_adds_events_control_and_districts(exported: Path, data_dir: Path) -> None:
    """events.json is the shipped timeline; control and districts are FeatureCollections."""
    assert (exported / "events.json").read_bytes() == (data_dir / "events.json").read_bytes()
    control = read(exported, "control.geojson")
    assert [f["properties"]["id"] for f in control["features"]] == [
        "control-krg-2003",
        "control-krg-2014",
        "control-krg-2017",
    ]
    assert len(read(exported, "districts.geojson")["features"]) == 15


def test_a_story_without_events_exports_an_empty_timeline(tmp_path: Path, data_dir: Path) -> None:
    """No events.json in the story: the export's events.json holds an empty list."""
    data = tmp_path / "data"
    shutil.copytree(data_dir, data, ignore=shutil.ignore_patterns("raw", "events.json"))
    out = tmp_path / "out"
    assert main(["export", "--data", str(data), str(out)]) == 0
    assert read(out, "events.json") == {"events": []}


def test_exported_polygons_follow_the_right_hand_rule(exported: Path) -> None:
    """RFC 7946: every exported exterior ring is counterclockwise, every hole clockwise."""
    wrong = {
        (path.name, feature["properties"]["id"]): found
        for path in sorted(exported.glob("*.geojson"))
        for feature in read(exported, path.name)["features"]
        if (found := wrong_windings(feature["geometry"]))
    }
    assert wrong == {}


def test_gdal_reads_every_layer_with_its_type_and_count(exported: Path, data_dir: Path) -> None:
    """As QGIS would: GDAL opens each layer in WGS84 with the story's geometry type (Unknown
    where a layer mixes types) and feature count, and the ids come back in order."""
    story = load_story(data_dir)
    assert {p.stem for p in exported.glob("*.geojson")} == set(story.dataset.layers)
    for name, frame in story.dataset.layers.items():
        path = exported / f"{name}.geojson"
        info = pyogrio.read_info(path)
        types = set(frame.geom_type)
        assert info["geometry_type"] == (types.pop() if len(types) == 1 else "Unknown"), name
        assert info["features"] == len(frame) and info["crs"] == "EPSG:4326", name
        back = pyogrio.read_dataframe(path)
        assert list(back["id"]) == list(frame["id"]), name
        assert list(back.geom_type) == list(frame.geom_type), name


def read_csv(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def test_passages_csv_round_trips_every_passage_and_its_places(
    exported: Path, data_dir: Path
) -> None:
    """passages.csv, read with csv.DictReader, has the header, every passage in order with
    its text, and the places (ids and names) that passages.json gives it."""
    raw = (exported / "passages.csv").read_bytes()
    rows = read_csv(raw)
    assert tuple(rows[0]) == CSV_COLUMNS
    passages = read(exported, "passages.json")
    assert [r["passage_id"] for r in rows] == [p["id"] for p in passages]
    assert [r["order"] for r in rows] == [str(i) for i in range(1, len(passages) + 1)]
    assert [r["text"] for r in rows] == [p["text"] for p in passages]
    story = load_story(data_dir)
    for row, passage in zip(rows, passages, strict=True):
        ids = row["place_ids"].split("; ") if row["place_ids"] else []
        assert ids == passage["places"]
        names = [story.dataset.feature(pid)["name"] for pid in ids]
        assert row["place_names"] == "; ".join(names)


def test_passages_csv_is_utf8_without_bom_with_arabic_and_actors(exported: Path) -> None:
    """No BOM; Lheiban's Arabic alias survives; actors and reasons are named per passage."""
    raw = (exported / "passages.csv").read_bytes()
    assert raw.startswith(b"passage_id,order,text,")
    rows = {r["passage_id"]: r for r in read_csv(raw)}
    lheiban = next(r for r in rows.values() if "village of Lheiban" in r["text"])
    assert "لهيبان" in lheiban["place_aliases"].split("; ")
    assert "lheiban: alias 'Lheiban'" in lheiban["link_reasons"].split("; ")
    first = rows[next(iter(rows))]
    assert first["actor_ids"].split("; ") == ["iraqi-army", "peshmerga", "isis"]
    assert first["actor_names"].startswith("Iraqi army")


def test_passages_csv_keeps_quotes_commas_and_newlines_as_text(tmp_path: Path) -> None:
    """A hostile story's passages (quotes, commas, markup) come back from the CSV unchanged."""
    story = load_story(build_hostile_data(tmp_path / "data"))
    rows = read_csv(passages_csv(story).encode("utf-8"))
    assert [r["text"] for r in rows] == [p.text for p in story.article.passages]
    assert any("{{ range(7*191)|length }}" in r["text"] for r in rows)
