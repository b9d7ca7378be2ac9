"""Command line: `python -m geo export [--data PATH] OUT_DIR`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.export import write_export
from geo.story import load_story

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write one GeoJSON per layer and passages.json")
    export.add_argument("out_dir", type=Path)
    export.add_argument("--data", type=Path, default=DEFAULT_DATA, help="story data folder")
    args = parser.parse_args(argv)

    story = load_story(args.data)
    for problem in story.problems:
        print(f"{problem.severity}: {problem}", file=sys.stderr)
    written = write_export(story, args.out_dir)
    for path in written:
        print(path)
    return 1 if story.skipped_count else 0


if __name__ == "__main__":
    sys.exit(main())
