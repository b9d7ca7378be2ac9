"""What a server computes once per story folder, kept on disk between starts.

A fresh server's first run used to load and link the story, build and render the base map
and make the reader model: about 1.2 s of CPU on these machines, spent while the
first reader waited. All of it depends only on the story folder, this code and the
installed packages, so it is saved (``build/cache/prepared/<key>.pickle``) the first time
and read back (about 10 ms) by every later start: a restarted replica, the next
``make run``. `make run` and `make test` prepare the default story before the server
starts (``python -m ui.prepared``).

The key is a hash of every file in the story folder and in ``geo/`` and ``ui/`` (code,
templates, map scripts), the folder's path, Python's version and the versions of the
packages that shape the results. Any change to one of them is a different key, so a saved
result is never used for anything but the inputs it was made from. A file that cannot be
read back (truncated, or from an incompatible build) is reported in the log and made
again; a folder that cannot be written only costs the next start the same work.

The files are pickles: only this process writes them, into the checkout's own ``build/``
(or ``DZM_PREPARED_DIR``), and only they are read. Do not point it at a shared folder.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import pickle
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from geo.atomic import write_atomically

if TYPE_CHECKING:
    from geo.story import Story
    from ui import map_component

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "build" / "cache" / "prepared"
CODE = (ROOT / "geo", ROOT / "ui")
# The packages whose versions change what is computed (parsing, geometry, rendering).
PACKAGES = (
    "streamlit",
    "streamlit-folium",
    "folium",
    "branca",
    "jinja2",
    "geopandas",
    "shapely",
    "pyproj",
    "pandas",
    "numpy",
    "nh3",
)
KEEP = 16  # saved stories kept; the oldest go first (tests make one per temporary story)

# Standard logging, not Streamlit's: `python -m ui.prepared` checks for a saved file without
# importing Streamlit, the story's code or its packages (they are imported to build one).
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prepared:
    """One story folder's server-wide values."""

    story: Story
    base_map: map_component.RenderedBase
    # The reader model (geo.reader) as the JSON text the app serves to the reader.
    reader_model: str


def build(data_dir: Path) -> Prepared:
    """Compute everything from the story folder."""
    import geo.map as geomap
    from geo.jsonio import json_text
    from geo.reader import reader_model
    from geo.story import load_story
    from ui import map_component

    story = load_story(data_dir)
    # The map opens on the story's day; the reader moves it to another (window.dzTime), so
    # this map is built once per server and never re-mounted.
    day = story.article.date.isoformat() if story.article is not None else None
    story_map = geomap.build_map(
        story.dataset, story.passage_counts, actors=story.actors, story=story.config, as_of=day
    )
    return Prepared(
        story=story,
        base_map=map_component.rendered_base(story_map, key=""),
        reader_model=json_text(reader_model(story), compact=True),
    )


def key(data_dir: Path) -> str:
    """The hash of everything a Prepared is made from (see the module's docstring)."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}\0{data_dir.resolve()}\0".encode())
    for name in PACKAGES:
        digest.update(f"{name}={metadata.version(name)}\0".encode())
    for root in (data_dir, *CODE):
        files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in files:
            digest.update(f"{path.relative_to(root)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:40]


def cache_dir() -> Path:
    return Path(os.environ.get("DZM_PREPARED_DIR") or DEFAULT_DIR)


def saved_path(data_dir: Path, folder: Path | None = None) -> Path:
    """Where this folder's values are saved (for this code and these packages)."""
    return (folder or cache_dir()) / f"{key(data_dir)}.pickle"


def load_or_build(data_dir: Path, folder: Path | None = None) -> Prepared:
    """The saved values for this folder, code and packages; made and saved if there are none."""
    return _load_or_build_at(saved_path(data_dir, folder), data_dir)


def _load_or_build_at(path: Path, data_dir: Path) -> Prepared:
    try:
        with path.open("rb") as f:
            found = pickle.load(f)
        if isinstance(found, Prepared):
            return found
        log.warning("prepared: %s holds no prepared story; making it again", path)
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 - any unreadable file is made again
        log.warning("prepared: could not read %s (%s); making it again", path, exc)
    prepared = build(data_dir)
    _save(prepared, path)
    return prepared


def _save(prepared: Prepared, path: Path) -> None:
    """Write atomically (a reader never sees half a file); a failure is only logged."""
    try:
        write_atomically(path, pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception as exc:  # noqa: BLE001 - saving is an optimisation, never an error
        log.warning("prepared: could not save %s (%s)", path, exc)
        return
    saved = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in saved[KEEP:]:
        old.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    """Save the story folder's values unless they are saved already (quick then)."""
    parser = argparse.ArgumentParser(description="Prepare a story folder for the server.")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    path = saved_path(args.data)
    if path.is_file():
        print(f"prepared already: {args.data} ({path.name[:12]})")
        return 0
    _load_or_build_at(path, args.data)
    took = time.perf_counter() - started
    print(f"prepared {args.data} ({path.name[:12]}) in {took:.1f} s")
    return 0


if __name__ == "__main__":
    # Through the package's own module: run as `python -m ui.prepared`, this file is
    # `__main__`, and a Prepared made here would be pickled as `__main__.Prepared`, a class
    # the server cannot find (tests/test_prepared.py runs the command to check).
    from ui.prepared import main as package_main

    raise SystemExit(package_main())
