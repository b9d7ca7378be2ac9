"""The map's scripts as one file (geo.assets.SCRIPT_BUNDLE, written by scripts/vendor_assets.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from geo import assets

ROOT = Path(__file__).resolve().parent.parent
BASE = assets.STREAMLIT_STATIC_URL


def _vendor_assets():
    path = ROOT / "scripts" / "vendor_assets.py"
    spec = importlib.util.spec_from_file_location("vendor_assets", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_leading_run_of_bundled_scripts_becomes_the_bundle() -> None:
    parts = [f"{BASE}/{p}" for p in assets.bundled_paths()]
    extra = f"{BASE}/other/extra.js"
    assert assets.bundle_scripts([*parts, extra]) == (f"{BASE}/{assets.SCRIPT_BUNDLE}", extra)


def test_scripts_in_another_order_or_a_subset_are_left_alone() -> None:
    parts = [f"{BASE}/{p}" for p in assets.bundled_paths()]
    swapped = [parts[1], parts[0], *parts[2:]]
    assert assets.bundle_scripts(swapped) == tuple(swapped)
    assert assets.bundle_scripts(parts[:2]) == tuple(parts[:2])
    assert assets.bundle_scripts([]) == ()


def test_the_bundle_is_the_files_in_order(tmp_path: Path) -> None:
    for i, path in enumerate(assets.bundled_paths()):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        # A last line without a semicolon or newline must not run into the next file.
        (tmp_path / path).write_text(f"var part{i} = {i}", encoding="utf-8")
    out = _vendor_assets().bundle(tmp_path)
    text = out.read_text(encoding="utf-8")
    n = len(assets.bundled_paths())
    assert text == "".join(f"var part{i} = {i}\n;\n" for i in range(n))


def test_the_installed_bundle_holds_leaflet_then_its_plugins() -> None:
    """The bundle `make assets` wrote is the vendored files, unchanged, in order."""
    vendor = ROOT / "static" / "vendor"
    text = (vendor / assets.SCRIPT_BUNDLE).read_text(encoding="utf-8")
    starts = [text.index((vendor / p).read_text(encoding="utf-8")) for p in assets.bundled_paths()]
    assert starts[0] == 0
    assert starts == sorted(starts)
