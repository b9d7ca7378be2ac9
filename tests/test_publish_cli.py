"""The command line's publish: `python -m geo publish OUT` writes the edition and lists its
files; exit 1 when the story has errors, 2 when the vendored files are missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import geo.publish
from geo.__main__ import main
from geo.publish import VendorFileMissing
from tests.conftest import DATA


def test_cli_publish_prints_the_files_and_exits_0(tmp_path: Path, capsys) -> None:
    """`python -m geo publish OUT` writes the folder and lists each file."""
    assert main(["publish", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out.split()
    assert str(tmp_path / "out" / "index.html") in printed
    assert all(Path(p).is_file() for p in printed)


def test_cli_publish_exits_1_when_the_story_has_errors(tmp_path: Path, capsys) -> None:
    """A broken story.json is an error: the edition is still written, the exit code says so."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("raw"))
    (data / "story.json").write_text("{broken", encoding="utf-8")
    assert main(["publish", "--data", str(data), str(tmp_path / "out")]) == 1
    assert "story.json" in capsys.readouterr().err
    assert (tmp_path / "out" / "index.html").is_file()


def test_cli_publish_exits_2_when_vendored_files_are_missing(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """No static/vendor (npm ci not run): exit 2 with the file and the fix named."""

    def missing(*_args, **_kwargs):
        raise VendorFileMissing("static/vendor/leaflet/leaflet.js is missing: run `npm ci`")

    monkeypatch.setattr(geo.publish, "write_edition", missing)
    assert main(["publish", str(tmp_path / "out")]) == 2
    assert "leaflet.js is missing" in capsys.readouterr().err
