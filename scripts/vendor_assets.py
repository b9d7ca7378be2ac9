"""Copy the pinned npm front-end files (node_modules/) to static/vendor/.

Run by `make run` / `make test` after `npm ci`; static/vendor is build output
and is not committed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from geo.assets import SCRIPT_BUNDLE, VENDOR_FILES, bundled_paths

ROOT = Path(__file__).resolve().parent.parent


def vendor(node_modules: Path, target: Path) -> list[Path]:
    """Copy every file in VENDOR_FILES; fail naming the first missing one."""
    written = []
    for package, files in VENDOR_FILES.items():
        for source, dest in files.items():
            src = node_modules / package / source
            if not src.is_file():
                raise SystemExit(f"missing {src}: run `npm ci` first")
            out = target / dest
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, out)
            written.append(out)
    return written


def bundle(target: Path) -> Path:
    """Concatenate the copied map scripts, in order, into one file (geo.assets.SCRIPT_BUNDLE).
    Each part ends with a newline and a semicolon, so no file's last statement runs into
    the next file's first."""
    parts = [(target / path).read_text(encoding="utf-8") for path in bundled_paths()]
    out = target / SCRIPT_BUNDLE
    out.write_text("".join(f"{text}\n;\n" for text in parts), encoding="utf-8")
    return out


if __name__ == "__main__":
    files = vendor(ROOT / "node_modules", ROOT / "static" / "vendor")
    files.append(bundle(ROOT / "static" / "vendor"))
    print(f"vendored {len(files)} files into static/vendor")
