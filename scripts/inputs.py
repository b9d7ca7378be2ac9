"""What every data build shares: reading its inputs (a missing or broken file is a
BuildError naming it) and its command line (a BuildError exits with the script's name)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from geo.jsonio import read_json
from scripts.constructions import BuildError


def read_input_json(path: Path) -> Any:
    """A build input's JSON; BuildError naming the file and the fault."""
    doc, problem = read_json(path)
    if problem is not None:
        raise BuildError(f"input {path}: {problem.message}")
    return doc


def read_input_text(path: Path) -> str:
    """A build input's text; BuildError if it is missing."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BuildError(f"missing input {path}") from None


def run_build(
    build: Callable[[Path, Path, Path], Path], name: str, doc: str | None, root: Path
) -> None:
    """The command line of a build that writes one file: ``--data`` (default ROOT/data),
    ``build(data/raw, data, data)``, then ``wrote PATH (SIZE)``; a BuildError exits."""
    parser = argparse.ArgumentParser(
        prog=f"python -m scripts.{name}", description=(doc or name).splitlines()[0]
    )
    parser.add_argument("--data", type=Path, default=root / "data", help="data folder")
    args = parser.parse_args()

    def main() -> None:
        path = build(args.data / "raw", args.data, args.data)
        print(f"wrote {path} ({path.stat().st_size / 1024:.1f} KB)")

    run(main, name)


def run(main: Callable[[], object], name: str) -> None:
    """Run a build's main(); a BuildError ends it with ``name: message`` and status 1."""
    try:
        main()
    except BuildError as exc:
        sys.exit(f"{name}: {exc}")
