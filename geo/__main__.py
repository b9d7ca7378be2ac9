"""Command line.

    python -m geo export [--data PATH] OUT_DIR    one GeoJSON per layer, passages.json and
                                                  passages.csv
    python -m geo publish [--data PATH] [--base-url URL] OUT_DIR
                                                  the published edition: a folder of static
                                                  files (the map and its reader) for any
                                                  web server; URL: the address it will be
                                                  published at (the share card's and the
                                                  embed's absolute addresses)
    python -m geo brief [--data PATH] [--place ID] [--layers a,b] OUT.pdf|OUT.png
                                                  a printable A4 brief: the map and the
                                                  passages about a place (or the story)

Each prints the files written and exits with 1 when the story has errors (data was
skipped); publish exits with 2 when a front-end file it needs is missing, brief when the
place, a layer or the file's suffix is unknown.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.assets import UnknownAssetError
from geo.export import write_export
from geo.story import Story, load_story

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    story = load_story(args.data)
    for problem in story.problems:
        print(f"{problem.severity}: {problem}", file=sys.stderr)
    if args.command == "publish":
        written = _publish(story, args.out_dir, args.base_url)
    elif args.command == "brief":
        written = _brief(story, args.out, args.place, args.layers)
    else:
        written = write_export(story, args.out_dir)
    if written is None:
        return 2
    for path in written:
        print(path)
    return 1 if story.skipped_count else 0


def _parser() -> argparse.ArgumentParser:
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
    brief = commands.add_parser("brief", help="write a printable A4 brief (PDF or PNG)")
    for command in (export, publish):
        command.add_argument("out_dir", type=Path)
    brief.add_argument("out", type=Path, help="OUT.pdf or OUT.png")
    publish.add_argument(
        "--base-url", help="the address the folder is published at, e.g. https://news.example/map/"
    )
    brief.add_argument("--place", help="the id of the place to frame and cite (default: none)")
    brief.add_argument(
        "--layers", help="actor ids to draw, comma-separated (default: the story's own)"
    )
    for command in (export, publish, brief):
        command.add_argument("--data", type=Path, default=DEFAULT_DATA, help="story data folder")
    return parser


def _publish(story: Story, out_dir: Path, base_url_text: str | None) -> list[Path] | None:
    """The published edition's files, or None after naming what is missing or wrong."""
    # Imported here: only publishing needs the map (and folium).
    from geo.publish import BaseUrlError, VendorFileMissing, base_url, write_edition

    try:
        base = base_url(base_url_text)
        written = write_edition(story, out_dir, base=base)
    except (VendorFileMissing, UnknownAssetError, BaseUrlError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    if base is None:
        print(
            "note: no --base-url: the share card's and embed.html's addresses are "
            "relative; a site showing a shared link needs absolute ones",
            file=sys.stderr,
        )
    return written


def _brief(
    story: Story, out: Path, place: str | None, layers_text: str | None
) -> list[Path] | None:
    """The brief written to ``out`` (its format by suffix), or None after naming what the
    brief cannot do."""
    # Imported here: only the brief needs matplotlib.
    from geo.brief import BriefError, brief_bytes

    layers = [a for a in layers_text.split(",") if a] if layers_text is not None else None
    try:
        data = brief_bytes(story, place, layers, fmt=out.suffix.lower()[1:])
    except BriefError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return [out]


if __name__ == "__main__":
    sys.exit(main())
