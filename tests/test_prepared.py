"""ui.prepared: a server's story and base map saved between starts, and never used stale."""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT
from ui import prepared


@pytest.fixture
def code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for geo/ and ui/, so a test can change 'the code'."""
    folder = tmp_path / "code"
    folder.mkdir()
    (folder / "module.py").write_text("X = 1\n")
    monkeypatch.setattr(prepared, "CODE", (folder,))
    return folder


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, prepared.Prepared]:
    """The shipped story, prepared once into an empty folder (the slow part: ~1-3 s)."""
    folder = tmp_path_factory.mktemp("prepared")
    return folder, prepared.load_or_build(DATA, folder)


def test_the_key_follows_every_input(story_copy: Path, code: Path) -> None:
    first = prepared.key(story_copy)
    assert prepared.key(story_copy) == first
    (code / "__pycache__").mkdir()
    (code / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"compiled")
    assert prepared.key(story_copy) == first, "bytecode is not an input"

    (code / "module.py").write_text("X = 2\n")
    after_code = prepared.key(story_copy)
    assert after_code != first

    places = story_copy / "places.geojson"
    places.write_text(places.read_text().replace("Lheiban", "Lheiban ", 1))
    after_data = prepared.key(story_copy)
    assert after_data not in (first, after_code)

    (story_copy / "notes.txt").write_text("a new file")
    assert prepared.key(story_copy) != after_data


def test_the_key_names_the_folder_and_the_packages(
    story_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(story_copy, twin)
    assert prepared.key(twin) != prepared.key(story_copy), "paths in messages differ"
    before = prepared.key(story_copy)
    real = prepared.metadata.version
    monkeypatch.setattr(
        prepared.metadata, "version", lambda n: "0.0-other" if n == "folium" else real(n)
    )
    assert prepared.key(story_copy) != before


def test_a_saved_story_is_read_back_not_made_again(
    made: tuple[Path, prepared.Prepared], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, first = made
    saved = list(folder.glob("*.pickle"))
    assert [p.name for p in saved] == [f"{prepared.key(DATA)}.pickle"]

    def refuse(_data_dir: Path) -> prepared.Prepared:
        raise AssertionError("made again although it was saved")

    monkeypatch.setattr(prepared, "build", refuse)
    again = prepared.load_or_build(DATA, folder)
    assert again is not first
    assert again.base_map == first.base_map
    assert again.reader_model == first.reader_model
    assert [p.text for p in again.story.article.passages] == [
        p.text for p in first.story.article.passages
    ]
    assert again.story.problems == first.story.problems
    for name, layer in first.story.dataset.layers.items():
        assert again.story.dataset.layers[name].equals(layer), name


def test_the_saved_map_is_the_map_built_now(made: tuple[Path, prepared.Prepared]) -> None:
    from ui import map_component

    _, saved = made
    fresh = prepared.build(DATA)
    assert saved.base_map == fresh.base_map
    assert saved.base_map.keyed("map") == fresh.base_map.keyed("map")
    assert saved.base_map.keyed("map").hash_key != saved.base_map.keyed("other").hash_key
    assert isinstance(saved.base_map, map_component.RenderedBase)


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_an_unreadable_file_is_reported_and_made_again(
    made: tuple[Path, prepared.Prepared],
    tmp_path: Path,
    content: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, first = made
    folder = tmp_path / "cache"
    folder.mkdir()
    path = folder / f"{prepared.key(DATA)}.pickle"
    path.write_bytes(content)  # empty, garbage, or a pickle of something else (the int 1)
    with caplog.at_level(logging.WARNING, logger=prepared.__name__):
        again = prepared.load_or_build(DATA, folder)
    assert path.name in caplog.text
    assert again.base_map == first.base_map
    assert isinstance(pickle.loads(path.read_bytes()), prepared.Prepared), "saved again"


def test_a_folder_that_cannot_be_written_costs_only_the_work(
    made: tuple[Path, prepared.Prepared], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _, first = made
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with caplog.at_level(logging.WARNING, logger=prepared.__name__):
        again = prepared.load_or_build(DATA, blocker / "cache")
    assert "could not save" in caplog.text
    assert again.base_map == first.base_map


def test_only_the_newest_files_are_kept(
    made: tuple[Path, prepared.Prepared], tmp_path: Path
) -> None:
    _, first = made
    folder = tmp_path / "cache"
    folder.mkdir()
    for n in range(prepared.KEEP + 3):
        old = folder / f"old-{n:02d}.pickle"
        old.write_bytes(b"x")
        stamp = 1_000_000 + n
        os.utime(old, (stamp, stamp))
    prepared._save(first, folder / "new.pickle")
    kept = sorted(p.name for p in folder.glob("*.pickle"))
    assert len(kept) == prepared.KEEP
    assert "new.pickle" in kept
    assert "old-00.pickle" not in kept and "old-03.pickle" not in kept
    assert not list(folder.glob("*.tmp"))


def test_the_command_saves_once(
    made: tuple[Path, prepared.Prepared],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source, _ = made
    folder = tmp_path / "cache"
    shutil.copytree(source, folder)
    monkeypatch.setenv("DZM_PREPARED_DIR", str(folder))
    assert prepared.main(["--data", str(DATA)]) == 0
    assert "prepared already" in capsys.readouterr().out
    (folder / f"{prepared.key(DATA)}.pickle").unlink()
    assert prepared.main(["--data", str(DATA)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"prepared {DATA}")
    assert (folder / f"{prepared.key(DATA)}.pickle").is_file()


def test_what_the_command_saves_the_server_reads(
    made: tuple[Path, prepared.Prepared], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m ui.prepared` (what `make run` does) saves a file a server can read back."""
    _, first = made
    folder = tmp_path / "cache"
    env = {**os.environ, "DZM_PREPARED_DIR": str(folder)}
    done = subprocess.run(
        [sys.executable, "-m", "ui.prepared"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("prepared ")

    def refuse(_data_dir: Path) -> prepared.Prepared:
        raise AssertionError("made again: the command's file could not be read")

    monkeypatch.setattr(prepared, "build", refuse)
    assert prepared.load_or_build(DATA, folder).base_map == first.base_map
