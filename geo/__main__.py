"""Command line.

    python -m geo export [--data PATH] OUT_DIR    one GeoJSON per layer and passages.json
    python -m geo publish [--data PATH] OUT_DIR   the published edition: a folder of static
                                                  files (the map and its panel) for any
                                                  web server

Both print the files written and exit with 1 when the story has errors (data was
skipped); publish exits with 2 when a front-end file it needs is missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.assets import UnknownAssetError
from geo.export import write_export
from geo.story import load_story

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write one GeoJSON per layer and passages.json")
    publish = commands.add_parser(
        "publish", help="write the published edition: static files for any web server"
    )
    for command in (export, publish):
        command.add_argument("out_dir", type=Path)
        command.add_argument("--data", type=Path, default=DEFAULT_DATA, help="story data folder")
    args = parser.parse_args(argv)

    story = load_story(args.data)
    for problem in story.problems:
        print(f"{problem.severity}: {problem}", file=sys.stderr)
    if args.command == "publish":
        # Imported here: only publishing needs the map (and folium).
        from geo.publish import VendorFileMissing, write_edition

        try:
            written = write_edition(story, args.out_dir)
        except (VendorFileMissing, UnknownAssetError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    else:
        written = write_export(story, args.out_dir)
    for path in written:
        print(path)
    return 1 if story.skipped_count else 0


if __name__ == "__main__":
    sys.exit(main())
